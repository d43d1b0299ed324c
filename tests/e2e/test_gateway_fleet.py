"""Three gateway instances sharing one home behind a real HAProxy (deploy/haproxy.cfg), under
load from the official SDKs: the same pseudonyms whichever instance answers; one instance
killed mid-load loses no request beyond those in flight on it (the SDKs retry on a reset
connection) while the others carry on; every instance's trail verifies and the fleet's
report adds up to the requests the provider got."""

from __future__ import annotations

import json
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import anthropic
import openai
import pytest

from audit.request import body_fingerprint
from installation.fingerprints import fingerprint_key
from installation.home import Home, load_key
from pretense.environment import proxy_url
from tests import cli
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.fleet import HAProxy, Instance, haproxy_installed, initialise
from tests.e2e.gateway import trail
from tests.e2e.pki import UpstreamPKI

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.gateway,
    pytest.mark.skipif(not haproxy_installed(), reason="haproxy is not installed: make gateway-deps"),
]
POLICY = """version: 1
default_tier: internal
repositories:
  - {name: ledger, tier: restricted, paths: ['/work/ledger']}
"""
CODE = (
    "```python\nclass SettlementLedger:\n    def post_settlement_batch(self, batch_total):\n"
    "        return batch_total\n```"
)
CLIENTS = 6
REQUESTS_PER_CLIENT = 30
KILL_AFTER = 60  # successes before one instance is killed


@dataclass
class Fleet:
    home: Path
    instances: list[Instance]
    balancer: HAProxy

    def url(self, repository: str | None = None) -> str:
        return proxy_url("127.0.0.1", self.balancer.port, repository)


@pytest.fixture
def fleet(tmp_path: Path, pki: UpstreamPKI, fake: FakeProvider) -> Iterator[Fleet]:
    home = tmp_path / "home"
    initialise(home)
    policy = home / "policy.yaml"
    policy.write_text(POLICY)
    instances = [Instance(f"gw{n}", home, policy, pki, fake.port) for n in (1, 2, 3)]
    try:
        for instance in instances:
            instance.start()
        balancer = HAProxy(tmp_path, instances)
        try:
            yield Fleet(home, instances, balancer)
        finally:
            balancer.stop()
    finally:
        for instance in instances:
            instance.stop()


def _trusting(fleet: Fleet) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=fleet.home / "certs" / "pretense-ca-bundle.pem")


def _anthropic(fleet: Fleet, repository: str | None = None) -> anthropic.Anthropic:
    http = anthropic.DefaultHttpxClient(proxy=fleet.url(repository), verify=_trusting(fleet))
    return anthropic.Anthropic(api_key="sk-ant-test", max_retries=4, http_client=http)


def _openai(fleet: Fleet) -> openai.OpenAI:
    http = openai.DefaultHttpxClient(proxy=fleet.url(), verify=_trusting(fleet))
    return openai.OpenAI(api_key="sk-test", max_retries=4, http_client=http)


def test_the_same_code_gets_the_same_pseudonyms_from_every_instance(fleet: Fleet, fake: FakeProvider) -> None:
    for _ in range(6):  # a new client, a new tunnel: the balancer hands it to the next instance
        with _anthropic(fleet, "/work/ledger") as client:
            client.messages.create(
                model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": CODE}]
            )
    sent = {request.body for request in fake.received}
    assert len(fake.received) == 6
    assert len(sent) == 1, "instances renamed the same code differently"
    assert b"SettlementLedger" not in next(iter(sent))
    answered = {r["instance"] for r in trail(fleet.home) if r["type"] == "request"}
    assert answered == {"gw1", "gw2", "gw3"}


@dataclass
class Load:
    fleet: Fleet
    done: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, number: int) -> None:
        client: anthropic.Anthropic | openai.OpenAI = (
            _anthropic(self.fleet) if number % 2 else _openai(self.fleet)
        )
        deadline = time.monotonic() + 120
        with client:
            for index in range(REQUESTS_PER_CLIENT):
                if time.monotonic() > deadline:
                    break
                marker = f"request {number}-{index}"
                try:
                    if isinstance(client, anthropic.Anthropic):
                        client.messages.create(
                            model="claude-sonnet-5-5",
                            max_tokens=64,
                            messages=[{"role": "user", "content": marker}],
                        )
                    else:
                        client.chat.completions.create(
                            model="gpt-5.5", messages=[{"role": "user", "content": marker}]
                        )
                except (anthropic.APIError, openai.APIError):
                    with self.lock:
                        self.lost.append(marker)
                    continue
                with self.lock:
                    self.done.append(marker)


def test_killing_an_instance_mid_load_loses_nothing_beyond_its_requests_in_flight(
    fleet: Fleet, fake: FakeProvider
) -> None:
    load = Load(fleet)
    threads = [threading.Thread(target=load.run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(load.done) < KILL_AFTER and time.monotonic() < deadline:
        time.sleep(0.02)
    victim = fleet.instances[1]
    victim.kill()
    killed_at = len(load.done)
    for thread in threads:
        thread.join(150)
    sent = CLIENTS * REQUESTS_PER_CLIENT
    assert len(load.done) + len(load.lost) == sent
    # At most the requests in flight on the killed instance: one per client it served.
    assert len(load.lost) <= CLIENTS // 3 + 1, load.lost
    assert len(load.done) > killed_at + (sent - killed_at) // 2  # the others carried on

    victim.start()  # the killed instance comes back: its trail records the gap
    for instance in fleet.instances:
        instance.stop()
    verified = cli.pretense(fleet.home, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "fleet: 3 trails, 3 OK" in verified.stdout

    records = [r for r in trail(fleet.home) if r["type"] == "request"]
    audit_key = fingerprint_key(load_key(Home(fleet.home)))
    received = {body_fingerprint(audit_key, (r.body,)): r for r in fake.received}
    recorded = {r["sent_fingerprint"] for r in records}
    # Every request a client got its answer to has its record; no record names a body never sent.
    for marker in load.done:
        body = next(r.body for r in fake.received if marker.encode() + b'"' in r.body)
        assert body_fingerprint(audit_key, (body,)) in recorded, marker
    assert recorded <= set(received)
    report = json.loads(cli.pretense(fleet.home, "report", "--format", "json").stdout)
    assert report["requests"] == len(records) == len(received) - _unrecorded(received, recorded)
    assert {r["instance"] for r in records} == {"gw1", "gw2", "gw3"}
    sys.stderr.write(
        f"\nfleet: {sent} requests sent, {len(load.done)} answered, {len(load.lost)} lost, "
        f"{len(received)} reached the provider, {len(records)} recorded; gw2 killed after {killed_at}\n"
    )


def _unrecorded(received: dict[str, object], recorded: set[str]) -> int:
    """Requests the provider got whose record the killed instance had not written yet: each
    was in flight on it, its answer never reached the client whole."""
    return len(set(received) - recorded)


def cli_home(fleet: Fleet) -> object:
    from installation.home import Home

    return Home(fleet.home)
