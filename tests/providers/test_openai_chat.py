from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutators.base import FieldKind, Syntax
from providers.exchange import restore_response, rewrite_request
from providers.openai_chat import OpenAIChat
from tests.doubles import ActiveIdentity, SwapTransform
from tests.e2e import shapes
from tests.providers.test_sse import split_at

WIRE = OpenAIChat()
SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger", "rebalance": "qv9_kx2_rb"})
ARGUMENTS = json.dumps({"path": "src/AccountLedger.py", "new": 'def rebalance():\n    "AccountLedger"'})

CHAT = {
    "model": "gpt-4.1",
    "messages": [
        {"role": "system", "content": "be brief"},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "fix AccountLedger"},
                {"type": "image_url", "image_url": {"url": "data:"}},
            ],
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "read", "arguments": '{"path": "a.py"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "class AccountLedger: pass"},
    ],
}


def test_request_fields() -> None:
    fields = WIRE.request_fields(CHAT)
    assert [(f.path, f.kind, f.syntax, f.source_path) for f in fields] == [
        (("messages", 0, "content"), FieldKind.MESSAGE, Syntax.TEXT, None),
        (("messages", 1, "content", 0, "text"), FieldKind.MESSAGE, Syntax.TEXT, None),
        (
            ("messages", 2, "tool_calls", 0, "function", "arguments"),
            FieldKind.TOOL_INPUT,
            Syntax.JSON,
            "a.py",
        ),
        (("messages", 3, "content"), FieldKind.TOOL_RESULT, Syntax.TEXT, "a.py"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        b'"AccountLedger"',
        b'{"messages": {"x": "AccountLedger"}}',
        b'{"messages": [{"role": "user", "content": {"text": "AccountLedger"}}]}',
        b'{"messages": [{"role": "assistant", "tool_calls": '
        b'[{"function": {"arguments": {"a": "AccountLedger"}}}]}]}',
    ],
)
def test_shapes_the_adapter_does_not_know_are_content_all_the_same(body: bytes) -> None:
    assert rewrite_request(WIRE, body, SWAP).body == body.replace(b"AccountLedger", b"Zq7Hx1Ledger")


def restoration():  # type: ignore[no-untyped-def]
    return SWAP.apply(WIRE.request_fields(CHAT)).restoration


def pseudonymized(text: str) -> str:
    return text.replace("AccountLedger", "Zq7Hx1Ledger").replace("rebalance", "qv9_kx2_rb")


UPSTREAM = shapes.openai_chat_stream(pseudonymized(shapes.ANSWER_TEXT), pseudonymized(ARGUMENTS))


def collect(stream: bytes) -> tuple[str, str, list[str]]:
    text, arguments, finishes = "", "", []
    for line in stream.decode().splitlines():
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        for choice in json.loads(line[6:])["choices"]:
            text += choice["delta"].get("content") or ""
            for call in choice["delta"].get("tool_calls") or []:
                arguments += call["function"].get("arguments") or ""
            if choice["finish_reason"]:
                finishes.append(choice["finish_reason"])
    return text, arguments, finishes


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_stream_restores_content_and_arguments_in_any_chunking(cuts: list[int]) -> None:
    rewriter = WIRE.stream(restoration())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    text, arguments, finishes = collect(out)
    assert text == shapes.ANSWER_TEXT
    assert arguments == ARGUMENTS
    assert finishes == ["tool_calls"]
    assert out.endswith(b"data: [DONE]\n\n")


def test_held_back_text_is_sent_before_the_finishing_chunk() -> None:
    rewriter = WIRE.stream(restoration())
    out = rewriter.feed(shapes.openai_chat_stream("ends with Zq7Hx1")) + rewriter.flush()
    chunks = [json.loads(line[6:]) for line in out.decode().splitlines() if line.startswith("data: {")]
    assert chunks[-2]["choices"] == [{"index": 0, "delta": {"content": "Zq7Hx1"}, "finish_reason": None}]
    assert chunks[-2]["id"] == chunks[-1]["id"]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_a_stream_cut_short_still_gives_back_what_was_held() -> None:
    rewriter = WIRE.stream(restoration())
    cut = shapes.openai_chat_stream("ends with Zq7Hx1").split(b'data: {"id"')
    out = rewriter.feed(b'data: {"id"'.join(cut[:-1])) + rewriter.flush()
    assert collect(out)[0] == "ends with Zq7Hx1"


@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_a_parsed_stream_with_nothing_to_restore_is_byte_exact(cuts: list[int]) -> None:
    rewriter = WIRE.stream(ActiveIdentity())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    assert out == UPSTREAM


def test_non_streamed_answer_is_restored() -> None:
    answer = shapes.openai_chat(pseudonymized(shapes.ANSWER_TEXT), pseudonymized(ARGUMENTS))
    restored = restore_response(WIRE, json.dumps(answer).encode(), restoration())
    assert restored is not None
    message = orjson.loads(restored)["choices"][0]["message"]
    assert message["content"] == shapes.ANSWER_TEXT
    assert message["tool_calls"][0]["function"]["arguments"] == ARGUMENTS


def test_error_body_is_openai_shaped() -> None:
    error = orjson.loads(WIRE.error_body(403, "no"))["error"]
    assert error == {"message": "no", "type": "permission_denied", "param": None, "code": "pretense_blocked"}


def test_sse_comments_pass_as_they_are() -> None:
    """OpenRouter keeps a slow stream open with `: OPENROUTER PROCESSING` comments."""
    comment = b": OPENROUTER PROCESSING\n\n"
    upstream = comment + UPSTREAM.replace(b"\n\ndata: ", b"\n\n" + comment + b"data: ", 1)
    rewriter = WIRE.stream(restoration())
    out = rewriter.feed(upstream) + rewriter.flush()
    assert out.startswith(comment)
    assert out.count(comment) == 2
    assert collect(out)[0] == shapes.ANSWER_TEXT
