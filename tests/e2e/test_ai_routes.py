"""AI requests through the real suite: what reaches the provider and what the client gets.

In the internal tier nothing is rewritten, so both directions must be byte for byte.
"""

from __future__ import annotations

import json
import subprocess

import anthropic
import openai
import pytest

from tests.e2e import shapes
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, Reply, sse_reply

pytestmark = pytest.mark.e2e

# Odd spacing, escapes, raw UTF-8, unknown fields, a thinking block: a re-serializing
# proxy would change some of these bytes.
ANTHROPIC_BODY = (
    '{"model":"claude-sonnet-5-5", "max_tokens" : 64,"stream":%s,\n'
    ' "system":[{"type":"text","text":"Working directory: /src/ledger\\n\\u00e9",'
    '"cache_control":{"type":"ephemeral"}}],'
    '"messages":[{"role":"user","content":"Why does AccountLedger.rebalance fail? \xe2\x82\xac"},'
    '{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"EqQBCgIYAhIM"},'
    '{"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"/src/ledger/a.py"}}]},'
    '{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",'
    '"content":"     1\\u2192class AccountLedger:\\n"}]}],"x_unknown_field":[1,2.50,null]}'
)
OPENAI_BODY = (
    '{"model":"gpt-4.1","stream":%s,"messages":[{"role":"system","content":"be brief"},'
    '{"role":"user","content":[{"type":"text","text":"refactor AccountLedger \xc3\xa9"}]},'
    '{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",'
    '"function":{"name":"read","arguments":"{\\"path\\": \\"a.py\\"}"}}]},'
    '{"role":"tool","tool_call_id":"call_1","content":"class AccountLedger: pass"}] ,  "seed": 7}'
)


