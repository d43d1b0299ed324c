"""The rewrite seam through the real proxy: what the transform changes reaches the provider
changed, and the client gets its own words back, streamed or not, in text and tool calls."""

from __future__ import annotations

import json

import anthropic
import openai
import pytest

from tests.e2e import shapes
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, json_reply, sse_reply
from tests.e2e.faults import PSEUDONYMS

pytestmark = pytest.mark.e2e

EDIT = {
    "file_path": "/src/ledger/accounts.py",
    "old_string": 'class AccountLedger:\n    def rebalance(self, "x"):',
    "new_string": "class AccountLedger:\n    def rebalance(self, y):",
}


def pseudonymized(text: str) -> str:
    for original, pseudonym in PSEUDONYMS.items():
        text = text.replace(original, pseudonym)
    return text


@pytest.fixture
def swapping(proxies: Proxies, monkeypatch: pytest.MonkeyPatch) -> Proxy:
    proxy = proxies.get("restricted", swap=True)
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    return proxy


def test_anthropic_streamed_edit_comes_back_exact(swapping: Proxy, fake: FakeProvider) -> None:
    upstream_edit = {k: pseudonymized(v) for k, v in EDIT.items()}
    fake.replies["/v1/messages"] = sse_reply(
        shapes.anthropic_stream(pseudonymized(shapes.ANSWER_TEXT), upstream_edit)
    )
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    question = "Why does AccountLedger.rebalance fail?"
    with client.messages.stream(
        model="claude-sonnet-5-5",
        max_tokens=64,
        system="cwd /src/ledger",
        messages=[{"role": "user", "content": question}],
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    received = fake.only()
    assert b"AccountLedger" not in received.body
    assert b"rebalance" not in received.body
    assert received.json()["messages"][0]["content"] == "Why does Zq7Hx1Ledger.qv9_kx2_rb fail?"
    assert text == shapes.ANSWER_TEXT
    assert final.content[1].type == "tool_use"
    assert final.content[1].input == EDIT


def test_anthropic_json_answer_is_restored(swapping: Proxy, fake: FakeProvider) -> None:
    fake.replies["/v1/messages"] = json_reply(shapes.anthropic_message(pseudonymized(shapes.ANSWER_TEXT)))
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    message = client.messages.create(
        model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": "AccountLedger?"}]
    )
    assert fake.only().json()["messages"][0]["content"] == "Zq7Hx1Ledger?"
    assert message.content[0].type == "text"
    assert message.content[0].text == shapes.ANSWER_TEXT


@pytest.mark.parametrize("stream", [True, False])
def test_openai_answer_and_tool_arguments_are_restored(
    swapping: Proxy, fake: FakeProvider, stream: bool
) -> None:
    arguments = json.dumps(EDIT)
    if stream:
        fake.replies["/v1/chat/completions"] = sse_reply(
            shapes.openai_chat_stream(pseudonymized(shapes.ANSWER_TEXT), pseudonymized(arguments))
        )
    else:
        fake.replies["/v1/chat/completions"] = json_reply(
            shapes.openai_chat(pseudonymized(shapes.ANSWER_TEXT), pseudonymized(arguments))
        )
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    messages = [{"role": "user", "content": "rebalance the AccountLedger"}]
    if stream:
        chunks = list(client.chat.completions.create(model="gpt-4.1", messages=messages, stream=True))
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        got = "".join(
            call.function.arguments or ""
            for c in chunks
            if c.choices and c.choices[0].delta.tool_calls
            for call in c.choices[0].delta.tool_calls
            if call.function
        )
    else:
        message = client.chat.completions.create(model="gpt-4.1", messages=messages).choices[0].message
        text = message.content or ""
        assert message.tool_calls
        got = message.tool_calls[0].function.arguments  # type: ignore[union-attr]
    assert fake.only().json()["messages"][0]["content"] == "qv9_kx2_rb the Zq7Hx1Ledger"
    assert text == shapes.ANSWER_TEXT
    assert got == arguments
