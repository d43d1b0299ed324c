"""The same wire shapes at other providers, through the real proxy with the official SDKs:
Azure OpenAI (both URL styles), Claude on Vertex, and OpenAI-compatible providers."""

from __future__ import annotations

import json
import subprocess

import anthropic
import openai
import pytest

from tests.e2e import shapes
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, json_reply, sse_reply

pytestmark = pytest.mark.e2e

CODE = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"


def use(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)


def chat_echo(streamed: bool):  # type: ignore[no-untyped-def]
    def answer(received: Received) -> Reply:
        name = received.json()["messages"][0]["content"].split()[1].rstrip(":")
        if streamed:
            return sse_reply(shapes.openai_chat_stream(f"{name} is fine"))
        return json_reply(shapes.openai_chat(f"{name} is fine"))

    return answer


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    "make",
    [
        lambda: openai.AzureOpenAI(
            azure_endpoint="https://acme.openai.azure.com", api_key="k", api_version="2024-10-21",
            azure_deployment="gpt-4o", max_retries=0,
        ),
        lambda: openai.OpenAI(
            base_url="https://acme.openai.azure.com/openai/v1/", api_key="k", max_retries=0
        ),
        lambda: openai.OpenAI(base_url="https://api.deepseek.com", api_key="k", max_retries=0),
        lambda: openai.OpenAI(base_url="https://openrouter.ai/api/v1", api_key="k", max_retries=0),
        lambda: openai.OpenAI(base_url="https://api.mistral.ai/v1", api_key="k", max_retries=0),
    ],
    ids=["azure-deployment", "azure-v1", "deepseek", "openrouter", "mistral"],
)  # fmt: skip
def test_openai_compatible_chat_is_mutated_and_restored(
    proxies: Proxies,
    fake: FakeProvider,
    monkeypatch: pytest.MonkeyPatch,
    make,
    streamed: bool,  # type: ignore[no-untyped-def]
) -> None:
    use(proxies.get("restricted"), monkeypatch)
    fake.respond = chat_echo(streamed)
    client = make()
    messages = [{"role": "user", "content": CODE}]
    if streamed:
        chunks = client.chat.completions.create(model="gpt-4o", messages=messages, stream=True)
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    else:
        text = client.chat.completions.create(model="gpt-4o", messages=messages).choices[0].message.content
    sent = fake.only().body.decode()
    assert "AccountLedger" not in sent
    assert "rebalance_tranches" not in sent
    assert text == "AccountLedger is fine"


@pytest.mark.parametrize("where", ["vertex", "deepseek"])
@pytest.mark.parametrize("streamed", [False, True])
def test_anthropic_shape_on_vertex_and_deepseek_is_mutated_and_restored(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool, where: str
) -> None:
    use(proxies.get("restricted"), monkeypatch)

    def answer(received: Received) -> Reply:
        if where == "vertex":
            assert received.path.endswith(":streamRawPredict" if streamed else ":rawPredict")
        else:
            assert received.path == "/anthropic/v1/messages"
        name = received.json()["messages"][0]["content"].split()[1].rstrip(":")
        edit = {"file_path": "ledger.py", "old_string": name, "new_string": f"{name}V2"}
        if streamed:
            return sse_reply(shapes.anthropic_stream(f"{name} is fine", edit))
        return json_reply(shapes.anthropic_message(f"{name} is fine", edit))

    fake.respond = answer
    client: anthropic.Anthropic | anthropic.AnthropicVertex
    if where == "vertex":
        client = anthropic.AnthropicVertex(
            region="us-east5", project_id="acme", access_token="t", max_retries=0
        )
    else:  # DeepSeek's Anthropic-compatible API
        client = anthropic.Anthropic(
            base_url="https://api.deepseek.com/anthropic", api_key="k", max_retries=0
        )
    arguments = {
        "model": "claude-sonnet-5-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": CODE}],
    }
    if streamed:
        with client.messages.stream(**arguments) as stream:  # type: ignore[arg-type]
            message = stream.get_final_message()
    else:
        message = client.messages.create(**arguments)  # type: ignore[arg-type]
    assert "AccountLedger" not in fake.only().body.decode()
    assert message.content[0].text == "AccountLedger is fine"  # type: ignore[union-attr]
    assert message.content[1].input == {
        "file_path": "ledger.py",
        "old_string": "AccountLedger",
        "new_string": "AccountLedgerV2",
    }  # type: ignore[union-attr]


def test_copilot_chat_over_http2_is_mutated_and_restored(proxies: Proxies, fake: FakeProvider) -> None:
    """Copilot Chat as VS Code sends it: OpenAI chat shape, HTTP/2, a streamed answer."""
    environment = proxies.get("restricted").environment()
    fake.respond = chat_echo(True)
    body = {
        "model": "gpt-4.1",
        "stream": True,
        "n": 1,
        "intent": True,
        "messages": [{"role": "user", "content": CODE}],
    }
    completed = subprocess.run(
        ["curl", "--silent", "--show-error", "--no-buffer", "--http2", "--write-out", "\n%{http_version}",
         "https://api.githubcopilot.com/chat/completions", "-H", "content-type: application/json",
         "-H", "copilot-integration-id: vscode-chat", "--data-binary", "@-"],
        input=json.dumps(body).encode(), env=environment, capture_output=True, check=True, timeout=30,
    ).stdout.decode()  # fmt: skip
    stream, _, version = completed.rpartition("\n")
    assert version == "2"
    assert "AccountLedger" not in fake.only().body.decode()
    text = "".join(
        json.loads(line[6:])["choices"][0]["delta"].get("content") or ""
        for line in stream.splitlines()
        if line.startswith("data: {")
    )
    assert text == "AccountLedger is fine"


def test_mistral_fill_in_the_middle_is_mutated_and_restored(proxies: Proxies, fake: FakeProvider) -> None:
    """Codestral completes between `prompt` and `suffix`; the completion comes back chat-shaped."""
    environment = proxies.get("restricted").environment()

    def answer(received: Received) -> Reply:
        name = received.json()["prompt"].split()[1].rstrip(":")
        return json_reply(shapes.openai_chat(f"        return {name}.total"))

    fake.respond = answer
    body = {
        "model": "codestral-latest",
        "prompt": CODE + "    def total(self):\n",
        "suffix": "\nledger = AccountLedger()\n",
    }
    out = subprocess.run(
        ["curl", "--silent", "--show-error", "https://api.mistral.ai/v1/fim/completions",
         "-H", "content-type: application/json", "--data-binary", "@-"],
        input=json.dumps(body).encode(), env=environment, capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    sent = fake.only().json()
    assert "AccountLedger" not in sent["prompt"] + sent["suffix"]
    assert json.loads(out)["choices"][0]["message"]["content"] == "        return AccountLedger.total"
