"""The evidence pack on disk: its HTML, the PDF made from it, the policy files it cites,
and `manifest.json` (each file's SHA-256, signed with the audit key), so that a changed,
added or removed byte is detected by `pretense evidence verify`."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.chain import key_id
from audit.record import canonical
from installation.home import key_fingerprint

MANIFEST = "manifest.json"
FORMAT = "pretense-evidence/1"


def html_to_pdf(html: str) -> bytes:
    """The PDF of the evidence HTML (WeasyPrint: no browser, no JavaScript; the HTML uses none)."""
    import weasyprint  # slow to import: only the evidence command needs it

    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf


def write_pack(
    folder: Path, files: Mapping[str, bytes], about: Mapping[str, Any], signing_key: Ed25519PrivateKey
) -> Path:
    """Writes `files` and the signed manifest into `folder` (created; must hold no other files)."""
    folder.mkdir(parents=True, exist_ok=True)
    if stray := sorted(p.name for p in folder.iterdir() if p.name not in files and p.name != MANIFEST):
        raise ValueError(f"{folder} already holds other files ({', '.join(stray)}): give an empty folder")
    for name, content in files.items():
        (folder / name).write_bytes(content)
    public = signing_key.public_key()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        **about,
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())},
        "key_id": key_id(public),
        "public_key_sha256": key_fingerprint(public),
    }
    manifest["sig"] = signing_key.sign(canonical(manifest)).hex()
    path = folder / MANIFEST
    path.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    return path


@dataclass(slots=True)
class PackCheck:
    files: int = 0
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_pack(folder: Path, public: Ed25519PublicKey) -> PackCheck:
    """Every problem in words: a manifest not signed by `public`, a file changed, missing or added."""
    check = PackCheck()
    try:
        manifest = orjson.loads((folder / MANIFEST).read_bytes())
    except OSError as e:
        check.problems.append(f"{folder / MANIFEST}: cannot be read ({e.strerror}): not an evidence pack")
        return check
    except orjson.JSONDecodeError:
        check.problems.append(f"{MANIFEST}: not JSON: the manifest was altered")
        return check
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        check.problems.append(f"{MANIFEST}: not a Pretense evidence manifest")
        return check
    check.manifest = manifest
    signed = {k: v for k, v in manifest.items() if k != "sig"}
    try:
        public.verify(bytes.fromhex(str(manifest.get("sig", ""))), canonical(signed))
    except (InvalidSignature, ValueError):
        check.problems.append(
            f"{MANIFEST}: signature invalid under the pinned audit key (key {key_id(public)}): the manifest "
            "was altered, or signed with another key"
        )
    listed: dict[str, str] = manifest.get("files") or {}
    for name, digest in sorted(listed.items()):
        path = folder / name
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            check.problems.append(f"{name}: listed in the manifest but missing")
            continue
        check.files += 1
        if actual != digest:
            check.problems.append(
                f"{name}: changed since the pack was signed (SHA-256 {actual}, the manifest says {digest})"
            )
    for path in sorted(folder.iterdir()):
        if path.name not in listed and path.name != MANIFEST:
            check.problems.append(f"{path.name}: not in the manifest: added after the pack was signed")
    return check
