"""Commit verification, sans-IO: each way an attestation can fail gives one line naming the
commit and why; what needs no attestation passes; reviewers are asked for AI lines."""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from attestations.predicate import FileShare, Provenance, ProxyState
from attestations.verify import CommitFacts, Rules, Status, short_of_reviews, verify_commit
from policy.model import Tier
from tests.attestations.builders import TREE, TRUSTED, claim, trailer

RULES = Rules(
    tier_of=lambda path: (
        Tier.CONFIDENTIAL
        if path.startswith("src/ledger/")
        else Tier.PUBLIC
        if path.startswith("docs/")
        else Tier.RESTRICTED
    ),
    repository_tier=Tier.RESTRICTED,
    reviewers_for=lambda path: 2 if path.startswith("src/ledger/") else 0,
    most_reviewers=2,
)


def commit(
    message: str, *, tree: str = TREE, touched: tuple[str, ...] = ("src/ledger/rounding.py",)
) -> CommitFacts:
    return CommitFacts(
        "1234567890ab" + "0" * 28, message.split("\n", 1)[0], tree, ("12" * 20,), message, touched, "34" * 20
    )


def with_trailer(value: str, subject: str = "Round totals") -> str:
    return f"{subject}\n\nPretense-Attestation: {value}\n"


def test_an_attested_commit_passes_and_says_what_its_ai_lines_need() -> None:
    verdict = verify_commit(commit(with_trailer(trailer())), TRUSTED, RULES)
    assert verdict.status is Status.ATTESTED
    assert verdict.claim is not None
    assert verdict.claim.provenance.ai == 2
    assert verdict.ai_paths == ("src/ledger/rounding.py",)
    assert verdict.reviewers == 2


def test_a_commit_of_public_paths_needs_none() -> None:
    verdict = verify_commit(commit("Docs\n", touched=("docs/x.md",)), TRUSTED, RULES)
    assert verdict.status is Status.NOT_REQUIRED
    assert not verdict.failed


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (
            "Add rounding\n",
            "not attested: no Pretense-Attestation trailer (committed without the Pretense hook",
        ),
        (
            "Add rounding\n\nPretense-Unattested: Pretense is not running at http://127.0.0.1:8080 "
            "(Connection refused)\n",
            "not attested: the hook could not get an attestation (Pretense is not running at http://127.0.0.1:8080",
        ),
    ],
    ids=["no hook", "proxy stopped"],
)
def test_an_unattested_commit_fails_with_one_line(message: str, reason: str) -> None:
    verdict = verify_commit(commit(message), TRUSTED, RULES)
    assert verdict.failed
    assert verdict.line().startswith(f"1234567890ab Add rounding: {reason}")
    assert verdict.line().endswith(
        "touches confidential paths; re-attest it with Pretense running: git commit --amend --no-edit"
    )
    assert "\n" not in verdict.line()


def test_another_machines_key_is_not_trusted() -> None:
    other = Ed25519PrivateKey.generate()
    verdict = verify_commit(commit(with_trailer(trailer(key=other))), TRUSTED, RULES)
    assert verdict.failed
    assert "attestation rejected: signed by key" in verdict.reason
    assert "which is not among the trusted keys" in verdict.reason


def test_a_forged_trailer_fails() -> None:
    # The predicate changed after signing (here: the proxy said it was running), the
    # signature and key id kept.
    genuine = trailer(claim(proxy=ProxyState(True, False, True)))
    lying = trailer(claim())
    forged = ".".join([*lying.split(".")[:3], genuine.split(".")[3]])
    verdict = verify_commit(commit(with_trailer(forged)), TRUSTED, RULES)
    assert verdict.failed
    assert (
        verdict.reason
        == "attestation rejected: the signature does not verify: the attestation was forged or altered"
    )


def test_a_malformed_trailer_fails_clearly() -> None:
    verdict = verify_commit(commit(with_trailer("v1.garbage")), TRUSTED, RULES)
    assert verdict.line() == (
        "1234567890ab Round totals: attestation rejected: the Pretense-Attestation trailer is not "
        "v1.KEYID.PAYLOAD.SIGNATURE of a bounded size"
    )


