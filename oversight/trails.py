"""One trail folder or several (a gateway's instances each keep one) read as one stream of
records in time order, and verified folder by folder."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit.anchors import Anchor
from audit.capture import BlobStore
from audit.files import records, trail_files
from audit.record import Record
from audit.verify import Verdict, verify_trail


@dataclass(frozen=True, slots=True)
class Trails:
    folders: tuple[Path, ...]

    @classmethod
    def of(cls, folders: Sequence[Path]) -> Trails:
        return cls(tuple(dict.fromkeys(folders)))

    def records(self) -> Iterator[Record]:
        """Every whole record of every folder, the folders merged by time (a folder is in the
        order its records were written, which a long request can put slightly out of time order)."""
        streams = [records(folder) for folder in self.folders]
        if len(streams) == 1:
            return streams[0]
        return heapq.merge(*streams, key=lambda record: str(record.get("ts", "")))

    def verify(self, public: Ed25519PublicKey, anchors: Sequence[Anchor] = ()) -> list[tuple[Path, Verdict]]:
        """Each folder's verdict; anchors are given to every folder (each instance's anchors
        name its own records, so pass one folder at a time when they differ)."""
        return [(folder, verify_trail(folder, public, anchors)) for folder in self.folders]

    def blob_stores(self) -> tuple[BlobStore, ...]:
        """Where each folder keeps the bodies it captured (`pretense_audit_capture`)."""
        return tuple(BlobStore(folder / "blobs") for folder in self.folders)

    def version(self) -> tuple[tuple[str, int, int], ...]:
        """Changes whenever a record is added: the files' names, sizes and times."""
        seen = []
        for folder in self.folders:
            for path in trail_files(folder):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                seen.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(seen)
