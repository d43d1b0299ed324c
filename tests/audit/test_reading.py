"""Search, export and report over records as the writer stores them."""

from __future__ import annotations

import csv
import io
import json

from audit.export import as_csv, as_json_lines
from audit.report import build_report, render
from audit.search import Filter, find_identifiers, find_secrets, parse_moment, select
from installation.fingerprints import fingerprint

KEY = b"k" * 32


def request(seq: int, day: int, user: str = "alice", **fields: object) -> dict[str, object]:
    return {
        "type": "request",
        "seq": seq,
        "ts": f"2026-01-{day:02d}T10:00:00.000Z",
        "user": user,
        "provider": "anthropic",
        "repository": "ledger",
        "tier": "restricted",
        "decision": "rewritten",
        "identifiers": [],
        "secrets": [],
        "detections": {},
        "identifiers_mutated": 0,
        "request_bytes": 20_000,
        "tokens": {"input": 1000, "output": 100},
        **fields,
    }


RECORDS = [
    request(1, 1, identifiers=[fingerprint(KEY, "AccountHolder")], identifiers_mutated=1),
    request(
        2, 2, "bob", secrets=[["aws_access_key_id", fingerprint(KEY, "AKIAQ3EGUZ7T2XN5MBRW")]],
        detections={"aws_access_key_id": 1},
    ),
    request(
        3, 3, "bob", decision="blocked", block_reason="it contains private key. Ask...",
        identifiers=[fingerprint(KEY, "AccountHolder")],
    ),
    {"type": "exception", "seq": 4, "ts": "2026-01-03T11:00:00.000Z", "user": "bob", "exception": "EX-1"},
]  # fmt: skip


def test_an_identifier_is_found_with_when_and_whether_it_was_sent() -> None:
    found = list(find_identifiers(RECORDS, KEY, ["AccountHolder", "Unrelated"]))
    assert [(s.record["seq"], s.treatment) for s in found] == [(1, "mutated"), (3, "blocked (not sent)")]
    assert "2026-01-01T10:00:00.000Z seq 1 user alice" in found[0].describe()


def test_a_secret_from_a_file_line_is_found() -> None:
    (found,) = find_secrets(RECORDS, KEY, ["nothing", "AKIAQ3EGUZ7T2XN5MBRW"])
    assert (found.record["seq"], found.what, found.treatment) == (
        2,
        "value #2 (aws_access_key_id)",
        "redacted",
    )


def test_filters_by_time_user_and_repository() -> None:
    where = Filter(
        since=parse_moment("2026-01-02"), user="bob", repository="ledger", types=frozenset({"request"})
    )
    assert [r["seq"] for r in select(RECORDS, where)] == [2, 3]


def test_export_as_json_lines_and_csv() -> None:
    lines = list(as_json_lines(RECORDS))
    assert [json.loads(line)["seq"] for line in lines] == [1, 2, 3, 4]
    rows = list(csv.DictReader(io.StringIO("".join(as_csv(RECORDS)))))
    assert rows[1]["detections"] == '{"aws_access_key_id":1}'
    assert rows[2]["decision"] == "blocked"


def test_the_report_answers_a_compliance_officer() -> None:
    busy = [request(10 + n, 9, "carol") for n in range(40)]
    quiet = [request(100 + n, day, "carol") for day in (5, 6, 7) for n in range(5)]
    huge = request(200, 8, "dave", request_bytes=3_000_000)
    report = build_report([*RECORDS, *quiet, *busy, huge])
    assert report.calls["bob"] == {"2026-01-02": 1, "2026-01-03": 1}
    assert report.detections == {"aws_access_key_id": 1}
    assert report.blocks == {"it contains private key": 1}
    assert report.exceptions == 1
    assert report.tokens["median_per_request"] == 1100
    assert any("carol made 40 calls on 2026-01-09, 8.0x their usual 5" in a for a in report.anomalies)
    assert any("very large request: 3,000,000 bytes" in a and "dave" in a for a in report.anomalies)
    text = render(report)
    assert "Calls per developer per day:" in text
    assert "Anomalies:" in text


def test_a_secret_the_policy_let_through_is_said_to_have_been_sent_in_clear() -> None:
    card = request(
        5, 4, secrets=[["card_number", fingerprint(KEY, "4539148803436467")]],
        detections={"card_number": 1}, secrets_passed={"card_number": 1},
    )  # fmt: skip
    (found,) = find_secrets([card], KEY, ["4539148803436467"])
    assert found.treatment == "sent in clear (the policy allows it)"
