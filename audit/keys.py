"""The Ed25519 key that signs checkpoints, kept beside the installation key; its public
half is all an auditor needs to verify a trail."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.errors import SigningKeyError
from installation.home import Home


def signing_key_file(home: Home) -> Path:
    return home.root / "audit-signing.key"


def public_key_file(home: Home) -> Path:
    return home.root / "audit-signing.pub"


def ensure_signing_key(home: Home) -> Ed25519PrivateKey:
    """The checkpoint signing key, created (mode 0600, public half beside it) if missing."""
    private_file = signing_key_file(home)
    if not private_file.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        home.root.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another instance made it first
            return load_signing_key(home)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        public_key_file(home).write_bytes(public_pem(key.public_key()))
    return load_signing_key(home)


def load_signing_key(home: Home) -> Ed25519PrivateKey:
    path = signing_key_file(home)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), None)
    except (OSError, ValueError) as e:
        raise SigningKeyError(f"cannot read the audit signing key {path} ({e})") from e
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} is not an Ed25519 private key")
    if not public_key_file(home).exists():
        public_key_file(home).write_bytes(public_pem(key.public_key()))
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as e:
        raise SigningKeyError(f"cannot read the audit public key {path} ({e})") from e
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"{path} is not an Ed25519 public key")
    return key
