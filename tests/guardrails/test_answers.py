"""Held answers, per wire format, fed in every chunking: text streams before a call is
complete, a released call comes out byte for byte, a replaced one leaves a stream whose
indices, stop reasons and sequence numbers agree."""

from __future__ import annotations

import json
from collections.abc import Callable

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardrails.answers import RELEASED, FoundCall, HeldStream, Outcome
from guardrails.wires import held_body, held_stream, may_get_calls
from mutators.base import NO_RESTORATION
from tests.e2e import shapes

COMMAND = {"command": 'rm -rf "/srv/data" && echo \u00e9t\u00e9', "description": "wipe"}
Decide = Callable[[FoundCall], Outcome]
DENY: Decide = lambda found: Outcome(False, f"held call {found.key} refused")  # noqa: E731
RELEASE: Decide = lambda found: RELEASED  # noqa: E731

STREAMS = {
    "anthropic-messages": shapes.anthropic_stream("Let me clean up.", COMMAND, "Bash", fragment=3),
    "openai-chat": shapes.openai_chat_stream("Cleaning.", json.dumps(COMMAND), "shell"),
    "openai-responses": shapes.openai_responses_stream(
        "Cleaning.", json.dumps(COMMAND), "*** Begin Patch\n*** Update File: a.py\n*** End Patch"
    ),
    "gemini": shapes.gemini_stream("Cleaning.", COMMAND, function="run_shell_command"),
    "gemini-code-assist": shapes.gemini_stream(
        "Cleaning.", COMMAND, wrapped=True, function="run_shell_command"
    ),
}


def run(wire: str, body: bytes, decide: Decide, sizes: list[int]) -> tuple[bytes, list[FoundCall]]:
    stream = held_stream(wire, NO_RESTORATION)
    assert stream is not None
    out, found, position, turn = b"", [], 0, 0
    while position < len(body):
        size = sizes[turn % len(sizes)]
        for call in stream.feed(body[position : position + size]):
            found.append(call)
            stream.decide(call.key, decide(call))
        out += stream.ready()
        position, turn = position + size, turn + 1
    for call in stream.finish():
        found.append(call)
        stream.decide(call.key, decide(call))
    return out + stream.ready(), found


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 64), min_size=1, max_size=8), wire=st.sampled_from(sorted(STREAMS)))
def test_a_released_call_comes_out_byte_for_byte_in_any_chunking(sizes: list[int], wire: str) -> None:
    out, found = run(wire, STREAMS[wire], RELEASE, sizes)
    assert out == STREAMS[wire]
    assert found[0].call.arguments["command"] == COMMAND["command"]


@pytest.mark.parametrize("wire", sorted(STREAMS))
def test_text_before_a_call_streams_while_the_call_waits(wire: str) -> None:
    stream = held_stream(wire, NO_RESTORATION)
    assert stream is not None
    body = STREAMS[wire]
    found = stream.feed(body)
    assert found, "the call is complete"
    waiting = stream.ready()
    assert b"Clean" in waiting or b"clean" in waiting
    assert b"rm -rf" not in waiting, "nothing of the call before its outcome"
    assert stream.waiting
    stream.decide(found[0].key, Outcome(False, "refused here"))
    for call in found[1:]:
        stream.decide(call.key, RELEASED)
    rest = stream.ready()
    assert b"refused here" in rest
    assert not stream.waiting


def events(body: bytes) -> list[dict[str, object]]:
    return [
        orjson.loads(line[5:])
        for line in body.split(b"\n")
        if line.startswith(b"data:") and line[5:].strip() != b"[DONE]"
    ]


def test_anthropic_replacement_is_a_text_block_at_the_same_index_and_the_turn_ends() -> None:
    out, _ = run("anthropic-messages", STREAMS["anthropic-messages"], DENY, [5])
    data = events(out)
    starts = [e for e in data if e["type"] == "content_block_start"]
    assert [(s["index"], s["content_block"]["type"]) for s in starts] == [(0, "text"), (1, "text")]  # type: ignore[index]
    assert next(e for e in data if e["type"] == "message_delta")["delta"]["stop_reason"] == "end_turn"  # type: ignore[index]
    assert "held call 0 refused" in out.decode()


BASH = {"name": "Bash", "arguments": ""}


