"""No acknowledged request without its record, measured on a real proxy: under `kill -9`
while clients keep it busy, and on a disk that fills up (a real tmpfs). An answer counts as
acknowledged when the client got all of it; each one's fingerprint must be in the trail."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.files import records
from installation.fingerprints import fingerprint_key
from installation.home import Home, load_key
from tests import cli
from tests.e2e.conftest import ENTRY_SCRIPT, REDIRECT_SCRIPT, Proxy
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.e2e


def start_proxy(home: Path, pki: UpstreamPKI, provider: FakeProvider) -> Proxy:
    policy = home / "test-policy.yaml"
    policy.write_text("version: 1\ndefault_tier: restricted\n")
    return Proxy(home, policy, pki, provider.port, (ENTRY_SCRIPT, REDIRECT_SCRIPT))


class Session:
    """One client connection through the proxy (CONNECT, then TLS with the Pretense CA)."""

    def __init__(self, proxy: Proxy) -> None:
        context = ssl.create_default_context(cafile=str(proxy.home.ca_bundle))
        self.connection = http.client.HTTPSConnection("127.0.0.1", proxy.port, timeout=15, context=context)
        self.connection.set_tunnel("api.anthropic.com", 443)

    def ask(self, number: int) -> tuple[int, bytes]:
        """The status and the whole answer; raises OSError or HTTPException if it was cut off."""
        body = {
            "model": "claude-sonnet-5-5",
            "max_tokens": 16,
            "stream": number % 2 == 1,
            "messages": [{"role": "user", "content": f"question {number}: why does it fail?"}],
        }
        headers = {
            "x-api-key": "sk-ant-test",
            "anthropic-version": "2023-06-01",
            "content-type": "application/json",
        }
        try:
            self.connection.request("POST", "/v1/messages", json.dumps(body), headers)
            answer = self.connection.getresponse()
            return answer.status, answer.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise

    def close(self) -> None:
        self.connection.close()


def recorded_answers(home: Home) -> set[str]:
    return {str(r.get("answer_fingerprint")) for r in records(home.audit_trail) if r.get("type") == "request"}


def fingerprints(home: Home, answers: list[bytes]) -> set[str]:
    key = fingerprint_key(load_key(home))
    return {hmac.new(key, answer, hashlib.sha256).hexdigest() for answer in answers}


def wait_for_start(home: Home) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any(r.get("type") == "start" for r in records(home.audit_trail)):
            return
        time.sleep(0.05)
    raise AssertionError("the proxy wrote no start record")


def test_kill_9_under_load_loses_no_acknowledged_record(
    pki: UpstreamPKI, provider: FakeProvider, tmp_path: Path
) -> None:
    proxy = start_proxy(tmp_path, pki, provider)
    acknowledged: list[bytes] = []
    lock = threading.Lock()
    killed = threading.Event()

    def load(offset: int) -> None:
        session = Session(proxy)
        for number in range(offset, offset + 10_000, 4):
            if killed.is_set():
                break
            try:
                status, body = session.ask(number)
            except (OSError, http.client.HTTPException):
                continue  # cut off by the kill: never acknowledged
            if status == 200:
                with lock:
                    acknowledged.append(body)
        session.close()

    clients = [threading.Thread(target=load, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(acknowledged) < 150:
        time.sleep(0.02)
    proxy.process.kill()  # SIGKILL, in the middle of whatever it was doing
    proxy.process.wait()
    killed.set()
    for thread in clients:
        thread.join(20)
    assert len(acknowledged) >= 150
    missing = fingerprints(proxy.home, acknowledged) - recorded_answers(proxy.home)
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged answers have no record"
    verified = cli.pretense(proxy.home.root, "audit", "verify")
    assert verified.returncode == 2, verified.stdout  # unaltered, not closed: it was killed
    artefact = tmp_path / "answer.txt"
    artefact.write_bytes(acknowledged[-1])
    found = cli.pretense(proxy.home.root, "audit", "search", "--body", str(artefact))
    assert f"{artefact} is the answer the client got" in found.stdout, found.stdout + found.stderr


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """The trail's folder on a 1 MiB tmpfs of its own (mounting needs root)."""
    trail = tmp_path / "audit-trail"
    trail.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(trail)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield trail
    finally:
        subprocess.run(["umount", "-l", str(trail)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def test_a_full_disk_refuses_what_it_cannot_record_and_loses_no_acknowledged_record(
    pki: UpstreamPKI, provider: FakeProvider, tmp_path: Path, small_disk: Path
) -> None:
    proxy = start_proxy(tmp_path, pki, provider)
    acknowledged: list[bytes] = []
    refused: list[str] = []
    try:
        wait_for_start(proxy.home)
        filler = fill(small_disk)
        session = Session(proxy)
        cut_off = 0
        for number in range(200):
            try:
                status, body = session.ask(number)
            except (OSError, http.client.HTTPException):
                cut_off += 1  # a streamed answer whose record could not be written: no end
                continue
            if status == 200:
                acknowledged.append(body)
            else:
                refused.append(body.decode())
            if len(refused) >= 5:
                break
        filler.unlink()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and session.ask(1000)[0] != 200:
            time.sleep(0.2)
        for number in range(1001, 1011):
            status, body = session.ask(number)
            assert status == 200, body
            acknowledged.append(body)
        session.close()
    finally:
        proxy.stop()
    assert len(refused) == 5, (cut_off, len(acknowledged), proxy.log.read_text()[-3000:])
    assert cut_off <= 1  # only an answer already under way when the disk filled is cut off
    for text in refused:
        assert "No space left on device" in text, text
        assert "audit trail" in text
    missing = fingerprints(proxy.home, acknowledged) - recorded_answers(proxy.home)
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged answers have no record"
    verified = cli.pretense(proxy.home.root, "audit", "verify")
    assert verified.returncode == 0, verified.stdout
    log = proxy.log.read_text()
    assert log.count("the trail cannot be written") == 1, "one log line per outage"
