"""OpenAI Responses (Codex CLI's API) through the real proxy with the official SDK: the
provider sees no proprietary name and no secret, the client gets its own back in every
copy of the answer, and a WebSocket upgrade is answered 426 so Codex falls back to SSE."""

from __future__ import annotations

import json
import subprocess

import openai
import pytest
from mitmproxy.net.encoding import encode_zstd

from tests.e2e import shapes
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, json_reply, sse_reply

pytestmark = pytest.mark.e2e

CODE = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"
GITHUB_TOKEN = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"


def use(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> openai.OpenAI:
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    return openai.OpenAI(api_key="sk-test", max_retries=0)


def echo(streamed: bool):  # type: ignore[no-untyped-def]
    """The model answers with the names it was sent, in text, a function call and a patch."""

    def answer(received: Received) -> Reply:
        sent = received.json()
        code = sent["input"][1]["output"]
        name = code.split()[1].rstrip(":")
        arguments = json.dumps({"command": ["rg", name]})
        patch = f"*** Begin Patch\n*** Update File: ledger.py\n+class {name}Factory: pass\n*** End Patch"
        if streamed:
            return sse_reply(shapes.openai_responses_stream(f"{name} is fine", arguments, patch))
        return json_reply(shapes.openai_responses(f"{name} is fine", arguments, patch))

    return answer


INPUT = [
    {"role": "user", "content": f"why is AccountLedger slow? my token is {GITHUB_TOKEN}"},
    {"type": "function_call_output", "call_id": "call_0", "output": CODE},
]


@pytest.mark.parametrize("streamed", [False, True])
def test_codex_turn_is_mutated_and_restored(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    client = use(proxies.get("restricted"), monkeypatch)
    fake.respond = echo(streamed)
    if streamed:
        with client.responses.stream(model="gpt-5-codex", input=INPUT) as stream:  # type: ignore[arg-type]
            response = stream.get_final_response()
    else:
        response = client.responses.create(model="gpt-5-codex", input=INPUT)  # type: ignore[arg-type]
    sent = fake.only().body.decode()
    assert "AccountLedger" not in sent
    assert "rebalance_tranches" not in sent
    assert GITHUB_TOKEN not in sent
    assert response.output_text == "AccountLedger is fine"
    call = next(item for item in response.output if item.type == "function_call")
    assert json.loads(call.arguments) == {"command": ["rg", "AccountLedger"]}
    patch = next(item for item in response.output if item.type == "custom_tool_call")
    assert "+class AccountLedgerFactory: pass" in patch.input  # type: ignore[union-attr]


def test_a_zstd_request_body_is_read_and_rewritten(proxies: Proxies, fake: FakeProvider) -> None:
    proxy = proxies.get("restricted")
    environment = proxy.environment()
    body = json.dumps({"model": "gpt-5-codex", "input": INPUT, "stream": False}).encode()
    fake.respond = echo(False)
    answer = subprocess.run(
        ["curl", "--silent", "--show-error", "https://chatgpt.com/backend-api/codex/responses",
         "-H", "content-type: application/json", "-H", "content-encoding: zstd", "--data-binary", "@-"],
        input=encode_zstd(body), env=environment, capture_output=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    received = fake.only()
    assert received.headers.get("content-encoding") == "zstd"
    assert received.body.startswith(b"\x28\xb5\x2f\xfd")  # a zstd frame went upstream
    assert b"AccountLedger" not in received.content
    assert b"class Zq" in received.content
    assert json.loads(answer)["output"][1]["content"][0]["text"] == "AccountLedger is fine"


def test_a_websocket_upgrade_is_answered_426(proxies: Proxies, fake: FakeProvider) -> None:
    environment = proxies.get("internal").environment()
    status = subprocess.run(
        ["curl", "--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "https://api.openai.com/v1/responses",
         "-H", "Upgrade: websocket", "-H", "Connection: Upgrade", "-H", "Sec-WebSocket-Version: 13",
         "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "--http1.1"],
        env=environment, capture_output=True, check=True, timeout=30, text=True,
    ).stdout  # fmt: skip
    assert status == "426"
    assert fake.received == []
