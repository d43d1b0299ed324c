"""The dashboard's series, one point per UTC day: calls per developer, tokens, detections by
kind, blocks, exceptions used and held tool calls."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from audit.record import GUARDRAIL, REQUEST, Record


@dataclass(slots=True)
class Daily:
    days: set[str] = field(default_factory=set)
    calls: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """user -> day -> AI requests."""
    tokens: Counter[str] = field(default_factory=Counter)
    detections: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """kind -> day -> values found."""
    blocks: Counter[str] = field(default_factory=Counter)
    exceptions: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)

    def ordered_days(self) -> list[str]:
        return sorted(self.days)

    def charts(self) -> dict[str, dict[str, Any]]:
        """Plotly figures (data and layout, plain JSON) by name."""
        days = self.ordered_days()
        return {
            "calls": _figure(
                [_bar(user, days, counts) for user, counts in sorted(self.calls.items())],
                "AI requests per developer per day",
                stacked=True,
            ),
            "tokens": _figure([_bar("tokens", days, self.tokens)], "Tokens per day (input + output)"),
            "detections": _figure(
                [_bar(kind, days, counts) for kind, counts in sorted(self.detections.items())],
                "Secrets and client data found per day, by kind",
                stacked=True,
            ),
            "blocks": _figure(
                [
                    _line("blocked requests", days, self.blocks),
                    _line("exceptions used", days, self.exceptions),
                    _line("tool calls held", days, self.held),
                ],
                "Blocks, exceptions and held tool calls per day",
            ),
        }


def build_daily(records: Iterable[Record]) -> Daily:
    daily = Daily()
    for record in records:
        kind, day = record.get("type"), str(record.get("ts", ""))[:10]
        if kind == REQUEST:
            daily.days.add(day)
            daily.calls[str(record.get("user") or "?")][day] += 1
            usage = record.get("tokens") or {}
            daily.tokens[day] += int(usage.get("input", 0)) + int(usage.get("output", 0))
            for found, count in (record.get("detections") or {}).items():
                daily.detections[found][day] += int(count)
            daily.blocks[day] += record.get("decision") == "blocked"
            daily.exceptions[day] += record.get("exception") is not None
        elif kind == GUARDRAIL and record.get("decision") == "held":
            daily.days.add(day)
            daily.held[day] += 1
    return daily


def _bar(name: str, days: list[str], counts: Counter[str]) -> dict[str, Any]:
    return {"type": "bar", "name": name, "x": days, "y": [counts[day] for day in days]}


def _line(name: str, days: list[str], counts: Counter[str]) -> dict[str, Any]:
    points = [counts[day] for day in days]
    return {"type": "scatter", "mode": "lines+markers", "name": name, "x": days, "y": points}


def _figure(data: list[dict[str, Any]], title: str, stacked: bool = False) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 14}},
        "margin": {"l": 48, "r": 16, "t": 40, "b": 40},
        "height": 300,
        "xaxis": {"type": "category"},
        "yaxis": {"rangemode": "tozero"},
        "legend": {"orientation": "h"},
    }
    if stacked:
        layout["barmode"] = "stack"
    return {"data": data, "layout": layout}
