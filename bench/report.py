"""Turns raw timings into percentiles, the printed comparison table and bench/results.json.

Every figure is in milliseconds unless its name says otherwise (req/s).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BASELINE = "baseline"
SUITE = "suite"  # the internal tier: requests read, nothing rewritten
RESTRICTED = "restricted"  # identifiers renamed, answers restored
HEADERS = (
    "measurement",
    "base p50",
    "base p99",
    "Pretense p50",
    "Pretense p99",
    "added p50",
    "added p99",
    "ratio p50",
)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), so small samples stay stable."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    p50_ms: float
    p99_ms: float
    mean_ms: float
    n: int

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Summary:
        milliseconds = [s * 1000 for s in seconds]
        return cls(
            percentile(milliseconds, 0.5),
            percentile(milliseconds, 0.99),
            sum(milliseconds) / len(milliseconds),
            len(milliseconds),
        )


@dataclass(frozen=True)
class Comparison:
    label: str
    baseline: Summary
    suite: Summary

    @classmethod
    def of(cls, label: str, samples: dict[str, list[float]], side: str = SUITE) -> Comparison:
        """`side` (the suite in some tier) against the pass-through baseline."""
        return cls(label, Summary.of(samples[BASELINE]), Summary.of(samples[side]))

    @property
    def added_p50_ms(self) -> float:
        return self.suite.p50_ms - self.baseline.p50_ms

    @property
    def added_p99_ms(self) -> float:
        return self.suite.p99_ms - self.baseline.p99_ms

    @property
    def ratio_p50(self) -> float:
        return self.suite.p50_ms / self.baseline.p50_ms

    def cells(self) -> list[str]:
        return [
            self.label,
            f"{self.baseline.p50_ms:.2f}",
            f"{self.baseline.p99_ms:.2f}",
            f"{self.suite.p50_ms:.2f}",
            f"{self.suite.p99_ms:.2f}",
            f"{self.added_p50_ms:+.2f}",
            f"{self.added_p99_ms:+.2f}",
            f"{self.ratio_p50:.2f}x",
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "baseline": asdict(self.baseline),
            "suite": asdict(self.suite),
            "added_p50_ms": self.added_p50_ms,
            "added_p99_ms": self.added_p99_ms,
            "ratio_p50": self.ratio_p50,
        }


@dataclass(frozen=True)
class Throughput:
    label: str
    threads: int
    baseline_rps: float
    suite_rps: float

    @property
    def ratio(self) -> float:
        return self.suite_rps / self.baseline_rps

    def cells(self) -> list[str]:
        # Same columns as the latency rows: req/s sit under p50, the ratio under ratio p50.
        base, suite = f"{self.baseline_rps:.0f}/s", f"{self.suite_rps:.0f}/s"
        return [self.label, base, "", suite, "", "", "", f"{self.ratio:.2f}x"]

    def as_json(self) -> dict[str, Any]:
        return {
            "threads": self.threads,
            "baseline_rps": self.baseline_rps,
            "suite_rps": self.suite_rps,
            "ratio": self.ratio,
        }


@dataclass(frozen=True)
class CpuCost:
    """Proxy CPU time per request (user + system), where the platform lets us read it."""

    label: str
    baseline_ms: float | None
    suite_ms: float | None

    def cells(self) -> list[str]:
        if self.baseline_ms is None or self.suite_ms is None:
            return [self.label, "n/a", "n/a", "", ""]
        added = self.suite_ms - self.baseline_ms
        ratio = self.suite_ms / self.baseline_ms
        return [
            self.label,
            f"{self.baseline_ms:.2f}",
            f"{self.suite_ms:.2f}",
            f"{added:+.2f}",
            f"{ratio:.2f}x",
        ]

    def as_json(self) -> dict[str, float | None]:
        return {"baseline_ms": self.baseline_ms, "suite_ms": self.suite_ms}


def aligned(rows: Sequence[Sequence[str]], rules_before: Sequence[int]) -> str:
    """First column left-aligned, the others right-aligned; a rule before each listed row index."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        line = "  ".join(cells)
        if index in rules_before:
            lines.append("-" * len(line))
        lines.append(line)
    return "\n".join(lines)


def table(comparisons: Sequence[Comparison], throughputs: Sequence[Throughput], targets: int = 0) -> str:
    """The latency rows (the first `targets` of them have targets), then the throughput rows."""
    rows = [list(HEADERS), *(c.cells() for c in comparisons), *(t.cells() for t in throughputs)]
    rules = {1, 1 + len(comparisons)} | ({1 + targets} if targets else set())
    return aligned(rows, tuple(sorted(rules)))


def cpu_table(costs: Sequence[CpuCost]) -> str:
    header = ["proxy CPU per request (ms)", "baseline", "suite", "added", "ratio"]
    return aligned([header, *(cost.cells() for cost in costs)], (1,))


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
