"""`python -m bench.audit_cost`: what the audit trail costs per request. On the proxy's
event loop: the `Auditor` addon's hooks on a Claude-Code-sized flow (p50, p99), which only
gather references and enqueue, and how long the end of an answer then waits for its record
to be written. On the writer thread: building the record (keyed HMACs of names and secrets,
fingerprints of the body sent and the answer delivered, model, usage), hash chain,
canonical JSON, the write; checkpoints signed every 5 s; and, with a SIEM, each record's
OCSF events formatted, framed and queued on disk (delivery runs on a thread of its own)."""

from __future__ import annotations

import asyncio
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
from installation.fingerprints import body_fingerprint
from installation.home import Home, ensure_home
from siem.forwarder import SiemForwarder, parse_siem_options
from tests.audit.builders import Suite, request_facts

RECORDS = 2000
AUDIT_KEY = b"k" * 32
NAMES = 300
ANSWER = b'{"type":"message","usage":{"input_tokens":51234,"output_tokens":512}}'
STREAMED = [b'event: content_block_delta\ndata: {"delta":{"text":"' + b"x" * 200 + b'"}}\n\n'] * 40  # ~10 kB


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
        response_bytes=sum(map(len, STREAMED)),
        delivered=STREAMED,
        status=200,
    )


def hook_costs(body: bytes) -> tuple[list[float], list[float]]:
    """Seconds of event-loop CPU the Auditor's hooks take per flow, and how long the end of
    each answer waits for its record (the loop serves other flows meanwhile)."""
    costs, waits = [], []
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PRETENSE_HOME"] = folder
        home = Home(Path(folder))
        ensure_home(home)
        suite = Suite(home)
        flows = [suite.ai_flow(ANSWER, body=body, identifiers=identifiers(n)) for n in range(RECORDS)]
        auditor = suite.auditor()

        async def run() -> None:
            for flow in flows:
                cpu, t0 = time.thread_time(), time.perf_counter()
                auditor.responseheaders(flow)
                await auditor.response(flow)
                waits.append(time.perf_counter() - t0)
                costs.append(time.thread_time() - cpu)  # this thread's CPU: the loop's own work

        with taddons.context(auditor) as context:
            context.configure(auditor)
            asyncio.run(run())
            auditor.done()
    return costs, waits


def writer_cost(body: bytes, ocsf: bool) -> float:
    """Seconds of CPU per record on the writer thread (and, with OCSF, the SIEM's thread)."""
    with tempfile.TemporaryDirectory() as folder:
        sinks = []
        siem = None
        if ocsf:
            settings = parse_siem_options("ocsf", f"file://{folder}/ocsf.jsonl", "", "rfc5424")
            assert settings is not None
            siem = SiemForwarder(settings, Path(folder) / "siem-queue")
            siem.start()
            sinks.append(siem.accept)
        writer = TrailWriter(Path(folder) / "trail", Ed25519PrivateKey.generate(), sinks=sinks)
        writer.start()
        made = [facts(number, body) for number in range(RECORDS)]
        cpu = time.thread_time()
        started = time.process_time()
        for record in made:
            writer.submit(deferred(record, AUDIT_KEY, None))
        writer.close()
        if siem is not None:
            siem.close(timeout=30)
        return (time.process_time() - started - (time.thread_time() - cpu)) / RECORDS


def fingerprint_cost(body: bytes) -> float:
    """Seconds of CPU the fingerprints of one record take (HMAC-SHA256 of body and answer)."""
    started = time.process_time()
    for _ in range(RECORDS):
        body_fingerprint(AUDIT_KEY, (body,))
        body_fingerprint(AUDIT_KEY, STREAMED)
    return (time.process_time() - started) / RECORDS


def main() -> None:
    body = payloads.claude_code().body
    hooks, waits = (sorted(values) for values in hook_costs(body))
    print(
        f"event loop: Auditor hooks per request p50 {statistics.median(hooks) * 1000:.4f} ms, "
        f"p99 {hooks[int(len(hooks) * 0.99)] * 1000:.4f} ms"
    )
    print(
        f"the end of an answer waits for its record: p50 {statistics.median(waits) * 1000:.3f} ms, "
        f"p99 {waits[int(len(waits) * 0.99)] * 1000:.3f} ms (event loop free meanwhile)"
    )
    print(
        f"{RECORDS} records of a {len(body) // 1000} kB request and a {sum(map(len, STREAMED)) // 1000} kB "
        f"streamed answer, {NAMES} renamed names each, both fingerprinted"
    )
    print(
        f"writer thread: {writer_cost(body, ocsf=False) * 1000:.3f} ms of CPU per record, of which the two "
        f"fingerprints {fingerprint_cost(body) * 1000:.3f} ms"
    )
    ocsf = writer_cost(body, ocsf=True)
    print(f"writer and SIEM threads, OCSF events delivered to a file: {ocsf * 1000:.3f} ms of CPU per record")


if __name__ == "__main__":
    main()
