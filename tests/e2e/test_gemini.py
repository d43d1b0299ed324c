"""Gemini through the real proxy with Google's official SDK (google-genai), streamed and not,
and Gemini CLI's Code Assist endpoint with curl."""

from __future__ import annotations

import json
import subprocess

import pytest
from google import genai
from google.oauth2.credentials import Credentials

from tests.e2e import shapes
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, json_reply, sse_reply

pytestmark = pytest.mark.e2e

CODE = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"


def use(proxy: Proxy, monkeypatch: pytest.MonkeyPatch, vertex: bool = False) -> genai.Client:
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    if vertex:  # Gemini on Vertex AI: the same bodies, the model in a project's URL
        credentials = Credentials(token="ya29.test")  # type: ignore[no-untyped-call]
        return genai.Client(vertexai=True, project="acme", location="us-east5", credentials=credentials)
    return genai.Client(api_key="k")


def echo(streamed: bool, wrapped: bool = False):  # type: ignore[no-untyped-def]
    def answer(received: Received) -> Reply:
        request = received.json()["request"] if wrapped else received.json()
        name = request["contents"][0]["parts"][0]["text"].split()[1].rstrip(":")
        args = {"file_path": "ledger.py", "new_string": f"class {name}V2: pass"}
        if streamed:
            return sse_reply(shapes.gemini_stream(f"{name} is fine", args, wrapped))
        body = shapes.gemini(f"{name} is fine", args)
        return json_reply({"response": body} if wrapped else body)

    return answer


@pytest.mark.parametrize("vertex", [False, True], ids=["gemini-api", "vertex"])
@pytest.mark.parametrize("streamed", [False, True])
def test_gemini_is_mutated_and_restored(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, streamed: bool, vertex: bool
) -> None:
    client = use(proxies.get("restricted"), monkeypatch, vertex)
    fake.respond = echo(streamed)
    if streamed:
        chunks = list(client.models.generate_content_stream(model="gemini-2.5-pro", contents=CODE))
        text = "".join(c.text or "" for c in chunks if c.candidates and c.candidates[0].content.parts[0].text)
        calls = [c.function_calls[0] for c in chunks if c.function_calls]
    else:
        response = client.models.generate_content(model="gemini-2.5-pro", contents=CODE)
        text, calls = response.text or "", response.function_calls or []
    sent = fake.only()
    if vertex:
        assert sent.host == "us-east5-aiplatform.googleapis.com"
        assert "/projects/acme/locations/us-east5/publishers/google/models/gemini-2.5-pro:" in sent.path
    assert "AccountLedger" not in sent.body.decode()
    assert "rebalance_tranches" not in sent.body.decode()
    assert text == "AccountLedger is fine"
    assert calls[0].args == {"file_path": "ledger.py", "new_string": "class AccountLedgerV2: pass"}


def test_gemini_cli_code_assist_is_mutated_and_restored(proxies: Proxies, fake: FakeProvider) -> None:
    environment = proxies.get("restricted").environment()
    fake.respond = echo(True, wrapped=True)
    body = {
        "model": "gemini-2.5-pro",
        "project": "p",
        "request": {"contents": [{"role": "user", "parts": [{"text": CODE}]}]},
    }
    out = subprocess.run(
        ["curl", "--silent", "--show-error", "--no-buffer",
         "https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse",
         "-H", "content-type: application/json", "--data-binary", "@-"],
        input=json.dumps(body).encode(), env=environment, capture_output=True, check=True, timeout=30,
    ).stdout.decode()  # fmt: skip
    assert "AccountLedger" not in fake.only().body.decode()
    chunks = [json.loads(line[6:])["response"] for line in out.splitlines() if line.startswith("data: ")]
    text = "".join(p.get("text", "") for c in chunks for p in c["candidates"][0]["content"]["parts"])
    assert text == "AccountLedger is fine"
