"""`pretense verify-commits` and `pretense provenance` over a real repository: each commit of
a range read with git, checked against the policy's rules for the repository it is."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from attestations import git
from attestations.verify import CommitFacts, CommitVerdict, Rules, verify_commit
from policy.attribution import attribute_directory
from policy.decision import decide
from policy.globs import glob
from policy.model import Policy, Tier


def repository_rules(policy: Policy, root: Path) -> Rules:
    """Each path's tier and reviewers, for the repository the checkout at `root` is."""
    attribution = attribute_directory(policy, str(root))
    repository = attribution.repository
    rules = repository.path_rules if repository is not None else ()
    compiled = [(glob(rule.glob), rule.ai_reviewers) for rule in rules if rule.ai_reviewers]

    def tier_of(path: str) -> Tier:
        return decide(policy, attribution, files=[path]).tier

    def reviewers_for(path: str) -> int:
        return max((count for pattern, count in compiled if pattern.fullmatch(path)), default=0)

    return Rules(
        tier_of=tier_of,
        repository_tier=decide(policy, attribution).tier,
        reviewers_for=reviewers_for,
        most_reviewers=max((count for _, count in compiled), default=0),
    )


def facts_of(root: Path, commit: str) -> CommitFacts:
    found = git.commit(root, commit)
    parent = found.parents[0] if found.parents else None
    return CommitFacts(
        id=found.id,
        subject=found.subject,
        tree=found.tree,
        parents=found.parents,
        message=found.message,
        touched=tuple(git.touched(root, found)),
        change=git.patch_id(root, parent, found.id),
    )


def verify_range(
    root: Path, selection: str, trusted: Mapping[str, Ed25519PublicKey], policy: Policy
) -> list[CommitVerdict]:
    rules = repository_rules(policy, root)
    return [verify_commit(facts_of(root, c), trusted, rules) for c in git.revisions(root, selection)]
