from __future__ import annotations

import asyncio
import errno
import hashlib
import hmac
import os
from pathlib import Path

import orjson
import pytest
from mitmproxy import http
from mitmproxy.test import taddons, tflow

from addons.audit import Auditor
from audit.files import records
from audit.keys import load_public_key
from audit.verify import verify_trail
from installation.fingerprints import fingerprint_key
from installation.home import Home, ensure_home, load_key
from policy.model import Tier
from tests.audit.builders import BODY, Suite


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    monkeypatch.setenv("PRETENSE_HOME", str(tmp_path))
    home = Home(tmp_path)
    ensure_home(home)
    return home


@pytest.fixture
def suite(home: Home) -> Suite:
    return Suite(home)


def run(auditor: Auditor, *flows: http.HTTPFlow) -> None:
    with taddons.context(auditor) as tctx:
        tctx.configure(auditor, pretense_audit_checkpoint_records=2)
        for flow in flows:
            auditor.responseheaders(flow)
            asyncio.run(auditor.response(flow))
        auditor.done()


def requests(home: Home) -> list[dict[str, object]]:
    return [r for r in records(home.audit_trail) if r["type"] == "request"]


def test_one_record_per_ai_request_with_what_an_auditor_asks(home: Home, suite: Suite) -> None:
    answer = b'{"content":[],"usage":{"input_tokens":12,"output_tokens":34}}'
    run(suite.auditor(), suite.ai_flow(answer, ("alice", "hunter2")))
    (record,) = requests(home)
    assert record["user"] == "alice"
    assert record["user_source"] == "proxyauth"
    assert record["provider"] == "anthropic"
    assert record["path"] == "/v1/messages"
    assert record["model"] == "claude-sonnet-5-5"
    assert record["tier"] == "restricted"
    assert record["decision"] == "rewritten"
    assert record["detections"] == {"aws_access_key_id": 1}
    assert record["tokens"] == {"input": 12, "output": 34}
    assert record["identifiers_mutated"] == 1
    assert record["identifiers"] == ["ab" * 16]  # the inspection's keyed HMACs, as they came
    text = b"".join(p.read_bytes() for p in (home.audit_trail).glob("trail-*"))
    assert b"hunter2" not in text
    assert b"AccountHolder" not in text


def test_the_trail_verifies_and_is_closed_after_done(home: Home, suite: Suite) -> None:
    run(suite.auditor(), suite.ai_flow(), suite.ai_flow(), suite.ai_flow())
    verdict = verify_trail(home.audit_trail, load_public_key(home.public_key_file))
    assert verdict.intact, verdict.problems
    assert verdict.closed
    types = [r["type"] for r in records(home.audit_trail)]
    assert types[0] == "start"
    assert types[-2:] == ["stop", "checkpoint"]
    assert types.count("checkpoint") >= 2


def test_blocked_requests_are_recorded_with_their_reason(home: Home, suite: Suite) -> None:
    flow = suite.ai_flow(blocked="it contains private key (messages.0.content, line 2).")
    run(suite.auditor(), flow)
    (record,) = requests(home)
    assert record["decision"] == "blocked"
    assert record["secrets_action"] == "blocked"
    assert record["sent_bytes"] == 0
    assert str(record["block_reason"]).startswith("it contains private key")


def test_flows_that_are_not_ai_requests_are_not_audited(home: Home, suite: Suite) -> None:
    flow = tflow.tflow(resp=True)
    run(suite.auditor(), flow)
    assert requests(home) == []


def test_streamed_answers_pass_through_and_their_usage_is_read(home: Home, suite: Suite) -> None:
    flow = suite.ai_flow()
    auditor = suite.auditor()
    chunks = [
        b'event: message_start\ndata: {"type":"message_start",'
        b'"message":{"usage":{"input_tokens":900,"output_tokens":1}}}\n\n',
        b'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"hi"}}\n\n' * 400,
        b'event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":77}}\n\n',
    ]
    with taddons.context(auditor) as tctx:
        tctx.configure(auditor)
        assert flow.response is not None
        flow.response.headers["content-type"] = "text/event-stream"
        flow.response.stream = True
        auditor.responseheaders(flow)
        stream = flow.response.stream
        assert callable(stream)
        assert [stream(c) for c in chunks] == chunks
        asyncio.run(auditor.response(flow))
        auditor.done()
    (record,) = requests(home)
    assert record["tokens"] == {"input": 900, "output": 77}
    assert record["response_bytes"] == sum(map(len, chunks))


def test_records_are_json_lines(home: Home, suite: Suite) -> None:
    run(suite.auditor(), suite.ai_flow())
    for path in (home.audit_trail).glob("trail-*"):
        for line in path.read_bytes().splitlines():
            assert isinstance(orjson.loads(line), dict)


