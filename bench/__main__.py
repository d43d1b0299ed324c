"""`python -m bench [--quick]`: pass-through mitmdump versus the Pretense suite, same run, same fake
provider, measured in alternation; prints a table and writes bench/results.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx2
from mitmproxy.version import VERSION as MITMPROXY_VERSION

from bench import payloads, proxies
from bench.measure import (
    CpuTally,
    Load,
    Rounds,
    Side,
    StreamTiming,
    interleaved,
    throughput,
    timed_post,
    timed_stream,
)
from bench.payloads import Call
from bench.proxies import Mitmdump
from bench.report import (
    BASELINE,
    RESTRICTED,
    SUITE,
    Comparison,
    CpuCost,
    Throughput,
    cpu_table,
    table,
    write_json,
)
from tests.e2e import shapes
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.pki import UpstreamPKI, make_pki

RESULTS = Path(__file__).with_name("results.json")


@dataclass(frozen=True)
class Counts:
    """How much work each proxy gets; every count is per proxy."""

    rounds: int  # alternations between the proxies for each latency measurement
    small: int
    large: int
    streams: int
    warmup: int  # untimed requests of each kind before anything is measured
    throughput_rounds: int
    throughput_seconds: float  # summed over the rounds
    threads: int  # concurrent clients in the throughput measurement


# About 30 s on a 2-core machine; streams take longest (the fake provider paces its chunks).
FULL = Counts(
    rounds=10,
    small=1000,
    large=400,
    streams=200,
    warmup=20,
    throughput_rounds=10,
    throughput_seconds=5.0,
    threads=4,
)
# A smoke run (under 10 s): every code path, figures too noisy to quote.
QUICK = Counts(
    rounds=2,
    small=100,
    large=30,
    streams=30,
    warmup=3,
    throughput_rounds=2,
    throughput_seconds=1.0,
    threads=4,
)


@dataclass(frozen=True)
class Calls:
    small: Call
    large: Call
    stream: Call
    code_stream: Call  # a stream whose request holds code: the restricted tier restores it


def progress(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)


def warm_up(sides: list[Side], calls: Calls, counts: Counts) -> None:
    # First requests open the tunnel and TLS sessions and import lazy code in the proxies
    # (the restricted tier loads its grammars and sees the shared history once).
    for side in sides:
        for _ in range(counts.warmup):
            timed_post(side.client, calls.small, side.name)
            timed_post(side.client, calls.large, side.name)
            timed_stream(side.client, calls.stream, side.name)
            timed_stream(side.client, calls.code_stream, side.name)


def suite_warnings(sides: list[Side], call: Call, provider: FakeProvider) -> list[str]:
    """Cheap evidence that the suite handled the request and the baseline did not."""
    seen: dict[str, str] = {}
    for side in sides:
        provider.reset()
        timed_post(side.client, call, side.name)
        seen[side.name] = provider.only().headers.get("accept-encoding", "")
    provider.reset()
    warnings = []
    # The suite asks AI providers for identity encoding so that it can read answers as they stream.
    if seen[SUITE] != "identity" or seen[BASELINE] == "identity":
        warnings.append(f"accept-encoding upstream was {seen}: is addons/pretense.py really loaded?")
    restricted = next(side for side in sides if side.name == RESTRICTED)
    timed_post(restricted.client, payloads.Turns(False).next(), restricted.name)
    if b"SettlementBatch1" in provider.only().body:
        warnings.append("the restricted tier forwarded a defined name: is mutation really on?")
    provider.reset()
    return warnings


def latency(
    sides: list[Side], counts: Counts, total: int, call: Call, reset: Callable[[], None]
) -> Rounds[float]:
    per_round = max(1, total // counts.rounds)
    return interleaved(sides, counts.rounds, per_round, lambda s: timed_post(s.client, call, s.name), reset)


def stream_latency(
    sides: list[Side], counts: Counts, call: Call, reset: Callable[[], None]
) -> Rounds[StreamTiming]:
    per_round = max(1, counts.streams // counts.rounds)
    return interleaved(sides, counts.rounds, per_round, lambda s: timed_stream(s.client, call, s.name), reset)


def split_streams(label: str, timings: dict[str, list[StreamTiming]], side: str = SUITE) -> list[Comparison]:
    def field(name: str) -> dict[str, list[float]]:
        return {side: [getattr(t, name) for t in values] for side, values in timings.items()}

    return [
        Comparison.of(f"{label}: first byte", field("first_byte"), side),
        Comparison.of(f"{label}: first SSE event", field("first_event"), side),
        Comparison.of(f"{label}: whole stream", field("total"), side),
    ]


def cpu_cost(label: str, tallies: dict[str, CpuTally], side: str = SUITE) -> CpuCost:
    return CpuCost(label, tallies[BASELINE].ms_per_request(), tallies[side].ms_per_request())


def turn_latency(sides: list[Side], counts: Counts, fresh: bool, reset: Callable[[], None]) -> Rounds[float]:
    """Claude Code turns with new code; each side gets the same sequence of distinct bodies."""
    turns = {side.name: payloads.Turns(fresh) for side in sides}
    per_round = max(1, counts.large // counts.rounds)

    def one(side: Side) -> float:
        return timed_post(side.client, turns[side.name].next(), side.name)

    return interleaved(sides, counts.rounds, per_round, one, reset)


def measure_throughput(
    sides: list[Side], counts: Counts, call: Call, reset: Callable[[], None]
) -> tuple[Throughput, CpuCost]:
    loads = [Load(side, counts.threads) for side in sides]
    try:
        for load in loads:
            load.warm(call)
        slice_seconds = counts.throughput_seconds / counts.throughput_rounds
        rates = throughput(loads, call, counts.throughput_rounds, slice_seconds, reset)
    finally:
        for load in loads:
            load.close()
    label = f"small chat, {counts.threads} threads (req/s)"
    rate = Throughput(label, counts.threads, rates[BASELINE].per_second, rates[SUITE].per_second)
    cpu = {name: r.cpu for name, r in rates.items()}
    return rate, cpu_cost(f"small chat, {counts.threads} threads", cpu)


@dataclass
class Findings:
    comparisons: list[Comparison]
    throughput: Throughput
    cpu: list[CpuCost]


def measure_all(
    sides: list[Side], calls: Calls, counts: Counts, reset: Callable[[], None], started: float
) -> Findings:
    by_name = {side.name: side for side in sides}
    internal = [by_name[BASELINE], by_name[SUITE]]
    restricted = [by_name[BASELINE], by_name[RESTRICTED]]
    small = latency(internal, counts, counts.small, calls.small, reset)
    progress("small chat requests done", started)
    large = latency(internal, counts, counts.large, calls.large, reset)
    progress("Claude Code requests done", started)
    streams = stream_latency(internal, counts, calls.stream, reset)
    progress("streams done", started)
    seen = turn_latency(restricted, counts, False, reset)
    progress("restricted turns (history seen) done", started)
    cold = turn_latency(restricted, counts, True, reset)
    progress("restricted turns (all new) done", started)
    code_streams = stream_latency(restricted, counts, calls.code_stream, reset)
    progress("restricted streams done", started)
    rate, rate_cpu = measure_throughput(internal, counts, calls.small, reset)
    progress("throughput done", started)
    small_label = f"small chat ({len(calls.small.body)} B)"
    large_label = f"Claude Code request ({len(calls.large.body) / 1000:.0f} kB)"
    seen_label = "restricted: turn, history seen (+5 kB new code)"
    cold_label = "restricted: turn, all new (cold)"
    comparisons = [
        Comparison.of(small_label, small.samples),
        Comparison.of(large_label, large.samples),
        *split_streams("stream", streams.samples),
        Comparison.of(seen_label, seen.samples, RESTRICTED),
        Comparison.of(cold_label, cold.samples, RESTRICTED),
        *split_streams("restricted: stream", code_streams.samples, RESTRICTED),
    ]
    cpu = [
        cpu_cost(small_label, small.cpu),
        cpu_cost(large_label, large.cpu),
        cpu_cost("stream (whole)", streams.cpu),
        cpu_cost(seen_label, seen.cpu, RESTRICTED),
        cpu_cost(cold_label, cold.cpu, RESTRICTED),
        cpu_cost("restricted: stream (whole)", code_streams.cpu, RESTRICTED),
        rate_cpu,
    ]
    return Findings(comparisons, rate, cpu)


def body_sizes(calls: Calls) -> dict[str, int]:
    return {
        "small_chat_request": len(calls.small.body),
        "claude_code_request": len(calls.large.body),
        "stream_request": len(calls.stream.body),
        "stream_answer": len(shapes.anthropic_stream()),
        "chat_answer": len(json.dumps(shapes.openai_chat(), ensure_ascii=False).encode()),
    }


def start_proxies(
    workdir: Path, pki: UpstreamPKI, upstream: int, running: list[Mitmdump]
) -> dict[str, float]:
    """Start both proxies one after the other (appending each to `running` first, for cleanup)."""
    startup: dict[str, float] = {}
    for make in (proxies.baseline, proxies.suite, proxies.restricted):
        proxy = make(workdir / make.__name__, pki, upstream)
        running.append(proxy)
        began = time.perf_counter()
        proxy.start()
        startup[proxy.name] = time.perf_counter() - began
    return startup


def document(
    findings: Findings, calls: Calls, counts: Counts, quick: bool, extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "python": platform.python_version(),
        "mitmproxy": MITMPROXY_VERSION,
        "httpx2": httpx2.__version__,
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "counts": asdict(counts),
        "body_bytes": body_sizes(calls),
        "latency_ms": {c.label: c.as_json() for c in findings.comparisons},
        "throughput": {findings.throughput.label: findings.throughput.as_json()},
        "proxy_cpu_ms_per_request": {c.label: c.as_json() for c in findings.cpu},
        **extra,
    }


def run(workdir: Path, counts: Counts, quick: bool) -> tuple[Findings, dict[str, Any]]:
    started = time.perf_counter()
    (workdir / "pki").mkdir()
    pki = make_pki(workdir / "pki")
    provider = FakeProvider(pki).start()
    running: list[Mitmdump] = []
    sides: list[Side] = []
    try:
        startup = start_proxies(workdir, pki, provider.port, running)
        times = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in startup.items())
        progress(f"proxies ready (startup: {times})", started)
        sides = [Side(proxy.name, proxy.url, proxy.ca_cert, proxy.pid) for proxy in running]
        code = payloads.new_code(0, 1_000)
        calls = Calls(
            payloads.small_chat(),
            payloads.claude_code(),
            payloads.small_stream(),
            payloads.small_stream(code),
        )
        warm_up(sides, calls, counts)
        warnings = suite_warnings(sides, calls.small, provider)
        progress("warmed up", started)
        findings = measure_all(sides, calls, counts, provider.reset, started)
        for proxy in running:
            warnings += [f"{proxy.name} log: {line}" for line in proxy.log_lines()[:20]]
    finally:
        for side in sides:
            side.close()
        for proxy in running:
            proxy.stop()
        provider.stop()
    extra = {
        "startup_seconds": startup,
        "warnings": warnings,
        "duration_seconds": round(time.perf_counter() - started, 1),
    }
    return findings, document(findings, calls, counts, quick, extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run; figures are noisy")
    arguments = parser.parse_args(argv)
    counts = QUICK if arguments.quick else FULL
    with tempfile.TemporaryDirectory(prefix="pretense-bench-") as directory:
        findings, results = run(Path(directory), counts, arguments.quick)
    print()
    print("Pretense vs pass-through mitmdump, milliseconds per request (lower is better);")
    print("the suite runs in the internal tier, rows marked restricted in the restricted tier")
    print(table(findings.comparisons, findings.throughput))
    print()
    print(cpu_table(findings.cpu))
    for warning in results["warnings"]:
        print(f"warning: {warning}")
    write_json(RESULTS, results)
    print(f"\nresults written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
