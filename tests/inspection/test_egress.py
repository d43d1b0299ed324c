"""The egress check on its own: what it reads (content and protocol tokens, decoded JSON text
included), what it does not (dispatch tokens, provider-signed and opaque data), and the
secrets it will not let out (anything but a placeholder, or what the policy allows)."""

from __future__ import annotations

import pytest

from detectors import default_scanner
from inspection.egress import EgressCheck
from providers.anthropic import SHAPE as ANTHROPIC
from providers.openai_chat import SHAPE as OPENAI

NAMES = frozenset({"AccountLedger", "zinsen_für_konto"})
GITHUB = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"


def check(**options: object) -> EgressCheck:
    return EgressCheck(default_scanner(), **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"messages": [{"role": "user", "content": "see AccountLedger."}]}, "messages.0.content"),
        (
            {"messages": [{"content": {"deep": ["x", {"y": "zinsen_für_konto()"}]}}]},
            "messages.0.content.deep.1.y",
        ),
        ({"anything": "AccountLedger"}, "anything"),
        (
            {"messages": [{"content": [{"type": "tool_use", "id": "AccountLedger", "input": {}}]}]},
            "messages.0.content.0.id",
        ),
    ],
    ids=["message", "unknown shape", "unknown key", "an id"],
)
def test_names_anywhere_in_content_are_caught(document: object, where: str) -> None:
    leak = check().leak(ANTHROPIC, document, NAMES)
    assert leak is not None
    assert leak.where == where
    assert leak.what == "1 proprietary name(s) in clear"


def test_json_text_is_read_as_the_provider_decodes_it() -> None:
    arguments = '{"path": "a.py", "code": "class \\u0041ccountLedger: pass"}'
    document = {"messages": [{"tool_calls": [{"function": {"name": "w", "arguments": arguments}}]}]}
    assert check().leak(OPENAI, document, NAMES) is not None


@pytest.mark.parametrize(
    "block",
    [
        {"type": "tool_use", "name": "AccountLedger", "id": "t", "input": {}},  # a tool's name: dispatch
        {"type": "thinking", "thinking": "AccountLedger", "signature": "AccountLedger"},  # signed
        {"type": "redacted_thinking", "data": "AccountLedger"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AccountLedger"}},
    ],
    ids=["tool name", "thinking", "redacted thinking", "image data"],
)
def test_what_is_not_the_firms_text_is_not_read(block: dict[str, object]) -> None:
    document = {"messages": [{"role": "assistant", "content": [block]}], "model": "AccountLedger"}
    assert check().leak(ANTHROPIC, document, NAMES) is None


def test_a_tools_schema_tokens_are_not_read_but_its_text_is() -> None:
    schema = {"properties": {"AccountLedger": {"type": "string", "enum": ["AccountLedger"]}}}
    tool = {"name": "t", "input_schema": schema, "description": "reads the ledger"}
    assert check().leak(ANTHROPIC, {"tools": [tool]}, NAMES) is None
    tool["description"] = "reads AccountLedger"
    assert check().leak(ANTHROPIC, {"tools": [tool]}, NAMES) is not None
    schema["properties"]["AccountLedger"]["description"] = "an AccountLedger id"  # type: ignore[index]
    tool["description"] = "reads the ledger"
    assert check().leak(ANTHROPIC, {"tools": [tool]}, NAMES) is not None


@pytest.mark.parametrize(
    ("value", "caught"),
    [
        ("EqQBCkYIARgCKkB0aGlua2luZyBzaWduYXR1cmU=", None),  # what a signature looks like
        ("see AccountLedger here", "1 proprietary name(s) in clear"),  # text under an opaque key is read
        (GITHUB, "github token"),  # and a secret is a secret wherever it is
    ],
)
def test_only_what_looks_opaque_is_opaque(value: str, caught: str | None) -> None:
    block = {"type": "thinking", "thinking": "...", "signature": value}
    leak = check().leak(ANTHROPIC, {"messages": [{"content": [block]}]}, NAMES)
    assert (leak.what if leak else None) == caught


def test_secrets_but_placeholders_and_what_the_policy_allows_are_caught() -> None:
    leaked = {"messages": [{"content": f"token {GITHUB}"}]}
    leak = check().leak(ANTHROPIC, leaked, frozenset())
    assert leak is not None
    assert leak.what == "github token"
    assert GITHUB not in leak.what + leak.where
    placeholder = {"messages": [{"content": "password=REDACTED_PASSWORD_abcdefghij and GITHUB_TOKEN=x"}]}
    assert check().leak(ANTHROPIC, placeholder, frozenset()) is None
    assert check(allow=frozenset({"github_token"})).leak(ANTHROPIC, leaked, frozenset()) is None


def test_comments_kept_by_the_policy_may_hold_names() -> None:
    code = "```python\n# AccountLedger nets trades\nx = 1  // AccountLedger\n```"
    document = {"messages": [{"content": code}]}
    assert check(keep_comments=True).leak(ANTHROPIC, document, NAMES) is None
    assert check().leak(ANTHROPIC, document, NAMES) is not None
    outside = {"messages": [{"content": "class AccountLedger:  # kept"}]}
    assert check(keep_comments=True).leak(ANTHROPIC, outside, NAMES) is not None


def test_what_it_remembers_is_bounded() -> None:
    egress = EgressCheck(None, memo_bytes=1000)
    for number in range(100):
        egress.words(f"text number {number} " * 10)
    assert egress.memory <= 1000
