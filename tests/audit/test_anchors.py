"""Cut, emptied and deleted trails, measured against the anchors the writer kept off the host:
each is caught and said exactly (which records are missing); without anchors the verdict
says what it cannot prove."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.anchors import AnchorStore, read_anchors
from audit.chain import record_hash
from audit.errors import AnchorError
from audit.files import trail_files
from audit.verify import Outcome, verify_trail
from siem.cef import format_cef
from siem.events import event_for
from siem.leef import format_leef
from siem.syslog import Framing, frame
from tests.audit.trails import write_trail

KEY = Ed25519PrivateKey.generate()
RECORDS = 16  # with a checkpoint every 4 and rotation at 2000 bytes: several files, several anchors


@pytest.fixture(params=["file", "folder"])
def anchors(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """An anchor file (appended to) or an anchor folder (one file per checkpoint)."""
    path = tmp_path / "anchors"
    if request.param == "folder":
        path.mkdir()
    return path


@pytest.fixture
def trail(tmp_path: Path, anchors: Path) -> Path:
    directory = tmp_path / "trail"
    write_trail(directory, KEY, RECORDS, rotate_bytes=2000, anchors=AnchorStore(anchors))
    return directory


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def cut_tail(trail: Path) -> None:
    last = trail_files(trail)[-1]
    last.write_bytes(b"".join(lines(last)[:-2]))


def cut_mid_line(trail: Path) -> None:
    last = trail_files(trail)[-1]
    data = last.read_bytes()
    last.write_bytes(data[: len(data) - 40])


def cut_after_a_middle_checkpoint(trail: Path) -> None:
    files = trail_files(trail)
    for path in files[1:]:
        path.unlink()
    first = lines(files[0])
    keep = max(n for n, line in enumerate(first) if b'"type":"checkpoint"' in line)
    files[0].write_bytes(b"".join(first[: keep + 1]))


def empty_last_file(trail: Path) -> None:
    trail_files(trail)[-1].write_bytes(b"")


def delete_last_file(trail: Path) -> None:
    trail_files(trail)[-1].unlink()


def delete_all_files(trail: Path) -> None:
    for path in trail_files(trail):
        path.unlink()


def edit_then_unsign_the_tail(trail: Path) -> None:
    """The records after the last signed checkpoint edited, the chain recomputed, and the final
    checkpoint (whose signature would no longer hold) dropped: an 'unsigned tail'."""
    last = trail_files(trail)[-1]
    records = [orjson.loads(line) for line in lines(last)]
    assert records[-1]["type"] == "checkpoint"
    assert records[-1].get("final")
    records = records[:-1]
    previous = None
    for record in records:
        if record["type"] == "request":
            record["user"] = "mallory"
        if previous is not None:
            record["prev"] = previous
        record["hash"] = record_hash(record)
        previous = record["hash"]
    last.write_bytes(b"".join(orjson.dumps(r, option=orjson.OPT_SORT_KEYS) + b"\n" for r in records))


CUTS: list[Callable[[Path], None]] = [
    cut_tail,
    cut_mid_line,
    cut_after_a_middle_checkpoint,
    empty_last_file,
    delete_last_file,
    delete_all_files,
    edit_then_unsign_the_tail,
]


def test_a_whole_trail_holds_every_anchor_and_is_verified(trail: Path, anchors: Path) -> None:
    given = read_anchors([anchors])
    verdict = verify_trail(trail, KEY.public_key(), given)
    assert verdict.outcome is Outcome.VERIFIED, (verdict.problems, verdict.missing)
    assert len(trail_files(trail)) > 2
    assert verdict.anchored == verdict.last_seq  # the final checkpoint is anchored too
    assert len(given) >= 6  # the first record, every 4, every rotation, the stop


@pytest.mark.parametrize("cut", CUTS, ids=[c.__name__ for c in CUTS])
def test_without_anchors_a_cut_looks_like_a_running_proxy_and_the_verdict_says_so(
    trail: Path, cut: Callable[[Path], None]
) -> None:
    cut(trail)
    verdict = verify_trail(trail, KEY.public_key())
    assert verdict.outcome is Outcome.UNSIGNED_TAIL
    assert any("no anchors given" in n and "not that none is missing" in n for n in verdict.notices)


@pytest.mark.parametrize("cut", CUTS, ids=[c.__name__ for c in CUTS])
def test_against_the_anchors_every_cut_is_caught_and_the_missing_records_named(
    trail: Path, anchors: Path, cut: Callable[[Path], None]
) -> None:
    whole = verify_trail(trail, KEY.public_key())
    cut(trail)
    verdict = verify_trail(trail, KEY.public_key(), read_anchors([anchors]))
    assert verdict.outcome is Outcome.CUT
    assert verdict.missing is not None
    assert verdict.missing.startswith(f"records {verdict.last_seq + 1}..{whole.last_seq} are missing")
    assert "a clean stop's final checkpoint" in verdict.missing


def test_an_emptied_middle_file_is_a_removal(trail: Path, anchors: Path) -> None:
    trail_files(trail)[1].write_bytes(b"")
    verdict = verify_trail(trail, KEY.public_key(), read_anchors([anchors]))
    assert verdict.outcome is Outcome.ALTERED
    assert any("are missing" in str(p) for p in verdict.problems)


def test_a_trail_rewritten_with_the_real_key_differs_from_its_anchors(trail: Path, anchors: Path) -> None:
    """A forger who stole the signing key writes a whole new trail of the same length: it
    verifies on its own, but the anchors taken before hold the hashes that were written."""
    given = read_anchors([anchors])
    for path in trail_files(trail):
        path.unlink()
    write_trail(trail, KEY, RECORDS, rotate_bytes=2000, user="mallory")
    assert verify_trail(trail, KEY.public_key()).outcome is Outcome.VERIFIED
    verdict = verify_trail(trail, KEY.public_key(), given)
    assert verdict.outcome is Outcome.ALTERED
    assert any("differs from this anchor" in str(p) for p in verdict.problems)


def test_an_anchor_not_signed_by_the_key_is_forged(trail: Path, anchors: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-trail"
    forged = tmp_path / "forged-anchors"
    write_trail(other, Ed25519PrivateKey.generate(), RECORDS + 40, anchors=AnchorStore(forged))
    verdict = verify_trail(trail, KEY.public_key(), read_anchors([forged]))
    assert verdict.outcome is Outcome.ALTERED
    assert any("not signed by the pinned key" in str(p) for p in verdict.problems)


def test_a_running_trail_past_its_latest_anchor_is_an_unsigned_tail(trail: Path, anchors: Path) -> None:
    """Records after the latest anchor: nothing anchored is missing, the tail is not proven."""
    given = [a for a in read_anchors([anchors]) if a.seq < RECORDS]
    cut_tail(trail)
    verdict = verify_trail(trail, KEY.public_key(), given)
    assert verdict.outcome is Outcome.UNSIGNED_TAIL
    assert any("not yet anchored" in n for n in verdict.notices)


def test_a_file_that_holds_no_checkpoint_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "notes.txt"
    wrong.write_text("nothing here\n")
    with pytest.raises(AnchorError, match="holds no checkpoint"):
        read_anchors([wrong])


@pytest.mark.parametrize("fmt", ["cef", "leef"])
def test_a_siem_export_of_the_checkpoint_events_is_an_anchor_source(
    trail: Path, anchors: Path, tmp_path: Path, fmt: str
) -> None:
    """What the SIEM received, as syslog lines (header and all), proves the cut as well."""
    written = read_anchors([anchors])
    export = tmp_path / f"siem-{fmt}.log"
    lines_out = []
    for anchor in written:
        assert anchor.checkpoint is not None
        event = event_for(anchor.checkpoint)
        assert event is not None
        text = format_cef(event) if fmt == "cef" else format_leef(event)
        lines_out.append(frame(text, event.severity, event.epoch_ms, "gw-1", Framing.RFC5424, 7).decode())
    export.write_text("\n".join(lines_out) + "\n")
    from_siem = read_anchors([export])
    assert [(a.seq, a.hash) for a in from_siem] == [(a.seq, a.hash) for a in written]
    delete_last_file(trail)
    assert verify_trail(trail, KEY.public_key(), from_siem).outcome is Outcome.CUT
