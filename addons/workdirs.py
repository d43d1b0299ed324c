"""Indexes the repositories requests name as their working directory, in the background, so
that a first prompt's mentions of the code's names are renamed before the tool reads a file.

On a workstation only the repository can be read: a git repository on this machine, as
`pretense index` reads it (what git tracks, bounded in time and size, only changed files
again), in a process of its own. A
gateway cannot read developers' disks; it is given inventories `pretense index` made.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import sys
import time
from pathlib import Path

from mitmproxy import ctx
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchanges
from addons.guard import guarded
from addons.state import SuiteState
from policy import inventory
from providers.routes import RouteTable

logger = logging.getLogger("pretense")

STALE_SECONDS = 300.0
INDEX_SECONDS = 120.0
LOOK_SECONDS = 2.0
"""How long a repository found fresh is not looked at again (every turn names it)."""


class WorkdirIndex:
    def __init__(self, state: SuiteState, routes: RouteTable, exchanges: Exchanges) -> None:
        self.state = state
        self.routes = routes  # what the guard needs to know of every addon
        self.exchanges = exchanges
        self._running: dict[str, asyncio.Task[bool]] = {}
        self._fresh: dict[str, float] = {}

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_index_workdirs",
            bool,
            True,
            "Index, in the background, the git repository on this machine a request names as its "
            "working directory (its names are then renamed before any file of it is read).",
        )
        loader.add_option(
            "pretense_index_wait_seconds",
            float,
            10.0,
            "How long the first request of a repository not yet indexed waits for its index.",
        )

    def wanted(self, root: str) -> asyncio.Task[bool] | None:
        """The indexing of `root` under way, started now if its inventory is missing or stale;
        None when there is nothing to index (not a repository here, or indexed lately)."""
        if not ctx.options.pretense_index_workdirs:
            return None
        running = self._running.get(root)
        if running is not None:
            return running
        now = time.monotonic()
        if now - self._fresh.get(root, -LOOK_SECONDS) < LOOK_SECONDS:
            return None
        if not self._stale(Path(root)):
            if len(self._fresh) > 4096:
                self._fresh.clear()  # a hint, not a record: forget rather than grow
            self._fresh[root] = now
            return None
        task = asyncio.get_running_loop().create_task(self._index(root), name=f"pretense index {root}")
        self._running[root] = task
        task.add_done_callback(lambda _: self._running.pop(root, None))
        return task

    @guarded
    async def done(self) -> None:
        for task in list(self._running.values()):
            task.cancel()

    def _stale(self, root: Path) -> bool:
        try:
            git = (root / ".git").stat()
        except (OSError, ValueError):
            return False  # not a repository on this machine (a developer's path, on a gateway)
        try:
            indexed = inventory.file_of(self.state.home.root, name_of(root)).stat().st_mtime
        except OSError:
            return True
        changed = max(git.st_mtime, _mtime(root / ".git" / "index"))
        return indexed < changed or time.time() - indexed > STALE_SECONDS

    async def _index(self, root: str) -> bool:
        home = str(self.state.home.root)
        command = [
            sys.executable,
            "-m",
            "policy.inventory",
            home,
            root,
            name_of(Path(root)),
            str(INDEX_SECONDS),
        ]
        process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), INDEX_SECONDS + 10)
        except TimeoutError:
            process.kill()
            await process.wait()
            logger.warning("indexing %s took too long; its names are renamed once a file is read", root)
            return False
        if process.returncode != 0:
            logger.warning("indexing %s failed: %s", root, err.decode(errors="replace").strip())
            return False
        logger.info("%s", out.decode(errors="replace").strip())
        self.state.refresh(force=True)
        return True


def name_of(root: Path) -> str:
    """The name of a working directory's inventory: its folder's name and where it is."""
    return f"{root.name}@{hashlib.sha256(str(root).encode()).hexdigest()[:8]}"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
