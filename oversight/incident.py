"""What an incident responder asks of a period: what was sent, by file, identifier and kind
of secret, which secrets left in clear and must be rotated, and the timeline.

The trail holds keyed HMACs, never names or values: the responder names the files,
identifiers and secret values they care about, and each is matched by its HMAC under this
installation's key. Bodies are read only where the proxy captured them
(`pretense_audit_capture`): the only way to say what a request the proxy did not scan
(public tier, uninspected hosts) carried.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from audit.capture import BlobStore
from audit.record import EXCEPTION, GUARDRAIL, POLICY, REQUEST, Record
from detectors import Scanner
from installation.fingerprints import fingerprint
from oversight.inventory import is_inspected
from oversight.period import Period

TIMELINE_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Exposure:
    """A secret that left in clear: rotate it."""

    kind: str
    fingerprint: str
    ts: str
    seq: int
    user: str
    provider: str
    host: str
    tier: str
    why: str
    matches: str = ""
    """Which of the responder's values it is, when they gave a secret file."""


@dataclass(slots=True)
class Sightings:
    """Where one named thing (file, identifier, secret value) travelled."""

    what: str
    requests: int = 0
    renamed: int = 0
    redacted: int = 0
    in_clear: int = 0
    """Sent as it is: found in a captured body, or let through by `secrets.allow`."""
    unread: int = 0
    """Forwarded in a request the proxy did not rewrite and did not capture: it may have held it."""
    blocked: int = 0
    first: str = ""
    last: str = ""
    users: Counter[str] = field(default_factory=Counter)
    providers: Counter[str] = field(default_factory=Counter)

    def saw(self, record: Record) -> None:
        ts = str(record.get("ts", ""))
        self.requests += 1
        self.first = min(self.first or ts, ts)
        self.last = max(self.last, ts)
        self.users[str(record.get("user"))] += 1
        self.providers[str(record.get("provider"))] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "requests": self.requests,
            "renamed": self.renamed,
            "redacted": self.redacted,
            "in_clear": self.in_clear,
            "unread": self.unread,
            "blocked": self.blocked,
            "first": self.first,
            "last": self.last,
            "users": dict(self.users.most_common()),
            "providers": dict(self.providers.most_common()),
        }


@dataclass(slots=True)
class Incident:
    period: Period
    user: str | None
    repository: str | None
    requests: int = 0
    forwarded: int = 0
    blocked: int = 0
    by_tier: Counter[str] = field(default_factory=Counter)
    by_decision: Counter[str] = field(default_factory=Counter)
    users: Counter[str] = field(default_factory=Counter)
    providers: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    """Secrets and client data found, by kind."""
    files_seen: int = 0
    """Distinct file paths the requests named (by HMAC)."""
    files: list[Sightings] = field(default_factory=list)
    identifiers: list[Sightings] = field(default_factory=list)
    values: list[Sightings] = field(default_factory=list)
    rotation: list[Exposure] = field(default_factory=list)
    unread: list[dict[str, Any]] = field(default_factory=list)
    """Requests forwarded without being read (public tier, uninspected hosts) and not captured."""
    timeline: list[dict[str, Any]] = field(default_factory=list)
    timeline_cut: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": {"since": _iso(self.period.since), "until": _iso(self.period.until)},
            "user": self.user,
            "repository": self.repository,
            "requests": self.requests,
            "forwarded": self.forwarded,
            "blocked": self.blocked,
            "by_tier": dict(self.by_tier.most_common()),
            "by_decision": dict(self.by_decision.most_common()),
            "users": dict(self.users.most_common()),
            "providers": dict(self.providers.most_common()),
            "secret_kinds": dict(self.kinds.most_common()),
            "files_seen": self.files_seen,
            "files": [s.as_dict() for s in self.files],
            "identifiers": [s.as_dict() for s in self.identifiers],
            "secret_values": [s.as_dict() for s in self.values],
            "rotation": [_exposure(e) for e in self.rotation],
            "unread_requests": self.unread,
            "timeline": self.timeline,
            "timeline_cut": self.timeline_cut,
        }


