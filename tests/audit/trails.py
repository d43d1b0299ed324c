"""Trails written for tests by the real writer."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.writer import TrailWriter


def write_trail(
    directory: Path,
    key: Ed25519PrivateKey,
    count: int,
    checkpoint_every: int = 4,
    user: str = "alice",
    **options: object,
) -> None:
    writer = TrailWriter(directory, key, checkpoint_records=checkpoint_every, **options)  # type: ignore[arg-type]
    writer.start()
    for n in range(count):
        writer.submit({"type": "request", "ts": f"2026-01-0{1 + n % 3}T10:00:00.000Z", "user": user, "n": n})
    writer.close({"type": "stop", "ts": "2026-01-03T18:00:00.000Z"})