def curl(proxy: Proxy, url: str, body: bytes, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    command = [
        "curl",
        "--silent",
        "--show-error",
        "--no-buffer",
        url,
        "--data-binary",
        "@-",
        "-H",
        "content-type: application/json",
        *arguments,
    ]
    return subprocess.run(
        command, input=body, env=proxy.environment(), capture_output=True, timeout=30, check=True
    )


@pytest.mark.parametrize(
    ("url", "template", "stream_body", "json_body"),
    [
        (
            "https://api.anthropic.com/v1/messages?beta=true",
            ANTHROPIC_BODY,
            shapes.anthropic_stream(tool_input=shapes.TOOL_INPUT),
            shapes.anthropic_message(tool_input=shapes.TOOL_INPUT),
        ),
        (
            "https://api.openai.com/v1/chat/completions",
            OPENAI_BODY,
            shapes.openai_chat_stream(tool_arguments='{"path": "a.py"}'),
            shapes.openai_chat(tool_arguments="{}"),
        ),
    ],
)
@pytest.mark.parametrize("stream", [True, False])
@pytest.mark.parametrize("http_version", ["--http1.1", "--http2"])
def test_internal_tier_is_byte_for_byte(
    proxies: Proxies,
    fake: FakeProvider,
    url: str,
    template: str,
    stream_body: bytes,
    json_body: dict[str, object],
    stream: bool,
    http_version: str,
) -> None:
    proxy = proxies.get("internal")
    body = (template % ("true" if stream else "false")).encode()
    path = url.removeprefix("https://").partition("/")[2].partition("?")[0]
    answer = json.dumps(json_body, separators=(",", ":"), ensure_ascii=False).encode()
    fake.replies["/" + path] = sse_reply(stream_body) if stream else Reply(200, answer)
    result = curl(proxy, url, body, http_version, "--write-out", "%{http_version}")
    received = fake.only()
    assert received.body == body
    assert received.headers["accept-encoding"] == "identity"
    assert result.stdout == (stream_body if stream else answer) + http_version[6:].encode()


@pytest.mark.parametrize(
    "url", ["https://api.anthropic.com/v1/messages", "https://api.openai.com/v1/chat/completions"]
)
def test_upstream_errors_reach_the_client_unchanged(proxy: Proxy, fake: FakeProvider, url: str) -> None:
    error = b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
    fake.replies["/" + url.split("/", 3)[3]] = Reply(529, error)
    result = curl(proxy, url, (ANTHROPIC_BODY % "false").encode(), "--write-out", "\n%{http_code}")
    assert result.stdout == error + b"\n529"


def test_anthropic_sdk(sdk_env: Proxy, fake: FakeProvider) -> None:
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    message = client.messages.create(
        model="claude-sonnet-5-5",
        max_tokens=64,
        messages=[{"role": "user", "content": "Explain AccountLedger"}],
    )
    assert message.content[0].type == "text"
    assert message.content[0].text == shapes.ANSWER_TEXT
    sent = fake.only().json()
    assert sent["messages"] == [{"role": "user", "content": "Explain AccountLedger"}]


def test_anthropic_sdk_streaming_with_tool_use(sdk_env: Proxy, fake: FakeProvider) -> None:
    fake.replies["/v1/messages"] = sse_reply(shapes.anthropic_stream(tool_input=shapes.TOOL_INPUT))
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    with client.messages.stream(
        model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": "Fix it"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == shapes.ANSWER_TEXT
    tool_use = final.content[1]
    assert tool_use.type == "tool_use"
    assert tool_use.input == shapes.TOOL_INPUT


def test_openai_sdk(sdk_env: Proxy, fake: FakeProvider) -> None:
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    completion = client.chat.completions.create(
        model="gpt-4.1", messages=[{"role": "user", "content": "Explain AccountLedger"}]
    )
    assert completion.choices[0].message.content == shapes.ANSWER_TEXT
    assert fake.only().json()["messages"] == [{"role": "user", "content": "Explain AccountLedger"}]


def test_openai_sdk_streaming_with_tool_call(sdk_env: Proxy, fake: FakeProvider) -> None:
    arguments = json.dumps(shapes.TOOL_INPUT)
    fake.replies["/v1/chat/completions"] = sse_reply(shapes.openai_chat_stream(tool_arguments=arguments))
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    chunks = list(
        client.chat.completions.create(
            model="gpt-4.1", messages=[{"role": "user", "content": "Fix it"}], stream=True
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    calls = [c.choices[0].delta.tool_calls for c in chunks if c.choices and c.choices[0].delta.tool_calls]
    assert text == shapes.ANSWER_TEXT
    assert "".join(call[0].function.arguments or "" for call in calls) == arguments


@pytest.mark.parametrize(
    ("tier", "body", "forwarded"),
    [
        ("restricted", b'{"model": "x", "messages": [', False),
        ("restricted", b'{"messages": "\xff\xfe"}', False),
        ("internal", b'{"model": "x", "messages": [', True),
    ],
)
def test_unreadable_body_fails_closed_only_where_the_tier_says(
    proxies: Proxies, fake: FakeProvider, tier: str, body: bytes, forwarded: bool
) -> None:
    proxy = proxies.get(tier)
    result = curl(proxy, "https://api.anthropic.com/v1/messages", body, "--write-out", "\n%{http_code}")
    if forwarded:
        assert fake.only().body == body
        return
    assert fake.received == []
    answer, _, status = result.stdout.rpartition(b"\n")
    assert status == b"400"
    error = json.loads(answer)
    assert error["type"] == "error"
    assert error["error"]["type"] == "invalid_request_error"
    assert error["error"]["message"].startswith(
        "Pretense blocked this request: the request body could not be read"
    )
    assert "restricted tier forwards nothing it cannot rewrite" in error["error"]["message"]


def test_confidential_tier_blocks_in_the_provider_shape(proxies: Proxies, fake: FakeProvider) -> None:
    proxy = proxies.get("confidential")
    client_env = proxy.environment()
    result = subprocess.run(
        [
            "curl",
            "--silent",
            "https://api.openai.com/v1/chat/completions",
            "--data-binary",
            "@-",
            "--write-out",
            "\n%{http_code}",
        ],
        input=(OPENAI_BODY % "false").encode(),
        env=client_env,
        capture_output=True,
        timeout=30,
        check=True,
    )
    assert fake.received == []
    answer, _, status = result.stdout.rpartition(b"\n")
    assert status == b"403"
    error = json.loads(answer)["error"]
    assert error["code"] == "pretense_blocked"
    assert "confidential" in error["message"]
    assert "exception" in error["message"]


def test_openai_sdk_shows_the_block_message(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in proxies.get("confidential").environment().items():
        monkeypatch.setenv(name, value)
    client = openai.OpenAI(api_key="sk-test", max_retries=0)
    with pytest.raises(openai.PermissionDeniedError, match="Pretense blocked this request"):
        client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": "hi"}])
    assert fake.received == []