@dataclass(frozen=True, slots=True)
class Asked:
    """What the responder names, in clear, on their own machine."""

    files: Sequence[str] = ()
    identifiers: Sequence[str] = ()
    values: Sequence[str] = ()


def build_incident(
    records: Iterable[Record],
    audit_key: bytes,
    period: Period,
    asked: Asked = Asked(),
    user: str | None = None,
    repository: str | None = None,
    captured: Sequence[BlobStore] = (),
    scanner: Scanner | None = None,
) -> Incident:
    """`captured`: the blob stores of the trails (a record's body is in its own trail's)."""
    incident = Incident(period, user, repository)
    where = period.filter(user, repository)
    files = {fingerprint(audit_key, path): Sightings(path) for path in asked.files}
    names = {fingerprint(audit_key, name): Sightings(name) for name in asked.identifiers}
    values = {
        fingerprint(audit_key, value): Sightings(f"value #{n}") for n, value in enumerate(asked.values, 1)
    }
    seen_files: set[str] = set()
    for record in records:
        if not where.admits(record):
            continue
        if record.get("type") != REQUEST:
            _timeline(incident, record)
            continue
        _count(incident, record)
        seen_files.update(record.get("files") or ())
        body = _captured(record, captured)
        for digest in record.get("files") or ():
            if digest in files:
                _sighted_file(files[digest], record)
        _identifiers(record, names, asked.identifiers, body)
        _values(record, values, asked.values, body)
        _exposures(incident, record, audit_key, body, scanner, values)
        if _exposed(record):
            _timeline(incident, record)
    incident.files_seen = len(seen_files)
    incident.files = list(files.values())
    incident.identifiers = list(names.values())
    incident.values = list(values.values())
    return incident


def _count(incident: Incident, record: Record) -> None:
    incident.requests += 1
    decision = str(record.get("decision"))
    incident.by_decision[decision] += 1
    incident.by_tier[str(record.get("tier"))] += 1
    incident.users[str(record.get("user"))] += 1
    incident.providers[str(record.get("provider"))] += 1
    incident.kinds.update(record.get("detections") or {})
    if decision == "blocked":
        incident.blocked += 1
    elif _forwarded(record):
        incident.forwarded += 1


def _forwarded(record: Record) -> bool:
    return record.get("sent_fingerprint") is not None


def _unread(record: Record) -> bool:
    """Forwarded without being read for secrets: the public tier, or an endpoint Pretense
    cannot read (forwarded in the internal tier when a scan of its raw bytes found nothing)."""
    return _forwarded(record) and (record.get("tier") == "public" or not is_inspected(record))


def _captured(record: Record, stores: Sequence[BlobStore]) -> str | None:
    blocks = record.get("sent_blocks")
    if not blocks:
        return None
    for store in stores:
        try:
            return store.load(list(blocks)).decode("utf-8", "replace")
        except ValueError:
            continue
    return None


def _sighted_file(sightings: Sightings, record: Record) -> None:
    sightings.saw(record)
    if record.get("decision") == "blocked":
        sightings.blocked += 1
    elif record.get("tier") == "restricted":
        sightings.renamed += 1
    elif _forwarded(record):
        sightings.in_clear += 1


def _identifiers(record: Record, names: dict[str, Sightings], asked: Sequence[str], body: str | None) -> None:
    renamed = set(record.get("identifiers") or ())
    for name, (digest, sightings) in zip(asked, names.items(), strict=True):
        if digest in renamed:
            sightings.saw(record)
            if record.get("decision") == "blocked":
                sightings.blocked += 1
            else:
                sightings.renamed += 1
        elif body is not None and name in body:
            sightings.saw(record)
            sightings.in_clear += 1
        elif body is None and _forwarded(record) and record.get("tier") != "restricted":
            sightings.unread += 1  # not renamed in this tier: the trail cannot say if it was there


