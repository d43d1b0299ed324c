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


# One value per text-bearing field, each of another kind, so that every field is checked.
STRIPE = "sk_live_51Hq8ZrLxVt5Wn9PsK3mHc4B7yD2fG"
IBAN = "GB82 WEST 1234 5698 7654 32"
SSN = "536-90-4399"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWRnZXIifQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"
SLACK = "xoxb-2718281828-3141592653589-Zq8RkV2mX9tLcW4nB7yP"
EVERY_FIELD = (AWS_KEY_ID, GITHUB_TOKEN, DB_PASSWORD, CARD, STRIPE, IBAN, SSN, JWT, SLACK)


def hidden_everywhere(body: bytes) -> None:
    text = body.decode()
    for value in EVERY_FIELD:
        assert value not in text
        assert json.dumps(value)[1:-1] not in text
    assert len(set(PLACEHOLDER.findall(text))) == len(EVERY_FIELD)


def echo(received: Received) -> str:
    """The model's answer: every placeholder it was sent, in the order it saw them."""
    return " | ".join(dict.fromkeys(PLACEHOLDER.findall(received.body.decode())))


def restored_all(text: str) -> bool:
    return sorted(text.split(" | ")) == sorted(EVERY_FIELD)


@pytest.mark.parametrize("streamed", [False, True])
def test_every_anthropic_field_is_redacted_and_the_answer_restored(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    use(proxies.get("internal"), monkeypatch)

    def answer(received: Received) -> Reply:
        said = echo(received)
        edit = {"file_path": "/srv/ledger/.env", "content": said}
        if streamed:
            return sse_reply(shapes.anthropic_stream(said, edit))
        return json_reply(shapes.anthropic_message(said, edit))

    fake.respond = answer
    bash = {
        "type": "tool_use",
        "id": "toolu_1",
        "name": "Bash",
        "input": {"command": f"export T={GITHUB_TOKEN}"},
    }
    messages = [
        {"role": "user", "content": f"card on file: {CARD}"},
        {"role": "assistant", "content": [{"type": "text", "text": f"Checking {IBAN}."}, bash]},
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_1",
                    "content": f"DB=postgres://l:{DB_PASSWORD}@db/l",
                },
                {"type": "text", "text": f"and the Stripe key {STRIPE}"},
            ],
        },
        {"role": "assistant", "content": f"Noted {SSN}."},
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_2",
                    "content": [{"type": "text", "text": f"SLACK_BOT_TOKEN={SLACK}"}],
                },
            ],
        },
    ]
    system = [{"type": "text", "text": f"AWS_ACCESS_KEY_ID={AWS_KEY_ID}"}]
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    arguments = {"model": "claude-sonnet-5-5", "max_tokens": 256, "system": system, "messages": messages}
    arguments["messages"][3]["content"] += f" token {JWT}"  # type: ignore[index]
    if streamed:
        with client.messages.stream(**arguments) as stream:  # type: ignore[arg-type]
            final = stream.get_final_message()
    else:
        final = client.messages.create(**arguments)  # type: ignore[arg-type]
    hidden_everywhere(fake.only().body)
    assert restored_all(final.content[0].text)  # type: ignore[union-attr]
    assert final.content[1].input["file_path"] == "/srv/ledger/.env"  # type: ignore[union-attr]
    assert restored_all(final.content[1].input["content"])  # type: ignore[union-attr]


@pytest.mark.parametrize("streamed", [False, True])
def test_every_openai_field_is_redacted_and_the_answer_restored(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    use(proxies.get("restricted"), monkeypatch)

    def answer(received: Received) -> Reply:
        said = echo(received)
        arguments = json.dumps({"path": "/srv/ledger/.env", "content": said})
        if streamed:
            return sse_reply(shapes.openai_chat_stream(said, arguments))
        return json_reply(shapes.openai_chat(said, arguments))

    fake.respond = answer
    call = {
        "id": "call_1",
        "type": "function",
        "function": {
            "name": "shell",
            "arguments": json.dumps({"cmd": f"gh auth login --with-token {GITHUB_TOKEN}"}),
        },
    }
    messages = [
        {"role": "system", "content": f"AWS_ACCESS_KEY_ID={AWS_KEY_ID}"},
        {"role": "user", "content": [{"type": "text", "text": f"card on file: {CARD}"}]},
        {"role": "assistant", "content": f"Checking {IBAN}.", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": f"DB=postgres://l:{DB_PASSWORD}@db/l"},
        {"role": "user", "content": f"and the Stripe key {STRIPE}, SSN {SSN}, token {JWT}"},
        {
            "role": "tool",
            "tool_call_id": "call_2",
            "content": [{"type": "text", "text": f"SLACK_BOT_TOKEN={SLACK}"}],
        },
    ]
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    if streamed:
        chunks = list(client.chat.completions.create(model="gpt-4.1", messages=messages, stream=True))  # type: ignore[arg-type]
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        tool_arguments = "".join(
            c.choices[0].delta.tool_calls[0].function.arguments or ""  # type: ignore[index,union-attr]
            for c in chunks
            if c.choices and c.choices[0].delta.tool_calls
        )
    else:
        message = client.chat.completions.create(model="gpt-4.1", messages=messages).choices[0].message  # type: ignore[arg-type]
        text = message.content or ""
        tool_arguments = message.tool_calls[0].function.arguments  # type: ignore[index,union-attr]
    hidden_everywhere(fake.only().body)
    assert restored_all(text)
    edit = json.loads(tool_arguments)
    assert edit["path"] == "/srv/ledger/.env"
    assert restored_all(edit["content"])
