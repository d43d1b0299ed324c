"""The evidence pack's manifest: signed with the audit key; a changed, missing or added byte,
or another key, is reported in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from oversight.pack import MANIFEST, verify_pack, write_pack

KEY = Ed25519PrivateKey.generate()
FILES = {
    "evidence.html": b"<h1>pack</h1>",
    "evidence.pdf": b"%PDF-1.7 ...",
    "policy-abc.yaml": b"version: 1\n",
}


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    write_pack(tmp_path / "pack", FILES, {"period": {"since": None, "until": None}}, KEY)
    return tmp_path / "pack"


def test_an_untouched_pack_verifies(pack: Path) -> None:
    check = verify_pack(pack, KEY.public_key())
    assert check.problems == []
    assert check.files == len(FILES)


def _edit_manifest(pack: Path) -> None:
    (pack / MANIFEST).write_text((pack / MANIFEST).read_text().replace("evidence.pdf", "evidence.PDF"))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: (p / "evidence.pdf").write_bytes(b"%PDF-1.7 ..!"), "evidence.pdf: changed since the pack"),
        (lambda p: (p / "policy-abc.yaml").unlink(), "policy-abc.yaml: listed in the manifest but missing"),
        (lambda p: (p / "extra.html").write_text("x"), "extra.html: not in the manifest: added after"),
        (_edit_manifest, "manifest.json: signature invalid"),
        (lambda p: (p / MANIFEST).unlink(), "cannot be read"),
    ],
    ids=["changed", "missing", "added", "manifest-edited", "no-manifest"],
)
def test_every_change_is_named(pack: Path, change: Callable[[Path], object], problem: str) -> None:
    change(pack)
    problems = verify_pack(pack, KEY.public_key()).problems
    assert any(problem in p for p in problems), problems


def test_another_key_does_not_verify_it(pack: Path) -> None:
    (problem,) = verify_pack(pack, Ed25519PrivateKey.generate().public_key()).problems
    assert "signature invalid under the pinned audit key" in problem


def test_a_pack_is_written_only_to_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="already holds other files"):
        write_pack(tmp_path, FILES, {}, KEY)
