"""OpenAI Responses (Codex): every text field of a request, and every copy of the answer's
text in a stream (deltas, `.done`, parts, items, `response.completed`) restored alike."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutators.base import FieldKind, Syntax
from providers.exchange import restore_response, rewrite_request
from providers.openai_responses import OpenAIResponses
from tests.doubles import ActiveIdentity, SwapTransform
from tests.e2e import shapes
from tests.providers.test_sse import split_at

WIRE = OpenAIResponses()
SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger", "rebalance": "qv9_kx2_rb"})
ARGUMENTS = json.dumps({"command": ["rg", "AccountLedger"], "workdir": "/w"})
PATCH = (
    "*** Begin Patch\n*** Update File: src/ledger.py\n-def rebalance():\n+def rebalance(x):\n*** End Patch"
)

REQUEST = {
    "model": "gpt-5-codex",
    "instructions": "You are Codex. Keep AccountLedger tidy.",
    "input": [
        {
            "type": "message",
            "role": "developer",
            "content": [{"type": "input_text", "text": "<cwd>/w</cwd>"}],
        },
        {"role": "user", "content": "fix AccountLedger.rebalance"},
        {
            "type": "reasoning",
            "id": "rs_0",
            "encrypted_content": "gAAAAopaque",
            "summary": [{"type": "summary_text", "text": "look at rebalance"}],
        },
        {
            "type": "function_call",
            "call_id": "call_1",
            "name": "read",
            "arguments": '{"path": "src/ledger.py"}',
        },
        {"type": "function_call_output", "call_id": "call_1", "output": "class AccountLedger: pass"},
        {"type": "custom_tool_call", "call_id": "call_2", "name": "apply_patch", "input": PATCH},
        {"type": "custom_tool_call_output", "call_id": "call_2", "output": "Done!"},
        {
            "type": "local_shell_call",
            "call_id": "call_3",
            "action": {"type": "exec", "command": ["cat", "AccountLedger.py"]},
        },
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "AccountLedger fixed"}],
        },
    ],
    "tools": [
        {
            "type": "function",
            "name": "read",
            "description": "reads AccountLedger files",
            "parameters": {"type": "object", "properties": {"AccountLedger": {"type": "string"}}},
        }
    ],
}


def test_request_fields() -> None:
    fields = WIRE.request_fields(REQUEST)
    assert [(f.path, f.kind, f.syntax, f.source_path) for f in fields] == [
        (("instructions",), FieldKind.SYSTEM, Syntax.TEXT, None),
        (("input", 0, "content", 0, "text"), FieldKind.SYSTEM, Syntax.TEXT, None),
        (("input", 1, "content"), FieldKind.MESSAGE, Syntax.TEXT, None),
        (("input", 2, "summary", 0, "text"), FieldKind.MESSAGE, Syntax.TEXT, None),
        (("input", 3, "arguments"), FieldKind.TOOL_INPUT, Syntax.JSON, "src/ledger.py"),
        (("input", 4, "output"), FieldKind.TOOL_RESULT, Syntax.TEXT, "src/ledger.py"),
        (("input", 5, "input"), FieldKind.TOOL_INPUT, Syntax.TEXT, None),
        (("input", 6, "output"), FieldKind.TOOL_RESULT, Syntax.TEXT, None),
        (("input", 7, "action", "command", 0), FieldKind.TOOL_INPUT, Syntax.TEXT, None),
        (("input", 7, "action", "command", 1), FieldKind.TOOL_INPUT, Syntax.TEXT, None),
        (("input", 8, "content", 0, "text"), FieldKind.MESSAGE, Syntax.TEXT, None),
    ]


def test_a_request_is_rewritten_in_place_and_opaque_parts_are_untouched() -> None:
    body = json.dumps(REQUEST).encode()
    result = rewrite_request(WIRE, body, SWAP)
    assert result.body is not None
    sent = orjson.loads(result.body)
    assert "AccountLedger" not in json.dumps(sent["input"])
    assert sent["instructions"] == "You are Codex. Keep Zq7Hx1Ledger tidy."
    assert sent["input"][2]["encrypted_content"] == "gAAAAopaque"
    # A tool's name and schema are the client's contract; its description is text like any other.
    assert [(tool["name"], tool["parameters"]) for tool in sent["tools"]] == [
        (tool["name"], tool["parameters"]) for tool in REQUEST["tools"]
    ]
    assert sent["tools"][0]["description"] == "reads Zq7Hx1Ledger files"
    assert (
        rewrite_request(WIRE, b'{"input": "plain AccountLedger"}', SWAP).body
        == b'{"input": "plain Zq7Hx1Ledger"}'
    )


@pytest.mark.parametrize(
    "body",
    [b'["AccountLedger"]', b'{"input": {"text": "AccountLedger"}}', b'{"input": ["AccountLedger"]}'],
)
def test_shapes_the_adapter_does_not_know_are_content_all_the_same(body: bytes) -> None:
    assert rewrite_request(WIRE, body, SWAP).body == body.replace(b"AccountLedger", b"Zq7Hx1Ledger")


def restoration():  # type: ignore[no-untyped-def]
    return SWAP.apply(WIRE.request_fields(REQUEST)).restoration


def pseudonymized(text: str) -> str:
    return text.replace("AccountLedger", "Zq7Hx1Ledger").replace("rebalance", "qv9_kx2_rb")


UPSTREAM = shapes.openai_responses_stream(
    pseudonymized(shapes.ANSWER_TEXT), pseudonymized(ARGUMENTS), pseudonymized(PATCH)
)


def every_copy(stream: bytes) -> dict[str, list[str]]:
    """Each place the answer's text, arguments and patch appear in a stream."""
    copies: dict[str, list[str]] = {"text": [], "arguments": [], "patch": []}
    deltas = {
        "response.output_text.delta": "",
        "response.function_call_arguments.delta": "",
        "response.custom_tool_call_input.delta": "",
    }
    for line in stream.decode().splitlines():
        if not line.startswith("data: "):
            continue
        event = json.loads(line[6:])
        kind = event["type"]
        if kind in deltas:
            deltas[kind] += event["delta"]
        elif kind == "response.output_text.done":
            copies["text"].append(event["text"])
        elif kind == "response.content_part.done":
            copies["text"].append(event["part"]["text"])
        elif kind == "response.function_call_arguments.done":
            copies["arguments"].append(event["arguments"])
        elif kind == "response.custom_tool_call_input.done":
            copies["patch"].append(event["input"])
        items = [event["item"]] if kind == "response.output_item.done" else []
        items += event["response"]["output"] if kind == "response.completed" else []
        for item in items:
            if item["type"] == "message":
                copies["text"].append(item["content"][0]["text"])
            elif item["type"] == "function_call":
                copies["arguments"].append(item["arguments"])
            elif item["type"] == "custom_tool_call":
                copies["patch"].append(item["input"])
    copies["text"].append(deltas["response.output_text.delta"])
    copies["arguments"].append(deltas["response.function_call_arguments.delta"])
    copies["patch"].append(deltas["response.custom_tool_call_input.delta"])
    return copies


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_every_copy_of_the_answer_is_restored_alike_in_any_chunking(cuts: list[int]) -> None:
    rewriter = WIRE.stream(restoration())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    copies = every_copy(out)
    assert copies["text"] == [shapes.ANSWER_TEXT] * 5  # done, part, item, completed, deltas
    assert copies["arguments"] == [ARGUMENTS] * 4
    assert copies["patch"] == [PATCH] * 4
    assert b"gAAAAABoOpaqueZq7HxAccountLedger==" in out  # encrypted content untouched


