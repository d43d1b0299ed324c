"""Questions asked of a trail: which records, filtered by time, user and repository; was a
given identifier or secret ever sent, when, and what was done to it; which exchange sent a
given body or answered with it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from audit.capture import BlobStore
from audit.record import REQUEST, Record, parse_timestamp
from installation.fingerprints import body_fingerprint, fingerprint


@dataclass(frozen=True, slots=True)
class Filter:
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    user: str | None = None
    repository: str | None = None
    types: frozenset[str] = frozenset()

    def admits(self, record: Record) -> bool:
        if self.types and record.get("type") not in self.types:
            return False
        if self.user is not None and record.get("user") != self.user:
            return False
        if self.repository is not None and record.get("repository") != self.repository:
            return False
        if self.since is None and self.until is None:
            return True
        try:
            moment = parse_timestamp(str(record.get("ts")))
        except ValueError:
            return False
        return (self.since is None or moment >= self.since) and (self.until is None or moment < self.until)


def parse_moment(text: str) -> datetime.datetime:
    """A date (`2025-01-31`, midnight UTC) or an ISO 8601 time (UTC unless it says otherwise)."""
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def select(records: Iterable[Record], where: Filter) -> Iterator[Record]:
    return (record for record in records if where.admits(record))


@dataclass(frozen=True, slots=True)
class Sighting:
    """One request in which a searched-for value travelled."""

    record: Record
    what: str  # the identifier, or the secret file's line number
    treatment: str  # "mutated", "redacted", "blocked (not sent)", "sent in clear"

    def describe(self) -> str:
        r = self.record
        return (
            f"{r.get('ts')} seq {r.get('seq')} user {r.get('user')} {r.get('provider')} "
            f"{r.get('model') or '-'} tier {r.get('tier')} repo {r.get('repository') or '-'}: "
            f"{self.what} {self.treatment}"
        )


def find_identifiers(records: Iterable[Record], audit_key: bytes, names: Iterable[str]) -> Iterator[Sighting]:
    """Requests in which one of `names` was renamed (the trail holds only their HMACs)."""
    wanted = {fingerprint(audit_key, name): name for name in names}
    for record in records:
        if record.get("type") != REQUEST:
            continue
        for digest in set(record.get("identifiers") or ()) & wanted.keys():
            treatment = "blocked (not sent)" if record.get("decision") == "blocked" else "mutated"
            yield Sighting(record, wanted[digest], treatment)


def find_secrets(records: Iterable[Record], audit_key: bytes, values: Iterable[str]) -> Iterator[Sighting]:
    """Requests in which one of `values` was found (redacted, let through by the policy's
    `secrets.allow`, or the request blocked)."""
    wanted = {fingerprint(audit_key, value): f"value #{n}" for n, value in enumerate(values, 1)}
    for record in records:
        if record.get("type") != REQUEST:
            continue
        for kind, digest in record.get("secrets") or ():
            if digest in wanted:
                if record.get("decision") == "blocked":
                    treatment = "blocked (not sent)"
                elif kind in (record.get("secrets_passed") or {}):
                    treatment = "sent in clear (the policy allows it)"
                else:
                    treatment = "redacted"
                yield Sighting(record, f"{wanted[digest]} ({kind})", treatment)


def find_bodies(records: Iterable[Record], audit_key: bytes, bodies: dict[str, bytes]) -> Iterator[Sighting]:
    """Requests that sent exactly one of `bodies`, or whose client got exactly one as its
    answer (compared by fingerprint); `bodies` maps a name (the file) to its bytes."""
    sent = {body_fingerprint(audit_key, (body,)): name for name, body in bodies.items()}
    for record in records:
        if record.get("type") != REQUEST:
            continue
        if (name := sent.get(str(record.get("sent_fingerprint")))) is not None:
            yield Sighting(record, name, "is the body sent")
        if (name := sent.get(str(record.get("answer_fingerprint")))) is not None:
            yield Sighting(record, name, "is the answer the client got")


def find_in_captured(
    records: Iterable[Record], store: BlobStore, values: dict[str, str]
) -> Iterator[Sighting]:
    """Requests whose captured body (what was really sent) holds one of `values` in clear;
    `values` maps each value to how it is named in the answer."""
    for record in records:
        blocks = record.get("sent_blocks")
        if record.get("type") != REQUEST or not blocks:
            continue
        try:
            sent = store.load(list(blocks))
        except ValueError:
            continue
        for value, label in values.items():
            if value.encode() in sent:
                yield Sighting(record, label, "sent in clear")
