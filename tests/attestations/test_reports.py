"""What verify-commits prints: one line per offending commit, the markdown job summary with
each commit's attestation and AI share, and SARIF with one result per failure."""

from __future__ import annotations

import dataclasses
import json

from attestations.reports import as_json, as_markdown, as_sarif, as_text
from attestations.verify import CommitFacts, CommitVerdict, Rules, Status, verify_commit
from policy.model import Tier
from tests.attestations.builders import TREE, TRUSTED, trailer

RULES = Rules(lambda path: Tier.RESTRICTED, Tier.RESTRICTED, lambda path: 0, 0)


def verdicts() -> list[CommitVerdict]:
    good = CommitFacts(
        "a" * 40, "Round | totals", TREE, ("12" * 20,),
        f"Round | totals\n\nPretense-Attestation: {trailer()}\n", ("src/ledger/rounding.py",), "34" * 20,
    )  # fmt: skip
    bad = CommitFacts("b" * 40, "Hand edit", "cd" * 20, (), "Hand edit\n", ("src/ledger/post.py",), None)
    return [verify_commit(good, TRUSTED, RULES), verify_commit(bad, TRUSTED, RULES)]


def test_text_is_one_line_per_offending_commit_and_a_tally() -> None:
    lines = as_text(verdicts()).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("FAILED bbbbbbbbbbbb Hand edit: not attested: no Pretense-Attestation trailer")
    assert lines[1] == "FAILED: 2 commits (1 attested, 1 failed)"


def test_the_markdown_summary_lists_every_commit_with_its_ai_share() -> None:
    table = as_markdown(verdicts())
    assert table.startswith("### Pretense: 1 of 2 commits verified\n")
    assert "| `aaaaaaaaaaaa` | Round \\| totals | attested: restricted tier, key " in table
    assert "| 2 of 5 lines (claude-code:claude-sonnet-5-5) |" in table
    assert "| `bbbbbbbbbbbb` | Hand edit | **failed**: not attested" in table
    assert "re-attested by amending it" in table


def test_a_commit_short_of_reviews_is_not_told_to_amend() -> None:
    good = verdicts()[0]
    short = dataclasses.replace(good, status=Status.FAILED, reason="needs 2", rule="reviews-short")
    table = as_markdown([short])
    assert "amend" not in table
    assert "passes once enough reviewers approve the pull request" in table


def test_sarif_has_one_result_per_failure_at_a_file_it_touches() -> None:
    run = json.loads(as_sarif(verdicts()))["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "pretense/unattested"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/ledger/post.py"
    assert result["message"]["text"].startswith("bbbbbbbbbbbb Hand edit: not attested")
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= {"pretense/unattested"}


def test_json_has_the_facts_per_commit() -> None:
    good, bad = json.loads(as_json(verdicts()))
    assert (good["status"], good["ai_lines"], good["added_lines"]) == ("attested", 2, 5)
    assert good["ai_files"][0]["exchanges"] == [17, 23]
    assert (bad["failed"], bad["rule"]) == (True, "unattested")
