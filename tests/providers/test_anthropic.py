from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutators.base import FieldKind, Syntax
from providers.anthropic import AnthropicMessages
from providers.errors import WireFormatError
from providers.exchange import restore_response, rewrite_request
from tests.doubles import ActiveIdentity, SwapTransform
from tests.e2e import shapes
from tests.providers.test_sse import split_at

WIRE = AnthropicMessages()
SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger", "rebalance": "qv9_kx2_rb"})

CLAUDE_CODE = {
    "model": "claude-sonnet-5-5",
    "system": [
        {"type": "text", "text": "You are Claude Code."},
        {
            "type": "text",
            "text": "<env>\nWorking directory: /src/ledger\n</env>",
            "cache_control": {"type": "ephemeral"},
        },
    ],
    "tools": [{"name": "Read", "description": "Reads a file", "input_schema": {"type": "object"}}],
    "messages": [
        {"role": "user", "content": "Why does AccountLedger.rebalance fail?"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "AccountLedger?", "signature": "sig"},
                {"type": "redacted_thinking", "data": "opaque"},
                {"type": "text", "text": "Let me read it."},
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "Read",
                    "input": {"file_path": "/src/ledger/a.py"},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_1",
                    "content": "     1\u2192class AccountLedger:\n",
                },
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBOR"}},
                {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "notes"}},
            ],
        },
    ],
    "metadata": {"user_id": "AccountLedger-user"},
}


def test_request_fields_cover_text_and_skip_signed_content() -> None:
    fields = WIRE.request_fields(CLAUDE_CODE)
    assert [(f.path, f.kind, f.role, f.source_path) for f in fields] == [
        (("system", 0, "text"), FieldKind.SYSTEM, "system", None),
        (("system", 1, "text"), FieldKind.SYSTEM, "system", None),
        (("messages", 0, "content"), FieldKind.MESSAGE, "user", None),
        (("messages", 1, "content", 2, "text"), FieldKind.MESSAGE, "assistant", None),
        (("messages", 1, "content", 3, "input", "file_path"), FieldKind.TOOL_INPUT, "assistant", None),
        (("messages", 2, "content", 0, "content"), FieldKind.TOOL_RESULT, "user", "/src/ledger/a.py"),
        (("messages", 2, "content", 2, "source", "data"), FieldKind.DOCUMENT, "user", None),
    ]


def test_rewrite_touches_text_but_never_thinking_or_metadata() -> None:
    body = json.dumps(CLAUDE_CODE).encode()
    result = rewrite_request(WIRE, body, SWAP)
    assert result.body is not None
    sent = orjson.loads(result.body)
    assert sent["messages"][0]["content"] == "Why does Zq7Hx1Ledger.qv9_kx2_rb fail?"
    assert sent["messages"][2]["content"][0]["content"] == "     1\u2192class Zq7Hx1Ledger:\n"
    assert sent["messages"][1]["content"][0] == CLAUDE_CODE["messages"][1]["content"][0]
    assert sent["metadata"] == CLAUDE_CODE["metadata"]
    assert b"AccountLedger" not in result.body.replace(b"AccountLedger?", b"").replace(
        b"AccountLedger-user", b""
    )


@pytest.mark.parametrize(
    "body",
    [
        b'["AccountLedger"]',
        b'{"messages": {"content": "AccountLedger"}}',
        b'{"messages": ["AccountLedger"]}',
        b'{"messages": [{"role": "user", "content": {"text": "AccountLedger"}}]}',
        b'{"system": {"text": "AccountLedger"}, "messages": []}',
    ],
)
def test_shapes_the_adapter_does_not_know_are_content_all_the_same(body: bytes) -> None:
    sent = rewrite_request(WIRE, body, SWAP).body
    assert sent == body.replace(b"AccountLedger", b"Zq7Hx1Ledger")


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"{", "not valid JSON"), (b'{"messages": "\xff"}', "not UTF-8"), (b'{"a": 1, "a": 2}', "twice")],
)
def test_unreadable_requests_raise(body: bytes, message: str) -> None:
    with pytest.raises(WireFormatError, match=message):
        rewrite_request(WIRE, body, SWAP)


def pseudonymized(text: str) -> str:
    return text.replace("AccountLedger", "Zq7Hx1Ledger").replace("rebalance", "qv9_kx2_rb")


