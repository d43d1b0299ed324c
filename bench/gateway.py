"""`python -m bench.gateway [--quick]`: what a gateway instance serves. Small chat requests
from several clients through one instance without sign-in, one with OIDC sign-in and a SCIM
directory (each tunnel's token verified once, every request checked against the
directory), and a fleet of three signed-in instances behind HAProxy (deploy/haproxy.cfg);
requests per second, and per core: requests over the CPU seconds the instances used.

The identity provider is a local JWKS (the tests' issuer); the machine is shared, so the
figures are indicative. Prints a table and writes bench/gateway.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench import payloads
from bench.measure import Load, Side, cpu_seconds
from bench.proxies import REDIRECT_SCRIPT, SUITE_SCRIPT, Mitmdump
from gateway.directory import DirectoryFile, directory_folder
from pretense.environment import proxy_url
from tests.e2e.conftest import free_port
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.pki import UpstreamPKI, make_pki
from tests.gateway.issuer import FakeIssuer

RESULTS = Path(__file__).with_name("gateway.json")
USER = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "meta": {"resourceType": "User"}}


@dataclass(frozen=True)
class Counts:
    threads: int
    seconds: float
    rounds: int


FULL = Counts(threads=6, seconds=4.0, rounds=3)
QUICK = Counts(threads=4, seconds=1.0, rounds=1)


class _Issuer:
    """The test issuer's discovery document and JWKS, served on loopback."""

    def __init__(self) -> None:
        self.fake = FakeIssuer()
        fake = self.fake

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = fake.fetch(fake.issuer + self.path) if self.path != "/" else b""
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        fake.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


def _instance(
    name: str, home: Path, workdir: Path, pki: UpstreamPKI, upstream: int, signed_in: _Issuer | None
) -> Mitmdump:
    workdir.mkdir(parents=True, exist_ok=True)
    policy = home / "bench-policy.yaml"
    options = {
        "ssl_verify_upstream_trusted_ca": str(pki.ca_cert),
        "flow_detail": "0",
        "termlog_verbosity": "warn",
        "pretense_policy": str(policy),
        "pretense_instance": name,
        "pretense_admin": f"127.0.0.1:{free_port()}",
    }
    if signed_in is not None:
        options |= {
            "pretense_oidc_issuer": signed_in.fake.issuer,
            "pretense_oidc_audience": "pretense",
            "pretense_scim_token_file": str(home / "scim-token"),
        }
    environment = {"PRETENSE_TEST_UPSTREAM": f"127.0.0.1:{upstream}", "PRETENSE_HOME": str(home)}
    ca = home / "certs" / "mitmproxy-ca-cert.pem"
    return Mitmdump(name, workdir, (SUITE_SCRIPT, REDIRECT_SCRIPT), options, environment, ca)


def _home(root: Path) -> Path:
    from tests import cli

    root.mkdir(parents=True)
    cli.pretense(root, "init")
    (root / "bench-policy.yaml").write_text("version: 1\ndefault_tier: internal\n")
    (root / "scim-token").write_text("b" * 48)
    DirectoryFile(directory_folder(root)).write(
        {"version": 1, "resources": [USER | {"id": "u1", "userName": "alice@bank.example"}]}
    )
    return root


@dataclass
class Measured:
    label: str
    instances: int
    requests_per_second: float
    cpu_seconds_per_request: float | None

    @property
    def per_core(self) -> float | None:
        return 1 / self.cpu_seconds_per_request if self.cpu_seconds_per_request else None


def _measure(label: str, url: str, ca: Path, pids: list[int], counts: Counts) -> Measured:
    call = payloads.small_chat()
    side = Side(label, url, ca, pids[0])
    load = Load(side, counts.threads)
    try:
        load.warm(call)
        done, spent = 0, 0.0
        cpu_before = sum(cpu_seconds(p) or 0.0 for p in pids)
        with ThreadPoolExecutor(max_workers=counts.threads) as pool:
            for _ in range(counts.rounds):
                requests, elapsed = load.run(lambda _side: call, counts.seconds, pool)
                done, spent = done + requests, spent + elapsed
        cpu = sum(cpu_seconds(p) or 0.0 for p in pids) - cpu_before
    finally:
        load.close()
        side.close()
    return Measured(label, len(pids), done / spent, cpu / done if cpu > 0 else None)


def run(workdir: Path, counts: Counts) -> list[Measured]:
    (workdir / "pki").mkdir()
    pki = make_pki(workdir / "pki")
    provider = FakeProvider(pki).start()
    issuer = _Issuer()
    token = issuer.fake.token(lifetime=86400)
    running: list[Mitmdump] = []
    found: list[Measured] = []
    try:
        plain = _instance("plain", _home(workdir / "plain"), workdir / "plain-run", pki, provider.port, None)
        running.append(plain.start())
        found.append(_measure("one instance, no sign-in", plain.url, plain.ca_cert, [plain.pid], counts))
        plain.stop()
        home = _home(workdir / "fleet")
        signed = [
            _instance(f"gw{n}", home, workdir / f"gw{n}", pki, provider.port, issuer) for n in (1, 2, 3)
        ]
        for instance in signed:
            running.append(instance.start())
        first = signed[0]
        url = proxy_url("127.0.0.1", first.port, None, token)
        found.append(_measure("one instance, OIDC sign-in + SCIM", url, first.ca_cert, [first.pid], counts))
        if shutil.which("haproxy"):
            found.append(_fleet(workdir, signed, token, counts))
    finally:
        for proxy in running:
            proxy.stop()
        issuer.stop()
        provider.stop()
    return found


def _fleet(workdir: Path, signed: list[Mitmdump], token: str, counts: Counts) -> Measured:
    from tests.e2e.fleet import HAProxy

    @dataclass
    class Address:
        port: int
        admin: int

    admins = [int(instance.options["pretense_admin"].rpartition(":")[2]) for instance in signed]
    balancer = HAProxy(workdir, [Address(i.port, a) for i, a in zip(signed, admins, strict=True)])  # type: ignore[list-item]
    try:
        url = proxy_url("127.0.0.1", balancer.port, None, token)
        pids = [instance.pid for instance in signed]
        return _measure("fleet of 3 behind HAProxy, sign-in + SCIM", url, signed[0].ca_cert, pids, counts)
    finally:
        balancer.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run; figures are noisy")
    counts = QUICK if parser.parse_args(argv).quick else FULL
    with tempfile.TemporaryDirectory(prefix="pretense-bench-gateway-") as directory:
        found = run(Path(directory), counts)
    print(f"\nGateway throughput, small chat requests, {counts.threads} clients (indicative: shared machine)")
    print(f"{'measurement':<46} {'instances':>9} {'req/s':>8} {'CPU ms/req':>11} {'req/s per core':>15}")
    for m in found:
        cpu = f"{m.cpu_seconds_per_request * 1000:.2f}" if m.cpu_seconds_per_request else "n/a"
        core = f"{m.per_core:.0f}" if m.per_core else "n/a"
        print(f"{m.label:<46} {m.instances:>9} {m.requests_per_second:>8.0f} {cpu:>11} {core:>15}")
    RESULTS.write_text(json.dumps([m.__dict__ | {"per_core": m.per_core} for m in found], indent=2) + "\n")
    print(f"\nresults written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
