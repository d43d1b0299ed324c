"""`pretense login`: the OAuth 2.0 device authorization grant (RFC 8628) against the firm's
identity provider, and the tokens it gives, kept in the Pretense home (mode 0600) and
refreshed before they run out.

The flow: ask the device authorization endpoint for a device code and a user code, tell the
person where to enter the code, then poll the token endpoint every `interval` seconds:
`authorization_pending` waits on, `slow_down` adds five seconds to the interval,
`access_denied` and `expired_token` end it. HTTP is the function given, so tests drive it.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jwt

from gateway.errors import SignInFailed
from gateway.keys import Fetch, discovery_url, fetch_url

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEFAULT_SCOPE = "openid profile email offline_access"
DEFAULT_CLIENT_ID = "pretense"
SLOW_DOWN_SECONDS = 5.0
REFRESH_AHEAD_SECONDS = 300.0
TOKENS_FILE = "sign-in.json"

Post = Callable[[str, dict[str, str]], tuple[int, dict[str, Any]]]
"""POST a form to a URL; the status and the JSON answer. Raises OSError when unreachable."""


def post_form(url: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    if not url.startswith(("https://", "http://")):
        raise OSError(f"{url!r} is not an http(s) URL")
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data, {"Accept": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"{}")
        except ValueError:
            return e.code, {}
    except ValueError as e:
        raise OSError(f"{url} did not answer JSON ({e})") from e


@dataclass(frozen=True, slots=True)
class Endpoints:
    issuer: str
    device_authorization: str
    token: str


@dataclass(frozen=True, slots=True)
class DeviceCode:
    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    interval: float
    expires_in: float


@dataclass(frozen=True, slots=True)
class SignInTokens:
    issuer: str
    client_id: str
    token_endpoint: str
    id_token: str
    refresh_token: str | None
    access_token: str | None
    expires: float
    """Epoch seconds: the ID token's `exp`."""
    user: str

    def fresh(self, now: float, ahead: float = REFRESH_AHEAD_SECONDS) -> bool:
        return now < self.expires - ahead


def discover(issuer: str, fetch: Fetch = fetch_url) -> Endpoints:
    try:
        document = json.loads(fetch(discovery_url(issuer)))
    except (OSError, ValueError) as e:
        raise SignInFailed(f"cannot read {discovery_url(issuer)} ({e})") from e
    if document.get("issuer") != issuer:
        raise SignInFailed(f"{issuer} says its issuer is {document.get('issuer')!r}: use that URL")
    device = document.get("device_authorization_endpoint")
    if not isinstance(device, str):
        raise SignInFailed(
            f"{issuer} does not offer the device authorization grant: enable it for the Pretense "
            "application (docs/gateway.md says how for Entra ID, Okta and Keycloak)"
        )
    return Endpoints(issuer, device, str(document["token_endpoint"]))


