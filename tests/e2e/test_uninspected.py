"""AI endpoints Pretense recognises but does not rewrite, through the real proxy: blocked
where the tier requires rewriting, passed and logged elsewhere, never as if inspected."""

from __future__ import annotations

import subprocess

import openai
import pytest

from tests.e2e.conftest import Proxies
from tests.e2e.fake_provider import FakeProvider

pytestmark = pytest.mark.e2e


def responses(proxies: Proxies, tier: str, monkeypatch: pytest.MonkeyPatch) -> openai.OpenAI:
    for name, value in proxies.get(tier).environment().items():
        monkeypatch.setenv(name, value)
    return openai.OpenAI(api_key="sk-test", max_retries=0)


def test_the_restricted_tier_blocks_the_legacy_completions_api_with_a_reason(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = responses(proxies, "restricted", monkeypatch)
    with pytest.raises(openai.PermissionDeniedError) as refused:
        client.completions.create(model="gpt-3.5-turbo-instruct", prompt="refactor class AccountLedger")
    assert fake.received == []
    assert refused.value.status_code == 403
    assert refused.value.body["message"] == (  # type: ignore[index]
        "Pretense blocked this request: Pretense cannot inspect this request: OpenAI's legacy "
        "completions API is not rewritten; the restricted tier forwards nothing it cannot rewrite."
    )


def test_the_public_tier_passes_it_and_says_it_was_not_inspected(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = responses(proxies, "public", monkeypatch)
    client.completions.create(model="gpt-3.5-turbo-instruct", prompt="refactor class AccountLedger")
    assert b"AccountLedger" in fake.only().body
    assert (
        "forwarding /v1/completions unchanged (public tier): Pretense cannot inspect"
        in proxies.get("public").log.read_text()
    )


# Bodies as those tools send them: SigV4-signed JSON (Bedrock), binary protobuf (Cursor, Windsurf).
OPAQUE = [
    (
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-sonnet-4-5/invoke",
        b'{"anthropic_version":"bedrock-2023-05-31",'
        b'"messages":[{"role":"user","content":"class AccountLedger"}]}',
        "application/json",
        "Bedrock bodies are signed (SigV4) and cannot be rewritten",
    ),
    (
        "https://api2.cursor.sh/aiserver.v1.ChatService/StreamUnifiedChatWithTools",
        b"\x00\x00\x00\x00\x1a\n\x18\x12\x16class AccountLedger:\x00",
        "application/connect+proto",
        "Cursor speaks binary protobuf, which cannot be rewritten",
    ),
    (
        "https://server.codeium.com/exa.language_server_pb.LanguageServerService/GetCompletions",
        b"\n\x14class AccountLedger:\x12\x02py",
        "application/proto",
        "Windsurf speaks binary protobuf, which cannot be rewritten",
    ),
]
AWS = "AKIAQ3EGUZ7T2XN5MBRW"


def post(proxies: Proxies, tier: str, url: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    completed = subprocess.run(
        ["curl", "--silent", "--show-error", "--write-out", "\n%{http_code}", url,
         "-H", f"content-type: {content_type}", "--data-binary", "@-"],
        input=body, env=proxies.get(tier).environment(), capture_output=True, timeout=30, check=True,
    )  # fmt: skip
    out, _, status = completed.stdout.rpartition(b"\n")
    return int(status), out


@pytest.mark.parametrize(
    ("url", "body", "content_type", "reason"), OPAQUE, ids=["bedrock", "cursor", "windsurf"]
)
def test_signed_and_binary_apis_are_never_passed_as_inspected(
    proxies: Proxies, fake: FakeProvider, url: str, body: bytes, content_type: str, reason: str
) -> None:
    # Restricted: blocked, with the reason, before anything leaves.
    status, answer = post(proxies, "restricted", url, body, content_type)
    assert status == 403
    assert reason in answer.decode()
    assert fake.received == []
    # Internal: forwarded as is when a scan of the raw bytes finds no secret, else blocked.
    status, _ = post(proxies, "internal", url, body, content_type)
    assert status == 200
    assert fake.only().body == body
    status, answer = post(proxies, "internal", url, body + f" {AWS}".encode(), content_type)
    assert status == 403
    assert "it holds aws access key id, which cannot be redacted" in answer.decode()
    assert AWS not in answer.decode()
    assert len(fake.received) == 1
    # Public: forwarded, and the log says it was not inspected.
    assert post(proxies, "public", url, body, content_type)[0] == 200
    assert fake.received[-1].body == body
    path = url.split("/", 3)[3].partition("?")[0]
    assert (
        f"forwarding /{path} unchanged (public tier): Pretense cannot inspect"
        in proxies.get("public").log.read_text()
    )
