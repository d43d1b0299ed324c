from __future__ import annotations

import stat
from pathlib import Path

from audit.keys import load_public_key
from installation.home import Home, ensure_home, key_fingerprint


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_creates_ca_keys_policy_bundle_and_pin_with_private_parts_private(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    made = ensure_home(home)
    assert len(made) == 6
    assert mode(home.signing_key_file) == 0o600
    assert home.pinned_keys_file.read_text().split()[0] == key_fingerprint(
        load_public_key(home.public_key_file)
    )
    assert mode(home.certs) == 0o700
    assert mode(home.certs / "mitmproxy-ca.pem") == 0o600
    assert mode(home.certs / "mitmproxy-ca.p12") == 0o600
    assert mode(home.key_file) == 0o600
    assert len(bytes.fromhex(home.key_file.read_text().strip())) == 32
    assert b"PRIVATE KEY" in (home.certs / "mitmproxy-ca.pem").read_bytes()
    assert b"PRIVATE KEY" not in home.ca_cert.read_bytes()
    bundle = home.ca_bundle.read_bytes()
    assert bundle.endswith(home.ca_cert.read_bytes())
    assert bundle.count(b"BEGIN CERTIFICATE") > 10  # the system's CAs come first
    assert "default_tier: restricted" in home.policy_file.read_text()
    assert mode(home.policy_file) == 0o600
    assert mode(home.root) == 0o700


def test_state_an_earlier_version_left_readable_is_closed(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    ensure_home(home)
    home.audit_trail.mkdir()
    for path, loose in ((home.root, 0o755), (home.policy_file, 0o644), (home.audit_trail, 0o755)):
        path.chmod(loose)
    ensure_home(home)
    assert (mode(home.root), mode(home.policy_file), mode(home.audit_trail)) == (0o700, 0o600, 0o700)


def test_existing_state_is_kept(tmp_path: Path) -> None:
    home = Home(tmp_path)
    ensure_home(home)
    key, ca = home.key_file.read_text(), home.ca_cert.read_bytes()
    home.policy_file.write_text("version: 1\ndefault_tier: internal\n")
    assert ensure_home(home) == []
    assert home.key_file.read_text() == key
    assert home.ca_cert.read_bytes() == ca
    assert home.policy_file.read_text() == "version: 1\ndefault_tier: internal\n"