def _values(record: Record, values: dict[str, Sightings], asked: Sequence[str], body: str | None) -> None:
    passed = record.get("secrets_passed") or {}
    found = {digest: kind for kind, digest in record.get("secrets") or ()}
    for value, (digest, sightings) in zip(asked, values.items(), strict=True):
        if digest in found:
            sightings.saw(record)
            if record.get("decision") == "blocked":
                sightings.blocked += 1
            elif found[digest] in passed:
                sightings.in_clear += 1
            else:
                sightings.redacted += 1
        elif body is not None and value in body:
            sightings.saw(record)
            sightings.in_clear += 1
        elif body is None and _unread(record):
            sightings.unread += 1


def _exposures(
    incident: Incident,
    record: Record,
    audit_key: bytes,
    body: str | None,
    scanner: Scanner | None,
    values: dict[str, Sightings],
) -> None:
    if not _forwarded(record):
        return
    passed = record.get("secrets_passed") or {}
    for kind, digest in record.get("secrets") or ():
        if kind in passed:
            incident.rotation.append(
                _exposure_of(record, kind, digest, "let through by secrets.allow", values)
            )
    if not _unread(record):
        return
    why = "public tier: sent unread" if record.get("tier") == "public" else "uninspected host: sent unread"
    if body is None or scanner is None:
        incident.unread.append(_brief(record))
        return
    for digest, kind in sorted(
        {(fingerprint(audit_key, body[f.start : f.end]), f.kind) for f in scanner.scan(body)}
    ):
        incident.rotation.append(
            _exposure_of(record, kind, digest, f"{why}, found in the captured body", values)
        )


def _exposure_of(record: Record, kind: str, digest: str, why: str, values: dict[str, Sightings]) -> Exposure:
    match = values.get(digest)
    return Exposure(
        kind=kind,
        fingerprint=digest,
        ts=str(record.get("ts")),
        seq=int(record.get("seq", 0)),
        user=str(record.get("user")),
        provider=str(record.get("provider")),
        host=str(record.get("host")),
        tier=str(record.get("tier")),
        why=why,
        matches=match.what if match is not None else "",
    )


def _exposed(record: Record) -> bool:
    """A request worth a line in the timeline."""
    return bool(
        record.get("decision") in ("blocked", "failed")
        or record.get("detections")
        or record.get("identifiers_mutated")
        or record.get("tool_approved") is False
        or _unread(record)
        or record.get("exception") is not None
    )


def _timeline(incident: Incident, record: Record) -> None:
    kind = record.get("type")
    if kind not in (REQUEST, GUARDRAIL, EXCEPTION, POLICY):
        return
    if len(incident.timeline) >= TIMELINE_LIMIT:
        incident.timeline_cut += 1
        return
    incident.timeline.append({"ts": record.get("ts"), "seq": record.get("seq"), "what": _event(record)})


def _event(record: Record) -> str:
    kind = record.get("type")
    who = record.get("user")
    if kind == GUARDRAIL:
        return f"tool call {record.get('tool')} {record.get('decision')} ({who}, {record.get('rule') or '-'})"
    if kind == EXCEPTION:
        return f"exception used by {who}: {record.get('exception')}"
    if kind == POLICY:
        return f"policy in force: {record.get('source')} sha256 {str(record.get('sha256'))[:12]}"
    parts = [f"{who} {record.get('tool') or '?'} -> {record.get('provider')} ({record.get('tier')} tier)"]
    parts.append(str(record.get("decision")))
    if record.get("detections"):
        parts.append("found " + ", ".join(f"{k} x{v}" for k, v in record["detections"].items()))
    if record.get("identifiers_mutated"):
        parts.append(f"{record['identifiers_mutated']} identifiers renamed")
    if _unread(record):
        parts.append("sent unread")
    if record.get("tool_approved") is False:
        parts.append("tool not approved")
    if record.get("block_reason"):
        parts.append(f"why: {str(record['block_reason']).split('. ')[0]}")
    return "; ".join(parts)


