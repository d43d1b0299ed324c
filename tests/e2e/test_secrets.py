"""Secrets and client data through the real proxy: the provider never sees them, the tool
gets them back where the model echoes a placeholder, and the policy can block instead."""

from __future__ import annotations

import json
import re

import anthropic
import openai
import pytest

from tests.e2e import shapes
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, json_reply, sse_reply

pytestmark = pytest.mark.e2e

AWS_KEY_ID = "AKIAQ3EGUZ7T2XN5MBRW"
GITHUB_TOKEN = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"
DB_PASSWORD = "Vx9#tq2LmR7pW"
CARD = "4539 1488 0343 6467"
PRIVATE_KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACDx4pX0sQv2Yl6Vd0m4nU8eQbL3kZt9wR1cHfJ2aP7sXgAAAJgq3u1xKt7t\n"
    "-----END OPENSSH PRIVATE KEY-----"
)
SECRETS = (AWS_KEY_ID, GITHUB_TOKEN, DB_PASSWORD, CARD)
ENV_FILE = (
    f"AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"
    f"GITHUB_TOKEN={GITHUB_TOKEN}\n"
    f"DATABASE_URL=postgres://ledger:{DB_PASSWORD}@db.internal:5432/ledger\n"
    f"TEST_CARD={CARD}\n"
)
PLACEHOLDER = re.compile(r"REDACTED_[A-Z0-9_]+_[a-pr-y]{10}")


def leaked(body: bytes) -> list[str]:
    text = body.decode()
    return [s for s in (*SECRETS, CARD.replace(" ", "")) if s in text or json.dumps(s)[1:-1] in text]


def use(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> Proxy:
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    return proxy


@pytest.mark.parametrize("tier", ["internal", "restricted"])
def test_a_pasted_env_file_never_reaches_the_provider(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, tier: str
) -> None:
    use(proxies.get(tier), monkeypatch)

    def answer(received: Received) -> Reply:
        sent = received.json()["messages"][0]["content"]
        placeholders = PLACEHOLDER.findall(sent)
        return json_reply(shapes.openai_chat(f"Rotate {placeholders[0]} first."))

    fake.respond = answer
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    message = client.chat.completions.create(
        model="gpt-4.1", messages=[{"role": "user", "content": f"Why does this fail?\n{ENV_FILE}"}]
    )
    received = fake.only()
    assert leaked(received.body) == []
    assert len(PLACEHOLDER.findall(received.json()["messages"][0]["content"])) == 4
    assert message.choices[0].message.content == f"Rotate {AWS_KEY_ID} first."


def test_a_config_file_read_and_rewritten_by_claude_code_keeps_its_real_values(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The provider sees placeholders; the Write call the tool runs holds the real values."""
    use(proxies.get("restricted"), monkeypatch)

    def answer(received: Received) -> Reply:
        sent = received.json()["messages"][2]["content"][0]["content"]
        rewritten = sent.replace("5432", "6432")
        edit = {"file_path": "/srv/ledger/.env", "content": rewritten}
        return sse_reply(shapes.anthropic_stream("Moved the port.", edit))

    fake.respond = answer
    read = {"type": "tool_use", "id": "toolu_1", "name": "Read", "input": {"file_path": "/srv/ledger/.env"}}
    messages = [
        {"role": "user", "content": "Move the database to port 6432."},
        {"role": "assistant", "content": [read]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": ENV_FILE}]},
    ]
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    with client.messages.stream(model="claude-sonnet-5-5", max_tokens=256, messages=messages) as stream:  # type: ignore[arg-type]
        final = stream.get_final_message()
    assert leaked(fake.only().body) == []
    write = final.content[1]
    assert write.type == "tool_use"
    assert write.input["content"] == ENV_FILE.replace("5432", "6432")  # type: ignore[index]


def test_the_policy_can_block_private_keys_with_a_readable_reason(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(proxies.get("internal", policy="secrets:\n  block: [private_key]\n"), monkeypatch)
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    with pytest.raises(anthropic.PermissionDeniedError) as refused:
        client.messages.create(
            model="claude-sonnet-5-5",
            max_tokens=8,
            messages=[{"role": "user", "content": f"is this key ok?\n{PRIVATE_KEY}"}],
        )
    assert fake.received == []
    message = refused.value.body["error"]["message"]  # type: ignore[index]
    assert message.startswith(
        "Pretense blocked this request: it contains private key (messages.0.content, line 2)"
    )
    assert "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ" not in message


def test_the_public_tier_forwards_what_it_is_given(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(proxies.get("public"), monkeypatch)
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": ENV_FILE}])
    assert AWS_KEY_ID in fake.only().body.decode()
