"""Who the gateway serves: a person signed in with the firm's identity provider (when OIDC
sign-in is on), whose sign-in has not expired, and whom the provisioned directory lists as
active (when SCIM provisioning is on). Each refusal says why and what to do.

Sans-IO but for the directory's file: a check is a clock read, a `stat` and a lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.claims import SignedIn
from gateway.directory import Directory, Standing
from gateway.errors import DirectoryError
from gateway.tokens import TokenVerifier

PLATFORM_TEAM = "tell your platform team if it persists"


@dataclass(frozen=True, slots=True)
class Refusal:
    status: int
    """407 (sign in), 403 (not admitted), 503 (cannot tell now)."""
    reason: str
    """Short, for the audit trail and the metrics: `no_sign_in`, `token_rejected`, ..."""
    message: str
    """For the developer: what happened and what to do."""


@dataclass(frozen=True, slots=True)
class Admitted:
    groups: frozenset[str]
    """The groups the sign-in names and those the directory lists them in."""


class Admission:
    def __init__(self, verifier: TokenVerifier | None = None, directory: Directory | None = None) -> None:
        self.verifier = verifier
        self.directory = directory

    @property
    def issuer(self) -> str | None:
        return self.verifier.settings.issuer if self.verifier is not None else None

    def sign_in_needed(self, detail: str) -> Refusal:
        return Refusal(
            407,
            "no_sign_in",
            f"Pretense: this gateway serves signed-in users only ({detail}). Run `pretense login "
            f"--issuer {self.issuer}`, then start the tool with `pretense run -- TOOL`.",
        )

    def token_refused(self, why: str) -> Refusal:
        return Refusal(
            407,
            "token_rejected",
            f"Pretense: your sign-in was not accepted: {why}. Run `pretense login --issuer {self.issuer}` "
            "and start the tool again with `pretense run -- TOOL`.",
        )

    def keys_unavailable(self, why: str) -> Refusal:
        return Refusal(
            503,
            "keys_unavailable",
            f"Pretense: the gateway cannot check sign-ins right now ({why}), so it forwards nothing. "
            f"Try again in a minute; {PLATFORM_TEAM}.",
        )

    def groups_of(self, user: str) -> frozenset[str]:
        """The groups the provisioned directory lists `user` in (none without a directory)."""
        if self.directory is None:
            return frozenset()
        try:
            return self.directory.standing([user]).groups
        except DirectoryError:
            return frozenset()

    def admit(self, user: str, identity: SignedIn | None) -> Admitted | Refusal:
        """Whether `user` (signed in as `identity`, where sign-in is on) is served now."""
        groups = identity.groups if identity is not None else frozenset()
        if self.verifier is not None:
            if identity is None:
                return self.sign_in_needed("no sign-in token in the proxy credentials")
            if not self.verifier.valid(identity):
                return self.token_refused("the sign-in has expired")
        if self.directory is None:
            return Admitted(groups)
        try:
            names = (user, identity.email) if identity is not None else (user,)
            standing = self.directory.standing(names, identity.subject if identity is not None else None)
        except DirectoryError as e:
            return Refusal(
                503,
                "directory_unreadable",
                f"Pretense: {e}; nobody is served until it can be. {PLATFORM_TEAM}.",
            )
        return _by_standing(user, standing, groups)


def _by_standing(user: str, standing: Standing, groups: frozenset[str]) -> Admitted | Refusal:
    if not standing.provisioned:
        return Refusal(
            403,
            "not_provisioned",
            f"Pretense: {user} is not provisioned to this gateway: ask your platform team to assign "
            "you the Pretense application in the firm's identity provider.",
        )
    if not standing.active:
        return Refusal(
            403,
            "deactivated",
            f"Pretense: {user} is deactivated in the firm's directory; this gateway no longer serves it.",
        )
    return Admitted(groups | standing.groups)
