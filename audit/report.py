"""What a compliance officer asks of a trail: calls per developer per day, token volume,
detections by type, blocks, exceptions, and the anomalies worth a look (a developer far
above their own baseline, very large requests)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from audit.record import EXCEPTION, REQUEST, Record

BASELINE_FACTOR = 3.0  # a day this many times a developer's usual day is an anomaly
BASELINE_MIN_CALLS = 20  # ... if it also has at least this many calls
LARGE_FACTOR = 10.0  # a request this many times the median size is very large
LARGE_MIN_BYTES = 1 << 20  # ... and so is any request above 1 MiB
LARGE_FLOOR_BYTES = 64 << 10  # ... but nothing under 64 KiB is


@dataclass(slots=True)
class Report:
    first: str | None = None
    last: str | None = None
    requests: int = 0
    calls: dict[str, dict[str, int]] = field(default_factory=dict)  # user -> day -> calls
    tokens: dict[str, float] = field(default_factory=dict)
    tokens_by_user: dict[str, int] = field(default_factory=dict)
    detections: dict[str, int] = field(default_factory=dict)
    identifiers_mutated: int = 0
    requests_mutated: int = 0
    blocks: dict[str, int] = field(default_factory=dict)  # reason -> count
    exceptions: int = 0
    anomalies: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def build_report(records: Iterable[Record]) -> Report:
    report = Report()
    calls: dict[str, Counter[str]] = defaultdict(Counter)
    token_counts: list[int] = []
    by_user: Counter[str] = Counter()
    detections: Counter[str] = Counter()
    blocks: Counter[str] = Counter()
    sizes: list[tuple[int, Record]] = []
    for record in records:
        kind = record.get("type")
        if kind == EXCEPTION:
            report.exceptions += 1
        if kind != REQUEST:
            continue
        ts, user = str(record.get("ts", "")), str(record.get("user") or "?")
        report.first = report.first or ts
        report.last = ts
        report.requests += 1
        calls[user][ts[:10]] += 1
        usage = record.get("tokens") or {}
        if usage:
            total = int(usage.get("input", 0)) + int(usage.get("output", 0))
            token_counts.append(total)
            by_user[user] += total
        detections.update(record.get("detections") or {})
        if record.get("identifiers_mutated"):
            report.requests_mutated += 1
            report.identifiers_mutated += int(record["identifiers_mutated"])
        if record.get("decision") == "blocked":
            blocks[_first_sentence(str(record.get("block_reason", "")))] += 1
        if record.get("exception") is not None:
            report.exceptions += 1
        size = record.get("request_bytes") or record.get("sent_bytes") or 0
        sizes.append((int(size), record))
    report.calls = {user: dict(sorted(days.items())) for user, days in sorted(calls.items())}
    if token_counts:
        report.tokens = {
            "requests_with_usage": len(token_counts),
            "total": sum(token_counts),
            "mean_per_request": round(statistics.fmean(token_counts), 1),
            "median_per_request": statistics.median(token_counts),
            "max_per_request": max(token_counts),
        }
    report.tokens_by_user = dict(by_user.most_common())
    report.detections = dict(detections.most_common())
    report.blocks = dict(blocks.most_common())
    report.anomalies = _busy_days(report.calls) + _large_requests(sizes)
    return report


def _first_sentence(reason: str) -> str:
    head = reason.split(". ", 1)[0]
    return head if len(head) <= 120 else head[:117] + "..."


def _busy_days(calls: dict[str, dict[str, int]]) -> list[str]:
    found = []
    for user, days in calls.items():
        for day, count in days.items():
            others = [c for d, c in days.items() if d != day]
            if len(others) < 2 or count < BASELINE_MIN_CALLS:
                continue
            usual = statistics.median(others)
            if count >= BASELINE_FACTOR * usual:
                found.append(
                    f"{user} made {count} calls on {day}, {count / usual:.1f}x their usual {usual:g} a day"
                )
    return found


def _large_requests(sizes: list[tuple[int, Record]]) -> list[str]:
    if not sizes:
        return []
    median = statistics.median(size for size, _ in sizes)
    limit = min(LARGE_MIN_BYTES, max(LARGE_FACTOR * median, LARGE_FLOOR_BYTES))
    large = sorted((item for item in sizes if item[0] > limit), key=lambda item: -item[0])
    return [
        f"very large request: {size:,} bytes (median {median:,.0f}) by {r.get('user')} at {r.get('ts')} "
        f"to {r.get('provider')} (record {r.get('seq')})"
        for size, r in large[:20]
    ]


def render(report: Report) -> str:
    lines = [
        f"Pretense audit report: {report.requests} AI requests, {report.first or '-'} .. {report.last or '-'}"
    ]
    lines.append("\nCalls per developer per day:")
    for user, days in report.calls.items():
        lines.append(f"  {user}: " + ", ".join(f"{day} {count}" for day, count in days.items()))
    lines.append("\nTokens (input + output, as the providers reported them):")
    if report.tokens:
        t = report.tokens
        lines.append(
            f"  {t['total']:,} over {t['requests_with_usage']} requests; per request mean "
            f"{t['mean_per_request']:,}, median {t['median_per_request']:,}, max {t['max_per_request']:,}"
        )
        lines += [f"  {user}: {count:,}" for user, count in report.tokens_by_user.items()]
    else:
        lines.append("  none reported")
    lines.append("\nSecrets and client data found, by type:")
    lines += [f"  {kind}: {count}" for kind, count in report.detections.items()] or ["  none"]
    lines.append(f"\nIdentifiers mutated: {report.identifiers_mutated} in {report.requests_mutated} requests")
    lines.append(f"\nBlocked requests: {sum(report.blocks.values())}")
    lines += [f"  {count} x {reason}" for reason, count in report.blocks.items()]
    lines.append(f"\nExceptions used: {report.exceptions}")
    lines.append("\nAnomalies:")
    lines += [f"  {line}" for line in report.anomalies] or ["  none"]
    return "\n".join(lines) + "\n"
