"""A repository's files as git sees them (what it tracks or would track, not what it
ignores), vendored folders left out: what `pretense scan` and `pretense index` read."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

VENDORED = frozenset(
    {
        "node_modules",
        "vendor",
        "third_party",
        ".venv",
        "venv",
        "dist",
        "build",
        ".git",
        "__pycache__",
        "site-packages",
    }
)


def files_under(root: Path, include_vendored: bool = False) -> Iterator[Path]:
    """What git tracks or would track below `root` (not what it ignores), else every file."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        yield from walk(root, include_vendored)
        return
    for name in listed.decode("utf-8", "surrogateescape").split("\0"):
        # Only folders are vendored: a script named `build` is the project's own.
        if name and (include_vendored or VENDORED.isdisjoint(name.split("/")[:-1])):
            yield root / name


def walk(root: Path, include_vendored: bool = False) -> Iterator[Path]:
    """Every file below `root`, for a tree git does not know; vendored folders are not
    entered at all, so a large `node_modules` costs nothing."""
    for folder, folders, names in os.walk(root):
        if not include_vendored:
            folders[:] = [f for f in folders if f not in VENDORED]
        base = Path(folder)
        for name in names:
            yield base / name
