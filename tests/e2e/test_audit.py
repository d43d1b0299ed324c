"""The audit trail of a real proxy: a request through it is recorded without its secret or
its names in clear, the trail verifies, and search and report answer from it."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import time
from pathlib import Path

import anthropic
import pytest

from audit.files import records
from installation.fingerprints import fingerprint_key
from installation.home import load_key
from tests import cli
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.fake_provider import FakeProvider

pytestmark = pytest.mark.e2e

AWS = "AKIAQ3EGUZ7T2XN5MBRW"
CODE = "class AccountLedger:\n    def rebalance_tranches(self):\n        return 1\n"


def pretense(proxy: Proxy, *arguments: str) -> subprocess.CompletedProcess[str]:
    return cli.pretense(proxy.home.root, *arguments)


def test_a_request_is_audited_and_the_trail_answers(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    proxy = proxies.get("restricted", policy="# audited\n")
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    client.messages.create(
        model="claude-sonnet-5-5",
        max_tokens=16,
        messages=[{"role": "user", "content": f"{CODE}\nAWS_ACCESS_KEY_ID={AWS}"}],
    )
    assert AWS not in fake.only().body.decode()
    trail = proxy.home.audit_trail
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and b'"type":"request"' not in b"".join(
        p.read_bytes() for p in trail.glob("trail-*")
    ):
        time.sleep(0.1)
    written = b"".join(p.read_bytes() for p in trail.glob("trail-*"))
    assert b'"type":"request"' in written
    assert AWS.encode() not in written
    assert b"AccountLedger" not in written
    assert b"rebalance_tranches" not in written

    running = pretense(proxy, "audit", "verify")
    assert running.returncode == 2  # intact, but the tail is not signed until the proxy stops
    assert "TAIL UNSIGNED" in running.stdout
    found = pretense(proxy, "audit", "search", "--identifier", "AccountLedger")
    assert found.returncode == 0, found.stderr
    assert "mutated" in found.stdout
    secrets = tmp_path / "leaked.txt"
    secrets.write_text(f"{AWS}\n")
    redacted = pretense(proxy, "audit", "search", "--secret-file", str(secrets))
    assert "redacted" in redacted.stdout, redacted.stdout + redacted.stderr
    never = pretense(proxy, "audit", "search", "--identifier", "NeverSentAnywhere")
    assert "never" in never.stdout.lower(), never.stdout
    explained = pretense(proxy, "policy", "explain", "--last")
    assert "tier:        restricted" in explained.stdout, explained.stdout + explained.stderr
    assert "rule:        the default tier" in explained.stdout
    assert "decision:    rewritten" in explained.stdout
    report = pretense(proxy, "report")
    assert report.returncode == 0, report.stderr
    assert "aws_access_key_id" in report.stdout
    proxy.stop()  # a clean stop writes the closing checkpoint
    closed = pretense(proxy, "audit", "verify")
    assert closed.returncode == 0, closed.stdout + closed.stderr


def test_each_record_fingerprints_the_very_bytes_the_provider_received(
    proxies: Proxies, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inspected on the event loop, by a worker, or answered from the verdicts remembered:
    the record's `sent_fingerprint` is the keyed HMAC of what left."""
    proxy = proxies.get("restricted", policy="# fingerprinted\n")
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    client = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0)
    large = CODE + "".join(f"def settle_batch_{n}(ledger):\n    return ledger\n" for n in range(1500))
    assert len(large) > 40 << 10  # past pretense_inline_kb: a worker's
    received = []
    for content in (CODE, large, large):
        fake.reset()
        client.messages.create(
            model="claude-sonnet-5-5", max_tokens=16, messages=[{"role": "user", "content": content}]
        )
        received.append(fake.only().body)
    assert b"settle_batch_7" not in received[1]
    assert received[1] == received[2]
    key = fingerprint_key(load_key(proxy.home))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        requests = [r for r in records(proxy.home.audit_trail) if r["type"] == "request"]
        if len(requests) >= 3:
            break
        time.sleep(0.1)
    assert [(r["sent_bytes"], r["sent_fingerprint"]) for r in requests[-3:]] == [
        (len(body), hmac.new(key, body, hashlib.sha256).hexdigest()) for body in received
    ]
    assert {r["model"] for r in requests[-3:]} == {"claude-sonnet-5-5"}
