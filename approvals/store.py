"""The approvals store: one JSON file per held call in `approvals/` of the Pretense home, and
one per just-in-time grant in `approvals/grants/`; folders 0700, files 0600.

Every change is read, changed and written under one lock (`flock` on `approvals/.lock`) and
lands by an atomic rename, so the proxy timing a call out and an approver deciding it never
both win; readers never see half a file.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from approvals.errors import AlreadyDecided, SelfApproval, UnknownHold

PENDING, APPROVED, DENIED, TIMED_OUT = "pending", "approved", "denied", "timed_out"
ABANDONED = "abandoned"
"""The agent stopped waiting (its connection closed) before anyone decided."""
KEEP_DECIDED_SECONDS = 7 * 86400  # decided calls stay listed a week (the audit trail keeps them for good)
_ID_LETTERS = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud or typed from a chat


@dataclass(slots=True)
class Hold:
    """One held call, as the approver sees it."""

    id: str
    created: float
    deadline: float
    tool: str
    command: str
    """What the call would run or change, restored and with secrets taken out."""
    fingerprint: str
    """Keyed HMAC of the command: what a grant matches."""
    rule: str
    reason: str
    user: str
    repository: str | None
    provider: str
    host: str
    tier: str
    self_approval: bool
    instance: str
    """Which proxy holds the stream (host name and process id)."""
    status: str = PENDING
    decided_by: str | None = None
    decided_at: float | None = None
    decision_reason: str = ""
    grant_seconds: float | None = None

    @property
    def pending(self) -> bool:
        return self.status == PENDING

    def to_json(self) -> bytes:
        return orjson.dumps(dataclasses.asdict(self), option=orjson.OPT_INDENT_2)

    @classmethod
    def from_json(cls, raw: bytes) -> Hold:
        data: dict[str, Any] = orjson.loads(raw)
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True, slots=True)
class Grant:
    """A just-in-time exception: the same command, repository and user pass until `expires`."""

    id: str
    fingerprint: str
    repository: str | None
    user: str
    expires: float
    approver: str
    hold: str


@dataclass
class HoldStore:
    folder: Path
    clock: Callable[[], float] = time.time
    _grants_seen: tuple[int, int] | None = field(default=None, repr=False)
    _grants: list[Grant] = field(default_factory=list, repr=False)

    @classmethod
    def at(cls, home_root: Path, clock: Callable[[], float] = time.time) -> HoldStore:
        return cls(home_root / "approvals", clock)

    @property
    def grants_folder(self) -> Path:
        return self.folder / "grants"

    # The proxy's side ---------------------------------------------------------------------

    def new_id(self) -> str:
        return "".join(secrets.choice(_ID_LETTERS) for _ in range(10))

    def open(self, hold: Hold) -> None:
        self._ensure()
        with self._locked():
            self._write(self._path(hold.id), hold.to_json())
        self._prune()

    def time_out(self, hold_id: str, status: str = TIMED_OUT) -> Hold:
        """Mark a pending call timed out (or abandoned); a decision that came first stands."""
        with self._locked():
            hold = self.read(hold_id)
            if hold.pending:
                hold.status, hold.decided_at = status, self.clock()
                self._write(self._path(hold_id), hold.to_json())
            return hold

    def granted(self, fingerprint: str, repository: str | None, user: str) -> Grant | None:
        now = self.clock()
        return next(
            (
                g
                for g in self._current_grants()
                if g.fingerprint == fingerprint
                and g.repository == repository
                and g.user == user
                and g.expires > now
            ),
            None,
        )

    # The approver's side ------------------------------------------------------------------

    def read(self, hold_id: str) -> Hold:
        try:
            return Hold.from_json(self._path(hold_id).read_bytes())
        except FileNotFoundError:
            raise UnknownHold(hold_id) from None
        except (orjson.JSONDecodeError, TypeError, ValueError):
            raise UnknownHold(hold_id) from None

    def holds(self) -> Iterator[Hold]:
        """Every call kept, newest first."""
        found = []
        for path in self.folder.glob("*.json") if self.folder.is_dir() else ():
            try:
                found.append(Hold.from_json(path.read_bytes()))
            except (OSError, orjson.JSONDecodeError, TypeError):
                continue
        return iter(sorted(found, key=lambda h: h.created, reverse=True))

    def decide(
        self,
        hold_id: str,
        approved: bool,
        approver: str,
        reason: str = "",
        grant_seconds: float | None = None,
    ) -> tuple[Hold, Grant | None]:
        """Approve or deny a call. A call that timed out can still be approved with a grant:
        the agent's retry then passes without waiting."""
        with self._locked():
            hold = self.read(hold_id)
            if approved and not hold.self_approval and approver == hold.user:
                raise SelfApproval(hold_id, approver)
            late_grant = approved and grant_seconds is not None and hold.status == TIMED_OUT
            if not hold.pending and not late_grant:
                raise AlreadyDecided(hold_id, hold.status)
            if hold.pending:
                hold.status = APPROVED if approved else DENIED
                hold.decided_by, hold.decided_at, hold.decision_reason = approver, self.clock(), reason
            hold.grant_seconds = grant_seconds if approved else None
            self._write(self._path(hold_id), hold.to_json())
            grant = None
            if approved and grant_seconds is not None:
                grant = Grant(
                    self.new_id(), hold.fingerprint, hold.repository, hold.user, self.clock() + grant_seconds,
                    approver, hold.id,
                )  # fmt: skip
                self._ensure()
                self._write(self.grants_folder / f"{grant.id}.json", orjson.dumps(dataclasses.asdict(grant)))
            return hold, grant

    # Files --------------------------------------------------------------------------------

    def _path(self, hold_id: str) -> Path:
        if not hold_id or any(c not in _ID_LETTERS for c in hold_id):
            raise UnknownHold(hold_id)
        return self.folder / f"{hold_id}.json"

    def _ensure(self) -> None:
        for folder in (self.folder, self.grants_folder):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._ensure()
        descriptor = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)

    def _write(self, path: Path, data: bytes) -> None:
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        partial.replace(path)

    def _current_grants(self) -> list[Grant]:
        # Read again only when the folder changed: a judged call costs a stat, not a read.
        try:
            stat = self.grants_folder.stat()
        except OSError:
            return []
        seen = (stat.st_mtime_ns, stat.st_size)
        if seen != self._grants_seen:
            grants = []
            for path in self.grants_folder.glob("*.json"):
                try:
                    grants.append(Grant(**orjson.loads(path.read_bytes())))
                except (OSError, orjson.JSONDecodeError, TypeError):
                    continue
            self._grants, self._grants_seen = grants, seen
        return self._grants

    def _prune(self) -> None:
        """Drop decided calls older than a week and grants that expired."""
        now = self.clock()
        for hold in self.holds():
            if not hold.pending and (hold.decided_at or hold.created) < now - KEEP_DECIDED_SECONDS:
                self._path(hold.id).unlink(missing_ok=True)
        for grant in self._current_grants():
            if grant.expires < now:
                (self.grants_folder / f"{grant.id}.json").unlink(missing_ok=True)
