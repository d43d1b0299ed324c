"""Gemini API and Gemini CLI's Code Assist variant: request text, answers streamed and not."""

from __future__ import annotations

import json

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from mutators.base import FieldKind
from providers.exchange import restore_response, rewrite_request
from providers.gemini import Gemini
from tests.doubles import ActiveIdentity, SwapTransform
from tests.e2e import shapes
from tests.providers.test_sse import split_at

WIRE = Gemini("gemini", wrapped=False)
CLI = Gemini("gemini-code-assist", wrapped=True)
SWAP = SwapTransform({"AccountLedger": "Zq7Hx1Ledger", "rebalance": "qv9_kx2_rb"})
ARGS = {
    "file_path": "/w/ledger.py",
    "old_string": "def rebalance():",
    "new_string": "class AccountLedger: pass",
}
REQUEST = {
    "systemInstruction": {"parts": [{"text": "You maintain AccountLedger."}]},
    "contents": [
        {
            "role": "user",
            "parts": [
                {"text": "fix AccountLedger.rebalance"},
                {"inlineData": {"mimeType": "image/png", "data": "AccountLedger"}},
            ],
        },
        {
            "role": "model",
            "parts": [
                {"text": "thinking about AccountLedger", "thought": True, "thoughtSignature": "sig"},
                {
                    "functionCall": {"name": "read_file", "args": {"absolute_path": "/w/ledger.py"}},
                    "thoughtSignature": "sig2",
                },
            ],
        },
        {
            "role": "user",
            "parts": [
                {
                    "functionResponse": {
                        "name": "read_file",
                        "response": {"output": "class AccountLedger: pass"},
                    }
                }
            ],
        },
    ],
    "tools": [{"functionDeclarations": [{"name": "read_file", "description": "reads AccountLedger"}]}],
}


def test_request_fields_and_what_is_never_touched() -> None:
    fields = WIRE.request_fields(REQUEST)
    assert [(f.path, f.kind, f.source_path) for f in fields] == [
        (("systemInstruction", "parts", 0, "text"), FieldKind.SYSTEM, None),
        (("contents", 0, "parts", 0, "text"), FieldKind.MESSAGE, None),
        (
            ("contents", 1, "parts", 1, "functionCall", "args", "absolute_path"),
            FieldKind.TOOL_INPUT,
            "/w/ledger.py",
        ),
        (
            ("contents", 2, "parts", 0, "functionResponse", "response", "output"),
            FieldKind.TOOL_RESULT,
            "/w/ledger.py",
        ),
    ]
    sent = orjson.loads(rewrite_request(WIRE, json.dumps(REQUEST).encode(), SWAP).body or b"")
    assert sent["contents"][0]["parts"][1]["inlineData"]["data"] == "AccountLedger"  # inline data untouched
    assert sent["contents"][1]["parts"][0]["thoughtSignature"] == "sig"
    # A function's name is the client's contract; its description is text like any other.
    assert sent["tools"] == [
        {"functionDeclarations": [{"name": "read_file", "description": "reads Zq7Hx1Ledger"}]}
    ]


def test_gemini_cli_wraps_the_same_request() -> None:
    wrapped = {"model": "gemini-2.5-pro", "project": "p", "request": REQUEST}
    fields = CLI.request_fields(wrapped)
    assert fields[1].path == ("request", "contents", 0, "parts", 0, "text")
    sent = orjson.loads(rewrite_request(CLI, json.dumps(wrapped).encode(), SWAP).body or b"")["request"]
    assert sent["contents"][0]["parts"][0]["text"] == "fix Zq7Hx1Ledger.qv9_kx2_rb"
    assert (
        sent["contents"][2]["parts"][0]["functionResponse"]["response"]["output"]
        == "class Zq7Hx1Ledger: pass"
    )


def restoration():  # type: ignore[no-untyped-def]
    return SWAP.apply(WIRE.request_fields(REQUEST)).restoration


def pseudonymized(text: str) -> str:
    return text.replace("AccountLedger", "Zq7Hx1Ledger").replace("rebalance", "qv9_kx2_rb")


SENT_ARGS = {k: pseudonymized(v) for k, v in ARGS.items()}


def collect(stream: bytes, wrapped: bool) -> tuple[str, list[dict[str, str]], list[str]]:
    text, calls, signatures = "", [], []
    for line in stream.decode().splitlines():
        if not line.startswith("data: "):
            continue
        body = json.loads(line[6:])
        body = body["response"] if wrapped else body
        for part in body["candidates"][0]["content"]["parts"]:
            text += part.get("text", "")
            if "functionCall" in part:
                calls.append(part["functionCall"]["args"])
                signatures.append(part["thoughtSignature"])
    return text, calls, signatures


@settings(max_examples=40)
@given(st.booleans(), st.lists(st.integers(min_value=0, max_value=2000), max_size=15))
def test_streams_are_restored_in_any_chunking(wrapped: bool, cuts: list[int]) -> None:
    upstream = shapes.gemini_stream(pseudonymized(shapes.ANSWER_TEXT) + " ends Zq7Hx1", SENT_ARGS, wrapped)
    rewriter = (CLI if wrapped else WIRE).stream(restoration())
    out = (
        b"".join(rewriter.feed(p) for p in split_at(upstream, [c % (len(upstream) + 1) for c in cuts]))
        + rewriter.flush()
    )
    text, calls, signatures = collect(out, wrapped)
    assert text == shapes.ANSWER_TEXT + " ends Zq7Hx1"
    assert calls == [ARGS]
    assert signatures == ["CiQBopaqueZq7Hxw"]


def test_a_stream_with_nothing_to_restore_is_byte_exact() -> None:
    upstream = shapes.gemini_stream(shapes.ANSWER_TEXT, ARGS)
    rewriter = WIRE.stream(ActiveIdentity())
    assert rewriter.feed(upstream) + rewriter.flush() == upstream


def test_non_streamed_answers_are_restored() -> None:
    answer = shapes.gemini(pseudonymized(shapes.ANSWER_TEXT), SENT_ARGS)
    restored = orjson.loads(restore_response(WIRE, json.dumps(answer).encode(), restoration()) or b"")
    parts = restored["candidates"][0]["content"]["parts"]
    assert parts[0]["text"] == shapes.ANSWER_TEXT
    assert parts[1]["functionCall"]["args"] == ARGS
    wrapped = orjson.loads(
        restore_response(CLI, json.dumps({"response": answer}).encode(), restoration()) or b""
    )
    assert wrapped["response"]["candidates"][0]["content"]["parts"][0]["text"] == shapes.ANSWER_TEXT


def test_error_body_is_google_shaped() -> None:
    assert orjson.loads(WIRE.error_body(403, "no")) == {
        "error": {"code": 403, "message": "no", "status": "PERMISSION_DENIED"}
    }
