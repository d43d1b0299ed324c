"""The commits the trail saw attested: each `attestation` record (what the proxy signed for a
commit-msg hook) joined to the `commit` records the post-commit hook had written, and the
commits recorded without an attestation of ours.

A commit record names the envelope it carries by digest, so that is the join; a commit whose
digest matches no attestation falls back to the tree it says was attested (the latest
attestation of that tree: records written before both digests were made of the envelope as
a trailer carries it, with a 16-digit key id, never agree). One attestation can be carried
by several commits (amended or rebased without the hook keeps the trailer), so a row is an
attestation, with every commit that carried it. Only what the records hold: ids, counts,
the repository's name in the policy and the key's id; never a file or a line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from audit.record import ATTESTATION, COMMIT, Record
from oversight.period import Period

NO_ATTESTATION = "no attestation of ours"
NOT_IN_TRAIL = "its attestation is not in these trails"


@dataclass(slots=True)
class AttestedCommit:
    """One attestation and the commits that carried it (none: attested, not committed)."""

    ts: str
    tree: str
    repository: str | None
    tier: str
    added_lines: int
    ai_lines: int
    exchanges: int
    key_id: str
    envelope_sha256: str
    commits: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)
    """Of `commits`, those whose tree is not the one attested (amended or rebased since)."""

    @property
    def committed(self) -> bool:
        return bool(self.commits)

    @property
    def ai_share(self) -> float:
        return self.ai_lines / self.added_lines if self.added_lines else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "ai_share": round(self.ai_share, 4)}


@dataclass(frozen=True, slots=True)
class UnattestedCommit:
    """A commit the post-commit hook told of, with no attestation this view can show."""

    ts: str
    commit: str
    tree: str
    reason: str
    """NO_ATTESTATION, or NOT_IN_TRAIL (ours, but its record was not read: another trail)."""

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Commits:
    attested: list[AttestedCommit] = field(default_factory=list)
    unattested: list[UnattestedCommit] = field(default_factory=list)

    @property
    def committed(self) -> int:
        return sum(row.committed for row in self.attested)

    @property
    def not_committed(self) -> int:
        return len(self.attested) - self.committed

    @property
    def added_lines(self) -> int:
        return sum(row.added_lines for row in self.attested)

    @property
    def ai_lines(self) -> int:
        return sum(row.ai_lines for row in self.attested)

    @property
    def ai_share(self) -> float:
        return self.ai_lines / self.added_lines if self.added_lines else 0.0

    def totals(self) -> dict[str, Any]:
        return {
            "attested": len(self.attested),
            "committed": self.committed,
            "attested_not_committed": self.not_committed,
            "added_lines": self.added_lines,
            "ai_lines": self.ai_lines,
            "ai_share": round(self.ai_share, 4),
            "commits_without_attestation": len(self.unattested),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "totals": self.totals(),
            "attested": [row.as_dict() for row in self.attested],
            "unattested": [row.as_dict() for row in self.unattested],
        }


class CommitsBuilder:
    """Fed every record, in trail order, before any period filter: a commit recorded just
    after the period still joins an attestation made in it, and an attestation before the
    period still claims its commits (so they are not listed as unattested)."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self._by_envelope: dict[str, AttestedCommit] = {}
        self._by_tree: dict[str, AttestedCommit] = {}
        self._shown: list[AttestedCommit] = []
        self._unattested: list[UnattestedCommit] = []

    def add(self, record: Record) -> None:
        kind = record.get("type")
        if kind == ATTESTATION:
            self._attestation(record)
        elif kind == COMMIT:
            self._commit(record)

    def build(self) -> Commits:
        return Commits(list(self._shown), list(self._unattested))

    def _attestation(self, record: Record) -> None:
        row = AttestedCommit(
            ts=str(record.get("ts", "")),
            tree=str(record.get("tree", "")),
            repository=record.get("repository"),
            tier=str(record.get("tier", "")),
            added_lines=int(record.get("added_lines") or 0),
            ai_lines=int(record.get("ai_lines") or 0),
            exchanges=int(record.get("exchanges") or 0),
            key_id=str(record.get("key_id", "")),
            envelope_sha256=str(record.get("envelope_sha256", "")),
        )
        self._by_envelope[row.envelope_sha256] = row
        self._by_tree[row.tree] = row  # the latest attestation of a tree, for the fallback
        if self.period.admits(record):
            self._shown.append(row)

    def _commit(self, record: Record) -> None:
        commit, tree = str(record.get("commit", "")), str(record.get("tree", ""))
        envelope, attested = record.get("envelope_sha256"), record.get("attested_tree")
        row = self._by_envelope.get(str(envelope)) if envelope else None
        if row is None and attested:
            row = self._by_tree.get(str(attested))
        if row is not None:
            row.commits.append(commit)
            if tree != row.tree:
                row.rewritten.append(commit)
        elif self.period.admits(record):
            reason = NOT_IN_TRAIL if envelope or attested else NO_ATTESTATION
            self._unattested.append(UnattestedCommit(str(record.get("ts", "")), commit, tree, reason))


def build_commits(records: Iterable[Record], period: Period) -> Commits:
    builder = CommitsBuilder(period)
    for record in records:
        builder.add(record)
    return builder.build()
