"""Checks the sign-in tokens tools present as proxy credentials: signature against the
issuer's keys, `iss`, `aud`, `exp` (with the allowed clock skew), then maps the claims to
the person. A token is verified once and its verdict kept, by its SHA-256, until it expires
or its key is withdrawn; every later connection with it costs a hash and a lookup.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import jwt

from gateway.claims import ClaimNames, SignedIn, signed_in
from gateway.errors import TokenRejected
from gateway.keys import IssuerKeys

ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
CACHE_LIMIT = 50_000  # verdicts of about 300 bytes: some 15 MB at most
DEFAULT_LEEWAY = 60.0


@dataclass(frozen=True, slots=True)
class SignInSettings:
    issuer: str
    audiences: tuple[str, ...]
    """The client ids (or API audiences) whose tokens this gateway accepts."""
    claims: ClaimNames = field(default_factory=ClaimNames)
    leeway: float = DEFAULT_LEEWAY
    """Seconds of clock skew allowed on `exp`, `nbf` and `iat`."""


@dataclass(frozen=True, slots=True)
class _Verified:
    identity: SignedIn
    kid: str


class TokenVerifier:
    def __init__(
        self, settings: SignInSettings, keys: IssuerKeys, clock: Callable[[], float] = time.time
    ) -> None:
        self.settings = settings
        self.keys = keys
        self._clock = clock
        self._verified: dict[bytes, _Verified] = {}

    def cached(self, token: str) -> SignedIn | None:
        """The identity of a token verified before, still in its lifetime and under a key the
        issuer still publishes; None if it must be verified (cheap: for the event loop)."""
        verified = self._verified.get(_digest(token))
        if verified is None:
            return None
        if verified.kid not in self.keys.kids or not self.valid(verified.identity):
            return None
        return verified.identity

    def valid(self, identity: SignedIn) -> bool:
        """Whether an identity's token has not expired (with the allowed skew)."""
        return self._clock() < identity.expires + self.settings.leeway

    def verify(self, token: str) -> SignedIn:
        """The identity the token proves; raises TokenRejected, or KeysUnavailable when the
        issuer's keys cannot be had. May fetch keys: call it off the event loop."""
        settings = self.settings
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.DecodeError as e:
            raise TokenRejected(f"the credentials are not a sign-in token ({e})") from e
        if unverified.get("iss") != settings.issuer:
            # Checked before any key is looked up: another issuer's key ids never cause a fetch.
            raise TokenRejected(f"the token was issued by {unverified.get('iss')!r}, not {settings.issuer}")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise TokenRejected("the token names no signing key (kid)")
        jwk = self.keys.key(kid)
        if jwk is None:
            raise TokenRejected(
                f"the token is signed by key {kid!r}, which {settings.issuer} does not publish"
            )
        claims = self._decode(token, _public_key(jwk, header.get("alg")), header)
        identity = signed_in(claims, settings.claims)
        self._remember(token, _Verified(identity, kid))
        return identity

    def _decode(self, token: str, key: jwt.PyJWK, header: dict[str, object]) -> dict[str, object]:
        settings = self.settings
        algorithm = header.get("alg")
        try:
            claims: dict[str, object] = jwt.decode(
                token,
                key,
                algorithms=[str(algorithm)],
                audience=list(settings.audiences),
                issuer=settings.issuer,
                leeway=settings.leeway,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as e:
            raise TokenRejected("the sign-in has expired") from e
        except jwt.InvalidAudienceError as e:
            raise TokenRejected(f"the token is not for this gateway ({e})") from e
        except jwt.InvalidSignatureError as e:
            raise TokenRejected("the token's signature does not hold") from e
        except jwt.InvalidTokenError as e:
            raise TokenRejected(f"the token is not valid ({e})") from e
        return claims

    def _remember(self, token: str, verified: _Verified) -> None:
        if len(self._verified) >= CACHE_LIMIT:
            now = self._clock()
            self._verified = {d: v for d, v in self._verified.items() if v.identity.expires > now}
            if len(self._verified) >= CACHE_LIMIT:
                self._verified.clear()
        self._verified[_digest(token)] = verified


def _public_key(jwk: dict[str, object], algorithm: object) -> jwt.PyJWK:
    """The key to check the token with, bound to the algorithm its header names: one of the
    asymmetric ones, and the key's own if the JWKS says which."""
    if algorithm not in ALGORITHMS or jwk.get("alg", algorithm) != algorithm:
        raise TokenRejected(f"the token's algorithm {algorithm!r} is not accepted for its key")
    try:
        return jwt.PyJWK(jwk, str(algorithm))
    except (jwt.PyJWKError, jwt.InvalidKeyError) as e:
        raise TokenRejected(f"the token's key cannot be used ({e})") from e


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def audiences(values: Sequence[str]) -> tuple[str, ...]:
    """The audiences an option gives, one per value or comma-separated."""
    return tuple(a.strip() for value in values for a in value.split(",") if a.strip())
