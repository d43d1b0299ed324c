"""`python -m bench.attestations`: what commit attestations cost. On the proxy's event loop:
the `Attestations` addon's hooks on a streamed answer (keeping references to its chunks and
handing them over), p50 and p99. On the recorder's thread: reading the code out of the
answer and fingerprinting its lines. At commit time: the attestation the hook waits for, on
a real repository, with a month's provenance log to search."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from mitmproxy import http
from mitmproxy.test import taddons

from addons.attestations import Attestations
from attestations.attest import CommitRequest
from attestations.issuer import Issuer
from attestations.lines import lines_key
from attestations.predicate import ProxyState
from attestations.recorder import exchange_of
from attestations.store import AiExchange, ProvenanceLog
from audit.keys import ensure_signing_key
from bench import payloads
from installation.home import Home, ensure_home, load_key
from policy.file import parse_policy
from tests.audit.builders import Suite
from tests.e2e import shapes

FLOWS = 2000
EDIT = {
    "file_path": f"{payloads.PROJECT}/ledger/settlement.py",
    "old_string": "pass",
    "new_string": payloads.new_code(1, 3_000),
}
ANSWER = shapes.anthropic_stream(
    "Settling tranches now:\n\n```python\n" + payloads.new_code(2, 2_000) + "```\n", EDIT
)
CHUNKS = [ANSWER[i : i + 256] for i in range(0, len(ANSWER), 256)]
LOGGED = 5_000
"""Exchanges in the provenance log searched at commit time (a heavy month of agent use)."""


def hook_costs(home: Home) -> list[float]:
    """Seconds of event-loop CPU the addon's hooks take per streamed answer."""
    suite = Suite(home)
    auditor = suite.auditor()
    addon = Attestations(auditor.state, auditor.routes, suite.exchanges, auditor, suite.device)
    costs = []
    with taddons.context(addon):
        addon.running()
        for _ in range(FLOWS):
            flow = suite.ai_flow()
            flow.response = http.Response.make(200, b"", {"content-type": "text/event-stream"})
            flow.response.stream = True
            cpu = time.thread_time()
            addon.responseheaders(flow)
            stream = flow.response.stream
            assert callable(stream)
            for chunk in CHUNKS:
                stream(chunk)
            addon.response(flow)
            costs.append(time.thread_time() - cpu)
        assert addon.recorder is not None
        addon.recorder.drain()
        addon.done()
    return sorted(costs)


def recorder_cost(home: Home, key: bytes) -> float:
    """Seconds of CPU the recorder's thread spends on one answer."""
    suite = Suite(home)
    addon = Attestations(
        suite.auditor().state, suite.auditor().routes, suite.exchanges, suite.auditor(), suite.device
    )
    flow = suite.ai_flow()
    flow.response = http.Response.make(200, ANSWER, {"content-type": "text/event-stream"})
    exchange = suite.exchanges.get(flow)
    assert exchange is not None
    addon.state.load(Path(str(home.policy_file)))
    answered = addon._answered(flow, exchange, None)
    started = time.process_time()
    for _ in range(200):
        exchange_of(answered)
    return (time.process_time() - started) / 200


def commit_wait(folder: Path, key: bytes) -> float:
    """Seconds the commit-msg hook waits for the proxy's side of an attestation (git, the log)."""
    root = folder / "ledger"
    root.mkdir()
    git = ["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@x"]
    subprocess.run([*git, "init", "-q"], check=True)
    (root / "settlement.py").write_text(payloads.new_code(3, 20_000))
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    (root / "settlement.py").write_text(payloads.new_code(3, 20_000) + payloads.new_code(4, 8_000))
    subprocess.run([*git, "add", "-A"], check=True)
    tree = subprocess.run([*git, "write-tree"], capture_output=True, text=True, check=True).stdout.strip()
    parent = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    log = ProvenanceLog(folder / "provenance")
    now = time.time()
    fingerprints = lines_key(key)
    for number in range(LOGGED):
        lines = frozenset(f"{number:08x}{i:08x}" for i in range(60))
        log.append(
            AiExchange(now - number * 500, f"flow-{number}", "claude-code", "claude-sonnet-5-5", None,
                       str(root), "restricted", files=((str(root / "settlement.py"), lines),))
        )  # fmt: skip
    del fingerprints
    issuer = Issuer(log, folder / "trail", ensure_signing_key(Home(folder)))
    policy = parse_policy(b"version: 1\ndefault_tier: restricted\n", "p.yaml")
    started = time.perf_counter()
    issuer.prepare(
        CommitRequest(str(root), tree, parent, now - 3600), policy, key, ProxyState(True, True, True)
    )
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PRETENSE_HOME"] = folder
        home = Home(Path(folder))
        ensure_home(home)
        key = load_key(home)
        hooks = hook_costs(home)
        p50, p99 = statistics.median(hooks) * 1000, hooks[int(len(hooks) * 0.99)] * 1000
        print(
            f"event loop: Attestations hooks per streamed answer ({len(ANSWER) // 1000} kB in "
            f"{len(CHUNKS)} chunks) p50 {p50:.4f} ms, p99 {p99:.4f} ms"
        )
        cpu = recorder_cost(home, key) * 1000
        print(f"recorder thread: {cpu:.3f} ms of CPU per answer (an Edit and a fenced block)")
        work = Path(folder) / "bench-commit"
        work.mkdir()
        wait = commit_wait(work, key)
        logged = sum(p.stat().st_size for p in (work / "provenance").glob("*.jsonl"))
        print(
            f"commit time: the proxy's side of an attestation takes {wait * 1000:.0f} ms for a "
            f"{len(payloads.new_code(4, 8_000)) // 1000} kB change, with {LOGGED} exchanges "
            f"({logged >> 20} MiB) in the provenance log"
        )


if __name__ == "__main__":
    main()
