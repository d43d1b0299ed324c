"""Tamper tests: each way of altering a trail is caught, and said where."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.anchors import Anchor
from audit.chain import record_hash
from audit.files import trail_files
from audit.verify import Outcome, verify_trail
from tests.audit.trails import write_trail

KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def trail(tmp_path: Path) -> Path:
    write_trail(tmp_path, KEY, 16, rotate_bytes=2000)
    return tmp_path


def lines_of(trail: Path) -> tuple[Path, list[bytes]]:
    path = trail_files(trail)[0]
    return path, path.read_bytes().splitlines(keepends=True)


def edit(trail: Path, change: Callable[[list[bytes]], list[bytes]]) -> None:
    path, lines = lines_of(trail)
    path.write_bytes(b"".join(change(lines)))


def alter_field(lines: list[bytes]) -> list[bytes]:
    record = orjson.loads(lines[1])
    record["user"] = "mallory"
    lines[1] = orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n"
    return lines


def alter_and_rehash(lines: list[bytes]) -> list[bytes]:
    record = orjson.loads(lines[1])
    record["user"] = "mallory"
    record["hash"] = record_hash(record)
    lines[1] = orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n"
    return lines


def rewrite_whole_chain(lines: list[bytes]) -> list[bytes]:
    """The attacker recomputes every hash after the edit; only the signatures stop him."""
    out, previous = [], None
    for n, line in enumerate(lines):
        record = orjson.loads(line)
        if n == 1:
            record["user"] = "mallory"
        if previous is not None:
            record["prev"] = previous
        record["hash"] = record_hash(record)
        previous = record["hash"]
        out.append(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
    return out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (alter_field, "content altered"),
        (alter_and_rehash, "chain broken"),
        (rewrite_whole_chain, "checkpoint signature invalid"),
        (lambda lines: lines[:1] + lines[2:], "are missing"),
        (lambda lines: [lines[0], lines[2], lines[1], *lines[3:]], "out of order"),
        (lambda lines: [*lines[:2], lines[1], *lines[2:]], "out of order"),
        (lambda lines: [*lines[:2], b'{"note":"inserted"}\n', *lines[2:]], "not an audit record"),
        (lambda lines: [*lines[:2], lines[2][:40], *lines[3:]], "not a JSON record"),
    ],
    ids=[
        "edited",
        "edited-rehashed",
        "chain-rewritten",
        "removed",
        "reordered",
        "duplicated",
        "inserted",
        "torn",
    ],
)
def test_every_alteration_is_caught_and_located(
    trail: Path, change: Callable[[list[bytes]], list[bytes]], expected: str
) -> None:
    assert verify_trail(trail, KEY.public_key()).intact
    edit(trail, change)
    verdict = verify_trail(trail, KEY.public_key())
    assert not verdict.intact
    assert any(expected in str(p) for p in verdict.problems), verdict.problems
    assert verdict.problems[0].file.startswith("trail-")


def test_a_clean_trail_is_intact_and_closed(trail: Path) -> None:
    verdict = verify_trail(trail, KEY.public_key())
    assert verdict.intact
    assert verdict.closed
    assert len(trail_files(trail)) > 1  # rotated by size, one chain across files
    assert verdict.last_checkpoint == verdict.last_seq


def test_a_deleted_file_is_caught(trail: Path) -> None:
    trail_files(trail)[1].unlink()
    assert "are missing" in str(verify_trail(trail, KEY.public_key()).problems[0])


def test_a_cut_tail_is_reported_as_unsigned(trail: Path) -> None:
    last = trail_files(trail)[-1]
    kept = last.read_bytes().splitlines(keepends=True)[:-3]
    last.write_bytes(b"".join(kept))
    verdict = verify_trail(trail, KEY.public_key())
    assert not verdict.closed
    assert any("without a closing checkpoint" in n for n in verdict.notices)


def test_an_anchor_given_by_hand_proves_a_cut_tail(trail: Path) -> None:
    full = verify_trail(trail, KEY.public_key())
    anchor = Anchor.parse(f"{full.last_seq}:{full.last_hash}")
    last = trail_files(trail)[-1]
    last.write_bytes(b"".join(last.read_bytes().splitlines(keepends=True)[:-2]))
    verdict = verify_trail(trail, KEY.public_key(), [anchor])
    assert verdict.outcome is Outcome.CUT
    assert verdict.missing is not None
    assert f"..{full.last_seq} are missing" in verdict.missing


def test_another_key_does_not_verify(trail: Path) -> None:
    verdict = verify_trail(trail, Ed25519PrivateKey.generate().public_key())
    assert any("signed by another key" in str(p) for p in verdict.problems)
