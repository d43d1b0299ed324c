"""The approvals store as two processes share it: the proxy opens and times out held calls,
an approver decides them; separation of duties, grants, and files only their owner reads."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from approvals.errors import AlreadyDecided, SelfApproval, UnknownHold
from approvals.store import APPROVED, DENIED, TIMED_OUT, Hold, HoldStore


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def hold(store: HoldStore, self_approval: bool = False, user: str = "alice") -> Hold:
    held = Hold(
        id=store.new_id(), created=store.clock(), deadline=store.clock() + 60, tool="Bash",
        command="rm -rf /srv",
        fingerprint="f" * 32, rule="rule rm (p.yaml:3)", reason="`rm -rf /srv` ...", user=user,
        repository="app", provider="anthropic", host="api.anthropic.com", tier="restricted",
        self_approval=self_approval, instance="gw1:42",
    )  # fmt: skip
    store.open(held)
    return held


@pytest.fixture
def store(tmp_path: Path) -> HoldStore:
    return HoldStore.at(tmp_path, Clock())


def test_a_held_call_is_seen_and_decided_from_another_store_on_the_same_folder(store: HoldStore) -> None:
    held = hold(store)
    approver = HoldStore(store.folder, store.clock)
    assert [h.id for h in approver.holds()] == [held.id]
    _, grant = approver.decide(held.id, True, "bob", "looks fine")
    assert grant is None
    assert store.read(held.id).status == APPROVED
    assert store.read(held.id).decided_by == "bob"


def test_files_are_for_their_owner_only(store: HoldStore) -> None:
    held = hold(store)
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((store.folder / f"{held.id}.json").stat().st_mode) == 0o600


def test_separation_of_duties(store: HoldStore) -> None:
    held = hold(store)
    with pytest.raises(SelfApproval):
        store.decide(held.id, True, "alice")
    store.decide(held.id, False, "alice", "changed my mind")  # denying one's own call is fine
    assert store.read(held.id).status == DENIED
    own = hold(store, self_approval=True)
    assert store.decide(own.id, True, "alice")[0].status == APPROVED


def test_a_decision_and_a_timeout_do_not_both_win(store: HoldStore) -> None:
    held = hold(store)
    store.decide(held.id, False, "bob", "no")
    assert store.time_out(held.id).status == DENIED
    other = hold(store)
    assert store.time_out(other.id).status == TIMED_OUT
    with pytest.raises(AlreadyDecided):
        store.decide(other.id, True, "bob")


def test_a_grant_lets_the_same_command_of_the_same_user_and_repository_through_until_it_expires(
    store: HoldStore,
) -> None:
    held = hold(store)
    store.time_out(held.id)
    _, grant = store.decide(held.id, True, "bob", grant_seconds=900)  # after the timeout: for the retry
    assert grant is not None
    assert store.granted(held.fingerprint, "app", "alice") == grant
    assert store.granted(held.fingerprint, "app", "mallory") is None
    assert store.granted(held.fingerprint, "other", "alice") is None
    assert store.granted("0" * 32, "app", "alice") is None
    store.clock.now += 901  # type: ignore[attr-defined]
    assert store.granted(held.fingerprint, "app", "alice") is None


@pytest.mark.parametrize("hold_id", ["", "../etc/passwd", "ABC", "nosuchhold2"])
def test_unknown_ids(store: HoldStore, hold_id: str) -> None:
    with pytest.raises(UnknownHold):
        store.read(hold_id)
