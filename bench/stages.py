"""Where an inspection's time goes, in process: the inspector the suite builds from the shipped
default policy (restricted tier), given the benchmark's requests directly, one stage at a time
(decode, policy, parse, rewrite, egress check, encode) as `Verdict.stages` reports them.

No proxy, no TLS, no worker round trip: what is left is the work itself. The `warm` row is the
inspector's own memory of a request it saw (its splices and names); the suite answers the
same bytes again from its verdict memory before it gets here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench import payloads
from bench.payloads import Call
from bench.report import percentile
from inspection.inspector import Inspector
from inspection.request import Request
from installation.home import SHIPPED_DEFAULT_POLICY
from policy.file import load_policy
from providers.routes import RouteTable

STAGES = ("decode", "policy", "parse", "rewrite", "egress", "encode")


@dataclass(frozen=True)
class StageRow:
    label: str
    n: int
    total_p50_ms: float
    total_p99_ms: float
    stages_p50_ms: dict[str, float]

    def cells(self) -> list[str]:
        return [
            self.label,
            str(self.n),
            f"{self.total_p50_ms:.2f}",
            f"{self.total_p99_ms:.2f}",
            *(f"{self.stages_p50_ms.get(stage, 0.0):.2f}" for stage in STAGES),
        ]

    def as_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "total_p50_ms": self.total_p50_ms,
            "total_p99_ms": self.total_p99_ms,
            "stages_p50_ms": self.stages_p50_ms,
        }


HEADERS = ("in process, restricted", "n", "p50", "p99", *STAGES)


def _request(routes: RouteTable, call: Call) -> Request:
    url = urlsplit(call.url)
    host = url.hostname or ""
    path = url.path + (f"?{url.query}" if url.query else "")
    route = routes.match(host, path)
    if route is None:
        raise RuntimeError(f"no route for {call.url}")
    return Request(route, host, path, call.body)


def _row(inspector: Inspector, label: str, make: Callable[[], Request], n: int) -> StageRow:
    totals: list[float] = []
    stages: dict[str, list[float]] = {}
    for _ in range(n):
        request = make()
        started = time.perf_counter()
        verdict = inspector.inspect(request)
        totals.append((time.perf_counter() - started) * 1000)
        if verdict.blocked is not None:
            raise RuntimeError(f"{label}: blocked in process: {verdict.blocked}")
        for stage, ms in verdict.stages.items():
            stages.setdefault(stage, []).append(ms)
    p50 = {stage: percentile(values, 0.5) for stage, values in stages.items()}
    return StageRow(label, n, percentile(totals, 0.5), percentile(totals, 0.99), p50)


def breakdown(small: int, large: int) -> list[StageRow]:
    """`small` requests of the small kind and `large` of each 150 KB kind."""
    inspector = Inspector.build(load_policy(Path(str(SHIPPED_DEFAULT_POLICY))), os.urandom(32))
    routes = RouteTable()
    numbers = iter(range(1, 10**9))
    cold = payloads.Turns(True)
    seen = payloads.Turns(False)
    same = _request(routes, payloads.claude_code())
    for _ in range(3):  # grammars loaded, the shared history seen once
        inspector.inspect(_request(routes, cold.next()))
        inspector.inspect(_request(routes, seen.next()))
        inspector.inspect(same)

    def small_chat() -> Request:
        return _request(routes, payloads.small_code_chat(next(numbers)))

    return [
        _row(inspector, "small chat, ~2 KB, fresh code", small_chat, small),
        _row(inspector, "Claude Code turn, 150 KB, cold", lambda: _request(routes, cold.next()), large),
        _row(inspector, "same 150 KB again (inspector memory)", lambda: same, large),
        _row(inspector, "150 KB, history seen, +5 KB new", lambda: _request(routes, seen.next()), large),
    ]  # fmt: skip