class DeviceSignIn:
    def __init__(
        self,
        endpoints: Endpoints,
        client_id: str = DEFAULT_CLIENT_ID,
        scope: str = DEFAULT_SCOPE,
        post: Post = post_form,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.endpoints = endpoints
        self.client_id = client_id
        self.scope = scope
        self.post = post
        self.sleep = sleep
        self.clock = clock

    def start(self) -> DeviceCode:
        status, answer = self._post(
            self.endpoints.device_authorization, {"client_id": self.client_id, "scope": self.scope}
        )
        if status != 200 or "device_code" not in answer:
            raise SignInFailed(f"the identity provider refused to start a sign-in: {_error(answer, status)}")
        return DeviceCode(
            str(answer["device_code"]),
            str(answer["user_code"]),
            str(answer.get("verification_uri") or answer.get("verification_url")),
            answer.get("verification_uri_complete"),
            float(answer.get("interval", 5)),
            float(answer.get("expires_in", 600)),
        )

    def wait(self, code: DeviceCode) -> SignInTokens:
        """Poll until the person has signed in (or refused, or the code expired)."""
        interval, deadline = code.interval, self.clock() + code.expires_in
        form = {"grant_type": DEVICE_GRANT, "device_code": code.device_code, "client_id": self.client_id}
        while self.clock() < deadline:
            self.sleep(interval)
            status, answer = self._post(self.endpoints.token, form)
            if status == 200:
                return tokens_from(answer, self.endpoints, self.client_id)
            error = answer.get("error")
            if error == "authorization_pending":
                continue
            if error == "slow_down":
                interval += SLOW_DOWN_SECONDS
                continue
            if error == "access_denied":
                raise SignInFailed("the sign-in was refused at the identity provider")
            if error == "expired_token":
                break
            raise SignInFailed(f"the identity provider ended the sign-in: {_error(answer, status)}")
        raise SignInFailed("the code expired before the sign-in was done: run `pretense login` again")

    def _post(self, url: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        try:
            return self.post(url, form)
        except OSError as e:
            raise SignInFailed(f"cannot reach {url} ({e})") from e


def refresh(tokens: SignInTokens, post: Post = post_form) -> SignInTokens:
    """New tokens for the refresh token; raises SignInFailed when it is refused (expired, revoked)."""
    if tokens.refresh_token is None:
        raise SignInFailed("the sign-in has expired and cannot be refreshed: run `pretense login`")
    form = {
        "grant_type": "refresh_token",
        "refresh_token": tokens.refresh_token,
        "client_id": tokens.client_id,
    }
    try:
        status, answer = post(tokens.token_endpoint, form)
    except OSError as e:
        raise SignInFailed(f"cannot reach {tokens.token_endpoint} ({e})") from e
    if status != 200:
        raise SignInFailed(
            f"the sign-in could not be refreshed ({_error(answer, status)}): run `pretense login`"
        )
    endpoints = Endpoints(tokens.issuer, "", tokens.token_endpoint)
    renewed = tokens_from(answer, endpoints, tokens.client_id)
    if renewed.refresh_token is None:  # not rotated: the old one still serves
        renewed = SignInTokens(**(asdict(renewed) | {"refresh_token": tokens.refresh_token}))
    return renewed


def tokens_from(answer: dict[str, Any], endpoints: Endpoints, client_id: str) -> SignInTokens:
    id_token = answer.get("id_token")
    if not isinstance(id_token, str):
        raise SignInFailed("the identity provider gave no ID token: ask for the openid scope (--scope)")
    try:
        # Read, not verified: the gateway verifies it; here only its expiry and name are shown.
        claims = jwt.decode(id_token, options={"verify_signature": False})
    except jwt.DecodeError as e:
        raise SignInFailed(f"the ID token cannot be read ({e})") from e
    user = claims.get("preferred_username") or claims.get("email") or claims.get("sub") or "?"
    return SignInTokens(
        endpoints.issuer,
        client_id,
        endpoints.token,
        id_token,
        answer.get("refresh_token"),
        answer.get("access_token"),
        float(claims.get("exp", 0)),
        str(user),
    )


class TokenFile:
    """The sign-in kept in the Pretense home: one JSON file, mode 0600, replaced atomically."""

    def __init__(self, home_root: Path) -> None:
        self.path = home_root / TOKENS_FILE

    def load(self) -> SignInTokens | None:
        try:
            return SignInTokens(**json.loads(self.path.read_bytes()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as e:
            raise SignInFailed(
                f"the sign-in in {self.path} cannot be read ({e}): run `pretense login`"
            ) from e

    def save(self, tokens: SignInTokens) -> None:
        partial = self.path.with_name(f".{TOKENS_FILE}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            json.dump(asdict(tokens), out)
        partial.replace(self.path)


def current_token(
    file: TokenFile, post: Post = post_form, now: Callable[[], float] = time.time
) -> str | None:
    """The ID token to present, refreshed first when it is about to run out; None when not
    signed in. Raises SignInFailed when the sign-in ran out and cannot be refreshed."""
    tokens = file.load()
    if tokens is None:
        return None
    if not tokens.fresh(now()):
        tokens = refresh(tokens, post)
        file.save(tokens)
    return tokens.id_token


def _error(answer: dict[str, Any], status: int) -> str:
    error = answer.get("error") or f"HTTP {status}"
    description = answer.get("error_description")
    return f"{error} ({description})" if description else str(error)
