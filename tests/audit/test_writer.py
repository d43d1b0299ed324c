"""The writer: checkpoints, rotation, one writer per trail, and what a crash leaves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.errors import TrailLocked
from audit.files import records, trail_files
from audit.verify import verify_trail
from audit.writer import TrailWriter
from tests.audit.trails import write_trail

KEY = Ed25519PrivateKey.generate()
ROOT = Path(__file__).resolve().parents[2]


def types(trail: Path) -> list[str]:
    return [r["type"] for r in records(trail)]


def test_checkpoints_at_the_first_record_every_n_records_and_at_stop(tmp_path: Path) -> None:
    write_trail(tmp_path, KEY, 10, checkpoint_every=4)
    four = ["request"] * 4
    assert types(tmp_path) == [
        "request",
        "checkpoint",  # a run's beginning is signed at once
        *four,
        "checkpoint",
        *four,
        "checkpoint",
        "request",
        "stop",
        "checkpoint",
    ]


def test_a_record_made_on_the_writer_thread_cites_the_one_before_it(tmp_path: Path) -> None:
    writer = TrailWriter(tmp_path, KEY)
    writer.start()
    writer.submit({"type": "request", "ts": "2026-01-31T00:00:00.000Z"})
    writer.submit(lambda: {"type": "attestation", "ts": "2026-01-31T00:00:01Z", "cites": writer.head.hash})
    writer.close()
    trail = list(records(tmp_path))
    (made,) = [r for r in trail if r["type"] == "attestation"]
    before = next(r for r in trail if r["seq"] == made["seq"] - 1)
    assert made["cites"] == before["hash"]


def test_checkpoints_after_t_seconds_without_new_records(tmp_path: Path) -> None:
    writer = TrailWriter(tmp_path, KEY, checkpoint_records=1000, checkpoint_seconds=0.2)
    writer.start()
    writer.submit({"type": "request", "ts": "2026-01-01T00:00:00.000Z"})
    time.sleep(0.6)
    assert types(tmp_path) == ["request", "checkpoint"]
    writer.close()


def test_a_new_file_each_utc_day_with_the_chain_running_on(tmp_path: Path) -> None:
    now = [1_767_225_000.0]  # 2025-12-31T23:50Z
    writer = TrailWriter(tmp_path, KEY, clock=lambda: now[0])
    writer.start()
    writer.submit({"type": "request", "ts": "a"})
    time.sleep(0.1)
    now[0] += 3600
    writer.submit({"type": "request", "ts": "b"})
    writer.close()
    assert [p.name[-14:-6] for p in trail_files(tmp_path)] == ["20251231", "20260101"]
    assert verify_trail(tmp_path, KEY.public_key()).intact


def test_one_writer_per_trail(tmp_path: Path) -> None:
    first = TrailWriter(tmp_path, KEY)
    first.start()
    with pytest.raises(TrailLocked):
        TrailWriter(tmp_path, KEY).start()
    first.close()


def test_a_torn_last_line_verifies_up_to_it_and_the_next_start_records_the_gap(tmp_path: Path) -> None:
    write_trail(tmp_path, KEY, 5)
    last = trail_files(tmp_path)[-1]
    with last.open("ab") as handle:
        handle.write(b'{"type":"request","ts":"2026-01-0')  # what kill -9 mid-write leaves
    before = verify_trail(tmp_path, KEY.public_key())
    assert before.intact
    assert any("incomplete" in n for n in before.notices)
    write_trail(tmp_path, KEY, 2)
    after = verify_trail(tmp_path, KEY.public_key())
    assert after.intact, after.problems
    assert after.closed
    assert "gap" in types(tmp_path)


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from cryptography.hazmat.primitives import serialization
    from audit.writer import TrailWriter
    key = serialization.load_pem_private_key(Path(sys.argv[2]).read_bytes(), None)
    writer = TrailWriter(Path(sys.argv[1]), key, checkpoint_records=50)
    writer.start()
    n = 0
    while True:
        writer.submit({"type": "request", "ts": "2026-01-01T00:00:00.000Z", "n": n, "pad": "x" * 300})
        n += 1
    """
)


def test_kill_9_mid_write_leaves_a_trail_that_verifies_and_the_gap_is_recorded(tmp_path: Path) -> None:
    trail = tmp_path / "audit"
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(
        KEY.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    environment = os.environ | {"PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, str(trail), str(key_file)], env=environment
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and sum(p.stat().st_size for p in trail_files(trail)) < 500_000:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    crashed = verify_trail(trail, KEY.public_key())
    assert crashed.intact, crashed.problems
    assert crashed.records > 100
    assert not crashed.closed
    write_trail(trail, KEY, 3)
    restarted = verify_trail(trail, KEY.public_key())
    assert restarted.intact, restarted.problems
    assert restarted.closed
    assert any("stopped without closing" in n for n in restarted.notices)


def test_a_fleet_instance_names_itself_in_every_record(tmp_path: Path) -> None:
    writer = TrailWriter(tmp_path, KEY, instance="gw-2")
    writer.start()
    writer.submit({"type": "request", "ts": "2026-01-01T00:00:00.000Z"})
    writer.close({"type": "stop", "ts": "2026-01-01T00:00:01.000Z"})
    assert {r["instance"] for r in records(tmp_path)} == {"gw-2"}
    assert verify_trail(tmp_path, KEY.public_key()).intact