def test_a_streamed_answer_is_fingerprinted_as_the_client_got_it(home: Home, suite: Suite) -> None:
    """After restoration: the fingerprint is of the bytes the restorer handed on, not the provider's."""
    flow = suite.ai_flow()
    auditor = suite.auditor()
    chunks = [b"data: placeholder one\n\n", b"data: placeholder two\n\n", b""]
    with taddons.context(auditor) as tctx:
        tctx.configure(auditor)
        assert flow.response is not None
        flow.response.stream = lambda chunk: (
            [chunk.replace(b"placeholder", b"AccountLedger")] if chunk else b""
        )
        auditor.responseheaders(flow)
        stream = flow.response.stream
        assert callable(stream)
        delivered = b"".join(b"".join(stream(c)) for c in chunks)
        asyncio.run(auditor.response(flow))
        auditor.done()
    (record,) = requests(home)
    key = fingerprint_key(load_key(home))
    assert record["answer_fingerprint"] == hmac.new(key, delivered, hashlib.sha256).hexdigest()
    assert record["sent_fingerprint"] == hmac.new(key, BODY, hashlib.sha256).hexdigest()


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write to the trail from now on fails as a full disk does."""

    def no_space(descriptor: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("audit.writer.os.write", no_space)


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_an_answer_whose_record_cannot_be_written_is_withheld(
    home: Home, suite: Suite, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    flow = suite.ai_flow(b'{"content":[{"type":"text","text":"the answer"}]}')
    auditor = suite.auditor()
    with taddons.context(auditor) as tctx:
        tctx.configure(auditor)
        assert flow.response is not None
        if streamed:
            flow.response.headers["content-type"] = "text/event-stream"
        flow.response.stream = streamed
        auditor.responseheaders(flow)
        full_disk(monkeypatch)
        asyncio.run(auditor.response(flow))
        assert suite.device.unrecordable is not None
        assert "No space left on device" in suite.device.unrecordable
        monkeypatch.undo()
        auditor.done()
    if streamed:
        assert flow.error is not None  # killed: the client never gets the answer's end
        assert flow.error.msg == "Connection killed."
    else:
        assert flow.response.status_code == 503
        assert b"could not record the answer" in flow.response.content
        assert b"the answer" not in flow.response.content.replace(b"record the answer", b"")
    assert len(requests(home)) == 1  # kept in memory and written once the disk took it


def test_a_tier_whose_policy_forwards_unrecorded_answers_gets_its_answer(
    home: Home, suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = home.root / "forwarding.yaml"
    policy.write_text("version: 1\ndefault_tier: internal\naudit: {unrecorded: forward}\n")
    flow = suite.ai_flow(b'{"content":"the answer"}', tier=Tier.INTERNAL)
    auditor = suite.auditor()
    auditor.state.load(policy)
    with taddons.context(auditor) as tctx:
        tctx.configure(auditor)
        full_disk(monkeypatch)
        asyncio.run(auditor.response(flow))
        monkeypatch.undo()
        auditor.done()
    assert flow.response is not None
    assert flow.response.status_code == 200


@pytest.mark.parametrize(
    ("content_type", "tier", "policy", "held"),
    [
        ("application/json", Tier.RESTRICTED, None, True),
        ("application/json", Tier.INTERNAL, None, True),  # the shipped `unrecorded: refuse`
        ("application/json", Tier.INTERNAL, "audit: {unrecorded: forward}\n", False),
        ("text/event-stream", Tier.RESTRICTED, None, False),
    ],
    ids=["restricted", "internal", "internal, forward", "event stream"],
)
def test_a_whole_answer_is_held_until_its_record_is_written(
    home: Home, suite: Suite, content_type: str, tier: Tier, policy: str | None, held: bool
) -> None:
    # With a Content-Length the client has the answer at its last byte, before the response
    # hook could wait for the record: where a tier needs the record, the answer is not streamed.
    flow = suite.ai_flow(b'{"content":"the answer"}', tier=tier)
    auditor = suite.auditor()
    if policy is not None:
        (home.root / "p.yaml").write_text(f"version: 1\ndefault_tier: internal\n{policy}")
        auditor.state.load(home.root / "p.yaml")
    with taddons.context(auditor) as tctx:
        tctx.configure(auditor)
        assert flow.response is not None
        flow.response.headers["content-type"] = content_type
        flow.response.stream = True  # what Answers leaves when there is nothing to restore
        auditor.responseheaders(flow)
        assert (flow.response.stream is False) is held
        asyncio.run(auditor.response(flow))
        auditor.done()
    assert len(requests(home)) == 1
