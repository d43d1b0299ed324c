"""The trusted keys CI is given: each machine's audit-signing.pub; anything else is refused
naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from attestations.errors import KeyFileError
from attestations.keys import trusted_keys
from audit.keys import public_pem
from installation.home import key_fingerprint


def test_a_folder_of_public_keys_by_fingerprint(tmp_path: Path) -> None:
    one, two = Ed25519PrivateKey.generate().public_key(), Ed25519PrivateKey.generate().public_key()
    (tmp_path / "alice-laptop.pub").write_bytes(public_pem(one))
    (tmp_path / "gateway.pem").write_bytes(public_pem(two))
    (tmp_path / "README.md").write_text("not a key, not read")
    assert set(trusted_keys(tmp_path)) == {key_fingerprint(one), key_fingerprint(two)}
    assert set(trusted_keys(tmp_path / "gateway.pem")) == {key_fingerprint(two)}


def test_a_wrong_key_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.pub").write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI dev@laptop\n")
    with pytest.raises(KeyFileError, match=r"a.pub is not a PEM public key"):
        trusted_keys(tmp_path)
    ec = generate_private_key(SECP256R1()).public_key()
    (tmp_path / "a.pub").write_bytes(
        ec.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(KeyFileError, match="is not an Ed25519 public key"):
        trusted_keys(tmp_path)
    (tmp_path / "a.pub").write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(KeyFileError, match="is a private key"):
        trusted_keys(tmp_path)


def test_an_empty_or_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="no public keys"):
        trusted_keys(tmp_path)
    with pytest.raises(KeyFileError, match="neither a folder of public keys nor a key file"):
        trusted_keys(tmp_path / "missing")
