"""`python -m bench [--quick] [--suite-root DIR]`: the Pretense suite against pass-through
mitmdump, in the same run, with the same fake provider, real TLS and keep-alive clients,
measured in alternation. Prints the request path's figures against their targets and writes
bench/results.json:

- latency, p50 and p99 added over pass-through (n per row and side): a small chat with fresh
  code, a Claude Code turn never seen (cold), the same turn again (warm), a streamed answer's
  first byte; and reference rows;
- throughput with 1, 4 and 16 concurrent clients;
- head-of-line delay: a small request's added latency while a 20 MB paste and cold 150 KB
  turns are being inspected;
- memory of the suite (its process and workers) over 1,000 distinct conversations;
- where an inspection's time goes, stage by stage, in process.

`--suite-root DIR` measures the suite of another checkout (its own `.venv`), for a figure
before a change beside the one after it.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx2
from mitmproxy.version import VERSION as MITMPROXY_VERSION

from bench import payloads, proxies, stages
from bench.measure import (
    CpuTally,
    Load,
    Rounds,
    Side,
    StreamTiming,
    interleaved,
    make_client,
    throughput,
    timed_post,
    timed_status,
    timed_stream,
    tree_rss_mb,
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
    aligned,
    cpu_table,
    percentile,
    table,
    write_json,
)
from tests.e2e import shapes
from tests.e2e.fake_provider import FakeProvider
from tests.e2e.pki import UpstreamPKI, make_pki

RESULTS = Path(__file__).with_name("results.json")


@dataclass(frozen=True)
class Counts:
    """How much work each measurement gets; latency counts are per row and per proxy."""

    n: int  # timed requests per latency row and side
    rounds: int  # alternations between the proxies per latency row
    warmup: int  # untimed requests of each kind before anything is measured
    clients: tuple[int, ...]  # concurrent clients of the throughput rows
    throughput_rounds: int
    throughput_seconds: float  # per row and side, summed over the rounds
    paste_bytes: int  # the head-of-line measurement's large request
    conversations: int
    stage_small: int  # in-process breakdown: small requests, then each 150 KB kind
    stage_large: int


FULL = Counts(
    n=1000,
    rounds=10,
    warmup=20,
    clients=(1, 4, 16),
    throughput_rounds=6,
    throughput_seconds=6.0,
    paste_bytes=20_000_000,
    conversations=1000,
    stage_small=500,
    stage_large=50,
)
# A smoke run: every code path, figures too noisy to quote.
QUICK = Counts(
    n=40,
    rounds=2,
    warmup=3,
    clients=(1, 4, 16),
    throughput_rounds=2,
    throughput_seconds=1.0,
    paste_bytes=2_000_000,
    conversations=40,
    stage_small=20,
    stage_large=3,
)

# The request path's targets: p50 and p99 added over pass-through, in ms (None: no p99 target).
TARGETS: dict[str, tuple[float, float | None]] = {
    "small chat, ~2 KB, fresh code": (1.0, 3.0),
    "Claude Code turn, 150 KB, cold": (25.0, 50.0),
    "same 150 KB again (warm)": (1.0, 4.0),
    "streamed answer: first byte": (0.5, None),
}
HEAD_OF_LINE_TARGET_MS = 50.0
THROUGHPUT_TARGET = 0.9  # of pass-through, at the most clients


def progress(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)


class Sequence_:
    """The same sequence of distinct requests for each side: `make(number)` for 1, 2, ..."""

    def __init__(self, make: Callable[[int], Call]) -> None:
        self.make = make
        self.numbers: dict[str, Iterator[int]] = {}

    def next(self, side: str) -> Call:
        numbers = self.numbers.setdefault(side, itertools.count(1))
        return self.make(next(numbers))  # itertools.count is safe across threads


@dataclass
class Findings:
    targets: list[Comparison]
    reference: list[Comparison]
    throughput: list[Throughput]
    cpu: list[CpuCost]
    head_of_line: dict[str, Any] = field(default_factory=dict)
    memory: dict[str, Any] = field(default_factory=dict)
    stages: list[stages.StageRow] = field(default_factory=list)


def rows(
    sides: list[Side], counts: Counts, measure: Callable[[Side], Any], reset: Callable[[], None]
) -> Rounds[Any]:
    per_round = max(1, counts.n // counts.rounds)
    return interleaved(sides, counts.rounds, per_round, measure, reset)


def first_bytes(timings: dict[str, list[StreamTiming]], name: str) -> dict[str, list[float]]:
    return {side: [getattr(t, name) for t in values] for side, values in timings.items()}


def cpu_cost(label: str, tallies: dict[str, CpuTally], side: str) -> CpuCost:
    return CpuCost(label, tallies[BASELINE].ms_per_request(), tallies[side].ms_per_request())


def latency_rows(
    sides: dict[str, Side], counts: Counts, reset: Callable[[], None], started: float
) -> tuple[list[Comparison], list[Comparison], list[CpuCost]]:
    restricted = [sides[BASELINE], sides[RESTRICTED]]
    internal = [sides[BASELINE], sides[SUITE]]
    small = Sequence_(payloads.small_code_chat)
    cold = {name: payloads.Turns(True) for name in sides}
    seen = {name: payloads.Turns(False) for name in sides}
    warm = payloads.claude_code()
    stream = payloads.small_stream(payloads.new_code(0, 1_000))
    chat, claude_code = payloads.small_chat(), payloads.claude_code("internal")

    measured: list[tuple[str, str, Rounds[Any]]] = []

    def row(label: str, group: list[Side], measure: Callable[[Side], Any]) -> None:
        measured.append((label, group[1].name, rows(group, counts, measure, reset)))
        progress(f"{label} done", started)

    row(
        "small chat, ~2 KB, fresh code",
        restricted,
        lambda s: timed_post(s.client, small.next(s.name), s.name),
    )
    row(
        "Claude Code turn, 150 KB, cold",
        restricted,
        lambda s: timed_post(s.client, cold[s.name].next(), s.name),
    )
    row("same 150 KB again (warm)", restricted, lambda s: timed_post(s.client, warm, s.name))
    row("streamed answer", restricted, lambda s: timed_stream(s.client, stream, s.name))
    row(
        "150 KB turn, history seen, +5 KB new",
        restricted,
        lambda s: timed_post(s.client, seen[s.name].next(), s.name),
    )
    row("internal tier: small chat (317 B)", internal, lambda s: timed_post(s.client, chat, s.name))
    row(
        "internal tier: Claude Code turn, 150 KB",
        internal,
        lambda s: timed_post(s.client, claude_code, s.name),
    )
    targets, reference, cpu = [], [], []
    for label, side, result in measured:
        cpu.append(cpu_cost(label, result.cpu, side))
        if label == "streamed answer":
            targets.append(
                Comparison.of("streamed answer: first byte", first_bytes(result.samples, "first_byte"), side)
            )
            reference.append(
                Comparison.of(
                    "streamed answer: first SSE event", first_bytes(result.samples, "first_event"), side
                )
            )
            reference.append(
                Comparison.of("streamed answer: whole stream", first_bytes(result.samples, "total"), side)
            )
        elif label in TARGETS:
            targets.append(Comparison.of(label, result.samples, side))
        else:
            reference.append(Comparison.of(label, result.samples, side))
    return targets, reference, cpu  # fmt: skip


def throughput_rows(
    sides: dict[str, Side], counts: Counts, reset: Callable[[], None], started: float
) -> list[Throughput]:
    """The small chat (the same bytes each time, as a gateway sees the same short prompts) at
    each client count, then chats with code never seen at the most clients: every one of
    those is inspected afresh."""
    chat = payloads.small_chat()
    found = []
    plans: list[tuple[int, str, Callable[[], Callable[[str], Call]]]] = [
        (clients, "small chat (317 B)", lambda: lambda side: chat) for clients in counts.clients
    ]
    most = max(counts.clients)
    plans.append((most, "small chat, fresh code", lambda: Sequence_(payloads.small_code_chat).next))
    for clients, what, make in plans:
        next_request = make()
        loads = [Load(sides[BASELINE], clients), Load(sides[RESTRICTED], clients)]
        try:
            for load in loads:
                load.warm(next_request(load.side.name))
            per_slice = counts.throughput_seconds / counts.throughput_rounds
            rates = throughput(loads, next_request, counts.throughput_rounds, per_slice, reset)
        finally:
            for load in loads:
                load.close()
        label = f"{what}, {clients} client{'s' if clients > 1 else ''} (req/s)"
        found.append(Throughput(label, clients, rates[BASELINE].per_second, rates[RESTRICTED].per_second))
        progress(f"throughput: {label} done", started)
    return found


def head_of_line(side: Side, counts: Counts) -> dict[str, Any]:
    """A small request's latency on one proxy, idle, then while a paste of `paste_bytes` and
    cold 150 KB turns are in flight on other connections of the same proxy."""
    small = Sequence_(payloads.small_code_chat)
    idle = [timed_post(side.client, small.next("idle"), side.name) for _ in range(200)]
    paste = payloads.huge_paste(counts.paste_bytes)
    cold = payloads.Turns(True)
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def send_paste() -> None:
        with make_client(side.proxy_url, side.ca_cert) as client:
            seconds, status = timed_status(client, paste)
        outcome.update(paste_seconds=round(seconds, 3), paste_status=status)
        done.set()

    def send_turns() -> None:
        sent = 0
        with make_client(side.proxy_url, side.ca_cert) as client:
            while not done.is_set():
                timed_status(client, cold.next())
                sent += 1
        outcome["cold_turns_meanwhile"] = sent

    workers = [threading.Thread(target=send_paste), threading.Thread(target=send_turns)]
    for worker in workers:
        worker.start()
    loaded = []
    while not done.is_set():
        loaded.append(timed_post(side.client, small.next("loaded"), side.name))
    for worker in workers:
        worker.join()
    base = percentile(idle, 0.5)
    added = [(seconds - base) * 1000 for seconds in loaded]
    return {
        "side": side.name,
        "idle_p50_ms": base * 1000,
        "probes": len(added),
        "added_p50_ms": percentile(added, 0.5) if added else None,
        "added_p99_ms": percentile(added, 0.99) if added else None,
        "added_max_ms": max(added) if added else None,
        "paste_bytes": len(paste.body),
        **outcome,
    }


def memory_growth(side: Side, counts: Counts, started: float) -> dict[str, Any]:
    """The suite's resident memory (process and workers) as distinct two-turn conversations
    go through it."""
    marks = sorted({counts.conversations * k // 4 for k in range(1, 5)})
    seen: dict[str, float | None] = {"0": tree_rss_mb(side.pid)}
    for number in range(1, counts.conversations + 1):
        for turn in (0, 1):
            timed_post(side.client, payloads.conversation_turn(10_000 + number, turn), side.name)
        if number in marks:
            seen[str(number)] = tree_rss_mb(side.pid)
    progress("memory over conversations done", started)
    return {"conversations": counts.conversations, "rss_mb_after": seen}


def start_proxies(
    workdir: Path, pki: UpstreamPKI, upstream: int, running: list[Mitmdump], suite_root: Path | None
) -> dict[str, float]:
    startup: dict[str, float] = {}
    makers: list[Callable[[], Mitmdump]] = [
        lambda: proxies.baseline(workdir / "baseline", pki, upstream),
        lambda: proxies.suite(workdir / "suite", pki, upstream, suite_root),
        lambda: proxies.restricted(workdir / "restricted", pki, upstream, suite_root),
    ]
    for make in makers:
        proxy = make()
        running.append(proxy)
        began = time.perf_counter()
        proxy.start()
        startup[proxy.name] = round(time.perf_counter() - began, 2)
    return startup


def warm_up(sides: dict[str, Side], counts: Counts) -> list[str]:
    """Tunnels and TLS sessions open, grammars loaded, the shared history seen; and cheap
    evidence that each suite really inspects."""
    code = payloads.small_stream(payloads.new_code(0, 1_000))
    for side in sides.values():
        for number in range(counts.warmup):
            timed_post(side.client, payloads.small_chat(), side.name)
            timed_post(side.client, payloads.small_code_chat(10**8 + number), side.name)
            timed_post(side.client, payloads.claude_code(), side.name)
            timed_stream(side.client, code, side.name)
    return []


def check_inspected(sides: dict[str, Side], provider: FakeProvider) -> list[str]:
    warnings = []
    provider.reset()
    timed_post(sides[RESTRICTED].client, payloads.small_code_chat(99_999_999), RESTRICTED)
    if b"SettlementBatch99999999" in provider.only().body:
        warnings.append("the restricted tier forwarded a defined name: is mutation really on?")
    provider.reset()
    return warnings


def run(workdir: Path, counts: Counts, suite_root: Path | None, in_process: bool) -> Findings:
    started = time.perf_counter()
    (workdir / "pki").mkdir()
    pki = make_pki(workdir / "pki")
    provider = FakeProvider(pki).start()
    running: list[Mitmdump] = []
    opened: list[Side] = []
    try:
        startup = start_proxies(workdir, pki, provider.port, running, suite_root)
        progress(f"proxies ready (startup: {startup})", started)
        opened = [Side(proxy.name, proxy.url, proxy.ca_cert, proxy.pid) for proxy in running]
        sides = {side.name: side for side in opened}
        warm_up(sides, counts)
        warnings = check_inspected(sides, provider)
        progress("warmed up", started)
        targets, reference, cpu = latency_rows(sides, counts, provider.reset, started)
        rates = throughput_rows(sides, counts, provider.reset, started)
        provider.reset()
        lines = {name: head_of_line(sides[name], counts) for name in (BASELINE, RESTRICTED)}
        progress("head-of-line delay done", started)
        memory = memory_growth(sides[RESTRICTED], counts, started)
        for proxy in running:
            warnings += [f"{proxy.name} log: {line}" for line in proxy.log_lines()[:20]]
    finally:
        for side in opened:
            side.close()
        for proxy in running:
            proxy.stop()
        provider.stop()
    findings = Findings(targets, reference, rates, cpu, lines, memory | {"startup_seconds": startup})
    findings.memory["warnings"] = warnings
    if in_process:
        findings.stages = stages.breakdown(counts.stage_small, counts.stage_large)
        progress("in-process breakdown done", started)
    findings.memory["duration_seconds"] = round(time.perf_counter() - started, 1)
    return findings


def verdicts(findings: Findings) -> list[str]:
    """One line per target: met or not, with the figure."""
    lines = []
    for comparison in findings.targets:
        p50, p99 = TARGETS[comparison.label]
        met = comparison.added_p50_ms <= p50 and (p99 is None or comparison.added_p99_ms <= p99)
        wanted = f"<= +{p50:g} ms p50" + (f", <= +{p99:g} ms p99" if p99 is not None else "")
        got = f"+{comparison.added_p50_ms:.2f} / +{comparison.added_p99_ms:.2f} ms"
        lines.append(f"{'met    ' if met else 'MISSED '} {comparison.label}: {got} (target {wanted})")
    hol = findings.head_of_line.get(RESTRICTED, {})
    if hol.get("added_p99_ms") is not None:
        met = hol["added_p99_ms"] <= HEAD_OF_LINE_TARGET_MS
        lines.append(
            f"{'met    ' if met else 'MISSED '} head-of-line delay: +{hol['added_p99_ms']:.1f} ms p99, "
            f"max +{hol['added_max_ms']:.1f} ms over {hol['probes']} probes "
            f"(target <= {HEAD_OF_LINE_TARGET_MS:g} ms)"
        )
    most = max(
        (t for t in findings.throughput if t.label.startswith("small chat (")), key=lambda t: t.threads
    )
    met = most.ratio >= THROUGHPUT_TARGET
    lines.append(
        f"{'met    ' if met else 'MISSED '} throughput, small chat, {most.threads} clients: "
        f"{most.ratio:.2f}x pass-through (target >= {THROUGHPUT_TARGET:g}x)"
    )
    return lines


def printed(findings: Findings, counts: Counts, label: str) -> str:
    out = [
        f"Pretense ({label}) vs pass-through mitmdump, ms per request, n = {counts.n} per row and side;",
        "restricted tier (the shipped default tier, without guardrail rules) unless the row says internal",
        table([*findings.targets, *findings.reference], findings.throughput, len(findings.targets)),
        "",
        cpu_table(findings.cpu),
        "",
        "head-of-line: a small request's added latency over the same proxy idle, while a "
        f"{counts.paste_bytes / 1e6:.0f} MB paste and cold 150 KB turns are in flight",
    ]
    header = ["proxy", "probes", "added p50", "added p99", "added max", "paste status", "paste s"]
    added = ("added_p50_ms", "added_p99_ms", "added_max_ms")
    cells = [
        [
            name,
            str(h["probes"]),
            *(f"{h[k]:+.1f}" if h[k] is not None else "n/a" for k in added),
            str(h.get("paste_status")),
            f"{h.get('paste_seconds', 0):.1f}",
        ]
        for name, h in findings.head_of_line.items()
    ]
    out += [aligned([header, *cells], (1,)), ""]
    rss = findings.memory["rss_mb_after"]
    out.append(
        "suite memory (process and workers, MiB) after N distinct conversations: "
        + ", ".join(f"{n}: {mb:.0f}" for n, mb in rss.items() if mb is not None)
    )
    if findings.stages:
        out += ["", aligned([list(stages.HEADERS), *(row.cells() for row in findings.stages)], (1,))]
    out += ["", *verdicts(findings)]
    out += [f"warning: {warning}" for warning in findings.memory["warnings"]]
    return "\n".join(out)


def document(findings: Findings, counts: Counts, quick: bool, label: str) -> dict[str, Any]:
    return {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "suite": label,
        "quick": quick,
        "python": platform.python_version(),
        "mitmproxy": MITMPROXY_VERSION,
        "httpx2": httpx2.__version__,
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "counts": asdict(counts),
        "stream_answer_bytes": len(shapes.anthropic_stream()),
        "latency_ms": {c.label: c.as_json() for c in [*findings.targets, *findings.reference]},
        "throughput": {t.label: t.as_json() for t in findings.throughput},
        "proxy_cpu_ms_per_request": {c.label: c.as_json() for c in findings.cpu},
        "head_of_line": findings.head_of_line,
        "memory": findings.memory,
        "stages": {row.label: row.as_json() for row in findings.stages},
        "verdicts": verdicts(findings),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run; figures are noisy")
    parser.add_argument("--suite-root", type=Path, help="measure the suite of this checkout instead")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON results go")
    arguments = parser.parse_args(argv)
    counts = QUICK if arguments.quick else FULL
    root = arguments.suite_root.resolve() if arguments.suite_root else None
    label = f"the checkout at {root}" if root else "this checkout"
    with tempfile.TemporaryDirectory(prefix="pretense-bench-") as directory:
        findings = run(Path(directory), counts, root, in_process=root is None)
    print()
    print(printed(findings, counts, label))
    write_json(arguments.out, document(findings, counts, arguments.quick, label))
    print(f"\nresults written to {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
