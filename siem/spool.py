"""The bounded on-disk queue of SIEM messages not yet delivered, read in order.

`queue.log` holds messages, each after its length and the audit record it came from,
appended; `queue.pos` the offset delivered so far, rewritten atomically when the queue is
empty and otherwise at most twice a second (rewriting it per message cost more than all
the rest of delivery): after a crash, up to half a second of delivered messages go again,
each naming its record. When everything is delivered the log is emptied. A message that
would pass `max_bytes` of undelivered ones makes room by dropping the oldest: the caller is
told which records' events went, so that the trail (which still holds every record) and
the SIEM can say so.
"""

from __future__ import annotations

import os
import struct
import threading
import time
from pathlib import Path

_HEADER = struct.Struct(">IQ")  # message length, audit record number
_COMPACT_AT = 1 << 20
_POSITION_EVERY = 0.5  # seconds between rewrites of queue.pos while messages wait


class Spool:
    def __init__(self, directory: Path, max_bytes: int) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self._log_path = directory / "queue.log"
        self._pos_path = directory / "queue.pos"
        self._lock = threading.RLock()  # the forwarder peeks while holding `ready`
        self.ready = threading.Condition(self._lock)
        self._log = self._log_path.open("a+b")
        self._end = self._whole_length()
        self._log.truncate(self._end)  # a torn append from a crash
        self._position = min(self._read_position(), self._end)
        self._position_written = time.monotonic()

    @property
    def pending_bytes(self) -> int:
        with self._lock:
            return self._end - self._position

    def append(self, message: bytes, seq: int) -> list[int]:
        """Queue a message; the record numbers of the oldest ones dropped to make room (this
        one's own if it could never fit)."""
        entry = _HEADER.pack(len(message), seq) + message
        with self._lock:
            if len(entry) > self.max_bytes:
                return [seq]
            dropped = []
            while self._end - self._position + len(entry) > self.max_bytes:
                dropped.append(self._drop_oldest())
            self._log.seek(0, os.SEEK_END)
            self._log.write(entry)
            self._log.flush()
            self._end += len(entry)
            if dropped:
                self._write_position()
            self.ready.notify_all()
        return dropped

    def peek(self) -> bytes | None:
        """The oldest undelivered message, or None."""
        with self._lock:
            if self._position >= self._end:
                return None
            self._log.seek(self._position)
            length, _ = _HEADER.unpack(self._log.read(_HEADER.size))
            return self._log.read(length)

    def pop(self, message: bytes) -> None:
        """The oldest message was delivered."""
        with self._lock:
            self._position += _HEADER.size + len(message)
            if self._position >= self._end and self._end >= _COMPACT_AT:
                self._log.truncate(0)
                self._position = self._end = 0
            if self._position >= self._end or time.monotonic() - self._position_written >= _POSITION_EVERY:
                self._write_position()

    def close(self) -> None:
        with self._lock:
            self._write_position()
            self._log.close()

    def _drop_oldest(self) -> int:
        self._log.seek(self._position)
        length, seq = _HEADER.unpack(self._log.read(_HEADER.size))
        self._position += _HEADER.size + length
        return int(seq)

    def _whole_length(self) -> int:
        self._log.seek(0)
        offset = 0
        while header := self._log.read(_HEADER.size):
            if len(header) < _HEADER.size:
                break
            length, _ = _HEADER.unpack(header)
            if len(self._log.read(length)) < length:
                break
            offset += _HEADER.size + length
        return offset

    def _read_position(self) -> int:
        try:
            return int(self._pos_path.read_text())
        except (OSError, ValueError):
            return 0

    def _write_position(self) -> None:
        partial = self._pos_path.with_suffix(".tmp")
        partial.write_text(str(self._position))
        partial.replace(self._pos_path)
        self._position_written = time.monotonic()
