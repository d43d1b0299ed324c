"""Real parts for end-to-end tests: a fake provider over TLS, and real mitmdump processes
running the suite (`mitmdump -s addons/pretense.py`), one per policy tier asked for."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from installation.home import Home
from pretense.environment import proxy_environment
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.pki import UpstreamPKI, make_pki

ROOT = Path(__file__).resolve().parents[2]
ENTRY_SCRIPT = ROOT / "addons" / "pretense.py"
REDIRECT_SCRIPT = Path(__file__).with_name("redirect_addon.py")
FAULTY_SUITE = Path(__file__).with_name("faulty_suite.py")
MITMDUMP = Path(sys.executable).with_name("mitmdump")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Proxy:
    """One mitmdump process with the suite loaded, its home in a temporary directory."""

    def __init__(
        self,
        home: Path,
        policy: Path,
        pki: UpstreamPKI,
        upstream: int,
        scripts: tuple[Path, ...],
        environment: dict[str, str] | None = None,
        options: dict[str, str] | None = None,
    ) -> None:
        self.home = Home(home)
        self.port = free_port()
        self.log = home / "mitmdump.log"
        arguments = [str(MITMDUMP), "--listen-host", "127.0.0.1", "--listen-port", str(self.port)]
        for script in scripts:
            arguments += ["-s", str(script)]
        arguments += [
            "--set",
            f"ssl_verify_upstream_trusted_ca={pki.ca_cert}",
            "--set",
            f"pretense_policy={policy}",
        ]
        for name, value in (options or {}).items():
            arguments += ["--set", f"{name}={value}"]
        variables = os.environ | (environment or {})
        variables |= {"PRETENSE_HOME": str(home), "PRETENSE_TEST_UPSTREAM": f"127.0.0.1:{upstream}"}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(arguments, env=variables, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mitmdump exited:\n{self.log.read_text()}")
            # The port can accept before the scripts are loaded: wait for mitmproxy to say so.
            if b" listening at " in self.log.read_bytes():
                return
            time.sleep(0.05)
        raise RuntimeError(f"mitmdump did not listen:\n{self.log.read_text()}")

    def environment(self, repository: str | None = None) -> dict[str, str]:
        """What `pretense run [--repo PATH]` gives a tool: proxy and CA variables."""
        return proxy_environment(self.home, "127.0.0.1", self.port, repository)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> UpstreamPKI:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def provider(pki: UpstreamPKI) -> Iterator[FakeProvider]:
    fake = FakeProvider(pki).start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(provider: FakeProvider) -> FakeProvider:
    provider.reset()
    return provider


class Proxies:
    def __init__(self, base: Path, pki: UpstreamPKI, provider: FakeProvider) -> None:
        self.base, self.pki, self.provider = base, pki, provider
        self.running: dict[str, Proxy] = {}

    def get(
        self,
        tier: str,
        swap: bool = False,
        policy: str = "",
        fault: str = "",
        options: dict[str, str] | None = None,
    ) -> Proxy:
        """The suite in `tier`; with `swap`, rewriting with the swap transform of tests/doubles.py;
        with `fault`, with that fault put in (see faulty_suite.py); `policy` adds lines to its
        policy file; `options` are mitmproxy options set on it."""
        fault = "swap" if swap else fault
        name = f"{tier}-{fault.replace(':', '-')}" if fault else tier
        if policy or options:
            name += (
                "-" + hashlib.sha256(f"{policy}{sorted((options or {}).items())}".encode()).hexdigest()[:8]
            )
        if name not in self.running:
            home = self.base / name
            home.mkdir()
            policy_file = home / "test-policy.yaml"
            policy_file.write_text(f"version: 1\ndefault_tier: {tier}\n{policy}")
            scripts = (FAULTY_SUITE if fault else ENTRY_SCRIPT, REDIRECT_SCRIPT)
            environment = {"PRETENSE_TEST_FAULT": fault} if fault else {}
            self.running[name] = Proxy(
                home, policy_file, self.pki, self.provider.port, scripts, environment, options
            )
        return self.running[name]

    def stop(self) -> None:
        for proxy in self.running.values():
            proxy.stop()


@pytest.fixture(scope="session")
def proxies(
    tmp_path_factory: pytest.TempPathFactory, pki: UpstreamPKI, provider: FakeProvider
) -> Iterator[Proxies]:
    running = Proxies(tmp_path_factory.mktemp("proxies"), pki, provider)
    yield running
    running.stop()


@pytest.fixture
def proxy(proxies: Proxies) -> Proxy:
    """The suite with the shipped default tier (restricted)."""
    return proxies.get("restricted")


@pytest.fixture
def sdk_env(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> Proxy:
    """Sets, in this process, the variables `pretense run` gives a tool."""
    for name, value in proxy.environment().items():
        monkeypatch.setenv(name, value)
    return proxy
