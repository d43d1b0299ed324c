"""The bounded on-disk queue of SIEM messages not yet delivered, read in order.

`queue.log` holds length-prefixed messages, appended; `queue.pos` the offset delivered so
far (rewritten atomically). When everything is delivered the log is emptied. Past
`max_bytes` of undelivered messages new ones are refused and counted: the audit trail
still holds every record, and `pretense audit export` can backfill the SIEM.
"""

from __future__ import annotations

import os
import struct
import threading
from pathlib import Path

_LENGTH = struct.Struct(">I")
_COMPACT_AT = 1 << 20


class Spool:
    def __init__(self, directory: Path, max_bytes: int) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.dropped = 0
        self._log_path = directory / "queue.log"
        self._pos_path = directory / "queue.pos"
        self._lock = threading.RLock()  # the forwarder peeks while holding `ready`
        self.ready = threading.Condition(self._lock)
        self._log = self._log_path.open("a+b")
        self._end = self._whole_length()
        self._log.truncate(self._end)  # a torn append from a crash
        self._position = min(self._read_position(), self._end)

    @property
    def pending_bytes(self) -> int:
        with self._lock:
            return self._end - self._position

    def append(self, message: bytes) -> bool:
        """Queue a message; False (and counted) if the queue is full."""
        entry = _LENGTH.pack(len(message)) + message
        with self._lock:
            if self._end - self._position + len(entry) > self.max_bytes:
                self.dropped += 1
                return False
            self._log.seek(0, os.SEEK_END)
            self._log.write(entry)
            self._log.flush()
            self._end += len(entry)
            self.ready.notify_all()
        return True

    def peek(self) -> bytes | None:
        """The oldest undelivered message, or None."""
        with self._lock:
            if self._position >= self._end:
                return None
            self._log.seek(self._position)
            (length,) = _LENGTH.unpack(self._log.read(_LENGTH.size))
            return self._log.read(length)

    def pop(self, message: bytes) -> None:
        """The oldest message was delivered."""
        with self._lock:
            self._position += _LENGTH.size + len(message)
            if self._position >= self._end and self._end >= _COMPACT_AT:
                self._log.truncate(0)
                self._position = self._end = 0
            self._write_position()

    def close(self) -> None:
        with self._lock:
            self._log.close()

    def _whole_length(self) -> int:
        self._log.seek(0)
        offset = 0
        while header := self._log.read(_LENGTH.size):
            if len(header) < _LENGTH.size:
                break
            (length,) = _LENGTH.unpack(header)
            if len(self._log.read(length)) < length:
                break
            offset += _LENGTH.size + length
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
