"""The git facts attestations rest on, from real repositories: the patch id survives a rebase
that applies the change as it was and changes with any byte of it; what a merge touches."""

from __future__ import annotations

from pathlib import Path

import pytest

from attestations import git
from attestations.errors import GitError
from tests.attestations.repos import commit, repository, write
from tests.attestations.repos import git as run


def test_the_patch_id_survives_a_rebase_and_follows_every_byte(tmp_path: Path) -> None:
    root = repository(tmp_path / "r", {"ledger.py": "def total(xs):\n    return sum(xs)\n", "b.txt": "b\n"})
    base = run(root, "rev-parse", "HEAD")
    run(root, "switch", "-q", "-c", "feature")
    write(root, {"ledger.py": "def total(xs):\n    return round(sum(xs), 2)\n"})
    change = commit(root, "Round")
    before = git.patch_id(root, base, change)
    run(root, "switch", "-q", "main")
    write(root, {"b.txt": "b, changed upstream\n"})
    commit(root, "Upstream")
    run(root, "switch", "-q", "feature")
    run(root, "rebase", "-q", "main")
    rebased = run(root, "rev-parse", "HEAD")
    assert git.commit(root, rebased).tree != git.commit(root, change).tree
    assert git.patch_id(root, f"{rebased}~1", rebased) == before
    write(root, {"ledger.py": "def total(xs):\n  return round(sum(xs), 2)\n"})  # indentation only
    reindented = commit(root, "Reindent", "--amend")
    assert git.patch_id(root, f"{reindented}~1", reindented) != before


def test_an_empty_change_has_no_patch_id(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    empty = commit(root, "Nothing", "--allow-empty")
    assert git.patch_id(root, f"{empty}~1", empty) is None


def test_a_binary_change_changes_the_patch_id(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    base = run(root, "rev-parse", "HEAD")
    (root / "model.bin").write_bytes(b"\0\1\2")
    one = commit(root, "Model")
    (root / "model.bin").write_bytes(b"\0\1\3")
    two = commit(root, "Model", "--amend")
    assert git.patch_id(root, base, one) != git.patch_id(root, base, two)


def test_a_clean_merge_touches_nothing_a_resolved_one_touches_what_was_resolved(tmp_path: Path) -> None:
    root = repository(tmp_path / "r", {"a.py": "a = 1\n", "b.py": "b = 1\n"})
    run(root, "switch", "-q", "-c", "side")
    write(root, {"a.py": "a = 2\n"})
    commit(root, "Side")
    run(root, "switch", "-q", "main")
    write(root, {"b.py": "b = 2\n"})
    commit(root, "Main")
    run(root, "merge", "-q", "--no-edit", "side")
    clean = git.commit(root, "HEAD")
    assert len(clean.parents) == 2
    assert git.touched(root, clean) == []
    run(root, "switch", "-q", "-c", "other", "HEAD~1")
    write(root, {"b.py": "b = 3\n"})
    commit(root, "Other")
    run(root, "switch", "-q", "main")
    run(root, "merge", "-q", "--no-edit", "other", check=False)  # conflicts on b.py
    write(root, {"b.py": "b = 4\n"})
    resolved = commit(root, "Merge other")
    assert git.touched(root, git.commit(root, resolved)) == ["b.py"]


def test_a_range_oldest_first_or_one_commit(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    first = commit(root, "One", "--allow-empty")
    second = commit(root, "Two", "--allow-empty")
    assert git.revisions(root, f"{first}~1..{second}") == [first, second]
    assert git.revisions(root, "HEAD") == [second]
    with pytest.raises(GitError, match="is not a commit or a range"):
        git.revisions(root, "no-such-branch")
    with pytest.raises(GitError, match="git rev-list failed"):
        git.revisions(root, "origin/main..HEAD")


def test_a_commit_object_as_stored(tmp_path: Path) -> None:
    root = repository(tmp_path / "r")
    made = commit(root, "Subject line\n\nBody.\n\nPretense-Attestation: v1.x", "--allow-empty")
    found = git.commit(root, made)
    assert found.subject == "Subject line"
    assert found.message.endswith("Pretense-Attestation: v1.x\n")
    assert found.tree == run(root, "rev-parse", "HEAD^{tree}")
