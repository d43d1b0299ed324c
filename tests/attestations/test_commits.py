"""Commits of real repositories verified against a policy: which need an attestation (by the
repository the checkout is and its path rules), and what a rebase does to one."""

from __future__ import annotations

from pathlib import Path

from attestations.commits import repository_rules, verify_range
from attestations.git import patch_id
from attestations.verify import Status
from policy.file import parse_policy
from policy.model import Tier
from tests.attestations.builders import TRUSTED, claim, trailer
from tests.attestations.repos import commit, git, repository, staged_tree, write

POLICY = parse_policy(
    b"""version: 1
default_tier: restricted
repositories:
  - name: wealth-platform
    tier: internal
    remotes: ['*github.com[:/]acme/wealth-platform*']
    rules:
      - {path: 'src/ledger/**', tier: confidential, ai_reviewers: 2}
      - {path: 'src/calculations/**', tier: restricted, ai_reviewers: 1}
""",
    "policy.yaml",
)


def checkout(tmp_path: Path) -> Path:
    root = repository(tmp_path / "wealth-platform-ci", {"README.md": "# wealth\n"})
    git(root, "remote", "add", "origin", "git@github.com:acme/wealth-platform.git")
    return root


def attested(root: Path, files: dict[str, str], subject: str) -> str:
    """A commit carrying an attestation of exactly the tree it records."""
    write(root, files)
    tree, parent = staged_tree(root), git(root, "rev-parse", "HEAD")
    made = claim(tree=tree, parent=parent, change=patch_id(root, parent, tree))
    return commit(root, f"{subject}\n\nPretense-Attestation: {trailer(made)}")


def test_the_rules_come_from_the_repository_the_checkout_is(tmp_path: Path) -> None:
    rules = repository_rules(POLICY, checkout(tmp_path))
    assert rules.repository_tier is Tier.INTERNAL
    assert rules.tier_of("docs/x.md") is Tier.INTERNAL
    assert rules.tier_of("src/ledger/post.py") is Tier.CONFIDENTIAL
    assert (rules.reviewers_for("src/ledger/post.py"), rules.reviewers_for("src/calculations/x.py")) == (2, 1)
    assert rules.most_reviewers == 2


def test_each_commit_of_a_range_is_checked_by_its_paths(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    base = git(root, "rev-parse", "HEAD")
    write(root, {"docs/guide.md": "internal notes\n"})
    docs = commit(root, "Docs")
    ledger = attested(root, {"src/ledger/post.py": "def post(entry):\n    return entry\n"}, "Post entries")
    write(root, {"src/ledger/post.py": "def post(entry):\n    return entry.amount\n"})
    bare = commit(root, "Post amounts")
    verdicts = verify_range(root, f"{base}..HEAD", TRUSTED, POLICY)
    assert [(v.commit.id, v.status) for v in verdicts] == [
        (docs, Status.NOT_REQUIRED),
        (ledger, Status.ATTESTED),
        (bare, Status.FAILED),
    ]
    assert verdicts[2].line().startswith(f"{bare[:12]} Post amounts: not attested: no Pretense-Attestation")


def test_a_rebased_commit_keeps_its_attestation_a_conflicted_one_loses_it(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    write(root, {"src/ledger/post.py": "def post(entry):\n    return entry\n"})
    commit(root, "Ledger")
    git(root, "switch", "-q", "-c", "feature")
    attested(root, {"src/ledger/post.py": "def post(entry):\n    return entry.amount\n"}, "Amounts")
    git(root, "switch", "-q", "main")
    write(root, {"README.md": "# wealth, updated upstream\n"})
    commit(root, "Upstream")
    git(root, "switch", "-q", "feature")
    git(root, "rebase", "-q", "main")
    (rebased,) = verify_range(root, "main..feature", TRUSTED, POLICY)
    assert rebased.status is Status.REBASED
    # Upstream changes the same line: the conflict's resolution is a change nobody attested.
    git(root, "switch", "-q", "main")
    write(root, {"src/ledger/post.py": "def post(entry):\n    return entry.value\n"})
    commit(root, "Upstream ledger")
    git(root, "switch", "-q", "feature")
    git(root, "rebase", "-q", "main", check=False)
    write(root, {"src/ledger/post.py": "def post(entry):\n    return entry.value.amount\n"})
    git(root, "add", "-A")
    git(root, "-c", "core.editor=true", "rebase", "--continue")
    (conflicted,) = verify_range(root, "main..feature", TRUSTED, POLICY)
    assert conflicted.failed
    assert "its change differs from the one attested" in conflicted.reason


def test_a_cherry_picked_commit_keeps_its_attestation(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    git(root, "switch", "-q", "-c", "fix")
    fix = attested(root, {"src/calculations/fees.py": "FEE = 0.01\n"}, "Fees")
    git(root, "switch", "-q", "main")
    write(root, {"README.md": "# wealth 2\n"})
    commit(root, "Release notes")
    git(root, "cherry-pick", "-x", fix)
    (picked,) = verify_range(root, "HEAD~1..HEAD", TRUSTED, POLICY)
    assert picked.status is Status.REBASED


def test_a_squash_keeps_the_last_trailer_and_fails_for_the_changes_it_took_in(tmp_path: Path) -> None:
    # `git rebase -i` runs no commit-msg hook for a squash or fixup: the combined commit
    # keeps the last commit's tree and trailer, but its change now holds the earlier one's.
    root = checkout(tmp_path)
    base = git(root, "rev-parse", "HEAD")
    write(root, {"src/ledger/post.py": "def post(entry):\n    return entry.amount\n"})
    commit(root, "AI edit, committed unattested")
    attested(root, {"docs/notes.md": "hand-written\n"}, "Notes")
    git(root, "reset", "-q", "--soft", base)  # what a squash of the two leaves
    git(root, "commit", "-q", "-C", "HEAD@{1}")
    (squashed,) = verify_range(root, f"{base}..HEAD", TRUSTED, POLICY)
    assert squashed.failed
    assert squashed.rule == "attestation-mismatch"
    assert "commits squashed or reordered into it carry changes the attestation does not cover" in (
        squashed.reason
    )
