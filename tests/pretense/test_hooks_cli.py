"""`pretense hooks install` as a developer runs it."""

from __future__ import annotations

from pathlib import Path

from tests import cli
from tests.attestations.repos import git, repository


def test_install_says_what_it_wrote_and_where_commits_are_attested(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    done = cli.pretense(tmp_path / "home", "hooks", "install", str(root), "--port", "9191")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"installed {root}/.git/hooks/commit-msg",
        f"installed {root}/.git/hooks/post-commit",
        "commits are attested by the Pretense at http://127.0.0.1:9191 (git config pretense.proxy)",
    ]
    assert git(root, "config", "pretense.proxy") == "http://127.0.0.1:9191"


def test_with_pre_commit_it_gives_the_entries_instead(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n")
    done = cli.pretense(tmp_path / "home", "hooks", "install", cwd=root)
    assert done.returncode == 1
    assert "Not installed: pre-commit manages this repository's hooks" in done.stderr
    assert "stages: [commit-msg]" in done.stderr
    assert "pre-commit install --hook-type commit-msg --hook-type post-commit" in done.stderr
    assert not (root / ".git" / "hooks" / "commit-msg").exists()


def test_outside_a_repository_it_says_so(tmp_path: Path) -> None:
    done = cli.pretense(tmp_path / "home", "hooks", "install", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.startswith("pretense: git rev-parse failed: fatal: not a git repository")
