"""The state every AI flow is inspected with: the policy, the pseudonym key and the identifier
inventories, loaded together into one inspector and kept whole.

A changed policy file, key or inventory is reloaded without a restart (looked for at most
once a second); a reload that fails keeps the last good state in force, never a half-loaded
one, and says what failed, in the log and to whoever listens (the audit trail).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from detectors import known_names
from inspection.inspector import Inspector
from installation.errors import PretenseError
from installation.home import Home, load_key
from policy import inventory
from policy.file import load_policy
from policy.inventory import Inventory
from policy.model import Policy

logger = logging.getLogger("pretense")

RELOAD_CHECK_SECONDS = 1.0
InspectorFactory = Callable[[Policy, bytes, tuple[Inventory, ...]], Inspector]
Listener = Callable[[str, dict[str, object]], None]
"""Told of each load: ("policy", {...}) for a policy put in force, ("reload_failed", {...})."""


class SuiteState:
    def __init__(
        self,
        home: Home,
        factory: InspectorFactory = Inspector.build,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.home = home
        self.factory = factory
        self.clock = clock
        self.policy_path: Path | None = None
        self.inspector: Inspector | None = None
        self.generation = 0
        self._parts: tuple[Policy, bytes, tuple[Inventory, ...]] | None = None
        self.listeners: list[Listener] = []
        self._stamps: tuple[object, ...] = ()
        self._checked = 0.0

    @property
    def policy(self) -> Policy | None:
        return self.inspector.policy if self.inspector is not None else None

    def load(self, policy_path: Path) -> None:
        """Load everything from `policy_path`, the key and the inventories; raises a
        `PretenseError` (and changes nothing) if any of them cannot be used."""
        stamps = self._read_stamps(policy_path)
        policy = load_policy(policy_path, known_names())
        key = load_key(self.home)
        inventories = inventory.load(self.home.root)
        self.inspector = self.factory(policy, key, inventories)
        self.policy_path, self._stamps = policy_path, stamps
        self._parts = (policy, key, inventories)
        self.generation += 1
        logger.info(
            "policy %s loaded (sha256 %s, default tier %s, %d repositories, %d exceptions%s)",
            policy_path,
            policy.digest[:12],
            policy.default_tier,
            len(policy.repositories),
            len(policy.exceptions),
            f"; inventories: {', '.join(i.name for i in inventories)}" if inventories else "",
        )
        self._tell(
            "policy",
            {"source": str(policy.source), "sha256": policy.digest, "default_tier": str(policy.default_tier)},
        )

    @property
    def key(self) -> bytes:
        """The installation key in force (the last good one)."""
        assert self._parts is not None, "load() comes first"
        return self._parts[1]

    def message(self) -> tuple[object, ...]:
        """What a worker process needs to build the same inspector (`inspection.worker`)."""
        assert self._parts is not None, "load() comes first"
        return ("state", self.generation, self.factory, *self._parts)

    def refresh(self, force: bool = False) -> None:
        """Reload what changed since the last look (at most once a second, unless `force`)."""
        now = self.clock()
        if self.policy_path is None or (not force and now - self._checked < RELOAD_CHECK_SECONDS):
            return
        self._checked = now
        stamps = self._read_stamps(self.policy_path)
        if stamps == self._stamps:
            return
        try:
            self.load(self.policy_path)
        except PretenseError as e:
            self._stamps = stamps  # say it once per change, not once per request
            logger.error(
                "a changed policy, key or inventory cannot be used; the previous ones stay in force: %s",
                e,
            )
            self._tell("reload_failed", {"error": str(e)})

    def _read_stamps(self, policy_path: Path) -> tuple[object, ...]:
        folder = inventory.folder(self.home.root)
        return (
            _stamp(policy_path),
            _stamp(self.home.key_file),
            _stamp(folder),
            *map(_stamp, sorted(folder.glob("*.json"))),
        )

    def _tell(self, what: str, details: dict[str, object]) -> None:
        for listener in self.listeners:
            listener(what, details)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
