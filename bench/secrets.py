"""`python -m bench.secrets`: the secrets scanner on a Claude-Code-sized request (at least
200 KB) cold, with the history already scanned, and beside detect-secrets used naively (its
default scan of the same text saved as a file)."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from detect_secrets.core.scan import scan_file
from detect_secrets.settings import default_settings

from bench import payloads
from detectors import default_scanner
from providers.routes import ANTHROPIC

TARGET_BYTES = 200_000
ROUNDS = 30

# A config file a developer's agent reads: what the scanner is there to catch.
_SETTINGS = """\
# settings for the ledger service ({n})
DATABASE_URL=postgres://ledger:Vx9tq2LmR7pW{n}@db.internal:5432/ledger
AWS_ACCESS_KEY_ID=AKIAQ3EGUZ7T2XN5MB{m:02d}
aws_secret_access_key = "k3bL9q0pZr8nXy2Vw4mT6sUoE1aD5fGhJiKlMn{m:02d}"
STRIPE_KEY=sk_live_51Hq8ZrLxVt5Wn9PsK3mHc4B7yD2fG{m:02d}
retry_limit = 5
timeout_seconds = 30
log_level = "info"
feature_flags = ["fast-settle", "batch-close"]
"""


def request_texts(session: str) -> list[str]:
    """The text fields of a Claude Code request of at least TARGET_BYTES."""
    document = json.loads(payloads.claude_code(session).body)
    number = 0
    while len(json.dumps(document)) < TARGET_BYTES:
        number += 1
        config = "".join(_SETTINGS.format(n=number * 100 + i, m=(number * 20 + i) % 100) for i in range(20))
        document["messages"].extend(payloads._turn(1000 + number, f"config/env{number}.ini", config))
    return [field.text for field in ANTHROPIC.request_fields(document)]


def timed(action: Callable[[], object], rounds: int = ROUNDS) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def cold_scans(rounds: int = ROUNDS) -> tuple[list[float], int]:
    """Seconds to scan a fresh request with a fresh scanner, per round, and its findings."""
    fresh = [request_texts(f"cold-{i}") for i in range(rounds)]
    cold = []
    findings = 0
    for round_texts in fresh:
        scanner = default_scanner()
        started = time.perf_counter()
        findings = sum(len(scanner.scan(text)) for text in round_texts)
        cold.append(time.perf_counter() - started)
    return cold, findings


def request_size() -> int:
    return sum(len(t.encode()) for t in request_texts("cold"))


def main() -> None:
    texts = request_texts("cold")
    size = request_size()
    cold, findings = cold_scans()
    scanner = default_scanner()
    for text in texts:
        scanner.scan(text)
    # Each turn brings code never seen before, to the scanner the proxy keeps for its policy.
    turns = iter([payloads.new_code(1 + i) for i in range(ROUNDS)])
    history = timed(lambda: [scanner.scan(text) for text in texts])
    with default_settings(), tempfile.TemporaryDirectory() as folder:
        # detect-secrets used naively: its default scan of the same text saved as a file.
        path = Path(folder) / "request.txt"
        path.write_text("\n".join(texts), encoding="utf-8")
        started = time.perf_counter()
        naive = len(list(scan_file(str(path))))
        naive_seconds = time.perf_counter() - started
    turn = timed(lambda: [scanner.scan(text) for text in texts] + [scanner.scan(next(turns))])

    def ms(values: list[float]) -> str:
        return f"p50 {statistics.median(values) * 1000:6.2f} ms   max {max(values) * 1000:6.2f} ms"

    print(f"request: {len(texts)} text fields, {size / 1000:.0f} kB of text, {findings} findings")
    print(f"cold (nothing seen before)        {ms(cold)}   {size / statistics.median(cold) / 1e6:7.1f} MB/s")
    print(f"history already scanned           {ms(history)}")
    print(f"history + 5 kB new code           {ms(turn)}")
    print(
        f"detect-secrets scan, defaults     once  {naive_seconds * 1000:7.1f} ms   "
        f"{size / naive_seconds / 1e6:7.2f} MB/s   {naive} findings"
    )
    print(f"cold speed-up over detect-secrets {naive_seconds / statistics.median(cold):.0f}x")


if __name__ == "__main__":
    main()
