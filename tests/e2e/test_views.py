"""Inventory, incident, evidence and approved tools against a trail made by real traffic
through the real proxy: each number is counted from the requests this test sent, not read
back from the trail it checks."""

from __future__ import annotations

import hashlib
import json
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anthropic
import pypdf
import pytest

from audit.files import records
from installation.fingerprints import fingerprint, fingerprint_key
from installation.home import load_key
from tests import cli
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider

pytestmark = pytest.mark.e2e

AWS = "AKIAQ3EGUZ7T2XN5MBRW"  # redacted in the restricted tier, let through by the internal tier's allow
GITHUB = "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"  # sent to Bedrock in the public tier, unread
CODE = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"
GEMINI_CLI = "GeminiCLI/0.61.0/gemini-2.5-pro (linux; x64)"
CURSOR = "Cursor/0.42.3"


def policy(base: Path) -> str:
    return (
        "tiers:\n"
        "  restricted: {tools: {allow: [anthropic-sdk-python, curl, aws-sdk]}}\n"
        "  internal: {secrets: {allow: [aws_access_key_id]}}\n"
        "repositories:\n"
        f"  - {{name: tooling, tier: internal, paths: ['{base}/tooling']}}\n"
        f"  - {{name: site, tier: public, paths: ['{base}/site']}}\n"
    )


@dataclass
class Traffic:
    proxy: Proxy
    base: Path
    blocked_body: bytes
    sent: int
    """Requests this test sent through the proxy."""

    def pretense(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return cli.pretense(self.proxy.home.root, *arguments)

    def json(self, *arguments: str) -> Any:
        done = self.pretense(*arguments)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout)


def curl(proxy: Proxy, url: str, body: bytes, agent: str, repository: str | None = None) -> bytes:
    return subprocess.run(
        ["curl", "--silent", "--show-error", url, "-A", agent, "-H", "content-type: application/json",
         "--data-binary", "@-"],
        input=body, env=proxy.environment(repository), capture_output=True, timeout=30, check=True,
    ).stdout  # fmt: skip


