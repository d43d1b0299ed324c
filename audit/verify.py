"""Proves a trail complete and unaltered, or says exactly where and how it was altered.

Every record's hash is recomputed, every link to the record before it checked, numbers
must follow each other, and each checkpoint's Ed25519 signature must hold under the
public key the auditor trusts. What follows the last checkpoint is not yet signed: the
report says so, and an `anchor` (a checkpoint the SIEM received) proves a cut-off tail.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

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

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def unsigned_tail(self) -> int:
        """Records after the last checkpoint, which no signature covers yet."""
        return self.last_seq - (self.last_checkpoint or 0)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A checkpoint known from elsewhere (the SIEM): the trail must hold it."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        seq, _, digest = text.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise ValueError(f"an anchor is SEQ:SHA256HEX (a checkpoint's seq and hash), not {text!r}")
        return cls(int(seq), digest.lower())


def verify_trail(directory: Path, public: Ed25519PublicKey, anchors: Iterable[Anchor] = ()) -> Verdict:
    verdict = Verdict()
    checker = _Checker(verdict, public)
    files = trail_files(directory)
    verdict.files = len(files)
    for path in files:
        for line in read_lines(path):
            checker.feed(line)
    checker.finish()
    _check_anchors(verdict, checker.seen, anchors)
    if not files:
        verdict.notices.append(f"no trail files in {directory}")
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

    def finish(self) -> None:
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
                "running or crashed, or the tail was cut; compare with the last checkpoint your SIEM received"
            )


def torn_digest(torn: bytes) -> str:
    return hashlib.sha256(torn).hexdigest()


def _check_anchors(verdict: Verdict, seen: dict[int, str], anchors: Iterable[Anchor]) -> None:
    for anchor in anchors:
        held = seen.get(anchor.seq)
        if held is None:
            verdict.problems.append(
                Problem("-", 0, anchor.seq, "the trail no longer holds this checkpoint: its tail was cut")
            )
        elif held != anchor.hash:
            verdict.problems.append(
                Problem("-", 0, anchor.seq, "this record differs from the checkpoint the SIEM received")
            )
