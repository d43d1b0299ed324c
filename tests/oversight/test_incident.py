"""An incident's exposures from request records: what left in clear and must be rotated,
where a named identifier or file went, and what the trail cannot say."""

from __future__ import annotations

from pathlib import Path

from audit.capture import BlobStore
from detectors import default_scanner
from installation.fingerprints import fingerprint
from oversight.incident import Asked, build_incident, render_markdown
from oversight.period import parse_period
from tests.oversight.records import AUDIT_KEY, request

TOKEN = "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"
CARD = "4111111111111111"
TS = "2026-01-05T09:00:00.000Z"


def test_only_what_left_in_clear_is_on_the_rotation_list(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    records = [
        request(1, TS, found={"github_token": 1}, rewritten=True,
                fingerprints=[("github_token", fingerprint(AUDIT_KEY, TOKEN))]),
        request(2, TS, tier="internal", found={"card_number": 1}, passed={"card_number": 1},
                fingerprints=[("card_number", fingerprint(AUDIT_KEY, CARD))]),
        request(3, TS, tier="public", sent_body=f'{{"text":"{TOKEN}"}}'.encode(), user="bob"),
        request(4, TS, tier="public", user="carol"),
        request(5, TS, blocked="private key", found={"private_key": 1}),
    ]  # fmt: skip
    records[2]["sent_blocks"] = store.store(f'{{"text":"{TOKEN}"}}'.encode())
    period = parse_period("2026-01-05", "2026-01-05")
    found = build_incident(
        records, AUDIT_KEY, period, Asked(values=[TOKEN]), captured=[store], scanner=default_scanner()
    )
    rotation = [(e.seq, e.kind, e.why, e.matches) for e in found.rotation]
    assert rotation == [
        (2, "card_number", "let through by secrets.allow", ""),
        (3, "github_token", "public tier: sent unread, found in the captured body", "value #1"),
    ]
    assert [r["user"] for r in found.unread] == ["carol"]  # sent unread, not captured: unknown
    (token,) = found.values
    assert (token.redacted, token.in_clear, token.unread) == (1, 1, 1)
    assert (found.requests, found.forwarded, found.blocked) == (5, 4, 1)
    assert TOKEN not in render_markdown(found)


def test_a_named_identifier_and_file_are_found_by_their_hmac() -> None:
    path = "/src/ledger/AccountLedger.py"
    records = [
        request(
            1, TS, identifiers=[fingerprint(AUDIT_KEY, "AccountLedger")], files=[fingerprint(AUDIT_KEY, path)]
        ),
        request(2, TS, tier="internal", files=[fingerprint(AUDIT_KEY, path)]),
        request(3, "2026-02-05T09:00:00.000Z", identifiers=[fingerprint(AUDIT_KEY, "AccountLedger")]),
    ]
    asked = Asked(files=[path], identifiers=["AccountLedger", "NeverSent"])
    found = build_incident(records, AUDIT_KEY, parse_period("2026-01-01", "2026-01-31"), asked)
    ledger, never = found.identifiers
    assert (ledger.requests, ledger.renamed, ledger.unread) == (1, 1, 1)
    assert never.requests == 0
    (file,) = found.files
    assert (file.requests, file.renamed, file.in_clear) == (2, 1, 1)
    assert found.files_seen == 1
