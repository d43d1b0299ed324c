"""Several trail folders read as one stream in time order, each verified on its own."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.files import records
from audit.verify import Outcome
from audit.writer import TrailWriter
from oversight.trails import Trails

KEY = Ed25519PrivateKey.generate()


def write_trail(folder: Path, key: Ed25519PrivateKey, count: int, user: str = "alice") -> None:
    """A closed trail of `count` requests."""
    writer = TrailWriter(folder, key, checkpoint_records=3)
    writer.start()
    for hour in range(count):
        writer.submit(
            {"type": "request", "ts": f"2026-01-01T{hour:02d}:{len(user):02d}:00.000Z", "user": user}
        )
    writer.close({"type": "stop", "ts": "2026-01-01T23:00:00.000Z"})


def test_instances_trails_merge_by_time_and_verify_apart(tmp_path: Path) -> None:
    write_trail(tmp_path / "gw1", KEY, 5, user="alice")
    write_trail(tmp_path / "gw2", KEY, 4, user="bob")
    trails = Trails.of([tmp_path / "gw1", tmp_path / "gw2", tmp_path / "gw1"])
    assert len(trails.folders) == 2
    merged = list(trails.records())
    assert len(merged) == sum(1 for folder in trails.folders for _ in records(folder))
    assert sorted(r["user"] for r in merged if r["type"] == "request") == ["alice"] * 5 + ["bob"] * 4
    assert [verdict.outcome for _, verdict in trails.verify(KEY.public_key())] == [Outcome.VERIFIED] * 2
    before = trails.version()
    write_trail(tmp_path / "gw2", KEY, 1)
    assert trails.version() != before
