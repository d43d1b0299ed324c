"""Lines as provenance compares them, and the lines a real git diff adds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from attestations.lines import added_lines, code_lines, line_fingerprint, lines_key, normalised


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    return round(total, 2)\n", "return round(total, 2)"),
        ("\tx  =   compute( a,\tb )", "x = compute( a, b )"),
        ("", None),
        ("   \t ", None),
        ("}", None),
        ("});", None),
        ('"""', None),
        ("*/", None),
        ("else:", None),
        ("return;", None),
        ("fi", None),
        ("pass", None),
        ("return x", "return x"),
        ("# TODO", "# TODO"),
        ("x = 1", "x = 1"),
        ("é = 1", "é = 1"),
    ],
)
def test_normalisation_and_trivial_lines(line: str, expected: str | None) -> None:
    assert normalised(line) == expected


def test_only_the_non_trivial_lines_of_a_text_count() -> None:
    assert list(code_lines("def f(x):\n    if x:\n        return 1\n    else:\n        return 2\n}\n")) == [
        "def f(x):",
        "if x:",
        "return 1",
        "return 2",
    ]


def test_fingerprints_are_keyed() -> None:
    one, two = lines_key(b"k" * 32), lines_key(b"j" * 32)
    assert line_fingerprint(one, "x = 1") == line_fingerprint(one, "x = 1")
    assert line_fingerprint(one, "x = 1") != line_fingerprint(two, "x = 1")
    assert len(line_fingerprint(one, "x = 1")) == 16


def git(root: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *arguments], check=True, capture_output=True, text=True
    ).stdout


def test_the_lines_a_real_diff_adds(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "old.py").write_text("a = 1\nb = 2\n")
    (tmp_path / "gone.py").write_text("x = 1\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\0\0")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=a", "-c", "user.email=a@x", "commit", "-qm", "base")
    (tmp_path / "old.py").write_text("a = 1\n++ looks like a header\n--- and this\nb = 3\n")
    (tmp_path / "gone.py").unlink()
    (tmp_path / "café à la.py").write_text('name = "x"\n')
    (tmp_path / 'quo"te.py').write_text("q = 1\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\0\1")
    git(tmp_path, "add", "-A")
    diff = git(tmp_path, "-c", "core.quotePath=true", "diff", "--cached", "-U0", "--no-renames", "HEAD")
    assert added_lines(diff) == {
        "old.py": ["++ looks like a header", "--- and this", "b = 3"],
        "café à la.py": ['name = "x"'],
        'quo"te.py': ["q = 1"],
    }
