"""`python -m bench.audit_cost`: what the audit trail costs per request. On the proxy's
event loop: the `Auditor` addon's hooks on a Claude-Code-sized flow (p50, p99), which only
gather references and enqueue. On its writer thread: building the record (keyed HMACs,
model, usage), hash chain, canonical JSON, the append; checkpoints signed every 1000."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from mitmproxy.test import taddons

from audit.request import RequestFacts, deferred
from audit.writer import TrailWriter
from bench import payloads
from installation.home import Home, ensure_home
from tests.audit.builders import Suite, request_facts

RECORDS = 2000
AUDIT_KEY = b"k" * 32
NAMES = 300
ANSWER = b'{"type":"message","usage":{"input_tokens":51234,"output_tokens":512}}'


def identifiers(number: int) -> tuple[str, ...]:
    """The keyed HMACs of a request's renamed names (50 conversations)."""
    return tuple(f"{number % 50:04x}{i:04x}".ljust(32, "0") for i in range(NAMES))


def facts(number: int, body: bytes) -> RequestFacts:
    return request_facts(
        started=time.time(),
        flow_id=str(number),
        found={"aws_access_key_id": 1},
        fingerprints=[("aws_access_key_id", "ab" * 16)],
        identifiers=identifiers(number),
        sent_body=body,
        response_head=b'{"type":"message","usage":{"input_tokens":51234,"output_tokens":1}}',
        response_tail=b'{"type":"message_delta","usage":{"output_tokens":512}}',
        response_bytes=4096,
        status=200,
    )


def hook_costs(body: bytes) -> list[float]:
    """Seconds of event-loop work the Auditor's hooks take per flow."""
    costs = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PRETENSE_HOME"] = folder
        home = Home(Path(folder))
        ensure_home(home)
        suite = Suite(home)
        flows = [suite.ai_flow(ANSWER, body=body, identifiers=identifiers(n)) for n in range(RECORDS)]
        auditor = suite.auditor()
        with taddons.context(auditor) as context:
            context.configure(auditor)
            for flow in flows:
                t0 = time.perf_counter()
                auditor.responseheaders(flow)
                auditor.response(flow)
                costs.append(time.perf_counter() - t0)
            auditor.done()
    return costs


def main() -> None:
    body = payloads.claude_code().body
    hooks = sorted(hook_costs(body))
    print(
        f"event loop: Auditor hooks per request p50 {statistics.median(hooks) * 1000:.4f} ms, "
        f"p99 {hooks[int(len(hooks) * 0.99)] * 1000:.4f} ms"
    )
    with tempfile.TemporaryDirectory() as folder:
        writer = TrailWriter(Path(folder), Ed25519PrivateKey.generate())
        writer.start()
        handed: list[float] = []
        cpu = time.thread_time()
        started = time.process_time()
        for number in range(RECORDS):
            made = facts(number, body)
            t0 = time.perf_counter()
            writer.submit(deferred(made, AUDIT_KEY, None))
            handed.append(time.perf_counter() - t0)
        writer.close()
        total = time.process_time() - started - (time.thread_time() - cpu)
    print(f"{RECORDS} records of a {len(body) // 1000} kB request, {NAMES} renamed names each")
    print(f"event loop: hand-over p50 {statistics.median(handed) * 1000:.4f} ms")
    print(f"writer thread: {total / RECORDS * 1000:.3f} ms of CPU per record (target < 0.2 ms)")


if __name__ == "__main__":
    main()
