"""The provenance log: what is appended reads back (only the fingerprints asked for), it is
kept for MAX_DAYS days and MAX_BYTES in all, holds no code, and a torn line is not evidence."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from attestations import store
from attestations.store import AiExchange, ProvenanceLog

DAY = 86_400.0
NOW = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC).timestamp()


def exchange(
    epoch: float = NOW, flow: str = "f1", lines: frozenset[str] = frozenset({"aa", "bb"})
) -> AiExchange:
    return AiExchange(
        epoch=epoch,
        flow=flow,
        agent="claude-code",
        model="claude-sonnet-5-5",
        repository="ledger",
        root="/src/ledger",
        tier="restricted",
        detections={"aws_access_key_id": 1},
        files=(("/src/ledger/a.py", lines), (None, frozenset({"cc"}))),
    )


def test_an_exchange_reads_back_with_the_fingerprints_asked_for(tmp_path: Path) -> None:
    log = ProvenanceLog(tmp_path, clock=lambda: NOW)
    log.append(exchange())
    (back,) = log.read({"aa", "cc"})
    assert back.files == (("/src/ledger/a.py", frozenset({"aa"})), (None, frozenset({"cc"})))
    assert (back.flow, back.agent, back.model, back.repository, back.root) == (
        "f1", "claude-code", "claude-sonnet-5-5", "ledger", "/src/ledger",
    )  # fmt: skip
    assert back.detections == {"aws_access_key_id": 1}
    (only,) = log.read()
    assert only.files == ()  # nothing asked for, nothing kept in memory
    assert oct((tmp_path / "produced-20260310.jsonl").stat().st_mode & 0o777) == "0o600"


def test_old_days_are_pruned_and_reading_starts_the_day_before_since(tmp_path: Path) -> None:
    log = ProvenanceLog(tmp_path, clock=lambda: NOW - 40 * DAY)
    log.append(exchange(NOW - 40 * DAY, "old"))
    log.append(exchange(NOW - 5 * DAY, "recent"))
    log.clock = lambda: NOW
    log.append(exchange(NOW, "today"))  # a new day: the log is pruned first
    assert [x.flow for x in log.read()] == ["recent", "today"]
    assert [x.flow for x in log.read(since=NOW - 1)] == ["today"]


def test_the_log_is_bounded_in_bytes_oldest_day_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = ProvenanceLog(tmp_path, clock=lambda: NOW)
    for days in (3, 2, 1):
        log.append(exchange(NOW - days * DAY, f"d{days}"))
    size = (tmp_path / "produced-20260309.jsonl").stat().st_size
    monkeypatch.setattr(store, "MAX_BYTES", size * 2)
    log.prune()
    assert [x.flow for x in log.read()] == ["d2", "d1"]


def test_one_answer_keeps_at_most_max_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "MAX_LINES", 3)
    log = ProvenanceLog(tmp_path, clock=lambda: NOW)
    log.append(exchange(lines=frozenset({"a1", "a2", "a3", "a4", "a5"})))
    (back,) = log.read({"a1", "a2", "a3", "a4", "a5", "cc"})
    assert sum(len(lines) for _, lines in back.files) == 3


def test_a_torn_or_foreign_line_is_skipped(tmp_path: Path) -> None:
    log = ProvenanceLog(tmp_path, clock=lambda: NOW)
    log.append(exchange(flow="whole"))
    with (tmp_path / "produced-20260310.jsonl").open("ab") as handle:
        handle.write(b'{"v":1,"epoch":1,"flow":"x"}\n[1,2]\n{"v":1,"epo')
    assert [x.flow for x in log.read()] == ["whole", "x"]


def test_a_missing_folder_reads_as_empty(tmp_path: Path) -> None:
    assert list(ProvenanceLog(tmp_path / "none").read()) == []