def restoration():  # type: ignore[no-untyped-def]
    return SWAP.apply(WIRE.request_fields(CLAUDE_CODE)).restoration


def events(stream: bytes) -> list[dict[str, object]]:
    return [json.loads(line[6:]) for line in stream.decode().splitlines() if line.startswith("data: ")]


def collect(stream: bytes) -> tuple[str, str]:
    text, tool = "", ""
    for event in events(stream):
        delta = event.get("delta")
        if event["type"] == "content_block_delta" and isinstance(delta, dict):
            text += delta.get("text", "")
            tool += delta.get("partial_json", "")
    return text, tool


UPSTREAM = shapes.anthropic_stream(
    pseudonymized(shapes.ANSWER_TEXT), {k: pseudonymized(v) for k, v in shapes.TOOL_INPUT.items()}
)


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_stream_restores_text_and_tool_input_in_any_chunking(cuts: list[int]) -> None:
    rewriter = WIRE.stream(restoration())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    text, tool = collect(out)
    assert text == shapes.ANSWER_TEXT
    assert json.loads(tool) == shapes.TOOL_INPUT
    types = [e["type"] for e in events(out)]
    assert types[0] == "message_start"
    assert types[-1] == "message_stop"
    assert types.count("content_block_stop") == 2


def test_held_back_text_is_sent_before_the_block_stops() -> None:
    upstream = shapes.anthropic_stream("ends with Zq7Hx1")  # could still become a pseudonym
    rewriter = WIRE.stream(restoration())
    out = rewriter.feed(upstream) + rewriter.flush()
    assert collect(out)[0] == "ends with Zq7Hx1"
    parsed = events(out)
    stop = next(i for i, e in enumerate(parsed) if e["type"] == "content_block_stop")
    assert parsed[stop - 1] == {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "text_delta", "text": "Zq7Hx1"},
    }


@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_a_parsed_stream_with_nothing_to_restore_is_byte_exact(cuts: list[int]) -> None:
    rewriter = WIRE.stream(ActiveIdentity())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    assert out == UPSTREAM


def test_non_streamed_answer_is_restored_in_text_and_tool_input() -> None:
    answer = shapes.anthropic_message(pseudonymized(shapes.ANSWER_TEXT), {"old_string": "Zq7Hx1Ledger()"})
    restored = restore_response(WIRE, json.dumps(answer).encode(), restoration())
    assert restored is not None
    content = orjson.loads(restored)["content"]
    assert content[0]["text"] == shapes.ANSWER_TEXT
    assert content[1]["input"] == {"old_string": "AccountLedger()"}


def test_error_body_is_anthropic_shaped() -> None:
    assert orjson.loads(WIRE.error_body(403, "no")) == {
        "type": "error",
        "error": {"type": "permission_error", "message": "no"},
    }


def test_tool_input_deltas_are_json_syntax() -> None:
    seen: list[Syntax] = []

    class Recording:
        active = True

        def restorer(self, syntax: Syntax):  # type: ignore[no-untyped-def]
            seen.append(syntax)
            return ActiveIdentity().restorer(syntax)

    rewriter = WIRE.stream(Recording())
    rewriter.feed(shapes.anthropic_stream("hi", {"a": "b"}))
    assert seen == [Syntax.TEXT, Syntax.JSON]


def test_a_stream_cut_short_still_gives_back_what_was_held() -> None:
    upstream = shapes.anthropic_stream("ends with Zq7Hx1")
    rewriter = WIRE.stream(restoration())
    out = rewriter.feed(upstream.split(b"event: content_block_stop")[0]) + rewriter.flush()
    assert collect(out)[0] == "ends with Zq7Hx1"


def test_edit_and_write_inputs_carry_the_file_they_change() -> None:
    edit = {
        "type": "tool_use",
        "id": "toolu_2",
        "name": "MultiEdit",
        "input": {
            "file_path": "/src/ledger/a.py",
            "edits": [{"old_string": "class AccountLedger:", "new_string": "class AccountLedger(Base):"}],
        },
    }
    fields = WIRE.request_fields({"messages": [{"role": "assistant", "content": [edit]}]})
    assert [(f.path[-1], f.source_path) for f in fields] == [
        ("file_path", None),
        ("old_string", "/src/ledger/a.py"),
        ("new_string", "/src/ledger/a.py"),
    ]