def test_a_malformed_attestation_fails_even_where_none_is_needed() -> None:
    verdict = verify_commit(commit(with_trailer("v1.garbage"), touched=("docs/x.md",)), TRUSTED, RULES)
    assert verdict.failed


def test_another_tree_with_another_change_fails() -> None:
    facts = dataclasses.replace(commit(with_trailer(trailer())), tree="cd" * 20, change="56" * 20)
    verdict = verify_commit(facts, TRUSTED, RULES)
    assert verdict.failed
    assert verdict.reason.startswith(f"attested tree {TREE[:12]}, but the commit's tree is {'cd' * 6}")


def test_the_same_change_on_another_parent_is_the_rebased_attestation() -> None:
    facts = dataclasses.replace(commit(with_trailer(trailer())), tree="cd" * 20, parents=("7" * 40,))
    verdict = verify_commit(facts, TRUSTED, RULES)
    assert verdict.status is Status.REBASED


def test_a_commit_squashed_under_an_attested_one_carries_changes_it_does_not_cover() -> None:
    # `git rebase -i` squashing an earlier commit into this one keeps this one's tree and
    # message (no hook runs), so the tree matches; its parent and change do not.
    facts = dataclasses.replace(commit(with_trailer(trailer())), parents=("7" * 40,), change="56" * 20)
    verdict = verify_commit(facts, TRUSTED, RULES)
    assert verdict.failed
    assert verdict.rule == "attestation-mismatch"
    assert verdict.reason.startswith(
        f"attested as a change on top of {'12' * 6}, but the commit's parent is {'7' * 12} and its change "
        "differs: commits squashed or reordered into it carry changes the attestation does not cover"
    )


def test_the_attested_change_again_on_another_parent_with_the_same_tree_is_rebased() -> None:
    facts = dataclasses.replace(commit(with_trailer(trailer())), parents=("7" * 40,))
    assert verify_commit(facts, TRUSTED, RULES).status is Status.REBASED


def test_a_proxy_not_in_control_fails() -> None:
    made = claim(proxy=ProxyState(True, True, False, ("disk full writing /home/dev/.pretense/audit-trail",)))
    verdict = verify_commit(commit(with_trailer(trailer(made))), TRUSTED, RULES)
    assert verdict.failed
    assert "Pretense was not in control when it was attested (disk full writing" in verdict.reason


def test_a_workstation_policy_weaker_than_ci_fails() -> None:
    verdict = verify_commit(commit(with_trailer(trailer(claim(tier=Tier.INTERNAL)))), TRUSTED, RULES)
    assert verdict.failed
    assert "attested under the internal tier" in verdict.reason
    assert "this policy puts the repository in restricted" in verdict.reason


def test_one_good_attestation_among_several_is_enough() -> None:
    message = f"Round\n\nPretense-Attestation: v1.garbage\nPretense-Attestation: {trailer()}\n"
    assert verify_commit(commit(message), TRUSTED, RULES).status is Status.ATTESTED


def test_ai_paths_are_short_of_reviews_until_enough_approve() -> None:
    verdicts = [verify_commit(commit(with_trailer(trailer())), TRUSTED, RULES)]
    (short,) = short_of_reviews(verdicts, 1)
    assert short.failed
    assert short.reason == (
        "AI-assisted change to src/ledger/rounding.py needs 2 approving reviews of the head commit; "
        "the pull request has 1"
    )
    assert not short_of_reviews(verdicts, 2)[0].failed
    (unknown,) = short_of_reviews(verdicts, None)
    assert unknown.reason.endswith("no reviews were given (--reviews)")


def test_files_left_out_of_a_trailer_need_the_most_reviewers() -> None:
    made = claim(provenance=Provenance(9, 4, (FileShare("docs/x.md", 1, 1),), omitted=3))
    verdict = verify_commit(commit(with_trailer(trailer(made))), TRUSTED, RULES)
    assert verdict.reviewers == 2
