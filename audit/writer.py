"""Writes the trail on a thread of its own: the proxy's event loop only enqueues.

Durability: each batch of records is handed to the OS with plain `write` calls before
anyone is told it is written (a killed process loses nothing already handed over; a crash
mid-write leaves at most one torn last line, which the next start records as a gap); files
are fsynced at every checkpoint, rotation and stop. A write that fails (disk full,
permission denied) keeps the records in memory, says so to the `AuditDevice` and is
retried until it succeeds. Checkpoints come at the start of a run, every few seconds while
records arrive, every N records, as the last record of every file and at stop; each is
then put off the host (the anchor store, the SIEM). Files rotate by size or UTC day; the
chain runs on across them.
"""

from __future__ import annotations

import collections
import datetime
import fcntl
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.anchors import AnchorStore
from audit.chain import AuditChain, ChainHead
from audit.device import AuditDevice
from audit.errors import TrailLocked
from audit.files import fsync_directory, trail_end, trail_name
from audit.record import CHECKPOINT, GAP, Record, timestamp
from audit.verify import torn_digest

logger = logging.getLogger("pretense")

Sink = Callable[[Record], None]
Pending = Record | Callable[[], Record]
Written = Callable[[str | None], None]
"""Told once: None when the record is written, else why it is not (yet)."""
BATCH_MAX = 256
RETRY_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class _NewFile:
    first_seq: int
    day: datetime.date


