"""A gateway fleet for the tests: several mitmdump processes running the suite, sharing one
Pretense home, each with its own trail and admin port, behind a real HAProxy started with
the shipped deploy/haproxy.cfg. Loopback only."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from tests import cli
from tests.e2e.conftest import ENTRY_SCRIPT, MITMDUMP, REDIRECT_SCRIPT, free_port
from tests.e2e.pki import UpstreamPKI

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy.cfg"


def haproxy_installed() -> bool:
    return shutil.which("haproxy") is not None


class Instance:
    def __init__(self, name: str, home: Path, policy: Path, pki: UpstreamPKI, upstream: int) -> None:
        self.name, self.home, self.policy, self.pki, self.upstream = name, home, policy, pki, upstream
        self.port, self.admin = free_port(), free_port()
        self.log = home / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Instance:
        arguments = [
            str(MITMDUMP), "--listen-host", "127.0.0.1", "--listen-port", str(self.port),
            "-s", str(ENTRY_SCRIPT), "-s", str(REDIRECT_SCRIPT),
            "--set", f"ssl_verify_upstream_trusted_ca={self.pki.ca_cert}",
            "--set", f"pretense_policy={self.policy}",
            "--set", f"pretense_instance={self.name}",
            "--set", f"pretense_admin=127.0.0.1:{self.admin}",
            "--set", "pretense_workers=0",
            "--set", "flow_detail=0",
        ]  # fmt: skip
        environment = os.environ | {
            "PRETENSE_HOME": str(self.home),
            "PRETENSE_TEST_UPSTREAM": f"127.0.0.1:{self.upstream}",
        }
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(arguments, env=environment, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()}")
            if self.healthy():
                return self
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not get healthy:\n{self.log.read_text()}")

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.admin}/healthz", timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class HAProxy:
    def __init__(self, workdir: Path, instances: list[Instance]) -> None:
        self.port = free_port()
        self.log = workdir / "haproxy.log"
        environment = os.environ | {"PRETENSE_LISTEN": f"127.0.0.1:{self.port}"}
        for number, instance in enumerate(instances, 1):
            environment[f"PRETENSE_GW{number}"] = f"127.0.0.1:{instance.port}"
            environment[f"PRETENSE_GW{number}_ADMIN"] = str(instance.admin)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["haproxy", "-db", "-f", str(HAPROXY_CONFIG)], env=environment, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"haproxy exited:\n{self.log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                time.sleep(2.5)  # two health checks: every instance marked up
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"haproxy did not listen:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def initialise(home: Path) -> None:
    """`pretense init` once, as pretense-init.service does before the instances start."""
    done = cli.pretense(home, "init")
    assert done.returncode == 0, done.stderr
