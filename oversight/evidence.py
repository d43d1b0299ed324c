"""An auditor's evidence for a period: the trail's verification against its anchors, the
policies in force and their changes, coverage (requests by tier and decision, share
inspected, blocks, exceptions, approvals of held tool calls, commits attested), detections by
kind, the AI tool inventory and the anomalies, gathered from the records in one pass."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.record import EXCEPTION, GUARDRAIL, POLICY, RELOAD_FAILED, REQUEST, Record
from audit.report import Report, build_report
from audit.verify import Outcome, Verdict, conclusion
from oversight.commits import Commits, CommitsBuilder
from oversight.inventory import ToolUsage, build_inventory, is_inspected
from oversight.period import Period, record_time

DECISIONS = ("forwarded", "rewritten", "blocked", "failed")
TIERS = ("public", "internal", "restricted", "confidential")


@dataclass(frozen=True, slots=True)
class TrailCheck:
    """One trail folder's verification, in words."""

    folder: str
    outcome: str
    passed: bool
    conclusion: str
    problems: tuple[str, ...]
    notices: tuple[str, ...]

    @classmethod
    def of(cls, folder: Path, verdict: Verdict) -> TrailCheck:
        return cls(
            str(folder),
            verdict.outcome.name,
            verdict.outcome is Outcome.VERIFIED,
            conclusion(verdict),
            tuple(map(str, verdict.problems)),
            tuple(verdict.notices),
        )


@dataclass(slots=True)
class Coverage:
    requests: int = 0
    by_tier: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    inspected: int = 0
    uninspected: int = 0
    rewritten: int = 0
    blocked: int = 0
    unapproved_tools: int = 0

    @property
    def share_inspected(self) -> float:
        return self.inspected / self.requests if self.requests else 0.0

    def add(self, record: Record) -> None:
        self.requests += 1
        decision = str(record.get("decision"))
        self.by_tier[str(record.get("tier"))][decision] += 1
        if is_inspected(record):
            self.inspected += 1
        else:
            self.uninspected += 1
        self.rewritten += decision == "rewritten"
        self.blocked += decision == "blocked"
        self.unapproved_tools += record.get("tool_approved") is False

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(tier, count per decision in DECISIONS order, total) for each tier seen."""
        seen = [t for t in TIERS if t in self.by_tier] + sorted(set(self.by_tier) - set(TIERS))
        return [
            (tier, [self.by_tier[tier][d] for d in DECISIONS], sum(self.by_tier[tier].values()))
            for tier in seen
        ]


@dataclass(slots=True)
class Evidence:
    period: Period
    generated: str
    checks: list[TrailCheck]
    coverage: Coverage = field(default_factory=Coverage)
    policies: list[dict[str, Any]] = field(default_factory=list)
    policy_failures: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    approvals: Counter[str] = field(default_factory=Counter)
    decided: list[dict[str, Any]] = field(default_factory=list)
    commits: Commits = field(default_factory=Commits)
    report: Report = field(default_factory=Report)
    inventory: list[ToolUsage] = field(default_factory=list)
    attachments: dict[str, str] = field(default_factory=dict)
    """Policy digest -> file name in the pack, for the policy files that still match."""

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    def blocks(self) -> dict[str, int]:
        return self.report.blocks

    def as_dict(self) -> dict[str, Any]:
        """Every number of the pack, for tools (and for checking the PDF against)."""
        coverage = self.coverage
        return {
            "period": {"since": _iso(self.period.since), "until": _iso(self.period.until)},
            "generated": self.generated,
            "trail_verified": self.verified,
            "checks": [dataclasses.asdict(check) for check in self.checks],
            "policies": self.policies,
            "policy_failures": self.policy_failures,
            "coverage": {
                "requests": coverage.requests,
                "inspected": coverage.inspected,
                "uninspected": coverage.uninspected,
                "share_inspected": round(coverage.share_inspected, 4),
                "rewritten": coverage.rewritten,
                "blocked": coverage.blocked,
                "unapproved_tools": coverage.unapproved_tools,
                "by_tier": {tier: dict(counts) for tier, counts in coverage.by_tier.items()},
            },
            "blocks": self.report.blocks,
            "exceptions": self.exceptions,
            "approvals": dict(self.approvals),
            "decided": self.decided,
            "attestations": len(self.commits.attested),
            "commits": self.commits.as_dict(),
            "detections": self.report.detections,
            "identifiers_mutated": self.report.identifiers_mutated,
            "calls": self.report.calls,
            "tokens": self.report.tokens,
            "inventory": [usage.as_dict() for usage in self.inventory],
            "anomalies": self.report.anomalies,
        }


def build_evidence(
    records: Iterable[Record], period: Period, checks: Sequence[TrailCheck], generated: datetime.datetime
) -> Evidence:
    evidence = Evidence(period, generated.strftime("%Y-%m-%d %H:%M:%S UTC"), list(checks))
    requests: list[Record] = []
    commits = CommitsBuilder(period)
    for record in records:
        commits.add(record)  # before the period filter: it joins across the period's ends
        kind = record.get("type")
        if kind == POLICY:
            moment = record_time(record)
            if moment is not None and (period.until is None or moment < period.until):
                evidence.policies.append(_policy(record, period.since is not None and moment < period.since))
            continue
        if not period.admits(record):
            continue
        if kind == REQUEST:
            requests.append(record)
            evidence.coverage.add(record)
        elif kind == RELOAD_FAILED:
            evidence.policy_failures.append(
                {"ts": record.get("ts"), "seq": record.get("seq"), **_fields(record)}
            )
        elif kind == EXCEPTION:
            evidence.exceptions.append(
                {"ts": record.get("ts"), "user": record.get("user"), "exception": record.get("exception")}
            )
        elif kind == GUARDRAIL:
            _approval(evidence, record)
    evidence.policies = _in_force(evidence.policies)
    evidence.commits = commits.build()
    evidence.report = build_report(requests)
    evidence.inventory = build_inventory(requests)
    return evidence


def _policy(record: Record, before_period: bool) -> dict[str, Any]:
    return {
        "ts": record.get("ts"),
        "seq": record.get("seq"),
        "source": record.get("source"),
        "sha256": record.get("sha256"),
        "default_tier": record.get("default_tier"),
        "before_period": before_period,
    }


def _in_force(loads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of the loads before the period, only the last (what was in force when it began);
    every load during the period is a change."""
    before = [load for load in loads if load["before_period"]]
    return before[-1:] + [load for load in loads if not load["before_period"]]


def _approval(evidence: Evidence, record: Record) -> None:
    decision = str(record.get("decision"))
    evidence.approvals[decision] += 1
    if decision in ("approved", "denied", "granted", "timed_out", "refused"):
        evidence.decided.append(
            {
                "ts": record.get("ts"),
                "hold": record.get("hold"),
                "decision": decision,
                "tool": record.get("tool"),
                "user": record.get("user"),
                "approver": record.get("approver"),
                "reason": record.get("decision_reason"),
                "rule": record.get("rule"),
            }
        )


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _fields(record: Record) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("v", "seq", "ts", "type", "prev", "hash")}
