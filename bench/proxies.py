"""Starts and stops the two mitmdump processes the benchmark compares: pass-through and the suite.

Both get the same logging options and the same redirect to the fake provider; only the scripts differ.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.ready_addon import READY_LINE
from bench.report import RESTRICTED, SUITE
from tests.e2e.conftest import free_port
from tests.e2e.pki import UpstreamPKI

ROOT = Path(__file__).resolve().parents[1]
MITMDUMP = Path(sys.executable).with_name("mitmdump")
SUITE_SCRIPT = ROOT / "addons" / "pretense.py"
PASSTHROUGH_SCRIPT = ROOT / "bench" / "passthrough_addon.py"
REDIRECT_SCRIPT = ROOT / "tests" / "e2e" / "redirect_addon.py"
READY_SCRIPT = ROOT / "bench" / "ready_addon.py"
CA_FILE = "mitmproxy-ca-cert.pem"
START_TIMEOUT = 60.0


@dataclass
class Mitmdump:
    """One mitmdump process listening on 127.0.0.1; `ca_cert` is the CA its clients must trust."""

    name: str
    workdir: Path
    scripts: tuple[Path, ...]
    options: dict[str, str]
    environment: dict[str, str]
    ca_cert: Path
    executable: Path = MITMDUMP
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.workdir / "mitmdump.log"

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.name} mitmdump is not started")
        return self.process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        arguments = [str(self.executable), "--listen-host", "127.0.0.1", "--listen-port", str(self.port)]
        for script in (*self.scripts, READY_SCRIPT):
            arguments += ["-s", str(script)]
        for name, value in self.options.items():
            arguments += ["--set", f"{name}={value}"]
        return arguments

    def start(self) -> Mitmdump:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(), env=os.environ | self.environment, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} mitmdump exited:\n{self.log.read_text()}")
            if READY_LINE.encode() in self.log.read_bytes() and self.ca_cert.is_file():
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} mitmdump did not get ready:\n{self.log.read_text()}")

    def log_lines(self) -> list[str]:
        """What the proxy logged besides the ready line: at warn verbosity, anything is news."""
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return [line for line in lines if line.strip() and READY_LINE not in line]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _common_options(pki: UpstreamPKI) -> dict[str, str]:
    # Same logging cost for both: nothing per flow, only warnings and errors.
    return {
        "ssl_verify_upstream_trusted_ca": str(pki.ca_cert),
        "flow_detail": "0",
        "termlog_verbosity": "warn",
    }


def _upstream(port: int) -> dict[str, str]:
    return {"PRETENSE_TEST_UPSTREAM": f"127.0.0.1:{port}"}


def baseline(workdir: Path, pki: UpstreamPKI, upstream_port: int) -> Mitmdump:
    """Plain mitmdump that streams answers, with its own CA in a throwaway confdir."""
    workdir.mkdir(parents=True, exist_ok=True)
    confdir = workdir / "confdir"
    options = _common_options(pki) | {"confdir": str(confdir)}
    scripts = (PASSTHROUGH_SCRIPT, REDIRECT_SCRIPT)
    return Mitmdump("baseline", workdir, scripts, options, _upstream(upstream_port), confdir / CA_FILE)


def suite(workdir: Path, pki: UpstreamPKI, upstream_port: int, root: Path | None = None) -> Mitmdump:
    """The Pretense suite in the internal tier (nothing rewritten): the cost of reading requests.
    `root`: another checkout's suite, run with that checkout's `.venv`."""
    return _suite(SUITE, "internal", workdir, pki, upstream_port, root)


def restricted(workdir: Path, pki: UpstreamPKI, upstream_port: int, root: Path | None = None) -> Mitmdump:
    """The Pretense suite in the restricted tier: identifiers renamed, answers restored."""
    return _suite(RESTRICTED, "restricted", workdir, pki, upstream_port, root)


def _suite(
    name: str, tier: str, workdir: Path, pki: UpstreamPKI, upstream_port: int, root: Path | None
) -> Mitmdump:
    # Its home (CA, key, audit) in a throwaway directory.
    workdir.mkdir(parents=True, exist_ok=True)
    policy = workdir / "bench-policy.yaml"
    policy.write_text(f"version: 1\ndefault_tier: {tier}\n")
    options = (
        _common_options(pki)
        | {"pretense_policy": str(policy)}
        | ({"pretense_audit": "false"} if os.environ.get("BENCH_NO_AUDIT") else {})
    )
    environment = _upstream(upstream_port) | {"PRETENSE_HOME": str(workdir)}
    ca_cert = workdir / "certs" / CA_FILE
    script = root / "addons" / "pretense.py" if root else SUITE_SCRIPT
    executable = root / ".venv" / "bin" / "mitmdump" if root else MITMDUMP
    return Mitmdump(name, workdir, (script, REDIRECT_SCRIPT), options, environment, ca_cert, executable)
