"""Every AI tool the trail saw: by the identification its requests carried, with versions,
users, repositories, providers, hosts and models, first and last seen, how much of its use
Pretense could read, what the policy did with it, and whether its tier approved it."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from audit.record import REQUEST, Record
from providers.clients import KNOWN_TOOLS, UNKNOWN

# Hosts Pretense recognises but cannot read (signed or binary bodies): their use is
# uninspected by nature, whatever the endpoint.
UNINSPECTABLE_PROVIDERS = frozenset({"bedrock", "cursor", "windsurf", "unknown"})


@dataclass(slots=True)
class ToolUsage:
    tool: str
    name: str
    requests: int = 0
    versions: Counter[str] = field(default_factory=Counter)
    users: Counter[str] = field(default_factory=Counter)
    repositories: Counter[str] = field(default_factory=Counter)
    providers: Counter[str] = field(default_factory=Counter)
    hosts: Counter[str] = field(default_factory=Counter)
    models: Counter[str] = field(default_factory=Counter)
    decisions: Counter[str] = field(default_factory=Counter)
    tiers: Counter[str] = field(default_factory=Counter)
    first_seen: str = ""
    last_seen: str = ""
    inspected: int = 0
    uninspected: int = 0
    unapproved: int = 0
    """Requests whose tier's policy does not approve this tool (blocked where it has `allow`)."""
    approved: int = 0
    tokens: int = 0
    user_agents: Counter[str] = field(default_factory=Counter)

    @property
    def approval(self) -> str:
        """`approved`, `unapproved`, `partly approved` or `not set` (no tier named tools)."""
        if self.unapproved and self.approved:
            return "partly approved"
        if self.unapproved:
            return "unapproved"
        return "approved" if self.approved else "not set"

    def add(self, record: Record) -> None:
        ts = str(record.get("ts", ""))
        self.requests += 1
        self.first_seen = min(self.first_seen or ts, ts)
        self.last_seen = max(self.last_seen, ts)
        _count(self.versions, record.get("tool_version"))
        _count(self.users, record.get("user"))
        _count(self.repositories, record.get("repository"))
        _count(self.providers, record.get("provider"))
        _count(self.hosts, record.get("host"))
        _count(self.models, record.get("model"))
        _count(self.decisions, record.get("decision"))
        _count(self.tiers, record.get("tier"))
        _count(self.user_agents, record.get("client"))
        if is_inspected(record):
            self.inspected += 1
        else:
            self.uninspected += 1
        approved = record.get("tool_approved")
        if approved is True:
            self.approved += 1
        elif approved is False:
            self.unapproved += 1
        usage = record.get("tokens") or {}
        self.tokens += int(usage.get("input", 0)) + int(usage.get("output", 0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "name": self.name,
            "requests": self.requests,
            "versions": _sorted(self.versions),
            "users": _sorted(self.users),
            "repositories": _sorted(self.repositories),
            "providers": _sorted(self.providers),
            "hosts": _sorted(self.hosts),
            "models": _sorted(self.models),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "inspected": self.inspected,
            "uninspected": self.uninspected,
            "decisions": _sorted(self.decisions),
            "tiers": _sorted(self.tiers),
            "approval": self.approval,
            "unapproved_requests": self.unapproved,
            "tokens": self.tokens,
            "user_agents": _sorted(self.user_agents),
        }


def is_inspected(record: Record) -> bool:
    return bool(record.get("inspected")) and record.get("provider") not in UNINSPECTABLE_PROVIDERS


def build_inventory(records: Iterable[Record]) -> list[ToolUsage]:
    """One entry per tool, the most used first."""
    tools: dict[str, ToolUsage] = {}
    for record in records:
        if record.get("type") != REQUEST:
            continue
        tool = str(record.get("tool") or UNKNOWN)
        usage = tools.get(tool)
        if usage is None:
            usage = tools[tool] = ToolUsage(tool, KNOWN_TOOLS.get(tool, tool))
        usage.add(record)
    return sorted(tools.values(), key=lambda usage: (-usage.requests, usage.tool))


CSV_COLUMNS = (
    "tool", "name", "requests", "versions", "users", "repositories", "providers", "hosts", "models",
    "first_seen", "last_seen", "inspected", "uninspected", "decisions", "tiers", "approval",
    "unapproved_requests", "tokens",
)  # fmt: skip


def as_csv(inventory: Iterable[ToolUsage]) -> Iterator[str]:
    """One row per tool; a list is `name (count); ...`, a spreadsheet reads the quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for usage in inventory:
        row = usage.as_dict()
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    yield buffer.getvalue()


def as_json(inventory: Iterable[ToolUsage]) -> str:
    return orjson.dumps([usage.as_dict() for usage in inventory], option=orjson.OPT_INDENT_2).decode() + "\n"


def render(inventory: list[ToolUsage]) -> str:
    if not inventory:
        return "No AI request in the trail for this period.\n"
    lines = [f"AI tools seen: {len(inventory)}"]
    for usage in inventory:
        row = usage.as_dict()
        lines += [
            "",
            f"{usage.name} ({usage.tool}): {usage.requests} requests, "
            f"{usage.first_seen} .. {usage.last_seen}",
            f"  versions:     {_listing(row['versions'])}",
            f"  users:        {_listing(row['users'])}",
            f"  repositories: {_listing(row['repositories'])}",
            f"  providers:    {_listing(row['providers'])}",
            f"  hosts:        {_listing(row['hosts'])}",
            f"  models:       {_listing(row['models'])}",
            f"  inspected:    {usage.inspected}, uninspected: {usage.uninspected}",
            f"  policy:       {_listing(row['decisions'])}; tiers {_listing(row['tiers'])}",
            f"  approval:     {usage.approval}"
            + (
                f" ({usage.unapproved} requests from a tier that does not approve it)"
                if usage.unapproved
                else ""
            ),
            f"  tokens:       {usage.tokens:,}",
        ]
    return "\n".join(lines) + "\n"


def _count(counter: Counter[str], value: object) -> None:
    if value:
        counter[str(value)] += 1


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def _listing(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in counts.items()) or "-"


def _cell(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{name} ({count})" for name, count in value.items())
    return str(value)