class TrailWriter:
    def __init__(
        self,
        directory: Path,
        signing_key: Ed25519PrivateKey,
        *,
        checkpoint_records: int = 1000,
        checkpoint_seconds: float = 5.0,
        rotate_bytes: int = 100 << 20,
        sinks: Sequence[Sink] = (),
        anchors: AnchorStore | None = None,
        device: AuditDevice | None = None,
        clock: Callable[[], float] = time.time,
        instance: str | None = None,
    ) -> None:
        """`instance`, when given, is named in every record: which of a fleet's proxies wrote it."""
        self.directory = directory
        self.instance = instance
        self.checkpoint_records = checkpoint_records
        self.checkpoint_seconds = checkpoint_seconds
        self.rotate_bytes = rotate_bytes
        self.sinks = list(sinks)
        self.anchors = anchors
        self.device = device or AuditDevice()
        self.clock = clock
        self.written = 0
        self._key = signing_key
        # None in the queue: stop.
        self._queue: queue.SimpleQueue[tuple[Pending, Written | None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="pretense-audit", daemon=True)
        self._lock: IO[bytes] | None = None
        self._fd: int | None = None
        self._chain: AuditChain | None = None
        # Sealed but not yet handed to the OS, in order: lines, and where a new file begins.
        self._out: collections.deque[bytes | _NewFile] = collections.deque()
        self._sealed: list[Record] = []  # for the sinks and anchors, once written
        self._waiting: list[Written] = []
        self._file_bytes = 0
        self._file_day: datetime.date | None = None
        self._last_checkpoint = float("-inf")  # the first record of a run is signed at once
        self._sync_due = False
        self._anchor_failure: str | None = None

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    @property
    def pending(self) -> int:
        """Records handed over and not yet taken by the writer thread."""
        return self._queue.qsize()

    @property
    def head(self) -> ChainHead:
        """The last record sealed: read it on the writer thread (a record made there, by a
        function handed to `submit`, cites the record just before its own)."""
        return self._chain.head if self._chain is not None else ChainHead()

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
        self._begin_file()  # a new file each run: never append after a torn line
        if end.torn or (end.last is not None and not _closed(end.last)):
            gap: Record = {
                "type": GAP,
                "ts": timestamp(self.clock()),
                "reason": "the previous run stopped without closing the trail (crash or kill)",
                "last_seq": head.seq,
            }
            if end.torn:
                gap |= {"torn_bytes": len(end.torn), "torn_sha256": torn_digest(end.torn)}
            self._add(gap)
            self._flush()
        self.device.attach(self._thread)
        self._thread.start()

    def submit(self, record: Pending, written: Written | None = None) -> None:
        """Hand a record (or a function that makes it, run on the writer thread) over;
        `written` is told when it is in the trail, or why not."""
        self._queue.put((record, written))

    def close(self, last: Record | None = None, timeout: float = 10.0) -> None:
        """Write `last` (a stop record), a final checkpoint, and stop the thread."""
        if last is not None:
            self.submit(last)
        self._queue.put(None)  # the thread's signal to stop
        self._thread.join(timeout)
        self.device.detach()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=self._until_due())
            except queue.Empty:
                if not self._out and self._chain_unsigned():
                    self._checkpoint()
                self._flush()
                continue
            batch = [item]
            # What arrived meanwhile goes in the same write, up to a bound: under a steady flood
            # an unbounded drain would never get to writing.
            while len(batch) < BATCH_MAX:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stopping = None in batch
            entries = [entry for entry in batch if entry is not None]
            for number, (pending, written) in enumerate(entries, 1):
                # The last record before a stop is signed by the final checkpoint.
                self._add(self._make(pending), sign=not (stopping and number == len(entries)))
                if written is not None:
                    self._waiting.append(written)
            if stopping:
                self._checkpoint(final=True)
            self._flush()
            if stopping:
                self._finish()
                return

    def _make(self, pending: Pending) -> Record:
        try:
            return pending() if callable(pending) else pending
        except Exception:
            logger.exception("audit: a record could not be made")
            return {"type": "error", "ts": timestamp(self.clock()), "error": "record could not be made"}

    # Sealing: each record gets its place in the chain and in a file -------------------------

    def _add(self, record: Record, sign: bool = True) -> None:
        if self._rotation_due():
            self._checkpoint(rotation=True)
            self._begin_file()
        self._seal(record)
        if sign and self._checkpoint_due():
            self._checkpoint()

    def _seal(self, record: Record) -> None:
        assert self._chain is not None
        if self.instance is not None:
            record.setdefault("instance", self.instance)
        sealed = self._chain.seal(record)
        line = self._chain.line + b"\n"
        self._out.append(line)
        self._file_bytes += len(line)
        self._sealed.append(sealed)

    def _checkpoint(self, *, final: bool = False, rotation: bool = False) -> None:
        self._last_checkpoint = self.clock()
        record: Record = {"type": CHECKPOINT, "ts": timestamp(self._last_checkpoint)}
        if final:
            record["final"] = True
        if rotation:
            record["rotation"] = True
        self._seal(record)
        self._sync_due = True

    def _begin_file(self) -> None:
        assert self._chain is not None
        self._file_day = self._today()
        self._out.append(_NewFile(self._chain.head.seq + 1, self._file_day))
        self._file_bytes = 0

    def _rotation_due(self) -> bool:
        """A new file is due on a new UTC day, or once this one has passed the size limit."""
        return self._file_bytes > 0 and (
            self._file_day != self._today() or self._file_bytes >= self.rotate_bytes
        )

    def _chain_unsigned(self) -> bool:
        assert self._chain is not None
        return self._chain.since_checkpoint > 0

    def _checkpoint_due(self) -> bool:
        assert self._chain is not None
        since = self._chain.since_checkpoint
        return since >= self.checkpoint_records or (
            since > 0 and self.clock() - self._last_checkpoint >= self.checkpoint_seconds
        )

    def _until_due(self) -> float | None:
        if self._out:
            return RETRY_SECONDS
        if not self._chain_unsigned():
            return None
        return max(0.0, self._last_checkpoint + self.checkpoint_seconds - self.clock())

    def _today(self) -> datetime.date:
        return datetime.datetime.fromtimestamp(self.clock(), datetime.UTC).date()

    # Writing: hand everything sealed to the OS, or keep it and say why --------------------

    def _flush(self) -> None:
        try:
            self._write_out()
            if self._sync_due:
                self._sync()
                self._sync_due = False
        except OSError as e:
            self._failing(e)
            return
        self.device.writing()
        waiting, self._waiting = self._waiting, []
        for written in waiting:
            written(None)
        sealed, self._sealed = self._sealed, []
        self.written += len(sealed)
        for record in sealed:
            self._forward(record)

    def _write_out(self) -> None:
        while self._out:
            item = self._out[0]
            if isinstance(item, _NewFile):
                self._open(item)
                self._out.popleft()
                continue
            lines = []
            while self._out and isinstance(self._out[0], bytes):
                lines.append(self._out.popleft())
            data = memoryview(b"".join(lines))  # type: ignore[arg-type]
            try:
                while data:
                    assert self._fd is not None
                    data = data[os.write(self._fd, data) :]
            except OSError:
                self._out.appendleft(bytes(data))  # what the disk did not take, to retry
                raise

    def _failing(self, error: OSError) -> None:
        reason = f"{error.strerror or error} writing {self.directory}"
        if self.device.unrecordable != reason:
            logger.error(
                "audit: the trail cannot be written (%s): %d records wait in memory and are "
                "written as soon as it can; the policy decides which requests are refused meanwhile",
                reason,
                len(self._sealed),
            )
        self.device.failing(reason)
        waiting, self._waiting = self._waiting, []
        for written in waiting:
            written(reason)

    def _forward(self, record: Record) -> None:
        if record["type"] == CHECKPOINT and self.anchors is not None:
            self._anchor(record)
        for sink in self.sinks:
            try:
                sink(record)
            except Exception:
                logger.exception("audit: forwarding record %s failed", record.get("seq"))

    def _anchor(self, checkpoint: Record) -> None:
        assert self.anchors is not None
        try:
            self.anchors.put(checkpoint)
        except OSError as e:
            if self._anchor_failure is None:
                logger.error(
                    "audit: checkpoint %s could not be anchored in %s (%s): the trail past the last "
                    "anchor cannot be proven complete until anchoring works again",
                    checkpoint["seq"],
                    self.anchors.path,
                    e.strerror or e,
                )
            self._anchor_failure = str(e)
            return
        if self._anchor_failure is not None:
            logger.warning("audit: anchoring in %s works again", self.anchors.path)
            self._anchor_failure = None

    def _open(self, new: _NewFile) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None
        path = self.directory / trail_name(new.first_seq, new.day)
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        fsync_directory(self.directory)

    def _sync(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)

    def _finish(self) -> None:
        if self._out:
            logger.error(
                "audit: stopping with %d records the trail could not take (%s)",
                len(self._sealed),
                self.device.unrecordable,
            )
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None


def _closed(last: Record) -> bool:
    return last.get("type") == CHECKPOINT and bool(last.get("final"))
