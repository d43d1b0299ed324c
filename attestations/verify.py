"""Verifying commits, sans-IO: for each commit, whether its paths need an attestation (by
the policy's tiers), whether its `Pretense-Attestation` trailer holds (signed by a trusted
key, for this tree or this very change, made by a proxy that was inspecting under at least
the repository's tier), and how many reviewers its AI lines need. Anything that cannot be
verified fails, with one line that says why."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from attestations.compact import decode
from attestations.dsse import verified_by
from attestations.errors import AttestationError
from attestations.predicate import Claim, claim_of
from attestations.statement import PAYLOAD_TYPE, parse_statement
from attestations.trailers import ATTESTATION, UNATTESTED, values
from policy.model import Tier

REATTEST = "re-attest it with Pretense running: git commit --amend --no-edit"
RULES = {
    "unattested": "A commit touching restricted or confidential paths carries no attestation",
    "attestation-rejected": "The commit's attestation cannot be read or is not signed by a trusted key",
    "attestation-mismatch": "The attestation is for another tree and another change",
    "not-in-control": "Pretense was not inspecting and recording when the commit was attested",
    "tier-too-low": "The attesting proxy's policy put the repository in a lower tier",
    "reviews-short": "AI-assisted changes lack the approving reviews the policy asks for",
}


@dataclass(frozen=True, slots=True)
class CommitFacts:
    id: str
    subject: str
    tree: str
    parents: tuple[str, ...]
    message: str
    touched: tuple[str, ...]
    change: str | None
    """Its patch id against its first parent (as `attestations.git.patch_id` makes it)."""


class Status(enum.StrEnum):
    ATTESTED = "attested"
    REBASED = "attested (rebased)"
    """The attested change, on another parent: rebased or cherry-picked as it was."""
    NOT_REQUIRED = "not required"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class CommitVerdict:
    commit: CommitFacts
    status: Status
    tier: Tier
    """The highest tier among the paths it touches."""
    reason: str = ""
    claim: Claim | None = None
    key_id: str | None = None
    ai_paths: tuple[str, ...] = ()
    reviewers: int = 0
    """Approving reviews its AI-assisted paths need (the policy's `ai_reviewers`)."""
    rule: str = ""
    """Which check failed, for SARIF: one of `RULES`."""

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    def line(self) -> str:
        return f"{self.commit.id[:12]} {self.commit.subject or '(no subject)'}: {self.reason or self.status}"


@dataclass(frozen=True, slots=True)
class Rules:
    """What the policy says about one repository's paths."""

    tier_of: Callable[[str], Tier]
    repository_tier: Tier
    reviewers_for: Callable[[str], int]
    most_reviewers: int
    """The most any path rule asks for (what files left out of a trailer are taken to need)."""


def verify_commit(facts: CommitFacts, trusted: Mapping[str, Ed25519PublicKey], rules: Rules) -> CommitVerdict:
    tier = max((rules.tier_of(path) for path in facts.touched), key=lambda t: t.rank, default=Tier.PUBLIC)
    required = tier.fails_closed
    found = values(facts.message, ATTESTATION)
    if not found:
        if not required:
            return CommitVerdict(facts, Status.NOT_REQUIRED, tier)
        said = values(facts.message, UNATTESTED)
        why = (
            f"not attested: the hook could not get an attestation ({said[0]})"
            if said
            else "not attested: no Pretense-Attestation trailer (committed without the Pretense hook, "
            "or with --no-verify)"
        )
        return CommitVerdict(
            facts, Status.FAILED, tier, f"{why}; touches {tier} paths; {REATTEST}", rule="unattested"
        )
    failures = []
    for value in found:
        verdict = _checked(facts, value, trusted, rules, tier, required)
        if not verdict.failed:
            return verdict
        failures.append(verdict)
    # The attestation that got furthest says most (a good signature over another tree).
    return max(failures, key=lambda v: v.claim is not None)


def attests(claim: Claim, facts: CommitFacts) -> Status | None:
    """What the attestation is of this commit: ATTESTED for its very tree on its parent,
    REBASED for its change (the patch id) on another parent, None for neither."""
    parent = facts.parents[0] if facts.parents else None
    if claim.tree == facts.tree and claim.parent == parent:
        return Status.ATTESTED
    if claim.change is not None and claim.change == facts.change:
        return Status.REBASED
    return None


def _checked(
    facts: CommitFacts,
    value: str,
    trusted: Mapping[str, Ed25519PublicKey],
    rules: Rules,
    tier: Tier,
    required: bool,
) -> CommitVerdict:
    try:
        envelope = decode(value)
        key_id = verified_by(envelope, trusted)
        if envelope.payload_type != PAYLOAD_TYPE:
            raise AttestationError(f"payload type {envelope.payload_type!r} is not {PAYLOAD_TYPE}")
        claim = claim_of(parse_statement(envelope.payload))
    except AttestationError as e:
        return CommitVerdict(
            facts, Status.FAILED, tier, f"attestation rejected: {e}", rule="attestation-rejected"
        )
    parent = facts.parents[0] if facts.parents else None
    matched = attests(claim, facts)
    if matched is not None:
        status = matched
    else:
        if claim.tree == facts.tree:
            # The same tree from another parent: what lay between (squashed, reordered) is in
            # this commit's change, and the attestation's provenance never saw it.
            reason = (
                f"attested as a change on top of {(claim.parent or 'no parent')[:12]}, but the commit's "
                f"parent is {(parent or 'none')[:12]} and its change differs: commits squashed or "
                f"reordered into it carry changes the attestation does not cover; {REATTEST}"
            )
        else:
            reason = (
                f"attested tree {claim.tree[:12]}, but the commit's tree is {facts.tree[:12]} and its change "
                "differs from the one attested (amended after attesting, or a conflict resolved in a "
                "rebase); "
                f"{REATTEST}"
            )
        return CommitVerdict(facts, Status.FAILED, tier, reason, claim, key_id, rule="attestation-mismatch")
    if not claim.proxy.active:
        problems = "; ".join(claim.proxy.problems) or "not inspecting or not recording"
        reason = f"Pretense was not in control when it was attested ({problems}); {REATTEST}"
        return CommitVerdict(facts, Status.FAILED, tier, reason, claim, key_id, rule="not-in-control")
    if required and claim.tier.rank < rules.repository_tier.rank:
        reason = (
            f"attested under the {claim.tier} tier (policy sha256 {claim.policy_digest[:12]}), but this "
            f"policy puts the repository in {rules.repository_tier}: the workstation's policy did not "
            "protect it as required"
        )
        return CommitVerdict(facts, Status.FAILED, tier, reason, claim, key_id, rule="tier-too-low")
    ai_paths = tuple(f.path for f in claim.provenance.files if f.ai)
    reviewers = max((rules.reviewers_for(path) for path in ai_paths), default=0)
    if claim.provenance.omitted:
        reviewers = max(reviewers, rules.most_reviewers)
    return CommitVerdict(facts, status, tier, "", claim, key_id, ai_paths, reviewers)


def short_of_reviews(verdicts: Sequence[CommitVerdict], approvals: int | None) -> list[CommitVerdict]:
    """The verdicts with a commit whose AI-assisted paths need more approving reviews than
    the pull request has (`approvals`; None: no reviews were given) made failures."""
    out = []
    for verdict in verdicts:
        if (
            verdict.failed
            or verdict.reviewers == 0
            or (approvals is not None and approvals >= verdict.reviewers)
        ):
            out.append(verdict)
            continue
        paths = ", ".join(verdict.ai_paths[:3]) or "files left out of its attestation"
        has = (
            f"the pull request has {approvals}"
            if approvals is not None
            else "no reviews were given (--reviews)"
        )
        reason = (
            f"AI-assisted change to {paths} needs {verdict.reviewers} approving "
            f"{'review' if verdict.reviewers == 1 else 'reviews'} of the head "
            f"commit; {has}"
        )
        out.append(dataclasses.replace(verdict, status=Status.FAILED, reason=reason, rule="reviews-short"))
    return out