@pytest.fixture(scope="module")
def traffic(proxies: Proxies, provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Traffic:
    base = tmp_path_factory.mktemp("repos")
    proxy = proxies.get("restricted", policy=policy(base), options={"pretense_audit_capture": "true"})
    provider.reset()
    sdk = anthropic.Anthropic(
        api_key="sk-ant-test",
        max_retries=0,
        http_client=anthropic.DefaultHttpxClient(
            proxy=proxy.environment()["HTTPS_PROXY"],
            verify=ssl.create_default_context(cafile=proxy.home.ca_bundle),
        ),
    )
    # 1. Restricted, the Anthropic SDK (approved): names renamed, the AWS key redacted.
    sdk.messages.create(
        model="claude-sonnet-5-5",
        max_tokens=16,
        messages=[{"role": "user", "content": f"{CODE}\nAWS_ACCESS_KEY_ID={AWS}"}],
    )
    message = json.dumps({"model": "claude-sonnet-5-5", "max_tokens": 8, "messages": [{"role": "user",
                          "content": f"deploy with AWS_ACCESS_KEY_ID={AWS}"}]}).encode()  # fmt: skip
    # 2. Internal (tagged), curl: the AWS key passes as the policy allows.
    curl(proxy, "https://api.anthropic.com/v1/messages", message, "curl/8.5.0", str(base / "tooling"))
    # 3. Restricted, Gemini CLI's user agent: not an approved tool, blocked in Google's shape.
    gemini = json.dumps({"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}).encode()
    blocked = curl(
        proxy,
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent",
        gemini,
        GEMINI_CLI,
    )
    # 4. Public (tagged), the AWS SDK to Bedrock with a GitHub token: unread, captured.
    bedrock = json.dumps({"messages": [{"role": "user", "content": f"token {GITHUB}"}]}).encode()
    bedrock_url = "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-sonnet-4-5/invoke"
    curl(proxy, bedrock_url, bedrock, "Boto3/1.35.0 md/Botocore#1.35.0", str(base / "site"))
    # 5. Internal (tagged), Cursor: uninspected, forwarded (no secret in its bytes).
    curl(proxy, "https://api2.cursor.sh/aiserver.v1.ChatService/StreamChat", b"\x00\x01hello", CURSOR,
         str(base / "tooling"))  # fmt: skip
    # 6. Restricted, the AWS SDK to Bedrock: uninspected, blocked (it cannot be rewritten).
    curl(proxy, bedrock_url, bedrock, "Boto3/1.35.0 md/Botocore#1.35.0")
    _wait_for_records(proxy, 6)
    return Traffic(proxy, base, blocked, sent=6)


def _wait_for_records(proxy: Proxy, count: int) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if sum(r.get("type") == "request" for r in records(proxy.home.audit_trail)) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"fewer than {count} request records")


def test_an_unapproved_tool_gets_a_provider_shaped_block_naming_the_approved_ones(traffic: Traffic) -> None:
    error = json.loads(traffic.blocked_body)["error"]
    assert error["status"] == "PERMISSION_DENIED"
    assert "approves only these AI tools: AWS SDK, Anthropic SDK (Python), curl" in error["message"]
    assert "this request came from Gemini CLI 0.61.0. Use one of the approved tools" in error["message"]


def test_the_inventory_counts_each_tool_as_it_was_used(traffic: Traffic) -> None:
    tools = {entry["tool"]: entry for entry in traffic.json("inventory", "--format", "json")}
    assert sum(entry["requests"] for entry in tools.values()) == traffic.sent
    sdk, gemini, cursor, aws = (tools[t] for t in ("anthropic-sdk-python", "gemini-cli", "cursor", "aws-sdk"))
    assert (sdk["requests"], sdk["decisions"], sdk["approval"]) == (1, {"rewritten": 1}, "approved")
    assert sdk["models"] == {"claude-sonnet-5-5": 1}
    assert sdk["versions"] == {anthropic.__version__: 1}
    assert (gemini["requests"], gemini["decisions"], gemini["approval"]) == (1, {"blocked": 1}, "unapproved")
    assert gemini["versions"] == {"0.61.0": 1}
    assert (cursor["inspected"], cursor["uninspected"], cursor["repositories"]) == (0, 1, {"tooling": 1})
    assert (aws["requests"], aws["uninspected"], aws["decisions"]) == (2, 2, {"forwarded": 1, "blocked": 1})
    assert tools["curl"]["tiers"] == {"internal": 1}
    csv = traffic.pretense("inventory", "--format", "csv").stdout.splitlines()
    assert len(csv) == 1 + len(tools)


def test_the_incident_lists_what_left_in_clear_and_where_a_name_went(
    traffic: Traffic, tmp_path: Path
) -> None:
    values = tmp_path / "vault.txt"
    values.write_text(f"{AWS}\n{GITHUB}\n")
    found = traffic.json("incident", "--since", "1d", "--until", "0h", "--identifier", "AccountLedger",
                         "--secret-file", str(values), "--format", "json")  # fmt: skip
    assert found["requests"] == traffic.sent
    assert (found["forwarded"], found["blocked"]) == (4, 2)
    audit_key = fingerprint_key(load_key(traffic.proxy.home))
    rotation = {(e["kind"], e["fingerprint"]): e for e in found["rotation"]}
    allowed = rotation.pop(("aws_access_key_id", fingerprint(audit_key, AWS)))
    assert (allowed["tier"], allowed["why"], allowed["matches"]) == (
        "internal",
        "let through by secrets.allow",
        "value #1",
    )
    unread = rotation.pop(("github_token", fingerprint(audit_key, GITHUB)))
    assert (unread["provider"], unread["tier"], unread["matches"]) == ("bedrock", "public", "value #2")
    assert "found in the captured body" in unread["why"]
    assert rotation == {}, "nothing else left in clear"
    (ledger,) = found["identifiers"]
    assert (ledger["what"], ledger["renamed"], ledger["in_clear"]) == ("AccountLedger", 1, 0)
    aws, github = found["secret_values"]
    assert (aws["redacted"], aws["in_clear"]) == (1, 1)
    assert github["in_clear"] == 1
    assert any("tool not approved" in event["what"] for event in found["timeline"])
    markdown = traffic.pretense("incident", "--since", "1d", "--until", "0h").stdout
    assert "## Rotate these secrets" in markdown
    assert AWS not in markdown
    assert GITHUB not in markdown


def test_the_evidence_pack_counts_the_period_prints_and_verifies(traffic: Traffic, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    made = traffic.pretense("evidence", "--since", "1d", "--until", "0h", "--out", str(pack))
    assert made.returncode == 0, made.stdout + made.stderr
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pack / "evidence.pdf").pages)
    assert "Pretense evidence pack" in text
    assert f"{traffic.sent} AI requests; 3 inspected" in " ".join(text.split())
    data = json.loads((pack / "evidence.json").read_text())
    assert data["coverage"]["requests"] == traffic.sent
    assert data["coverage"]["by_tier"] == {
        "restricted": {"rewritten": 1, "blocked": 2},
        "internal": {"forwarded": 2},
        "public": {"forwarded": 1},
    }
    assert data["coverage"]["unapproved_tools"] == 1
    digest = hashlib.sha256((traffic.proxy.home.root / "test-policy.yaml").read_bytes()).hexdigest()
    assert [p["sha256"] for p in data["policies"]] == [digest]
    assert (pack / f"policy-{digest[:12]}.yaml").read_bytes() == (
        traffic.proxy.home.root / "test-policy.yaml"
    ).read_bytes()
    verified = traffic.pretense("evidence", "verify", str(pack))
    assert verified.returncode == 0, verified.stdout
    assert verified.stdout.startswith("OK: ")
    pdf = bytearray((pack / "evidence.pdf").read_bytes())
    pdf[len(pdf) // 2] ^= 1
    (pack / "evidence.pdf").write_bytes(bytes(pdf))
    altered = traffic.pretense("evidence", "verify", str(pack))
    assert altered.returncode == 1
    assert "ALTERED evidence.pdf: changed since the pack was signed" in altered.stdout
