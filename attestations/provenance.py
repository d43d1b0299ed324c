"""Which of a commit's added lines came from AI answers: each added line, normalised and
fingerprinted, is looked up among the lines the proxy saw answers produce. A line counts
when an answer produced it for the same file (its path names the file: the same path, or
one ends with the other), or produced it without a file (a fenced block). Also the summary
of the exchanges a repository had since its parent commit."""

from __future__ import annotations

import datetime
import posixpath
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from attestations.lines import line_fingerprint, normalised
from attestations.predicate import Exchanges, FileShare, Provenance
from attestations.store import AiExchange
from audit.record import REQUEST, Record, timestamp

MAX_EXCHANGES_CITED = 16
"""Audit records cited per file (the trailer stays short; the count is exact regardless)."""


@dataclass(slots=True)
class _Tally:
    added: int = 0
    ai: int = 0
    flows: dict[str, None] = field(default_factory=dict)
    agents: dict[str, None] = field(default_factory=dict)


def fingerprints(added: Mapping[str, Sequence[str]], key: bytes) -> dict[str, list[str]]:
    """Per file, the fingerprint of each non-trivial added line, in order."""
    return {
        path: [line_fingerprint(key, n) for line in lines if (n := normalised(line)) is not None]
        for path, lines in added.items()
    }


def share(
    added: Mapping[str, Sequence[str]], exchanges: Iterable[AiExchange]
) -> tuple[Provenance, dict[str, list[str]]]:
    """The provenance of the added lines (`added`: fingerprints per file, by its path in the
    repository), and the flows each file's AI lines came from (to be cited by their audit
    records)."""
    origins: dict[str, list[tuple[str | None, AiExchange]]] = {}
    for exchange in exchanges:
        for path, lines in exchange.files:
            for line in lines:
                origins.setdefault(line, []).append((path, exchange))
    tallies: dict[str, _Tally] = {}
    for file, fingerprints_of_file in added.items():
        tally = tallies[file] = _Tally(added=len(fingerprints_of_file))
        for line in fingerprints_of_file:
            source = next((x for p, x in origins.get(line, ()) if p is None or same_file(p, file)), None)
            if source is not None:
                tally.ai += 1
                tally.flows[source.flow] = None
                tally.agents[source.label] = None
    files = tuple(
        FileShare(path, t.added, t.ai, (), tuple(t.agents)) for path, t in sorted(tallies.items()) if t.ai
    )
    provenance = Provenance(
        added=sum(t.added for t in tallies.values()), ai=sum(t.ai for t in tallies.values()), files=files
    )
    return provenance, {path: list(t.flows) for path, t in tallies.items() if t.ai}


def cite(provenance: Provenance, flows: Mapping[str, Sequence[str]], seqs: Mapping[str, int]) -> Provenance:
    """The provenance with each file citing the audit records of its flows."""
    files = []
    for f in provenance.files:
        cited = sorted({seqs[flow] for flow in flows.get(f.path, ()) if flow in seqs})
        files.append(FileShare(f.path, f.added, f.ai, tuple(cited[:MAX_EXCHANGES_CITED]), f.agents))
    return Provenance(provenance.added, provenance.ai, tuple(files), provenance.omitted)


def same_file(produced: str, relative: str) -> bool:
    """Whether an answer's path names the repository file `relative`: one of the two paths
    ends with the other, component by component (an absolute path under the repository's
    root, or one relative to the directory the agent works in)."""
    mine = [part for part in posixpath.normpath(produced).split("/") if part not in ("", ".")]
    theirs = relative.split("/")
    shorter = min(len(mine), len(theirs))
    return shorter > 0 and mine[-shorter:] == theirs[-shorter:]


def belongs(exchange: AiExchange, repository: str | None, root: str) -> bool:
    if repository is not None and exchange.repository == repository:
        return True
    where = exchange.root
    return where is not None and (where == root or where.startswith(root.rstrip("/") + "/"))


def summary(
    exchanges: Iterable[AiExchange], repository: str | None, root: str, since: float | None
) -> Exchanges:
    """The exchanges of the repository (by the policy's name for it, or by the working
    directory the requests named) since `since`."""
    chosen = [x for x in exchanges if (since is None or x.epoch > since) and belongs(x, repository, root)]
    detections: Counter[str] = Counter()
    for exchange in chosen:
        detections.update(exchange.detections)
    return Exchanges(
        since=timestamp(since) if since is not None else None,
        count=len(chosen),
        agents=dict(Counter(x.agent for x in chosen)),
        models=dict(Counter(x.model for x in chosen if x.model)),
        tiers=dict(Counter(x.tier for x in chosen if x.tier)),
        blocked=sum(1 for x in chosen if x.blocked),
        detections=dict(detections),
    )


def days_of(exchanges: Iterable[AiExchange]) -> set[datetime.date]:
    """The UTC days (and the day after each: a record's file can be the next day's) whose
    trail files hold these exchanges' records."""
    days = set()
    for exchange in exchanges:
        day = datetime.datetime.fromtimestamp(exchange.epoch, datetime.UTC).date()
        days |= {day, day + datetime.timedelta(days=1)}
    return days


def seqs_of(records: Iterable[Record], flows: Iterable[str]) -> dict[str, int]:
    wanted = set(flows)
    return {
        str(r["flow"]): int(r["seq"])
        for r in records
        if r.get("type") == REQUEST and r.get("flow") in wanted and isinstance(r.get("seq"), int)
    }
