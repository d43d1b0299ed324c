"""Proves a trail unaltered, and complete up to the latest anchor, or says exactly where and
how it was altered and which records are missing.

Every record's hash is recomputed, every link to the record before it checked, numbers
must follow each other, and each checkpoint's Ed25519 signature must hold under the
pinned public key. That proves nothing about what came after the last record: a cut tail,
a deleted last file or a deleted trail look like a proxy still running. Anchors (each
checkpoint as kept off the host) close that gap: the trail must hold every one of them,
and whatever they name beyond its end is reported missing.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit.anchors import Anchor
from audit.chain import GENESIS, key_id, record_hash, signature_valid
from audit.files import Line, read_lines, trail_files
from audit.record import CHECKPOINT, GAP


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    seq: int | None
    message: str

    def __str__(self) -> str:
        seq = f" (record {self.seq})" if self.seq is not None else ""
        return f"{self.file}:{self.line}{seq}: {self.message}"


class Outcome(enum.IntEnum):
    """What `pretense audit verify` concludes, and its exit status."""

    VERIFIED = 0
    """Unaltered, closed by a clean stop's final checkpoint, and (with anchors) holding every
    anchored record."""
    ALTERED = 1
    """A record was changed, removed, inserted or reordered, or signed by a key not pinned."""
    UNSIGNED_TAIL = 2
    """Unaltered, but not closed: the proxy is running or crashed. With anchors, nothing they
    name is missing; without, a cut tail cannot be told from this."""
    CUT = 3
    """Records the anchors prove were written are missing: a tail cut, a file emptied or
    deleted, the trail deleted."""
    UNVERIFIABLE = 4
    """No check was made: no pinned key, or unreadable anchors."""


@dataclass(slots=True)
class Verdict:
    files: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    last_seq: int = 0
    last_hash: str = GENESIS
    last_checkpoint: int | None = None
    closed: bool = False
    anchored: int | None = None
    """The latest anchor's record number, when anchors were given."""
    missing: str | None = None
    """What the anchors show missing after the trail's end, in words."""

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def outcome(self) -> Outcome:
        if self.problems:
            return Outcome.ALTERED
        if self.missing is not None:
            return Outcome.CUT
        return Outcome.VERIFIED if self.closed else Outcome.UNSIGNED_TAIL

    @property
    def unsigned_tail(self) -> int:
        """Records after the last checkpoint, which no signature covers yet."""
        return self.last_seq - (self.last_checkpoint or 0)


def verify_trail(directory: Path, public: Ed25519PublicKey, anchors: Sequence[Anchor] = ()) -> Verdict:
    verdict = Verdict()
    checker = _Checker(verdict, public)
    files = trail_files(directory)
    verdict.files = len(files)
    for path in files:
        for line in read_lines(path):
            checker.feed(line)
    checker.finish(bool(anchors))
    if not files:
        verdict.notices.append(f"no trail files in {directory}")
    if anchors:
        _check_anchors(verdict, checker.seen, anchors, public)
    return verdict


