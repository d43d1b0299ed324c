"""The dashboard's sign-in (`pretense dashboard --htpasswd FILE`): HTTP Basic checked against
the htpasswd file a gateway's mitmproxy reads for `--proxyauth @FILE`, with mitmproxy's own
parser, so the dashboard and the gateway accept the same users and passwords; and who of
them may decide held calls: the approvers the policy names for the call's tier, the rule the
proxy holding the call applies to an approval.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
from mitmproxy.utils.htpasswd import HtpasswdFile
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from approvals.store import Hold
from installation.errors import PretenseError
from policy.errors import PolicyError
from policy.file import load_policy
from policy.guardrails import tier_guardrails
from policy.model import Policy, Tier

logger = logging.getLogger("pretense")

REALM = "Pretense dashboard"
SIGNED_IN = "pretense.signed_in"
"""The ASGI scope key that names the user a request signed in as."""
_REMEMBERED = 1024


class PasswordFileError(PretenseError):
    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path}: {why}")


class Passwords:
    """The users of one htpasswd file, as mitmproxy reads it (bcrypt and `{SHA}` entries)."""

    def __init__(self, file: HtpasswdFile, path: Path) -> None:
        if not file.users:
            raise PasswordFileError(path, "names no user: nobody could sign in")
        self.file = file
        self._decoy = next(iter(file.users))
        self._key = secrets.token_bytes(32)
        self._verified: dict[bytes, str] = {}

    @classmethod
    def read(cls, path: Path) -> Passwords:
        try:
            file = HtpasswdFile.from_file(path)
        except OSError as e:
            raise PasswordFileError(path, f"cannot be read ({e.strerror or 'not found'})") from None
        except ValueError as e:
            # mitmproxy's message up to its colon: not the line itself, which may hold a password.
            why = str(e).partition(": ")[0]
            raise PasswordFileError(
                path, f"is not an htpasswd file of bcrypt or {{SHA}} lines ({why})"
            ) from None
        return cls(file, path)

    def user(self, authorization: str) -> str | None:
        """The user these `Authorization` header's Basic credentials sign in, or None.

        A browser sends them with every request: the ones that passed are remembered (by an
        HMAC under a key of this process) so a page costs one bcrypt check, not one a file."""
        remembered = hmac.new(self._key, authorization.encode(), hashlib.sha256).digest()
        if (known := self._verified.get(remembered)) is not None:
            return known
        credentials = _basic(authorization)
        if credentials is None or not self._check(*credentials):
            return None
        if len(self._verified) >= _REMEMBERED:
            self._verified.clear()
        self._verified[remembered] = credentials[0]
        return credentials[0]

    def _check(self, user: str, password: str) -> bool:
        known = user in self.file.users
        # An unknown user is checked against another user's hash (the answer thrown away), so
        # the time taken does not tell whether the user exists.
        try:
            matched = self.file.check_password(user if known else self._decoy, password)
        except ValueError:  # a hash bcrypt cannot read: nobody signs in with it
            logger.warning("dashboard: the htpasswd entry of %s is not a hash bcrypt reads", user)
            matched = False
        return known and matched


def _basic(authorization: str) -> tuple[str, str] | None:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon and user else None


class BasicSignIn:
    """ASGI middleware: every request (pages, scripts, forms) carries credentials that sign
    in, or is answered 401 and goes no further."""

    def __init__(self, app: ASGIApp, passwords: Passwords) -> None:
        self.app = app
        self.passwords = passwords

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization")
        # bcrypt is slow on purpose: off the event loop, so other requests are not held up.
        user = await anyio.to_thread.run_sync(self.passwords.user, header) if header else None
        if user is None:
            await _challenge()(scope, receive, send)
            return
        scope[SIGNED_IN] = user
        await self.app(scope, receive, send)


def _challenge() -> PlainTextResponse:
    # The same answer whether the user is unknown or the password wrong.
    return PlainTextResponse(
        "Sign in to the Pretense dashboard with your gateway user name and password.\n",
        status_code=401,
        headers={"www-authenticate": f'Basic realm="{REALM}"', "cache-control": "no-store"},
    )


class PolicyApprovers:
    """Whether a user may decide a held call: the guardrails' approvers of the call's tier in
    the policy file, read again when the file changes. While it cannot be read, nobody may."""

    def __init__(self, path: Path, groups_of: Callable[[str], frozenset[str]]) -> None:
        """Raises PolicyError when the policy cannot be read now."""
        self.path = path
        self.groups_of = groups_of
        self._stamp = _stamp(path)
        self._policy: Policy | None = load_policy(path)

    def __call__(self, user: str, hold: Hold) -> bool:
        policy = self._current()
        if policy is None or hold.tier not in Tier:
            return False
        return tier_guardrails(policy, Tier(hold.tier)).admits_approver(user, self.groups_of)

    def _current(self) -> Policy | None:
        stamp = _stamp(self.path)
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._policy = load_policy(self.path)
            except PolicyError as e:
                logger.error("dashboard: nobody may decide held calls until the policy is fixed: %s", e)
                self._policy = None
        return self._policy


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


@dataclass(frozen=True, slots=True)
class SignIn:
    passwords: Passwords
    may_approve: Callable[[str, Hold], bool]
    """Whether the signed-in user may approve or deny this held call."""
