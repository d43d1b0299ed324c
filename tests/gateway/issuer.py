"""An issuer for unit tests: RSA keys, its discovery document and JWKS as bytes, and tokens
signed with any of its keys (or a stranger's)."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.example/realms/bank"
AUDIENCE = "pretense"


_POOL: list[rsa.RSAPrivateKey] = []
_DRAWS = itertools.count()


def new_key() -> rsa.RSAPrivateKey:
    """A key no other call returned lately (RSA keys are slow to make: a few are made once)."""
    if len(_POOL) < 4:
        _POOL.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        return _POOL[-1]
    return _POOL[next(_DRAWS) % len(_POOL)]


@dataclass
class FakeIssuer:
    issuer: str = ISSUER
    keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=lambda: {"k1": new_key()})
    fetched: list[str] = field(default_factory=list)
    down: bool = False

    def jwks(self) -> bytes:
        entries = []
        for kid, key in self.keys.items():
            entry = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
            entries.append(entry | {"kid": kid, "use": "sig", "alg": "RS256"})
        return json.dumps({"keys": entries}).encode()

    def fetch(self, url: str) -> bytes:
        self.fetched.append(url)
        if self.down:
            raise OSError("connection refused")
        if url.endswith("/.well-known/openid-configuration"):
            return json.dumps({"issuer": self.issuer, "jwks_uri": self.issuer + "/jwks"}).encode()
        if url == self.issuer + "/jwks":
            return self.jwks()
        raise OSError(f"404 {url}")

    def token(
        self, kid: str = "k1", key: rsa.RSAPrivateKey | None = None, lifetime: float = 3600, **claims: Any
    ) -> str:
        now = time.time()
        body = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": "00u1alice",
            "iat": int(now),
            "exp": int(now + lifetime),
            "preferred_username": "alice@bank.example",
            "email": "alice@bank.example",
            "groups": ["developers", "payments"],
        } | claims
        return jwt.encode(body, key or self.keys[kid], algorithm="RS256", headers={"kid": kid})
