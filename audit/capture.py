"""Exactly what was sent, kept content-addressed: a forwarded body is cut into blocks (one
per message, and the big fields such as `system` and `tools`), each stored once under its
SHA-256, so a conversation resent every turn costs only its new messages. The blocks
joined give back the body byte for byte."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from pathlib import Path

# Before each message, after the last one, and before the big fields resent every turn.
_BLOCK_START = re.compile(
    rb'(?<=\[)(?=\{"role"\s*:)|(?=,\s*\{"role"\s*:)|(?=\]\s*,\s*")|(?=,\s*"(?:system|tools|instructions)"\s*:)'
)


class BlobStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def store(self, body: bytes) -> list[str]:
        """The SHA-256 of each block of `body`, stored if new."""
        digests = []
        for block in _blocks(body):
            digest = hashlib.sha256(block).hexdigest()
            path = self._path(digest)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_name(f".{digest}.{os.getpid()}")
                partial.write_bytes(block)
                partial.replace(path)
            digests.append(digest)
        return digests

    def load(self, digests: list[str]) -> bytes:
        """The body again; raises ValueError if a block is missing or does not match its hash."""
        out = []
        for digest in digests:
            try:
                block = self._path(digest).read_bytes()
            except OSError as e:
                raise ValueError(f"block {digest} is missing from {self.directory}") from e
            if hashlib.sha256(block).hexdigest() != digest:
                raise ValueError(f"block {digest} in {self.directory} was altered")
            out.append(block)
        return b"".join(out)

    def _path(self, digest: str) -> Path:
        return self.directory / digest[:2] / digest[2:]


def _blocks(body: bytes) -> list[bytes]:
    starts = [m.start() for m in _BLOCK_START.finditer(body)]
    cuts = [0, *(s for s in starts if s > 0), len(body)]
    return [body[a:b] for a, b in itertools.pairwise(cuts) if b > a]
