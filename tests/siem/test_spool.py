from __future__ import annotations

from pathlib import Path

from siem.spool import Spool


def test_messages_come_out_in_order_and_survive_a_restart(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 1 << 20)
    for n in range(5):
        assert spool.append(f"m{n}".encode())
    first = spool.peek()
    assert first == b"m0"
    spool.pop(first)
    spool.close()
    again = Spool(tmp_path, 1 << 20)
    out = []
    while (message := again.peek()) is not None:
        out.append(message)
        again.pop(message)
    assert out == [b"m1", b"m2", b"m3", b"m4"]


def test_a_torn_append_is_dropped_on_restart(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 1 << 20)
    spool.append(b"whole")
    spool.close()
    with (tmp_path / "queue.log").open("ab") as log:
        log.write(b"\x00\x00\x00\x09par")
    again = Spool(tmp_path, 1 << 20)
    assert again.peek() == b"whole"
    again.append(b"next")
    again.pop(b"whole")
    assert again.peek() == b"next"


def test_a_full_queue_refuses_and_counts(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 30)
    assert spool.append(b"x" * 20)
    assert not spool.append(b"y" * 20)
    assert spool.dropped == 1
