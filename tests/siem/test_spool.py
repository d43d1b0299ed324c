"""The on-disk queue: order across restarts, a torn append, and the oldest dropped when full."""

from __future__ import annotations

from pathlib import Path

from siem.spool import Spool


def drain(spool: Spool) -> list[bytes]:
    out = []
    while (message := spool.peek()) is not None:
        out.append(message)
        spool.pop(message)
    return out


def test_messages_come_out_in_order_and_survive_a_restart(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 1 << 20)
    for n in range(5):
        assert spool.append(f"m{n}".encode(), n) == []
    first = spool.peek()
    assert first == b"m0"
    spool.pop(first)
    spool.close()
    assert drain(Spool(tmp_path, 1 << 20)) == [b"m1", b"m2", b"m3", b"m4"]


def test_a_torn_append_is_dropped_on_restart(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 1 << 20)
    spool.append(b"whole", 1)
    spool.close()
    with (tmp_path / "queue.log").open("ab") as log:
        log.write(b"\x00\x00\x00\x09\x00\x00par")
    again = Spool(tmp_path, 1 << 20)
    assert again.peek() == b"whole"
    again.append(b"next", 2)
    again.pop(b"whole")
    assert again.peek() == b"next"


def test_a_full_queue_drops_the_oldest_and_names_their_records(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 100)  # room for three 20-byte messages with their 12-byte headers
    for seq in (7, 8, 9):
        assert spool.append(b"x" * 20, seq) == []
    assert spool.append(b"y" * 20, 10) == [7]
    assert spool.append(b"z" * 50, 11) == [8, 9]
    spool.close()
    assert drain(Spool(tmp_path, 100)) == [b"y" * 20, b"z" * 50]  # what was dropped stays dropped


def test_a_message_too_big_for_the_queue_is_dropped_itself(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 30)
    assert spool.append(b"x" * 40, 3) == [3]
    assert spool.peek() is None
