"""Writes the trail on a thread of its own: the proxy's event loop only enqueues.

Durability: each batch of records is written with one `write` and flushed to the OS
(a killed process loses nothing already handed over; a crash mid-write leaves at most one
torn last line, which the next start records as a gap); files are fsynced at every
checkpoint, rotation and stop. Files rotate by size or UTC day; the chain runs on across
them.
"""

from __future__ import annotations

import datetime
import fcntl
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.chain import AuditChain, ChainHead
from audit.errors import TrailLocked
from audit.files import fsync_directory, trail_end, trail_name
from audit.record import CHECKPOINT, GAP, Record, canonical, timestamp
from audit.verify import torn_digest

logger = logging.getLogger("pretense")

Sink = Callable[[Record], None]
Pending = Record | Callable[[], Record]
_STOP = object()
BATCH_MAX = 256


class TrailWriter:
    def __init__(
        self,
        directory: Path,
        signing_key: Ed25519PrivateKey,
        *,
        checkpoint_records: int = 1000,
        checkpoint_seconds: float = 300.0,
        rotate_bytes: int = 100 << 20,
        sinks: Sequence[Sink] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory
        self.checkpoint_records = checkpoint_records
        self.checkpoint_seconds = checkpoint_seconds
        self.rotate_bytes = rotate_bytes
        self.sinks = list(sinks)
        self.clock = clock
        self.written = 0
        self._key = signing_key
        self._queue: queue.SimpleQueue[Pending | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="pretense-audit", daemon=True)
        self._lock: IO[bytes] | None = None
        self._file: IO[bytes] | None = None
        self._file_day: datetime.date | None = None
        self._chain: AuditChain | None = None
        self._lines: dict[int, bytes] = {}  # sealed records as stored, until written
        self._last_checkpoint = 0.0

    def start(self) -> None:
        """Take the trail (one writer per folder), record how the last run ended, start writing."""
        self.directory.mkdir(parents=True, exist_ok=True)
        lock = (self.directory / ".lock").open("ab")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            lock.close()
            raise TrailLocked(
                f"another Pretense process is writing the audit trail in {self.directory}"
            ) from e
        self._lock = lock
        end = trail_end(self.directory)
        head = ChainHead(end.last["seq"], end.last["hash"]) if end.last else ChainHead()
        self._chain = AuditChain(self._key, head)
        self._last_checkpoint = self.clock()
        if end.torn or (end.last is not None and not _closed(end.last)):
            gap: Record = {
                "type": GAP,
                "ts": timestamp(self.clock()),
                "reason": "the previous run stopped without closing the trail (crash or kill)",
                "last_seq": head.seq,
            }
            if end.torn:
                gap |= {"torn_bytes": len(end.torn), "torn_sha256": torn_digest(end.torn)}
            self._open(head.seq + 1)  # a new file: never append after a torn line
            self._write([self._seal(gap)])
        self._thread.start()

    def submit(self, record: Pending) -> None:
        """Hand a record (or a function that makes it, run on the writer thread) over."""
        self._queue.put(record)

    def close(self, last: Record | None = None, timeout: float = 10.0) -> None:
        """Write `last` (a stop record), a final checkpoint, and stop the thread."""
        if last is not None:
            self.submit(last)
        self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=self._until_checkpoint())
            except queue.Empty:
                self._checkpoint()
                continue
            batch = [item]
            # What arrived meanwhile goes in the same write, up to a bound: under a steady flood
            # an unbounded drain would never get to writing.
            while len(batch) < BATCH_MAX:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stopping = _STOP in batch
            sealed = []
            for pending in batch:
                if pending is _STOP:
                    continue
                record = self._make(pending)
                if record is not None:
                    sealed.append(self._seal(record))
                    if self._checkpoint_due():
                        sealed.append(self._seal(self._checkpoint_record()))
            if stopping:
                sealed.append(self._seal(self._checkpoint_record(final=True)))
            self._write(sealed)
            if any(r["type"] == CHECKPOINT for r in sealed):
                self._sync()
            if stopping:
                self._finish()
                return

    def _make(self, pending: Pending | object) -> Record | None:
        try:
            return pending() if callable(pending) else pending  # type: ignore[return-value]
        except Exception:
            logger.exception("audit: a record could not be made")
            return {"type": "error", "ts": timestamp(self.clock()), "error": "record could not be made"}

    def _seal(self, record: Record) -> Record:
        assert self._chain is not None
        sealed = self._chain.seal(record)
        self._lines[sealed["seq"]] = self._chain.line
        return sealed

    def _checkpoint_due(self) -> bool:
        assert self._chain is not None
        return self._chain.since_checkpoint >= self.checkpoint_records

    def _until_checkpoint(self) -> float | None:
        assert self._chain is not None
        if not self._chain.since_checkpoint:
            return None
        return max(0.0, self._last_checkpoint + self.checkpoint_seconds - self.clock())

    def _checkpoint(self) -> None:
        record = self._seal(self._checkpoint_record())
        self._write([record])
        self._sync()

    def _checkpoint_record(self, final: bool = False) -> Record:
        self._last_checkpoint = self.clock()
        record: Record = {"type": CHECKPOINT, "ts": timestamp(self._last_checkpoint)}
        if final:
            record["final"] = True
        return record

    def _write(self, records: list[Record]) -> None:
        pending: list[bytes] = []
        for record in records:
            line = (self._lines.pop(record["seq"], None) or canonical(record)) + b"\n"
            if self._must_open(sum(map(len, pending)) + len(line), len(line)):
                self._append(pending)
                pending = []
                self._open(record["seq"])
            pending.append(line)
        self._append(pending)
        self.written += len(records)
        for record in records:
            for sink in self.sinks:
                try:
                    sink(record)
                except Exception:
                    logger.exception("audit: forwarding record %s failed", record.get("seq"))

    def _append(self, lines: list[bytes]) -> None:
        if lines:
            assert self._file is not None
            self._file.write(b"".join(lines))
            self._file.flush()

    def _must_open(self, size: int, line: int) -> bool:
        """A new file is due on a new UTC day, or when this would pass the size limit."""
        if self._file is None:
            return True
        today = datetime.datetime.fromtimestamp(self.clock(), datetime.UTC).date()
        used = self._file.tell()
        return self._file_day != today or (used + size - line > 0 and used + size > self.rotate_bytes)

    def _open(self, first_seq: int) -> None:
        if self._file is not None:
            self._sync()
            self._file.close()
        today = datetime.datetime.fromtimestamp(self.clock(), datetime.UTC).date()
        self._file = (self.directory / trail_name(first_seq, today)).open("ab")
        self._file_day = today
        fsync_directory(self.directory)

    def _sync(self) -> None:
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())

    def _finish(self) -> None:
        if self._file is not None:
            self._sync()
            self._file.close()
            self._file = None


def _closed(last: Record) -> bool:
    return last.get("type") == CHECKPOINT and bool(last.get("final"))
