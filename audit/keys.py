"""The Ed25519 key that signs checkpoints, kept beside the installation key; its public
half, checked against the fingerprints pinned at `pretense init`, is all an auditor needs."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.errors import KeyNotPinned, PinnedKeyError, SigningKeyError
from installation.home import Home, create_signing_key, key_fingerprint, pin_key


def ensure_signing_key(home: Home) -> Ed25519PrivateKey:
    """The checkpoint signing key; one made here (a proxy started without `pretense init`)
    is pinned at once, as `init` would."""
    if create_signing_key(home) and not home.pinned_keys_file.exists():
        pin_key(home, home.public_key_file.read_bytes())
    return load_signing_key(home)


def load_signing_key(home: Home) -> Ed25519PrivateKey:
    path = home.signing_key_file
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), None)
    except (OSError, ValueError) as e:
        raise SigningKeyError(f"cannot read the audit signing key {path} ({e})") from e
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} is not an Ed25519 private key")
    if not home.public_key_file.exists():
        home.public_key_file.write_bytes(public_pem(key.public_key()))
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


def pinned_fingerprints(path: Path) -> frozenset[str]:
    """The fingerprints in a pinned-keys file: the first word of each line, `#` comments."""
    try:
        text = path.read_text()
    except OSError as e:
        raise PinnedKeyError(
            f"no pinned audit key in {path} ({e.strerror}): `pretense init` pins the key the trail is "
            "signed with; an auditor gives their own copy with --pinned-keys"
        ) from e
    pins = frozenset(
        line.split()[0].lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    if not pins:
        raise PinnedKeyError(f"{path} pins no key")
    return pins


def check_pinned(public: Ed25519PublicKey, source: Path, pins_file: Path) -> None:
    """Raises KeyNotPinned unless `public` is one of the pinned keys (PinnedKeyError if none
    can be read)."""
    fingerprint = key_fingerprint(public)
    if fingerprint not in pinned_fingerprints(pins_file):
        raise KeyNotPinned(
            f"the public key {source} (fingerprint {fingerprint}) is not pinned in {pins_file}: a trail "
            "signed with it is not the one this installation signed (the key was replaced or the trail "
            "re-signed)"
        )
