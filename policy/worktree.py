"""A repository's files as git sees them (what it tracks or would track, not what it
ignores), vendored folders left out: what `pretense scan` and `pretense index` read."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Iterator
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
        paths: Iterable[Path] = (root / p.decode() for p in listed.split(b"\0") if p)
    except (OSError, subprocess.CalledProcessError):
        paths = (Path(folder) / name for folder, _, names in os.walk(root) for name in names)
    for path in paths:
        parts = path.relative_to(root).parts
        if include_vendored or VENDORED.isdisjoint(parts):
            yield path
