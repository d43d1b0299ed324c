from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from audit.capture import BlobStore
from audit.request import request_record
from installation.fingerprints import fingerprint
from tests.audit.builders import request_facts as facts
from tests.e2e import shapes

AUDIT_KEY = b"k" * 32


ANTHROPIC_SSE = shapes.anthropic_stream("hi")


@pytest.mark.parametrize(
    ("head", "tail", "usage"),
    [
        (b"", json.dumps(shapes.anthropic_message("hi")).encode(), {"input": 12, "output": 30}),
        (b"", json.dumps(shapes.openai_chat("hi")).encode(), {"input": 19, "output": 10}),
        (ANTHROPIC_SSE[:4096], ANTHROPIC_SSE[-8192:], {"input": 12, "output": 30}),
        (
            b"",
            b'{"usage":{"input_tokens":10,"cache_read_input_tokens":99,"output_tokens":4}}',
            {"input": 10, "output": 4},
        ),
        (b"", shapes.openai_chat_stream("hi"), None),
    ],
    ids=[
        "anthropic-json",
        "openai-json",
        "anthropic-sse",
        "cache-tokens-apart",
        "openai-stream-without-usage",
    ],
)
def test_token_usage_is_read_from_the_answer(head: bytes, tail: bytes, usage: dict[str, int] | None) -> None:
    assert request_record(facts(response_head=head, response_tail=tail), AUDIT_KEY)["tokens"] == usage


def test_the_record_holds_fingerprints_never_the_values() -> None:
    names = (fingerprint(AUDIT_KEY, "rebalance"), fingerprint(AUDIT_KEY, "AccountHolder"))
    record = request_record(
        facts(
            identifiers=names,
            found={"github_token": 1},
            fingerprints=[("github_token", fingerprint(AUDIT_KEY, "ghp_secret"))],
            rewritten=True,
        ),
        AUDIT_KEY,
    )
    assert record["identifiers"] == sorted(fingerprint(AUDIT_KEY, n) for n in ("AccountHolder", "rebalance"))
    assert record["secrets"] == [("github_token", fingerprint(AUDIT_KEY, "ghp_secret"))]
    assert record["secrets_action"] == "redacted"
    assert record["decision"] == "rewritten"
    assert record["ts"] == "2026-01-01T00:00:00.250Z"
    assert "AccountHolder" not in str(record)
    assert "ghp_secret" not in str(record)


def test_a_captured_body_is_stored_once_per_block(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    turn1 = shapes_body(["a" * 100])
    turn2 = shapes_body(["a" * 100, "b" * 100])
    first = request_record(facts(sent_body=turn1), AUDIT_KEY, store)["sent_blocks"]
    second = request_record(facts(sent_body=turn2), AUDIT_KEY, store)["sent_blocks"]
    assert first == [second[0], second[1], second[3]]  # head, a, tail; then b in between
    assert store.load(second) == turn2
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 4


def shapes_body(texts: list[str]) -> bytes:
    messages = ",".join(f'{{"role":"user","content":"{t}"}}' for t in texts)
    return f'{{"model":"m","messages":[{messages}],"max_tokens":5}}'.encode()


def test_blocked_requests_were_not_sent() -> None:
    record = request_record(facts(blocked="confidential.", found={"private_key": 1}), AUDIT_KEY)
    assert (record["decision"], record["sent_bytes"], record["secrets_action"]) == ("blocked", 0, "blocked")


@pytest.mark.parametrize(
    ("found", "passed", "action"),
    [
        ({"card_number": 2}, {"card_number": 2}, "passed"),
        ({"card_number": 2, "aws_access_key_id": 1}, {"card_number": 2}, "redacted"),
        ({"card_number": 2}, {"card_number": 1}, "redacted"),
        ({}, {}, None),
    ],
)
def test_what_the_policy_let_through_is_recorded_apart(
    found: dict[str, int], passed: dict[str, int], action: str | None
) -> None:
    record = request_record(facts(found=found, passed=passed, rewritten=bool(found)), AUDIT_KEY)
    assert record["detections"] == found
    assert record["secrets_passed"] == passed
    assert record["secrets_action"] == action


def test_the_body_sent_and_the_answer_delivered_are_fingerprinted_with_the_key() -> None:
    """Keyed, like every value in the trail: an answer holds restored names and secrets, and a
    short one could be confirmed by guessing against a plain hash."""
    sent = b'{"model":"claude-sonnet-5-5","messages":[{"role":"user","content":"hi"}]}'
    chunks = (b"event: message_start\n", b"data: {}\n\n", b"event: message_stop\n")
    record = request_record(facts(sent_body=sent, delivered=chunks, status=200), AUDIT_KEY)
    assert record["sent_fingerprint"] == hmac.new(AUDIT_KEY, sent, hashlib.sha256).hexdigest()
    assert record["answer_fingerprint"] == hmac.new(AUDIT_KEY, b"".join(chunks), hashlib.sha256).hexdigest()
    assert record["answer_fingerprint"] != hashlib.sha256(b"".join(chunks)).hexdigest()
    blocked = request_record(facts(sent_body=sent, blocked="confidential.", status=403), AUDIT_KEY)
    assert blocked["sent_fingerprint"] is None  # nothing left


def test_the_record_says_which_tool_sent_it_and_which_files_by_fingerprint() -> None:
    path = fingerprint(AUDIT_KEY, "/home/dev/src/ledger/AccountLedger.py")
    record = request_record(
        facts(
            tool="claude-code",
            tool_version="2.1.332",
            tool_approved=False,
            client_hints={"x-app": "cli"},
            files=(path,),
        ),
        AUDIT_KEY,
    )
    assert (record["tool"], record["tool_version"], record["tool_approved"]) == (
        "claude-code",
        "2.1.332",
        False,
    )
    assert record["client_hints"] == {"x-app": "cli"}
    assert record["files"] == [path]
    assert "AccountLedger" not in json.dumps(record)


def test_a_signed_in_person_is_named_by_subject_email_and_groups() -> None:
    signed_in = facts()
    signed_in.subject, signed_in.email, signed_in.groups = "00u1", "alice@bank.example", ("payments", "dev")
    record = request_record(signed_in, b"k" * 32)
    assert (record["subject"], record["email"], record["groups"]) == (
        "00u1",
        "alice@bank.example",
        ["dev", "payments"],
    )
    assert "subject" not in request_record(facts(), b"k" * 32)
