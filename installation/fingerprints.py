"""What the audit trail records instead of a value: a keyed HMAC, the same for a value
wherever it was found, so that `audit search` can ask about a known value (a secret, an
identifier) without the trail ever holding it."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

_DOMAIN = b"pretense audit fingerprints"


def fingerprint_key(key: bytes) -> bytes:
    """The key fingerprints are made with, derived from the installation key."""
    return hmac.new(key, _DOMAIN, hashlib.sha256).digest()


def fingerprint(audit_key: bytes, value: str) -> str:
    """128 bits of HMAC-SHA256 of the value, in hex."""
    return hmac.digest(audit_key, value.encode(), "sha256")[:16].hex()


def body_fingerprint(audit_key: bytes, chunks: Iterable[bytes]) -> str:
    """HMAC-SHA256 of the bytes, in hex: with this installation's key, `audit search --body
    FILE` ties a body or answer kept elsewhere to the exchange that carried it."""
    mac = hmac.new(audit_key, digestmod=hashlib.sha256)
    for chunk in chunks:
        mac.update(chunk)
    return mac.hexdigest()
