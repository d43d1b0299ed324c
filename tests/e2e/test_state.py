"""The proxy as `mitmdump -s addons/pretense.py` runs it: listening on loopback unless told,
its state private to its user, and its flows savable with `-w` (summaries JSON-safe, no
clear name in them)."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest
from mitmproxy import io

from tests.e2e.conftest import ENTRY_SCRIPT, MITMDUMP, REDIRECT_SCRIPT, Proxy, free_port
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.leaks import ANTHROPIC_BODY, NAMES, curl
from tests.e2e.pki import UpstreamPKI

pytestmark = pytest.mark.e2e


def test_its_state_is_private_and_its_flows_can_be_saved(
    tmp_path: Path, pki: UpstreamPKI, provider: FakeProvider
) -> None:
    provider.reset()
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\ndefault_tier: restricted\n")
    flows = tmp_path / "flows.mitm"
    home = tmp_path / "home"
    home.mkdir()
    running = Proxy(
        home,
        policy,
        pki,
        provider.port,
        (ENTRY_SCRIPT, REDIRECT_SCRIPT),
        options={"save_stream_file": str(flows)},
    )
    try:
        answer = curl(running, "https://api.anthropic.com/v1/messages", ANTHROPIC_BODY)
        assert answer.status == 200
    finally:
        running.stop()
    loose = [
        str(path.relative_to(home))
        for path in (home, *home.rglob("*"))
        if path.name != "mitmdump.log" and stat.S_IMODE(path.stat().st_mode) & 0o077
    ]
    assert loose == []
    with flows.open("rb") as saved:
        (flow,) = list(io.FlowReader(saved).stream())
    summary = flow.metadata["pretense"]
    assert (summary["tier"], summary["rewritten"]) == ("restricted", True)
    assert not NAMES & set(json.dumps(dict(flow.metadata)).split('"'))


def _network_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if ipaddress.ip_address(address).is_loopback else address


def _answers(address: str, port: int) -> bool:
    """Whether an HTTP proxy on `address:port` answers a request from this machine."""
    try:
        with socket.create_connection((address, port), timeout=2) as client:
            client.sendall(b"GET http://example.invalid/ HTTP/1.1\r\nHost: example.invalid\r\n\r\n")
            return client.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


@pytest.mark.parametrize(
    ("listen", "address", "warned"),
    [((), "127.0.0.1", False), (("--listen-host", "0.0.0.0"), "*", True)],
    ids=["default", "all interfaces"],
)
def test_plain_mitmdump_listens_on_loopback_unless_told(
    tmp_path: Path, listen: tuple[str, ...], address: str, warned: bool
) -> None:
    port = free_port()
    log = tmp_path / "log"
    command = [str(MITMDUMP), "-s", str(ENTRY_SCRIPT), "--listen-port", str(port), *listen]
    environment = os.environ | {"PRETENSE_HOME": str(tmp_path)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT)
    try:
        expected = f"proxy listening at {address}:{port}"
        deadline = time.monotonic() + 30
        while expected not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.05)
        text = log.read_text()
        assert expected in text, text
        assert ("without proxy authentication" in text) is warned
        network = _network_address()
        if network is not None:
            assert _answers(network, port) is warned  # reachable from the network only when asked
        assert _answers("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(10)
