"""CEF and LEEF 2.0 events, checked against the specs and an independent CEF parser."""

from __future__ import annotations

import pycef
import pytest

from siem.cef import format_cef
from siem.events import SiemEvent, event_for
from siem.leef import format_leef

RECORD = {
    "type": "request",
    "seq": 42,
    "ts": "2026-01-31T09:12:03.418Z",
    "hash": "a" * 64,
    "user": "alice",
    "client_address": "10.1.2.3",
    "host": "api.anthropic.com",
    "path": "/v1/messages",
    "client": "claude-cli/2.0.1 (external, cli)",
    "provider": "anthropic",
    "model": "claude-sonnet-5-5",
    "tier": "restricted",
    "decision": "blocked",
    "block_reason": "it contains private key (messages.0.content, line 2). Remove it|retry=now\\ok\nthen",
    "detections": {"private_key": 1},
    "identifiers_mutated": 3,
    "sent_bytes": 0,
}


def cef(record: dict[str, object]) -> str:
    event = event_for(record)
    assert event is not None
    return format_cef(event)


def test_cef_parses_with_an_independent_parser_and_keeps_values() -> None:
    text = cef(RECORD)
    parsed = pycef.parse(text)
    assert parsed["DeviceVendor"] == "Pretense"
    assert parsed["DeviceEventClassID"] == "request_blocked"
    assert parsed["Severity"] == "8"
    assert parsed["rt"] == "1769850723418"  # epoch milliseconds
    assert parsed["suser"] == "alice"
    assert parsed["src"] == "10.1.2.3"
    assert parsed["externalId"] == "a" * 40
    assert parsed["detections"] == "private_key:1"  # pycef maps cs1Label onto cs1
    assert "\n" not in text
    assert r"Remove it|retry\=now\\ok\nthen" in text  # = and \ escaped, newline as \n


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("client_address", "::1", None),  # src is IPv4 only
        ("client_address", "::ffff:192.0.2.7", "192.0.2.7"),
        ("client_address", "not an address", None),
    ],
)
def test_cef_src_is_ipv4_only(field: str, value: str, expected: str | None) -> None:
    assert pycef.parse(cef(RECORD | {field: value})).get("src") == expected


def test_cef_header_escapes_pipes_and_backslashes() -> None:
    event = SiemEvent("sig|x", "name \\ with | pipe\nand line", 5, 0, {})
    assert format_cef(event).startswith(
        r"CEF:0|Pretense|Pretense|0.1.0|sig\|x|name \\ with \| pipe and line|5|"
    )


def test_cef_fields_are_cut_to_the_spec_lengths() -> None:
    text = cef(RECORD | {"block_reason": "r" * 5000, "client": "c" * 3000, "repository": "p" * 5000})
    parsed = pycef.parse(text)
    assert len(parsed["reason"]) == 1023
    assert len(parsed["requestClientApplication"]) == 1023
    assert len(parsed["repository"]) == 4000


@pytest.mark.parametrize(
    ("record", "signature", "severity"),
    [
        (RECORD, "request_blocked", 8),
        (RECORD | {"detections": {}}, "request_blocked", 7),
        (RECORD | {"decision": "rewritten", "detections": {"github_token": 1}}, "secret_redacted", 5),
        (RECORD | {"decision": "rewritten", "detections": {"iban": 1}}, "client_data_redacted", 6),
        (
            RECORD | {"decision": "forwarded", "detections": {"card_number": 1}, "secrets_action": "passed"},
            "secret_passed",
            5,
        ),
        (RECORD | {"decision": "rewritten", "detections": {}}, "identifiers_mutated", 2),
        ({"type": "exception", "ts": RECORD["ts"], "exception": "EX-7"}, "exception_used", 6),
        ({"type": "checkpoint", "ts": RECORD["ts"], "prev": "b" * 64}, "audit_checkpoint", 1),
        ({"type": "gap", "ts": RECORD["ts"], "reason": "crash"}, "audit_gap", 6),
        ({"type": "policy", "ts": RECORD["ts"], "sha256": "c" * 64}, "policy_loaded", 3),
    ],
)
def test_records_worth_an_alert_raise_events_with_sensible_severities(
    record: dict[str, object], signature: str, severity: int
) -> None:
    event = event_for(record)
    assert event is not None
    assert (event.signature, event.severity) == (signature, severity)


@pytest.mark.parametrize(
    "record",
    [
        RECORD | {"decision": "forwarded", "detections": {}, "identifiers_mutated": 0},
        {"type": "start", "ts": RECORD["ts"]},
        {"type": "stop", "ts": RECORD["ts"]},
    ],
)
def test_routine_records_raise_no_event(record: dict[str, object]) -> None:
    assert event_for(record) is None


def leef_attributes(text: str) -> tuple[list[str], dict[str, str]]:
    parts = text.split("|", 6)  # six header fields; values may hold pipes
    assert parts[5] == "^"
    return parts[:6], dict(pair.split("=", 1) for pair in parts[6].split("^"))


def test_leef_2_header_and_attributes() -> None:
    event = event_for(RECORD | {"user": "al^ice"})
    assert event is not None
    parts, attributes = leef_attributes(format_leef(event))
    assert parts[:5] == ["LEEF:2.0", "Pretense", "Pretense", "0.1.0", "request_blocked"]
    assert attributes["devTime"] == "1769850723418"
    assert attributes["sev"] == "8"
    assert attributes["usrName"] == "alice"  # the delimiter is removed, LEEF has no escaping
    assert "\n" not in attributes["reason"]
    assert attributes["src"] == "10.1.2.3"


def test_leef_header_fields_hold_no_pipe() -> None:
    text = format_leef(SiemEvent("a|b", "n", 1, 0, {}))
    assert text.startswith("LEEF:2.0|Pretense|Pretense|0.1.0|ab|^|")
