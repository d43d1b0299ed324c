"""The state requests are inspected with: loaded whole, reloaded when its files change, and
kept as it was when a changed file cannot be used (never half-loaded)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from addons.state import SuiteState
from installation.errors import PretenseError
from installation.home import Home, ensure_home
from policy import inventory


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Loaded:
    state: SuiteState
    policy: Path
    clock: Clock
    told: list[tuple[str, dict[str, object]]]

    def reload(self) -> None:
        self.clock.now += 2
        self.state.refresh()

    @property
    def tier(self) -> str:
        assert self.state.policy is not None
        return str(self.state.policy.default_tier)


@pytest.fixture
def loaded(tmp_path: Path) -> Loaded:
    home = Home(tmp_path)
    ensure_home(home)
    clock = Clock()
    told: list[tuple[str, dict[str, object]]] = []
    state = SuiteState(home, clock=clock)
    state.listeners.append(lambda what, details: told.append((what, details)))
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\ndefault_tier: restricted\n")
    state.load(policy)
    return Loaded(state, policy, clock, told)


def broken_inventory(home: Home, policy: Path) -> None:
    inventory.folder(home.root).mkdir()
    (inventory.folder(home.root) / "x.json").write_text("{")


@pytest.mark.parametrize(
    "breaks",
    [
        lambda home, policy: policy.write_text("version: 1\ndefault_tier: secret\n"),
        lambda home, policy: home.key_file.write_text("not hex\n"),
        lambda home, policy: home.key_file.unlink(),
        lambda home, policy: (
            inventory.folder(home.root).mkdir(),
            (inventory.folder(home.root) / "x.json").write_text("{"),
        ),
    ],
    ids=["policy", "key", "key deleted", "inventory"],
)
def test_a_change_that_cannot_be_used_keeps_the_last_good_state(
    loaded: Loaded, breaks: Callable[[Home, Path], object]
) -> None:
    before = loaded.state.inspector
    breaks(loaded.state.home, loaded.policy)
    loaded.reload()
    assert loaded.state.inspector is before
    assert loaded.told[-1][0] == "reload_failed"
    loaded.told.clear()
    loaded.reload()
    assert loaded.told == []  # said once per change


def test_a_good_change_is_put_in_force_and_announced(loaded: Loaded) -> None:
    generation = loaded.state.generation
    loaded.policy.write_text("version: 1\ndefault_tier: internal\n")
    loaded.reload()
    assert loaded.state.generation == generation + 1
    assert loaded.tier == "internal"
    assert loaded.told[-1][0] == "policy"


def test_nothing_is_looked_at_more_than_once_a_second(loaded: Loaded) -> None:
    loaded.policy.write_text("version: 1\ndefault_tier: internal\n")
    loaded.clock.now += 0.5
    loaded.state.refresh()
    assert loaded.tier == "restricted"


def test_a_start_with_a_broken_key_fails(tmp_path: Path) -> None:
    home = Home(tmp_path)
    ensure_home(home)
    home.key_file.write_text("zz\n")
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\ndefault_tier: restricted\n")
    with pytest.raises(PretenseError, match="not hex"):
        SuiteState(home).load(policy)