def test_held_back_text_goes_out_as_a_delta_just_before_its_done_event() -> None:
    rewriter = WIRE.stream(restoration())
    out = rewriter.feed(shapes.openai_responses_stream("ends with Zq7Hx1")) + rewriter.flush()
    events = [json.loads(line[6:]) for line in out.decode().splitlines() if line.startswith("data: ")]
    done = next(i for i, e in enumerate(events) if e["type"] == "response.output_text.done")
    assert events[done - 1]["type"] == "response.output_text.delta"
    assert events[done - 1]["delta"] == "Zq7Hx1"
    assert events[done - 1]["item_id"] == "msg_1"
    assert b"event: response.output_text.delta\ndata: " in out


@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_a_stream_with_nothing_to_restore_is_byte_exact(cuts: list[int]) -> None:
    rewriter = WIRE.stream(ActiveIdentity())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    assert out == UPSTREAM


def test_non_streamed_answer_is_restored() -> None:
    answer = shapes.openai_responses(
        pseudonymized(shapes.ANSWER_TEXT), pseudonymized(ARGUMENTS), pseudonymized(PATCH)
    )
    restored = restore_response(WIRE, json.dumps(answer).encode(), restoration())
    assert restored is not None
    output = orjson.loads(restored)["output"]
    assert output[1]["content"][0]["text"] == shapes.ANSWER_TEXT
    assert output[2]["arguments"] == ARGUMENTS
    assert output[3]["input"] == PATCH
    assert output[0]["encrypted_content"] == "gAAAAABoOpaqueZq7HxAccountLedger=="
