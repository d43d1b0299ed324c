"""`pretense audit verify` as an auditor runs it: its exit status tells a closed trail, an
altered one, one still being written and a cut one apart, and a re-signed trail fails on the
key pinned at `pretense init`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.anchors import AnchorStore
from audit.files import records, trail_files
from audit.keys import load_signing_key, public_pem
from audit.verify import Outcome
from installation.home import Home, ensure_home
from tests import cli
from tests.audit.trails import write_trail


@pytest.fixture
def home(tmp_path: Path) -> Home:
    home = Home(tmp_path / "home")
    ensure_home(home)
    return home


@pytest.fixture
def anchors(home: Home, tmp_path: Path) -> Path:
    path = tmp_path / "anchors.jsonl"
    write_trail(home.audit_trail, load_signing_key(home), 12, anchors=AnchorStore(path))
    return path


def verify(home: Home, *arguments: str) -> tuple[int, str]:
    done = cli.pretense(home.root, "audit", "verify", *arguments)
    return done.returncode, done.stdout + done.stderr


def test_init_pins_the_signing_key(home: Home) -> None:
    assert home.signing_key_file.stat().st_mode & 0o777 == 0o600
    (pin,) = home.pinned_keys_file.read_text().splitlines()
    assert len(pin.split()[0]) == 64


def test_a_closed_trail_that_holds_every_anchor_exits_0(home: Home, anchors: Path) -> None:
    status, out = verify(home, "--anchors", str(anchors))
    assert status == Outcome.VERIFIED, out
    assert "OK:" in out
    assert "holds every anchor" in out


def test_a_deleted_trail_exits_3_with_anchors_and_2_without(home: Home, anchors: Path) -> None:
    shutil.rmtree(home.audit_trail)
    status, out = verify(home, "--anchors", str(anchors))
    assert status == Outcome.CUT, out
    assert "MISSING records 1..17 are missing: the trail ends at no record at all" in out
    status, out = verify(home)
    assert status == Outcome.UNSIGNED_TAIL, out
    assert "no anchors given" in out


def test_a_trail_still_written_exits_2_even_with_anchors(home: Home, anchors: Path) -> None:
    last = trail_files(home.audit_trail)[-1]
    last.write_bytes(b"".join(last.read_bytes().splitlines(keepends=True)[:-1]))  # no final checkpoint yet
    kept = b"".join(line for line in anchors.read_bytes().splitlines(keepends=True) if b'"final"' not in line)
    anchors.write_bytes(kept)
    status, out = verify(home, "--anchors", str(anchors))
    assert status == Outcome.UNSIGNED_TAIL, out
    assert "TAIL UNSIGNED" in out


def test_a_trail_re_signed_with_a_new_key_fails_on_the_pinned_one(home: Home, tmp_path: Path) -> None:
    forger = Ed25519PrivateKey.generate()
    write_trail(home.audit_trail, forger, 12)
    home.public_key_file.write_bytes(public_pem(forger.public_key()))
    status, out = verify(home)
    assert status == Outcome.ALTERED, out
    assert "is not pinned" in out


def test_without_a_pinned_key_nothing_is_checked(home: Home, anchors: Path) -> None:
    home.pinned_keys_file.unlink()
    status, out = verify(home, "--anchors", str(anchors))
    assert status == Outcome.UNVERIFIABLE, out
    assert "no pinned audit key" in out


def test_export_ocsf_and_parquet_for_security_lake(home: Home, anchors: Path, tmp_path: Path) -> None:
    done = cli.pretense(home.root, "audit", "export", "--format", "ocsf")
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert {e["class_uid"] for e in events} == {1008, 6003}  # requests, and the trail's own life
    checkpoints = [r["hash"] for r in records(home.audit_trail) if r["type"] == "checkpoint"]
    assert [e["unmapped"]["chain_hash"] for e in events if e["activity_name"] == "Checkpoint"] == checkpoints
    refused = cli.pretense(home.root, "audit", "export", "--format", "parquet", "--output", str(tmp_path))
    assert refused.returncode != 0
    assert "--region" in refused.stderr
    lake = tmp_path / "lake"
    done = cli.pretense(
        home.root, "audit", "export", "--format", "parquet", "--output", str(lake),
        "--region", "us-east-1", "--account-id", "123456789012",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = done.stdout.splitlines()
    assert {Path(p).relative_to(lake).parts[1] for p in written} == {
        "pretense-api-activity",
        "pretense-event-log-activity",
    }
    assert all("/region=us-east-1/accountId=123456789012/eventDay=" in p for p in written)


@pytest.fixture
def fleet(home: Home) -> Path:
    """Three instances' trails in one home, as a gateway fleet leaves them."""
    key = load_signing_key(home)
    for number, count in ((1, 5), (2, 7), (3, 3)):
        write_trail(home.audit_trail / f"gw{number}", key, count, user=f"dev{number}", instance=f"gw{number}")
    return home.audit_trail


def test_a_fleets_trails_verify_each_and_together(home: Home, fleet: Path) -> None:
    status, out = verify(home)
    assert status == Outcome.VERIFIED, out
    assert out.count("OK:") == 3
    assert "fleet: 3 trails, 3 OK" in out


def test_the_fleet_outcome_is_its_worst_trails(home: Home, fleet: Path) -> None:
    last = trail_files(fleet / "gw2")[-1]
    last.write_bytes(last.read_bytes().replace(b'"n":3', b'"n":4'))
    status, out = verify(home, "--trail", str(fleet))
    assert status == Outcome.ALTERED, out
    assert "gw2: ALTERED" in out
    assert "gw1: OK:" in out


def test_a_record_moved_to_another_instances_trail_is_found(home: Home, fleet: Path) -> None:
    moved = trail_files(fleet / "gw1")[0]
    shutil.copy(moved, fleet / "gw3" / "trail-000000000999-20260101.jsonl")
    status, out = verify(home, "--trail", str(fleet / "gw3"))
    assert status == Outcome.ALTERED, out


def test_the_fleet_report_adds_up_every_instances_requests(home: Home, fleet: Path) -> None:
    done = cli.pretense(home.root, "report", "--format", "json")
    report = json.loads(done.stdout)
    assert report["requests"] == 15
    assert set(report["calls"]) == {"dev1", "dev2", "dev3"}
    several = cli.pretense(
        home.root, "report", "--format", "json", "--trail", str(fleet / "gw1"), "--trail", str(fleet / "gw3")
    )
    assert json.loads(several.stdout)["requests"] == 8


def test_export_and_show_take_the_whole_fleet(home: Home, fleet: Path) -> None:
    done = cli.pretense(home.root, "audit", "export", "--format", "json")
    exported = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["instance"] for r in exported} == {"gw1", "gw2", "gw3"}
    assert len(exported) == sum(len(list(records(fleet / f"gw{n}"))) for n in (1, 2, 3))
    assert cli.pretense(home.root, "audit", "show", "--seq", "1").returncode != 0  # which trail's record 1?
