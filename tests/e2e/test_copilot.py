"""GitHub Copilot's inline completions through the real proxy, as its language server sends
them (HTTP/2, a streamed answer with code citations), and the hosts its token names."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e import shapes
from tests.e2e.conftest import ENTRY_SCRIPT, REDIRECT_SCRIPT, Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider, Received, Reply, sse_reply
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.e2e

PROMPT = "# Path: src/ledger/accounts.py\nclass AccountLedger:\n    def rebalance_tranches(self):\n"
REQUEST = {
    "prompt": PROMPT,
    "suffix": "\n\nledger = AccountLedger()\nledger.rebalance_tranches()\n",
    "max_tokens": 500,
    "temperature": 0,
    "top_p": 1,
    "n": 1,
    "stop": ["\n"],
    "nwo": "acme-bank/ledger",
    "stream": True,
    "extra": {
        "language": "python",
        "next_indent": 8,
        "trim_by_indentation": True,
        "prompt_tokens": 24,
        "suffix_tokens": 12,
        "context": ["# Path: src/ledger/report.py\nfrom .accounts import AccountLedger\n"],
    },
}
LEARNED = "copilot.acme-bank.example"


def complete(
    proxy: Proxy, host: str = "proxy.individual.githubcopilot.com", *options: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["curl", "--silent", "--show-error", "--no-buffer", "--http2", "--include",
         "--suppress-connect-headers", f"https://{host}/v1/engines/gpt-4o-copilot/completions",
         "-H", "content-type: application/json", "-H", "openai-intent: copilot-ghost",
         "-H", "authorization: Bearer tid=abc;exp=1;proxy-ep=proxy.individual.githubcopilot.com",
         "--data-binary", "@-", *options],
        input=json.dumps(REQUEST).encode(), env=proxy.environment(), capture_output=True, timeout=30,
        check=False,
    )  # fmt: skip


def answer_with_a_citation(received: Received) -> Reply:
    """Completes with the pseudonym the prompt got, and cites the whole line."""
    name = re.search(r"class (\w+):", received.json()["prompt"])
    assert name is not None
    line = f"        return {name.group(1)}.total()  # 🚀\n"
    return sse_reply(shapes.copilot_completion_stream(line, [(8, len(line.encode("utf-16-le")) // 2 - 1)]))


def events(stream: str) -> list[dict[str, object]]:
    return [json.loads(line[6:]) for line in stream.splitlines() if line.startswith("data: {")]


def test_inline_completion_is_mutated_and_restored_with_its_citation(
    proxies: Proxies, fake: FakeProvider
) -> None:
    fake.respond = answer_with_a_citation
    result = complete(proxies.get("restricted"))
    assert result.returncode == 0, result.stderr
    head, _, stream = result.stdout.decode().partition("\r\n\r\n")
    assert head.startswith("HTTP/2 200")
    sent = fake.only().json()
    for text in (sent["prompt"], sent["suffix"], *sent["extra"]["context"]):
        assert "AccountLedger" not in text
        assert "rebalance_tranches" not in text
    # The path line stays a path line; the module's name (and `ledger`, defined below) are renamed.
    path_line = sent["prompt"].partition("\n")[0]
    assert re.fullmatch(r"# Path: src/zq[a-z]{9}/zq[a-z]{9}\.py", path_line), path_line
    assert {k: v for k, v in sent.items() if k not in ("prompt", "suffix", "extra")} == {
        k: v for k, v in REQUEST.items() if k not in ("prompt", "suffix", "extra")
    }
    assert sent["extra"]["prompt_tokens"] == 24
    chunks = events(stream)
    line = "        return AccountLedger.total()  # 🚀\n"
    assert "".join(str(c["choices"][0].get("text", "")) for c in chunks) == line  # type: ignore[index]
    cited = [
        c["choices"][0]["copilot_annotations"] for c in chunks if "copilot_annotations" in c["choices"][0]
    ]  # type: ignore[index]
    # The citation covers the same characters of the restored line as of the provider's.
    assert cited[-1] == {
        "CodeReference": [
            {
                "id": 0,
                "start_offset": 8,
                "stop_offset": len(line.encode("utf-16-le")) // 2 - 1,
                "details": {"license": "MIT"},
            }
        ]
    }


def test_a_refused_completion_is_a_bad_request_copilot_shows(proxies: Proxies, fake: FakeProvider) -> None:
    result = complete(proxies.get("confidential"))
    head, _, body = result.stdout.decode().partition("\r\n\r\n")
    assert head.startswith("HTTP/2 400")  # not 403: Copilot would fetch a new token every time
    assert "x-github-request-id: pretense-blocked" in head
    assert json.loads(body)["error"]["message"].startswith(
        "Pretense blocked this request: the confidential tier sends nothing to AI providers"
    )
    assert fake.received == []


def test_the_public_tier_passes_the_stream_byte_for_byte(proxies: Proxies, fake: FakeProvider) -> None:
    upstream = shapes.copilot_completion_stream("return AccountLedger()  # 🚀\n", [(0, 6)])
    fake.respond = lambda received: sse_reply(upstream)
    result = complete(proxies.get("public"))
    assert result.stdout.decode().partition("\r\n\r\n")[2].encode() == upstream
    assert fake.only().json() == REQUEST


def test_hosts_a_copilot_token_names_are_inspected_from_then_on(
    tmp_path: Path, pki: UpstreamPKI, provider: FakeProvider
) -> None:
    provider.reset()
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\ndefault_tier: restricted\n")
    token = b'{"token":"tid=abc;exp=1;proxy-ep=' + LEARNED.encode() + b';8kp=1","expires_at":1,  "x": true}'
    provider.replies["/copilot_internal/v2/token"] = Reply(200, token)
    both = tmp_path / "both.pem"
    (tmp_path / "home").mkdir()
    running = Proxy(tmp_path / "home", policy, pki, provider.port, (ENTRY_SCRIPT, REDIRECT_SCRIPT))
    try:
        both.write_bytes(running.home.ca_cert.read_bytes() + pki.ca_cert.read_bytes())
        # Not known yet: tunnelled as is, the provider's own certificate reaches the client.
        assert complete(running, LEARNED, "--cacert", str(both)).returncode == 0
        assert "AccountLedger" in provider.received[-1].body.decode()
        # The token exchange: read, answered byte for byte.
        exchange = subprocess.run(
            ["curl", "--silent", "--show-error", "https://api.github.com/copilot_internal/v2/token",
             "-H", "authorization: token gho_x"],
            env=running.environment(), capture_output=True, timeout=30, check=True,
        )  # fmt: skip
        assert exchange.stdout == token
        assert f"Copilot token names new AI hosts: {LEARNED}" in running.log.read_text()
        assert (tmp_path / "home" / "copilot-hosts").read_text() == f"{LEARNED}\n"
        provider.respond = answer_with_a_citation
        assert complete(running, LEARNED).returncode == 0
        assert "AccountLedger" not in provider.received[-1].body.decode()
    finally:
        running.stop()
    # Remembered across a restart: Copilot keeps its token and does not ask again.
    restarted = Proxy(tmp_path / "home", policy, pki, provider.port, (ENTRY_SCRIPT, REDIRECT_SCRIPT))
    try:
        result = complete(restarted, LEARNED)
        assert result.returncode == 0, result.stderr
        assert "AccountLedger" not in provider.received[-1].body.decode()
        stream = result.stdout.decode().partition("\r\n\r\n")[2]
        text = "".join(str(c["choices"][0].get("text", "")) for c in events(stream))  # type: ignore[index]
        assert text == "        return AccountLedger.total()  # 🚀\n"
    finally:
        restarted.stop()


def test_upstream_errors_reach_copilot_unchanged(proxies: Proxies, fake: FakeProvider) -> None:
    """Copilot acts on GitHub's own statuses and headers (429 waits, 401 refreshes the token)."""
    error = b'{"error":{"message":"rate limited","code":"rate_limited"}}'
    fake.respond = lambda received: Reply(
        429, error, headers={"x-github-request-id": "8566:18E3C2", "retry-after": "10"}
    )
    result = complete(proxies.get("restricted"))
    head, _, body = result.stdout.decode().partition("\r\n\r\n")
    assert head.startswith("HTTP/2 429")
    assert "x-github-request-id: 8566:18E3C2" in head
    assert "retry-after: 10" in head
    assert body.encode() == error
    assert "AccountLedger" not in fake.only().body.decode()  # the request was rewritten all the same
