"""`python -m bench.audit_cost`: what the audit trail costs per request on its writer thread
(building the record from a Claude-Code-sized request, keyed HMACs, hash chain, canonical
JSON, the append; checkpoints signed every 1000 records), beside nothing: the proxy's event
loop only hands a reference over."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.request import RequestFacts, deferred
from audit.writer import TrailWriter
from bench import payloads

RECORDS = 2000
NAMES = 300


def facts(number: int, body: bytes) -> RequestFacts:
    return RequestFacts(
        started=time.time(),
        flow_id=str(number),
        user="alice",
        user_source="os",
        client="claude-cli/2.0.1 (external, cli)",
        client_address="127.0.0.1",
        provider="anthropic",
        host="api.anthropic.com",
        path="/v1/messages",
        tier="restricted",
        found={"aws_access_key_id": 1},
        fingerprints=[("aws_access_key_id", "ab" * 16)],
        renamed=frozenset(f"name_{number % 50}_{i}" for i in range(NAMES)),  # 50 conversations
        sent_body=body,
        response_head=b'{"type":"message","usage":{"input_tokens":51234,"output_tokens":1}}',
        response_tail=b'{"type":"message_delta","usage":{"output_tokens":512}}',
        response_bytes=4096,
        status=200,
    )


def main() -> None:
    body = payloads.claude_code().body
    with tempfile.TemporaryDirectory() as folder:
        writer = TrailWriter(Path(folder), Ed25519PrivateKey.generate())
        writer.start()
        handed: list[float] = []
        cpu = time.thread_time()
        started = time.process_time()
        for number in range(RECORDS):
            t0 = time.perf_counter()
            writer.submit(deferred(facts(number, body), b"k" * 32, None))
            handed.append(time.perf_counter() - t0)
        writer.close()
        total = time.process_time() - started - (time.thread_time() - cpu)
    print(f"{RECORDS} records of a {len(body) // 1000} kB request, {NAMES} renamed names each")
    print(f"event loop: hand-over p50 {statistics.median(handed) * 1000:.4f} ms")
    print(f"writer thread: {total / RECORDS * 1000:.3f} ms of CPU per record (target < 0.2 ms)")


if __name__ == "__main__":
    main()
