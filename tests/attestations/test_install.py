"""`pretense hooks install` in real repositories: where git looks for hooks (core.hooksPath
too), the hook that was there kept and run first, again and again the same; a repository
whose hooks pre-commit manages is left alone, with the entries to add."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from attestations.errors import AttestationError
from attestations.install import MARKER, install
from tests.attestations.repos import git, repository

PYTHON = Path("/opt/pretense/bin/python")


def test_the_hooks_are_installed_and_the_proxy_remembered(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    (root / "sub").mkdir()
    done = install(root / "sub", "http://127.0.0.1:9090", PYTHON)  # from anywhere in the repository
    names = sorted(p.name for p in done.written)
    assert names == ["commit-msg", "post-commit"]
    hook = root / ".git" / "hooks" / "commit-msg"
    assert MARKER in hook.read_text()
    assert "exec /opt/pretense/bin/python -P -m attestations.hook commit-msg" in hook.read_text()
    assert hook.stat().st_mode & stat.S_IXUSR
    assert git(root, "config", "pretense.proxy") == "http://127.0.0.1:9090"
    again = install(root, "http://127.0.0.1:9090", PYTHON)
    assert again.kept == ()  # ours is replaced, not kept aside


def test_core_hooks_path_is_respected(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    git(root, "config", "core.hooksPath", ".githooks")
    done = install(root, "http://127.0.0.1:8080", PYTHON)
    assert {p.parent for p in done.written} == {root / ".githooks"}
    assert not (root / ".git" / "hooks" / "commit-msg").exists()


def test_a_hook_already_there_is_kept_and_runs_first(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    hooks = root / ".git" / "hooks"
    mine = hooks / "commit-msg"
    mine.write_text('#!/bin/sh\necho "ticket checked" >> "$(dirname "$0")/../ran"\ngrep -q JIRA- "$1"\n')
    mine.chmod(0o755)
    done = install(
        root, "http://127.0.0.1:1", Path(os.devnull)
    )  # no Pretense at all: only the kept hook matters
    assert done.kept == (hooks / "commit-msg.pre-pretense",)
    refused = git(root, "commit", "--allow-empty", "-m", "no ticket", check=False, env={"GIT_EDITOR": "true"})
    assert refused == ""
    assert git(root, "log", "-1", "--format=%s") == "Start"  # the kept hook refused it, as before
    assert (root / ".git" / "ran").read_text() == "ticket checked\n"


def test_a_kept_hook_and_its_kept_copy_both_existing_is_an_error(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    hooks = root / ".git" / "hooks"
    (hooks / "commit-msg").write_text("#!/bin/sh\n")
    (hooks / "commit-msg.pre-pretense").write_text("#!/bin/sh\n")
    with pytest.raises(AttestationError, match="merge them by hand"):
        install(root, "http://127.0.0.1:8080", PYTHON)


def test_pre_commit_manages_its_own_hooks(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n")
    done = install(root, "http://127.0.0.1:8080", PYTHON)
    assert done.written == ()
    assert done.managed is not None
    assert "id: pretense-attest" in done.managed
    assert "stages: [commit-msg]" in done.managed
    assert not done.configured
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n" + done.managed.split("hooks:\n", 1)[1]
    )
    assert install(root, "http://127.0.0.1:8080", PYTHON).configured


def test_outside_a_repository_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AttestationError, match="git rev-parse failed"):
        install(tmp_path, "http://127.0.0.1:8080", PYTHON)


def test_amend_is_told_from_gits_command_line(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    probe = root / ".git" / "hooks" / "commit-msg"
    probe.write_text(
        f"#!/bin/sh\nexec {sys.executable} -c 'from attestations.hook import amending; "
        f'print(amending())\' >> "$(dirname "$0")/../amending"\n'
    )
    probe.chmod(0o755)
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    git(root, "commit", "-q", "--allow-empty", "-m", "new", env=env)
    git(root, "commit", "-q", "--allow-empty", "--amend", "-m", "amended", env=env)
    git(root, "config", "alias.fix", "commit --amend --no-edit")
    git(root, "fix", "-q", "--allow-empty", env=env)
    assert (root / ".git" / "amending").read_text().split() == ["False", "True", "True"]
