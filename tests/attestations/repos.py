"""Real git repositories for the attestation tests, made with the git CLI."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

IDENTITY = {
    "GIT_AUTHOR_NAME": "Dev",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
}


def git(root: Path, *arguments: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *arguments],
        capture_output=True, text=True, check=False, env=os.environ | IDENTITY | (env or {}),
    )  # fmt: skip
    if check and done.returncode:
        raise AssertionError(f"git {' '.join(arguments)} failed: {done.stderr}")
    return done.stdout.strip()


def repository(root: Path, files: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write(root, files or {"README.md": "# ledger\n"})
    commit(root, "Start")
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def commit(root: Path, message: str, *options: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message, *options)
    return git(root, "rev-parse", "HEAD")


def staged_tree(root: Path) -> str:
    git(root, "add", "-A")
    return git(root, "write-tree")