def _brief(record: Record) -> dict[str, Any]:
    return {
        "ts": record.get("ts"),
        "seq": record.get("seq"),
        "user": record.get("user"),
        "provider": record.get("provider"),
        "host": record.get("host"),
        "tier": record.get("tier"),
        "sent_bytes": record.get("sent_bytes"),
    }


def _exposure(exposure: Exposure) -> dict[str, Any]:
    return {name: getattr(exposure, name) for name in exposure.__slots__}


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def as_json(incident: Incident) -> str:
    return orjson.dumps(incident.as_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"


def render_markdown(incident: Incident) -> str:
    i = incident
    scope = ", ".join(
        part
        for part in (f"user {i.user}" if i.user else "", f"repository {i.repository}" if i.repository else "")
        if part
    )
    out = [
        f"# Incident: AI requests {i.period.describe()}" + (f" ({scope})" if scope else ""),
        "",
        f"{i.requests} AI requests: {i.forwarded} sent to a provider, {i.blocked} blocked.",
        "",
        "| | |",
        "| --- | --- |",
        f"| by tier | {_inline(i.by_tier)} |",
        f"| by decision | {_inline(i.by_decision)} |",
        f"| users | {_inline(i.users)} |",
        f"| providers | {_inline(i.providers)} |",
        f"| secrets and client data found | {_inline(i.kinds)} |",
        f"| distinct files named | {i.files_seen} |",
        "",
        "## Rotate these secrets (they left in clear)",
        "",
    ]
    if i.rotation:
        out += ["| kind | when | who | provider (host) | tier | why | fingerprint | matches |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        out += [
            f"| {e.kind} | {e.ts} | {e.user} | {e.provider} ({e.host}) | {e.tier} | {e.why} "
            f"| `{e.fingerprint}` | {e.matches or '-'} |"
            for e in i.rotation
        ]
    else:
        out.append("None found in the trail for this period.")
    if i.unread:
        out += [
            "",
            f"{len(i.unread)} requests were sent unread (public tier or uninspected hosts) and their bodies "
            "were not captured: any secret in them left in clear, and the trail cannot say which. "
            "Turn on `pretense_audit_capture` to keep them.",
            "",
            "| when | who | provider (host) | tier | bytes |",
            "| --- | --- | --- | --- | --- |",
        ]
        out += [
            f"| {r['ts']} | {r['user']} | {r['provider']} ({r['host']}) | {r['tier']} | {r['sent_bytes']} |"
            for r in i.unread
        ]
    for title, sightings in (("Files", i.files), ("Identifiers", i.identifiers), ("Secret values", i.values)):
        if sightings:
            out += ["", f"## {title}", "", _SIGHTINGS_HEAD, "| --- " * 10 + "|"]
            out += [_sightings_row(s) for s in sightings]
    out += ["", "## Timeline", ""]
    out += [f"- {event['ts']} (record {event['seq']}): {event['what']}" for event in i.timeline] or [
        "Nothing."
    ]
    if i.timeline_cut:
        out.append(f"- ... and {i.timeline_cut} more events (see the JSON output or `pretense audit show`)")
    return "\n".join(out) + "\n"


_SIGHTINGS_HEAD = (
    "| what | requests | renamed | redacted | in clear | maybe (unread) | blocked | first | last | users |"
)


def _sightings_row(s: Sightings) -> str:
    counts = f"{s.requests} | {s.renamed} | {s.redacted} | {s.in_clear} | {s.unread} | {s.blocked}"
    return f"| {s.what} | {counts} | {s.first or '-'} | {s.last or '-'} | {_inline(s.users)} |"


def _inline(counts: Counter[str]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.most_common()) or "-"