def test_openai_chat_keeps_a_released_call_numbered_from_zero_when_the_one_before_is_replaced() -> None:
    def chunk(delta: dict[str, object], finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return (
            b"data: "
            + orjson.dumps({"id": "c", "object": "chat.completion.chunk", "choices": [choice]})
            + b"\n\n"
        )

    body = b"".join(
        [
            chunk({"role": "assistant", "content": ""}),
            chunk({"tool_calls": [{"index": 0, "id": "a", "type": "function", "function": BASH}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"command": "rm -rf /"}'}}]}),
            chunk({"tool_calls": [{"index": 1, "id": "b", "type": "function", "function": BASH}]}),
            chunk({"tool_calls": [{"index": 1, "function": {"arguments": '{"command": "ls"}'}}]}),
            chunk({}, "tool_calls"),
            b"data: [DONE]\n\n",
        ]
    )  # fmt: skip
    out, found = run("openai-chat", body, lambda f: RELEASED if f.key == 1 else Outcome(False, "no"), [7])
    assert [f.call.arguments for f in found] == [{"command": "rm -rf /"}, {"command": "ls"}]
    data = events(out)
    calls = [c for e in data for c in e["choices"][0]["delta"].get("tool_calls", [])]  # type: ignore[index,union-attr]
    assert {c["index"] for c in calls} == {0}
    assert [c["id"] for c in calls if "id" in c] == ["b"]
    assert data[-1]["choices"][0]["finish_reason"] == "tool_calls"  # type: ignore[index]
    assert out.endswith(b"data: [DONE]\n\n")


def test_openai_chat_finishes_with_stop_when_no_call_is_left() -> None:
    out, _ = run("openai-chat", STREAMS["openai-chat"], DENY, [11])
    data = events(out)
    assert data[-1]["choices"][0]["finish_reason"] == "stop"  # type: ignore[index]
    assert not any("tool_calls" in e["choices"][0]["delta"] for e in data)  # type: ignore[index,operator]


def test_responses_replaced_items_agree_in_every_copy_and_numbers_stay_consecutive() -> None:
    out, found = run("openai-responses", STREAMS["openai-responses"], DENY, [13])
    assert [f.call.tool for f in found] == ["shell", "apply_patch"]
    data = events(out)
    assert [e["sequence_number"] for e in data] == list(range(len(data)))
    completed = data[-1]["response"]["output"]  # type: ignore[index]
    done = {e["output_index"]: e["item"] for e in data if e["type"] == "response.output_item.done"}
    assert [item["type"] for item in completed] == ["reasoning", "message", "message", "message"]
    assert completed == [done[index] for index in range(len(completed))]


def test_gemini_replaced_call_becomes_text_without_its_signature() -> None:
    out, _ = run("gemini", STREAMS["gemini"], DENY, [9])
    parts = [p for e in events(out) for p in e["candidates"][0]["content"]["parts"]]  # type: ignore[index]
    assert {"text": "held call 0 refused"} in parts
    assert not any("functionCall" in p or "thoughtSignature" in p for p in parts)


def test_a_call_cut_off_by_the_end_of_the_stream_is_never_sent() -> None:
    body = STREAMS["anthropic-messages"]
    cut = body[: body.index(b"content_block_stop", body.index(b"tool_use"))]
    out, found = run("anthropic-messages", cut, RELEASE, [17])
    assert found == []
    assert b"tool_use" not in out


@pytest.mark.parametrize(
    ("wire", "body"),
    [
        ("anthropic-messages", shapes.anthropic_message("ok", COMMAND, "Bash")),
        ("openai-chat", shapes.openai_chat("ok", json.dumps(COMMAND), "shell")),
        ("openai-responses", shapes.openai_responses("ok", json.dumps(COMMAND))),
        ("gemini", shapes.gemini("ok", COMMAND, "run_shell_command")),
    ],
)
def test_whole_answers_released_as_sent_or_replaced(wire: str, body: dict[str, object]) -> None:
    held = held_body(wire, NO_RESTORATION)
    assert held is not None
    raw = json.dumps(body).encode()
    found = held.calls(orjson.loads(raw))
    assert found[0].call.arguments["command"] == COMMAND["command"]
    assert held.render(raw, {f.key: RELEASED for f in found}) == raw
    replaced = held.render(raw, {f.key: Outcome(False, "not run") for f in found}).decode()
    assert "not run" in replaced
    assert "rm -rf" not in replaced


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"messages": [], "tools": [{"name": "Bash"}]}', True),
        (b'{"contents": [], "tools": [{"functionDeclarations": []}]}', True),
        (b'{"messages": [{"role": "user", "content": "hi"}]}', False),
        (b'{"messages": [], "\\u0074ools": []}', True),
    ],
)
def test_only_requests_that_declare_tools_can_get_calls_back(body: bytes, expected: bool) -> None:
    assert may_get_calls("anthropic-messages", body) is expected
    assert may_get_calls("copilot-completions", body) is False


def test_keepalives_are_the_providers_own() -> None:
    streams: dict[str, HeldStream | None] = {w: held_stream(w, NO_RESTORATION) for w in STREAMS}
    assert streams["anthropic-messages"].keepalive == b'event: ping\ndata: {"type": "ping"}\n\n'  # type: ignore[union-attr]
    assert streams["openai-chat"].keepalive == b": keep-alive\n\n"  # type: ignore[union-attr]
    assert streams["gemini"].keepalive == b"\n"  # type: ignore[union-attr]
