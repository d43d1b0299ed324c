"""Where Pretense keeps its local state: the CA, the pseudonym key, the policy in force, the
key that signs the audit trail's checkpoints and the fingerprint it was pinned with.

A checkout keeps them beside its sources (`certs/`, git-ignored); an installed CLI keeps
them in one home directory, `$PRETENSE_HOME` or `~/.pretense`.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
import shutil
import ssl
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import certifi
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from mitmproxy.certs import CertStore

from installation.errors import PretenseError

CA_BASENAME = "mitmproxy"  # mitmproxy's own CA file names, so mitmdump finds them in confdir
CA_KEY_SIZE = 2048
SHIPPED_DEFAULT_POLICY = resources.files("policies") / "default.yaml"


@dataclass(frozen=True, slots=True)
class Home:
    root: Path

    @property
    def certs(self) -> Path:
        return self.root / "certs"

    @property
    def ca_cert(self) -> Path:
        """The CA certificate (public part) that tools must trust."""
        return self.certs / f"{CA_BASENAME}-ca-cert.pem"

    @property
    def ca_bundle(self) -> Path:
        """The system's trusted CAs plus ours, for tools whose variable replaces their store."""
        return self.certs / "pretense-ca-bundle.pem"

    @property
    def key_file(self) -> Path:
        return self.root / "pretense.key"

    @property
    def policy_file(self) -> Path:
        return self.root / "policy.yaml"

    @property
    def signing_key_file(self) -> Path:
        """The Ed25519 key that signs the audit trail's checkpoints (mode 0600)."""
        return self.root / "audit-signing.key"

    @property
    def public_key_file(self) -> Path:
        return self.root / "audit-signing.pub"

    @property
    def pinned_keys_file(self) -> Path:
        """The fingerprints of the signing keys `pretense audit verify` accepts, one a line."""
        return self.root / "audit-pinned-keys"

    @property
    def audit_trail(self) -> Path:
        """The audit trail's folder (hash-chained JSON lines, checkpoints, captures)."""
        return self.root / "audit-trail"


def locate_home() -> Home:
    if configured := os.environ.get("PRETENSE_HOME"):
        return Home(Path(configured).expanduser().resolve())
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "certs" / "README.md").is_file():
        return Home(checkout)
    return Home(Path.home() / ".pretense")


def ensure_home(home: Home) -> list[str]:
    """Create whatever is missing (CA, pseudonym key, policy, CA bundle); say what was made."""
    made: list[str] = []
    home.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    home.certs.mkdir(mode=0o700, exist_ok=True)
    if not home.ca_cert.exists():
        CertStore.create_store(home.certs, CA_BASENAME, CA_KEY_SIZE)
        made.append(f"CA certificate {home.ca_cert}")
    for private in home.certs.glob(f"{CA_BASENAME}-ca.*"):
        if private.suffix in (".pem", ".p12"):
            private.chmod(0o600)
    if not home.key_file.exists():
        _write_secret(home.key_file, secrets.token_hex(32) + "\n")
        made.append(f"pseudonym key {home.key_file}")
    if not home.policy_file.exists():
        _write_secret(home.policy_file, SHIPPED_DEFAULT_POLICY.read_text())
        made.append(f"default policy {home.policy_file}")
    _private(home)
    if not home.ca_bundle.exists():
        _write_bundle(home)
        made.append(f"CA bundle {home.ca_bundle}")
    if create_signing_key(home):
        made.append(f"audit signing key {home.signing_key_file}")
    if not home.pinned_keys_file.exists() and home.public_key_file.exists():
        pin_key(home, home.public_key_file.read_bytes())
        made.append(f"pinned audit key {home.pinned_keys_file}")
    return made


def key_fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, in hex: what is pinned (its first 16 digits are the
    `key_id` in each checkpoint)."""
    return hashlib.sha256(public.public_bytes_raw()).hexdigest()


def create_signing_key(home: Home) -> bool:
    """Make the checkpoint signing key and its public half if there is none; whether it did."""
    if home.signing_key_file.exists():
        return False
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    home.root.mkdir(parents=True, exist_ok=True)
    try:
        _write_secret(home.signing_key_file, pem.decode())
    except FileExistsError:  # another instance made it first
        return False
    home.public_key_file.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return True


def pin_key(home: Home, public_pem: bytes) -> None:
    """Pin a public key: `verify` then refuses a trail signed by any other, even one whose
    `audit-signing.pub` was replaced with the forger's."""
    public = serialization.load_pem_public_key(public_pem)
    if not isinstance(public, Ed25519PublicKey):
        raise PretenseError(f"{home.public_key_file} is not an Ed25519 public key")
    with home.pinned_keys_file.open("a") as pins:
        pins.write(f"{key_fingerprint(public)}  pinned {datetime.date.today().isoformat()}\n")


def load_key(home: Home) -> bytes:
    """The pseudonym key: 32 random bytes, hex-encoded, never sent anywhere."""
    try:
        key = bytes.fromhex(home.key_file.read_text().strip())
    except OSError as e:
        raise PretenseError(
            f"cannot read the pseudonym key {home.key_file} ({e.strerror}); run `pretense init`"
        ) from e
    except ValueError as e:
        raise PretenseError(f"the pseudonym key {home.key_file} is not hex text") from e
    if len(key) < 16:
        raise PretenseError(f"the pseudonym key {home.key_file} is shorter than 128 bits")
    return key


def _private(home: Home) -> None:
    """The state only its owner may read: what an earlier version left readable is closed.
    A checkout's own folder is not the home's to change; a home of its own is."""
    for path, mode in ((home.policy_file, 0o600), (home.key_file, 0o600), (home.audit_trail, 0o700)):
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(mode)
    if not (home.root / "pyproject.toml").exists() and home.root.stat().st_mode & 0o077:
        home.root.chmod(0o700)


def _write_secret(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)


def _write_bundle(home: Home) -> None:
    system = ssl.get_default_verify_paths().cafile
    source = Path(system) if system and Path(system).is_file() else Path(certifi.where())
    partial = home.ca_bundle.with_suffix(".tmp")
    with partial.open("wb") as out:
        with source.open("rb") as trusted:
            shutil.copyfileobj(trusted, out)
        out.write(b"\n# Pretense CA\n" + home.ca_cert.read_bytes())
    partial.replace(home.ca_bundle)
