"""The audit keys CI trusts: a folder of public keys (each workstation's or gateway's
`audit-signing.pub`, PEM), by the fingerprint attestations name them with."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from attestations.errors import KeyFileError
from installation.home import key_fingerprint


def trusted_keys(where: Path) -> dict[str, Ed25519PublicKey]:
    """Every key of a folder's `*.pub` and `*.pem` files (or of the one file given)."""
    if where.is_dir():
        files = sorted(p for p in where.iterdir() if p.suffix in (".pub", ".pem") and p.is_file())
        if not files:
            raise KeyFileError(f"no public keys (*.pub, *.pem) in {where}")
    elif where.is_file():
        files = [where]
    else:
        raise KeyFileError(f"{where} is neither a folder of public keys nor a key file")
    keys = {}
    for path in files:
        key = _public_key(path)
        keys[key_fingerprint(key)] = key
    return keys


def _public_key(path: Path) -> Ed25519PublicKey:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KeyFileError(f"cannot read the key file {path} ({e.strerror})") from e
    if b"PRIVATE KEY" in data:
        raise KeyFileError(
            f"{path} is a private key: give CI each machine's audit-signing.pub, and remove this file "
            "(whoever holds it can sign attestations)"
        )
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise KeyFileError(
            f"{path} is not a PEM public key (copy each machine's audit-signing.pub from its Pretense home)"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path} is not an Ed25519 public key (Pretense's audit keys are Ed25519)")
    return key
