"""Answers to rewritten requests come back restored, streamed or not; upstream errors pass
as they are; an answer that cannot be restored is not passed on half-restored."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from mitmproxy import http
from mitmproxy.test import taddons

from inspection.request import Verdict
from installation.home import Home
from policy.model import Tier
from tests.addons.suite import Parts
from tests.doubles import SwapTransform
from tests.e2e import shapes

SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger"})


def answered(tmp_path: Path, response: http.Response) -> tuple[Parts, http.HTTPFlow]:
    parts = Parts(Home(tmp_path))
    flow = parts.ai_flow(b"{}")
    exchange = parts.exchanges.get(flow)
    assert exchange is not None
    restoration = SWAP.apply([]).restoration
    exchange.verdict = Verdict(Tier.RESTRICTED, restoration=type(restoration)(restoration.originals, True))
    flow.response = response
    return parts, flow


def test_a_gzip_stream_is_decoded_and_restored(tmp_path: Path) -> None:
    parts, flow = answered(
        tmp_path,
        http.Response.make(200, b"", {"content-type": "text/event-stream", "content-encoding": "gzip"}),
    )
    answers = parts.answers()
    upstream = gzip.compress(shapes.anthropic_stream("see Zq7Hx1Ledger"))
    with taddons.context(answers):
        answers.responseheaders(flow)
        assert flow.response is not None
        stream = flow.response.stream
        assert callable(stream)
        out = b"".join(b"".join(stream(upstream[i : i + 5])) for i in range(0, len(upstream), 5))
        out += b"".join(stream(b""))
    assert "content-encoding" not in flow.response.headers
    deltas = [json.loads(line[6:]) for line in out.decode().splitlines() if '"text_delta"' in line]
    assert "".join(d["delta"]["text"] for d in deltas) == "see AccountLedger"


@pytest.mark.parametrize("status", [400, 429, 500, 529])
def test_upstream_errors_pass_unchanged(tmp_path: Path, status: int) -> None:
    error = b'{"type":"error","error":{"type":"x","message":"Zq7Hx1Ledger"}}'
    parts, flow = answered(tmp_path, http.Response.make(status, error, {"content-type": "application/json"}))
    answers = parts.answers()
    with taddons.context(answers):
        answers.responseheaders(flow)
        answers.response(flow)
    assert flow.response is not None
    assert flow.response.stream is True
    assert flow.response.content == error


def test_a_json_answer_is_restored(tmp_path: Path) -> None:
    answer = json.dumps(shapes.anthropic_message("Zq7Hx1Ledger is fine")).encode()
    parts, flow = answered(tmp_path, http.Response.make(200, answer, {"content-type": "application/json"}))
    answers = parts.answers()
    with taddons.context(answers):
        answers.responseheaders(flow)
        answers.response(flow)
    assert flow.response is not None
    assert json.loads(flow.response.content or b"")["content"][0]["text"] == "AccountLedger is fine"


def test_an_answer_that_cannot_be_restored_is_an_error_not_half_an_answer(tmp_path: Path) -> None:
    parts, flow = answered(
        tmp_path, http.Response.make(200, b"{not json", {"content-type": "application/json"})
    )
    answers = parts.answers()
    with taddons.context(answers):
        answers.responseheaders(flow)
        answers.response(flow)
    assert flow.response is not None
    assert flow.response.status_code == 502
    assert b"could not restore" in (flow.response.content or b"")
    exchange = parts.exchanges.get(flow)
    assert exchange is not None
    assert exchange.failure is not None


class Exploding:
    """A restoration whose restorer fails on the first text it is given."""

    active = True

    def restorer(self, syntax: object) -> Exploding:
        return self

    def feed(self, text: str) -> str:
        raise RuntimeError("a bug")

    def flush(self) -> str:
        return ""


def test_a_stream_that_breaks_while_restoring_is_cut(tmp_path: Path) -> None:
    parts, flow = answered(tmp_path, http.Response.make(200, b"", {"content-type": "text/event-stream"}))
    exchange = parts.exchanges.get(flow)
    assert exchange is not None
    exchange.verdict = Verdict(Tier.RESTRICTED, restoration=Exploding())  # type: ignore[arg-type]
    answers = parts.answers()
    events = shapes.anthropic_stream("Zq7Hx1Ledger")
    first_delta = events.index(b"event: content_block_delta")
    with taddons.context(answers):
        answers.responseheaders(flow)
        assert flow.response is not None
        stream = flow.response.stream
        assert callable(stream)
        assert stream(events[:first_delta]) != []  # message_start, content_block_start: passed on
        assert stream(events[first_delta:]) == []  # the first text delta breaks the restorer: cut
        assert stream(b"") == []
    assert exchange.failure == "RuntimeError while restoring the stream"