class _Checker:
    def __init__(self, verdict: Verdict, public: Ed25519PublicKey) -> None:
        self.verdict = verdict
        self.public = public
        self.key_id = key_id(public)
        self.torn: Line | None = None
        self.seen: dict[int, str] = {}
        self.last_type = ""

    def problem(self, line: Line, seq: int | None, message: str) -> None:
        self.verdict.problems.append(Problem(line.file.name, line.number, seq, message))

    def feed(self, line: Line) -> None:
        record: object = None
        if line.complete:
            try:
                record = orjson.loads(line.raw)
            except orjson.JSONDecodeError:
                self.problem(line, None, "not a JSON record: the line was altered or corrupted")
        self.settle_torn(record)
        if not line.complete:
            self.torn = line  # a crash mid-write: allowed where the next run records the gap
            return
        if record is None:
            return
        if not isinstance(record, dict) or not isinstance(record.get("seq"), int):
            self.problem(line, None, "not an audit record (no seq): the line was altered or inserted")
            return
        self.check(line, record)

    def settle_torn(self, following: object) -> None:
        """A torn line is a crash's trace only if the next run's gap record names its bytes."""
        torn, self.torn = self.torn, None
        if torn is None:
            return
        if (
            isinstance(following, dict)
            and following.get("type") == GAP
            and following.get("torn_sha256") == torn_digest(torn.raw)
        ):
            return
        self.problem(torn, None, "incomplete record in the middle of the trail (cut or altered)")

    def check(self, line: Line, record: dict[str, object]) -> None:
        verdict = self.verdict
        seq = record["seq"]
        assert isinstance(seq, int)
        expected = verdict.last_seq + 1
        if record.get("hash") != record_hash(record):
            self.problem(line, seq, "content altered: the record no longer matches its hash")
        if seq > expected:
            self.problem(
                line, seq, f"records {expected}..{seq - 1} are missing (removed, or a trail file deleted)"
            )
        elif seq < expected:
            self.problem(
                line, seq, f"out of order: follows record {verdict.last_seq} (reordered or duplicated)"
            )
        if record.get("prev") != verdict.last_hash:
            self.problem(
                line,
                seq,
                "chain broken: `prev` is not the hash of the record before it "
                "(a record before this one was altered, removed or reordered)",
            )
        if record.get("type") == CHECKPOINT:
            self.check_checkpoint(line, seq, record)
        if record.get("type") == GAP:
            verdict.notices.append(
                f"record {seq}: the proxy stopped without closing the trail before this point "
                f"({record.get('reason', 'unclean stop')})"
            )
        verdict.records += 1
        verdict.last_seq = seq
        verdict.last_hash = str(record.get("hash"))
        self.seen[seq] = verdict.last_hash
        self.last_type = str(record.get("type"))
        verdict.closed = self.last_type == CHECKPOINT and bool(record.get("final"))

    def check_checkpoint(self, line: Line, seq: int, record: dict[str, object]) -> None:
        if record.get("key_id") != self.key_id:
            self.problem(line, seq, f"checkpoint signed by another key ({record.get('key_id')})")
        elif not signature_valid(record, self.public):
            self.problem(line, seq, "checkpoint signature invalid: the chain it signs was rewritten")
        else:
            self.verdict.last_checkpoint = seq

    def finish(self, anchored: bool) -> None:
        verdict = self.verdict
        if self.torn is not None:
            verdict.notices.append(
                f"{self.torn.file.name}:{self.torn.number}: the last record is incomplete "
                f"({len(self.torn.raw)} bytes, a crash mid-write): verified up to record {verdict.last_seq}"
            )
        if verdict.records and not verdict.closed:
            verdict.notices.append(
                f"the trail ends at record {verdict.last_seq} without a closing checkpoint "
                f"({verdict.unsigned_tail} records after the last signed checkpoint): the proxy is "
                "running or crashed" + ("" if anchored else ", or the tail was cut")
            )
        if not anchored:
            verdict.notices.append(
                "no anchors given: this proves the records present unaltered and in order, not that "
                "none is missing after the last one (a cut tail, a deleted last file or a deleted "
                "trail look like this); give --anchors (the anchor file or folder, or a SIEM export)"
            )


def conclusion(verdict: Verdict) -> str:
    """The verdict in one line, as `pretense audit verify` ends with it."""
    checkpoint = verdict.last_checkpoint or "none"
    summary = (
        f"{verdict.records} records in {verdict.files} files, last record {verdict.last_seq}, "
        f"last signed checkpoint {checkpoint}"
    )
    anchored = (
        f"; holds every anchor, the latest record {verdict.anchored}"
        if verdict.anchored is not None
        else "; no anchors: completeness not proven"
    )
    match verdict.outcome:
        case Outcome.ALTERED:
            return f"FAILED: {len(verdict.problems)} problems; {summary}"
        case Outcome.CUT:
            return f"CUT: {summary}; the latest anchor is record {verdict.anchored}"
        case Outcome.UNSIGNED_TAIL:
            return f"INTACT UP TO CHECKPOINT {checkpoint}, TAIL UNSIGNED: {summary}{anchored}"
        case _:
            return f"OK: {summary}, closed{anchored}"


def torn_digest(torn: bytes) -> str:
    return hashlib.sha256(torn).hexdigest()


def _check_anchors(
    verdict: Verdict, seen: dict[int, str], anchors: Sequence[Anchor], public: Ed25519PublicKey
) -> None:
    signer = key_id(public)
    for anchor in anchors:
        checkpoint = anchor.checkpoint
        if checkpoint is not None and (
            checkpoint.get("key_id") != signer or not signature_valid(checkpoint, public)
        ):
            verdict.problems.append(
                Problem(anchor.where, 0, anchor.seq, "this anchor is not signed by the pinned key: forged")
            )
            continue
        held = seen.get(anchor.seq)
        if held is not None and held != anchor.hash:
            verdict.problems.append(
                Problem(
                    anchor.where,
                    0,
                    anchor.seq,
                    "the trail's record differs from this anchor: the trail was rewritten from here on",
                )
            )
        elif held is None and anchor.seq <= verdict.last_seq:
            verdict.problems.append(
                Problem(anchor.where, 0, anchor.seq, "the trail no longer holds this anchored record")
            )
    latest = max(anchors, key=lambda a: a.seq)
    verdict.anchored = latest.seq
    if latest.seq > verdict.last_seq:
        first = verdict.last_seq + 1
        end = "no record at all" if not verdict.records else f"record {verdict.last_seq}"
        verdict.missing = (
            f"records {first}..{latest.seq} are missing: the trail ends at {end}, but the anchor "
            f"{latest.where} shows record {latest.seq} was written"
            + (" (a clean stop's final checkpoint)" if latest.final else "")
            + "; records after it, if any, cannot be counted"
        )
    elif verdict.last_seq > latest.seq:
        verdict.notices.append(
            f"records {latest.seq + 1}..{verdict.last_seq} come after the latest anchor (record "
            f"{latest.seq}): unaltered as far as the chain shows, but not yet anchored"
        )
