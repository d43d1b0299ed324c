"""GitHub Copilot's inline completions: what is read in a request, the answer restored in
any chunking, code-citation offsets moved with the text, and the hosts a token names."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutators.base import FieldKind
from providers.copilot import CopilotCompletions, is_host_name, token_hosts
from providers.exchange import restore_response, rewrite_request
from tests.doubles import ActiveIdentity, SwapTransform
from tests.e2e import shapes
from tests.providers.test_sse import split_at

WIRE = CopilotCompletions()
SWAP = SwapTransform({"AccountLedger": "ZqHx", "rebalance": "zq_kx2_rebalancing"})
REQUEST = {
    "prompt": "# Path: src/ledger/accounts.py\nclass AccountLedger:\n    def rebalance(self):\n",
    "suffix": "\n\nledger = AccountLedger()\n",
    "max_tokens": 500,
    "temperature": 0,
    "top_p": 1,
    "n": 1,
    "stop": ["\n"],
    "nwo": "acme/ledger",
    "stream": True,
    "extra": {
        "language": "python",
        "next_indent": 8,
        "trim_by_indentation": True,
        "prompt_tokens": 18,
        "suffix_tokens": 9,
        "context": ["# Path: src/ledger/report.py\nfrom .accounts import AccountLedger\n", 7],
    },
}
# Each pseudonym has a length other than its name's: offsets after it move.
ANSWER = "self.rebalance() # 🚀 AccountLedger is done\n"


def pseudonymized(text: str) -> str:
    return text.replace("AccountLedger", "ZqHx").replace("rebalance", "zq_kx2_rebalancing")


def restoration():  # type: ignore[no-untyped-def]
    return SWAP.apply(WIRE.request_fields(REQUEST)).restoration


def test_request_fields() -> None:
    fields = WIRE.request_fields(REQUEST)
    assert [(f.path, f.kind, f.source_path) for f in fields] == [
        (("prompt",), FieldKind.TOOL_RESULT, "src/ledger/accounts.py"),
        (("suffix",), FieldKind.TOOL_RESULT, "src/ledger/accounts.py"),
        (("extra", "context", 0), FieldKind.DOCUMENT, None),
    ]
    sent = json.loads(rewrite_request(WIRE, json.dumps(REQUEST).encode(), SWAP).body or b"")
    assert "AccountLedger" not in json.dumps(sent)
    # Everything else as the client wrote it.
    assert {k: v for k, v in sent.items() if k not in ("prompt", "suffix", "extra")} == {
        k: v for k, v in REQUEST.items() if k not in ("prompt", "suffix", "extra")
    }
    assert sent["extra"]["context"][1] == 7


def test_a_prompt_without_a_path_line_is_read_as_prose_and_code() -> None:
    fields = WIRE.request_fields({"prompt": "class AccountLedger:\n", "suffix": ""})
    assert [(f.kind, f.source_path) for f in fields] == [(FieldKind.MESSAGE, None)] * 2


@pytest.mark.parametrize(
    "body",
    [
        b'["AccountLedger"]',
        b'{"suffix": "AccountLedger"}',
        b'{"prompt": "", "extra": {"context": "AccountLedger"}}',
    ],
)
def test_shapes_the_adapter_does_not_know_are_content_all_the_same(body: bytes) -> None:
    assert rewrite_request(WIRE, body, SWAP).body == body.replace(b"AccountLedger", b"ZqHx")


def citations(stream: bytes) -> dict[int, tuple[int, int]]:
    """The last offsets each annotation id had."""
    found = {}
    for line in stream.decode().splitlines():
        if line.startswith("data: {"):
            for choice in json.loads(line[6:])["choices"]:
                for item in (choice.get("copilot_annotations") or {}).get("CodeReference", []):
                    found[item["id"]] = (item["start_offset"], item["stop_offset"])
    return found


def text_of(stream: bytes) -> str:
    return "".join(
        choice.get("text", "")
        for line in stream.decode().splitlines()
        if line.startswith("data: {")
        for choice in json.loads(line[6:])["choices"]
    )


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def span(text: str, part: str) -> tuple[int, int]:
    start = utf16(text[: text.index(part)])
    return start, start + utf16(part)


# Citations of "rebalance" (inside a pseudonym's span), of what follows the emoji, and of
# the whole text, in the provider's text.
UPSTREAM_TEXT = pseudonymized(ANSWER)
CITED = [
    span(UPSTREAM_TEXT, "zq_kx2_rebalancing()"),
    span(UPSTREAM_TEXT, "ZqHx is done"),
    (0, utf16(UPSTREAM_TEXT)),
]
UPSTREAM = shapes.copilot_completion_stream(UPSTREAM_TEXT, CITED)


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_stream_restores_text_and_moves_citations_in_any_chunking(cuts: list[int]) -> None:
    rewriter = WIRE.stream(restoration())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    assert text_of(out) == ANSWER
    assert citations(out) == {
        0: span(ANSWER, "rebalance()"),
        1: span(ANSWER, "AccountLedger is done"),
        2: (0, utf16(ANSWER)),
    }
    assert out.endswith(b"data: [DONE]\n\n")


def test_held_back_text_goes_out_before_the_finishing_chunk() -> None:
    rewriter = WIRE.stream(restoration())
    out = rewriter.feed(shapes.copilot_completion_stream("return Zq", size=100)) + rewriter.flush()
    chunks = [json.loads(line[6:]) for line in out.decode().splitlines() if line.startswith("data: {")]
    assert [c["choices"][0].get("text") for c in chunks] == ["return ", "Zq", None]
    assert chunks[1]["choices"][0]["finish_reason"] is None
    assert chunks[1]["id"] == chunks[2]["id"]
    assert chunks[2]["choices"][0]["finish_reason"] == "stop"


@given(st.lists(st.integers(min_value=0, max_value=len(UPSTREAM)), max_size=20))
def test_a_parsed_stream_with_nothing_to_restore_is_byte_exact(cuts: list[int]) -> None:
    rewriter = WIRE.stream(ActiveIdentity())
    out = b"".join(rewriter.feed(p) for p in split_at(UPSTREAM, cuts)) + rewriter.flush()
    assert out == UPSTREAM


def test_non_streamed_answer_is_restored() -> None:
    answer = json.dumps(shapes.copilot_completion(UPSTREAM_TEXT)).encode()
    restored = restore_response(WIRE, answer, restoration())
    assert restored is not None
    assert orjson.loads(restored)["choices"][0]["text"] == ANSWER


def test_a_refusal_is_one_copilot_shows() -> None:
    assert WIRE.error_status(403) == 400  # 401 and 403 make Copilot fetch a new token
    assert WIRE.error_status(413) == 413
    assert WIRE.error_headers() == {"x-github-request-id": "pretense-blocked"}
    assert orjson.loads(WIRE.error_body(400, "no"))["error"]["message"] == "no"


def test_token_hosts() -> None:
    answer = {
        "token": "tid=abc;exp=1767225600;sku=copilot_enterprise;proxy-ep=proxy.acme.ghe.com;8kp=1",
        "expires_at": 1767225600,
        "endpoints": {
            "api": "https://api.acme.ghe.com",
            "proxy": "https://proxy.acme.ghe.com/",
            "origin-tracker": "https://origin-tracker.acme.ghe.com",
            "telemetry": "https://telemetry.acme.ghe.com",
        },
    }
    assert list(token_hosts(orjson.dumps(answer))) == [
        "proxy.acme.ghe.com",
        "api.acme.ghe.com",
        "proxy.acme.ghe.com",
    ]
    assert list(token_hosts(b'{"token": "tid=1;proxy-ep=http://x/;"}')) == []  # not a host name
    assert list(token_hosts(b"not json")) == []
    assert list(token_hosts(b'{"endpoints": {"api": 1}}')) == []


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("proxy.acme.ghe.com", True),
        ("10.0.0.1", False),
        ("localhost", False),
        ("https://x.y", False),
        ("a..b", False),
    ],
)
def test_only_host_names_are_learned(text: str, host: bool) -> None:
    assert is_host_name(text) is host
