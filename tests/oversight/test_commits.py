"""The commits attested, from attestation and commit records as the proxy writes them: each
attestation joined to the commits that carried it, by the envelope's digest or else the tree,
the commits with no attestation of ours flagged, and the period's ends respected."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from attestations.predicate import Exchanges, Provenance
from oversight.commits import NO_ATTESTATION, NOT_IN_TRAIL, build_commits
from oversight.evidence import DECISIONS, build_evidence
from oversight.period import Period
from oversight.render import templates
from tests.attestations.builders import KEY_ID
from tests.oversight.records import attestation, commit, request

TREE_A, TREE_B, TREE_C = "a1" * 20, "b2" * 20, "c3" * 20
COMMIT_A, COMMIT_B, COMMIT_R, COMMIT_N = "0a" * 20, "0b" * 20, "0c" * 20, "0d" * 20
LEDGER = attestation(
    2, "2026-02-02T10:00:00.000Z", tree=TREE_A, repository="ledger",
    provenance=Provenance(added=8, ai=6), exchanges=Exchanges(count=3),
)  # fmt: skip
UNCOMMITTED = attestation(5, "2026-02-03T10:00:00.000Z", tree=TREE_B, repository=None)
RECORDS = [
    request(1, "2026-02-02T09:59:00.000Z", repository="ledger"),
    LEDGER[0],
    commit(3, "2026-02-02T10:00:01.000Z", COMMIT_A, TREE_A, LEDGER),
    commit(4, "2026-02-02T11:00:00.000Z", COMMIT_N, TREE_C),
    UNCOMMITTED[0],
    commit(6, "2026-02-04T09:00:00.000Z", COMMIT_R, TREE_C, LEDGER),  # rebased without the hook
]


def test_an_attestation_is_joined_to_the_commit_that_carried_it() -> None:
    ledger, uncommitted = build_commits(RECORDS, Period()).attested
    assert (ledger.commits, ledger.rewritten) == ([COMMIT_A, COMMIT_R], [COMMIT_R])
    assert (ledger.repository, ledger.tier, ledger.ts) == ("ledger", "restricted", "2026-02-02T10:00:00.000Z")
    assert (ledger.added_lines, ledger.ai_lines, ledger.ai_share, ledger.exchanges) == (8, 6, 0.75, 3)
    assert ledger.key_id == KEY_ID[:16]
    assert (uncommitted.commits, uncommitted.committed, uncommitted.repository) == ([], False, None)


def test_a_commit_without_an_attestation_of_ours_is_flagged() -> None:
    (plain,) = build_commits(RECORDS, Period()).unattested
    assert (plain.commit, plain.tree, plain.reason, plain.ts) == (
        COMMIT_N, TREE_C, NO_ATTESTATION, "2026-02-02T11:00:00.000Z",
    )  # fmt: skip


def test_the_envelopes_digest_joins_before_the_tree_and_a_commit_joining_none_is_flagged() -> None:
    retried = attestation(7, "2026-02-02T10:00:00.500Z", tree=TREE_A, exchanges=Exchanges(count=4))
    record = commit(8, "2026-02-02T10:00:01.000Z", COMMIT_A, TREE_A, LEDGER)
    # The commit record's digest is of the envelope its trailer carries: the same as the
    # attestation record's, made from the envelope as signed.
    assert record["envelope_sha256"] == LEDGER[0]["envelope_sha256"]
    first, latest = build_commits([LEDGER[0], retried[0], record], Period()).attested
    assert (first.commits, latest.commits) == ([COMMIT_A], []), "by digest: the attestation it carries"
    unknown_digest = {**record, "envelope_sha256": "f" * 64}
    first, latest = build_commits([LEDGER[0], retried[0], unknown_digest], Period()).attested
    assert (first.commits, latest.commits) == ([], [COMMIT_A]), "by tree: the latest attestation of it"
    found = build_commits([record], Period())
    assert found.attested == []
    assert [(u.commit, u.reason) for u in found.unattested] == [(COMMIT_A, NOT_IN_TRAIL)]


def test_the_period_selects_attestations_and_commits_but_joins_across_its_ends() -> None:
    feb3 = datetime.datetime(2026, 2, 3, tzinfo=datetime.UTC)
    until = build_commits(RECORDS, Period(until=feb3))
    (ledger,) = until.attested
    assert ledger.commits == [COMMIT_A, COMMIT_R], "a commit after the period still joins"
    assert [u.commit for u in until.unattested] == [COMMIT_N]
    since = build_commits(RECORDS, Period(since=feb3))
    assert [row.tree for row in since.attested] == [TREE_B]
    assert since.unattested == [], "a commit of an attestation before the period is not unattested"
    totals = since.totals()
    assert (totals["attested"], totals["committed"], totals["attested_not_committed"]) == (1, 0, 1)


def test_the_rows_hold_no_file_names() -> None:
    found = build_commits(RECORDS, Period()).as_dict()
    assert "rounding" not in str(found)  # the claim's file is src/ledger/rounding.py


lines = st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda t: (max(t), min(t)))


@given(st.lists(st.tuples(lines, st.booleans()), max_size=8))
def test_the_totals_are_the_sums_of_the_rows(rows: list[tuple[tuple[int, int], bool]]) -> None:
    records = []
    for n, ((added, ai), committed) in enumerate(rows):
        tree = f"{n:040x}"
        made = attestation(2 * n, "2026-02-02T10:00:00.000Z", tree=tree, provenance=Provenance(added, ai))
        records.append(made[0])
        if committed:
            records.append(commit(2 * n + 1, "2026-02-02T10:00:01.000Z", f"{n + 1:040x}", tree, made))
    found = build_commits(records, Period())
    totals = found.totals()
    assert totals["attested"] == len(rows)
    assert totals["committed"] == sum(committed for _, committed in rows)
    assert totals["added_lines"] == sum(added for (added, _), _ in rows)
    assert totals["ai_lines"] == sum(ai for (_, ai), _ in rows)
    assert totals["ai_lines"] <= totals["added_lines"]
    assert totals["commits_without_attestation"] == 0


def test_the_evidence_pack_has_the_totals_in_its_json_and_its_page() -> None:
    found = build_evidence(RECORDS, Period(), [], datetime.datetime(2026, 2, 5, tzinfo=datetime.UTC))
    data = found.as_dict()
    assert data["attestations"] == 2
    assert data["commits"]["totals"] == {
        "attested": 2, "committed": 1, "attested_not_committed": 1, "added_lines": 13, "ai_lines": 8,
        "ai_share": 0.6154, "commits_without_attestation": 1,
    }  # fmt: skip
    html = templates().get_template("evidence.html").render(e=found, decisions=DECISIONS)
    section = " ".join(html.split('id="attestations"')[1].split("<h2")[0].split())
    assert "2 attestations given to commit hooks, 1 committed, 1 attested, not committed;" in section
    assert "8 of 13 added lines from AI answers (61.5%); 1 commits recorded without" in section
    assert f"<code>{COMMIT_N}</code></td><td>{NO_ATTESTATION}</td>" in section
