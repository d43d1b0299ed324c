"""The recorder reads an answer's code off the event loop: the answer as the client got it,
content-encoded or not; nothing for an error, a refusal or a blocked request."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson

from attestations.lines import line_fingerprint, lines_key
from attestations.recorder import MAX_WAITING, Answered, ProvenanceRecorder, exchange_of
from attestations.store import ProvenanceLog
from providers.routes import RouteTable
from tests.e2e import shapes

KEY = lines_key(b"k" * 32)
ROUTE = RouteTable().match("api.anthropic.com", "/v1/messages")
EDIT = {"file_path": "/src/a.py", "old_string": "x", "new_string": "total = round(amount, 2)\n"}
REQUEST = b'{"model":"claude-sonnet-5-5","messages":[]}'


def answered(answer: list[bytes], **fields: object) -> Answered:
    values: dict[str, object] = {
        "epoch": 100.0,
        "flow": "f1",
        "user_agent": "claude-cli/2.0.1 (external, cli)",
        "provider": "anthropic",
        "path": "/v1/messages",
        "model": "",
        "request": REQUEST,
        "wire": ROUTE.wire if ROUTE is not None else None,
        "answer": answer,
        "streamed": True,
        "encoding": "",
        "key": KEY,
    }
    return Answered(**(values | fields))  # type: ignore[arg-type]


def test_an_answers_lines_are_fingerprinted_with_who_and_which_model() -> None:
    exchange = exchange_of(answered([shapes.anthropic_stream("ok", EDIT, "Edit")]))
    assert exchange.files == (("/src/a.py", frozenset({line_fingerprint(KEY, "total = round(amount, 2)")})),)
    assert (exchange.agent, exchange.model) == ("claude-code", "claude-sonnet-5-5")


def test_a_compressed_answer_is_decoded_first() -> None:
    body = gzip.compress(orjson.dumps(shapes.anthropic_message("ok", EDIT, "Edit")))
    exchange = exchange_of(answered([body[:9], body[9:]], streamed=False, encoding="gzip"))
    assert exchange.files[0][0] == "/src/a.py"


def test_errors_refusals_and_blocks_produced_nothing() -> None:
    stream = [shapes.anthropic_stream("ok", EDIT, "Edit")]
    assert exchange_of(answered(stream, answered=False)).files == ()
    assert exchange_of(answered(stream, blocked=True)).files == ()
    assert exchange_of(answered(stream, encoding="compress")).files == ()  # not an encoding we read


def test_the_recorder_thread_logs_each_answer(tmp_path: Path) -> None:
    recorder = ProvenanceRecorder(ProvenanceLog(tmp_path))
    recorder.start()
    recorder.submit(answered([b"data: {not json\n\n"], flow="broken"))
    recorder.submit(answered([shapes.anthropic_stream("ok", EDIT, "Edit")], flow="good"))
    recorder.drain()
    recorder.close()
    assert [x.flow for x in ProvenanceLog(tmp_path).read()] == ["broken", "good"]


def test_answers_waiting_at_stop_are_still_recorded(tmp_path: Path) -> None:
    recorder = ProvenanceRecorder(ProvenanceLog(tmp_path))
    recorder.start()
    for n in range(3):
        recorder.submit(answered([shapes.anthropic_stream("ok", EDIT, "Edit")], flow=f"f{n}"))
    recorder.close()
    assert [x.flow for x in ProvenanceLog(tmp_path).read()] == ["f0", "f1", "f2"]


def test_too_many_waiting_are_dropped_and_said_so(tmp_path: Path) -> None:
    recorder = ProvenanceRecorder(ProvenanceLog(tmp_path))  # not started: nothing is taken
    for n in range(MAX_WAITING + 2):
        recorder.submit(answered([b""], flow=f"f{n}"))
    assert recorder.dropped_at is not None
    assert recorder.drain(timeout=0.05) is False  # nobody records them: it says so, in time
