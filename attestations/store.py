"""The provenance log in the Pretense home (`provenance/`): one JSON line per AI exchange,
with keyed fingerprints of the code its answer produced, never the code.

Bounded: a file per UTC day, kept for `MAX_DAYS`, the oldest dropped first past `MAX_BYTES`
in all; one answer keeps at most `MAX_LINES` fingerprints. Only the proxy's recorder thread
writes it; the attestation endpoint reads it.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import orjson

logger = logging.getLogger("pretense")

FOLDER = "provenance"
MAX_DAYS = 30
MAX_BYTES = 64 << 20
MAX_LINES = 20_000
_NAME = re.compile(r"produced-(\d{8})\.jsonl")


@dataclass(frozen=True, slots=True)
class AiExchange:
    """One AI exchange as provenance needs it: who, what, where, and the code's lines."""

    epoch: float
    flow: str
    agent: str
    model: str
    repository: str | None
    root: str | None
    """The working directory the request named, if it named one."""
    tier: str | None
    blocked: bool = False
    detections: Mapping[str, int] = field(default_factory=dict)
    files: tuple[tuple[str | None, frozenset[str]], ...] = ()
    """Per file the answer wrote (None: code without a file), its line fingerprints."""

    @property
    def label(self) -> str:
        return f"{self.agent}:{self.model}" if self.model else self.agent


class ProvenanceLog:
    def __init__(self, directory: Path, clock: Callable[[], float] = time.time) -> None:
        self.directory = directory
        self.clock = clock
        self._pruned: datetime.date | None = None

    def append(self, exchange: AiExchange) -> None:
        day = _day(exchange.epoch)
        if self._pruned != day:
            self.prune()
            self._pruned = day
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        line = orjson.dumps(_document(exchange)) + b"\n"
        descriptor = os.open(self.directory / f"produced-{day:%Y%m%d}.jsonl", _APPEND, 0o600)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)

    def prune(self) -> None:
        """Drop the days past `MAX_DAYS`, then the oldest days while the log is past `MAX_BYTES`."""
        files = self._files()
        oldest = _day(self.clock()) - datetime.timedelta(days=MAX_DAYS)
        sizes = []
        for day, path in files:
            try:
                if day < oldest:
                    path.unlink()
                else:
                    sizes.append((path, path.stat().st_size))
            except OSError as e:
                logger.warning("provenance: cannot prune %s (%s)", path, e.strerror)
        total = sum(size for _, size in sizes)
        for path, size in sizes:
            if total <= MAX_BYTES:
                break
            path.unlink(missing_ok=True)
            total -= size

    def read(self, wanted: Collection[str] = (), since: float | None = None) -> Iterator[AiExchange]:
        """Every exchange logged (from the day before `since`, if given), each keeping only the
        fingerprints in `wanted`."""
        first = _day(since) - datetime.timedelta(days=1) if since is not None else None
        for day, path in self._files():
            if first is not None and day < first:
                continue
            try:
                with path.open("rb") as handle:
                    for raw in handle:
                        exchange = _parsed(raw, wanted)
                        if exchange is not None:
                            yield exchange
            except OSError as e:
                logger.warning("provenance: cannot read %s (%s)", path, e.strerror)

    def _files(self) -> list[tuple[datetime.date, Path]]:
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        found = []
        for name in names:
            match = _NAME.fullmatch(name)
            if match:
                day = datetime.datetime.strptime(match.group(1), "%Y%m%d").date()
                found.append((day, self.directory / name))
        return sorted(found)


_APPEND = os.O_WRONLY | os.O_CREAT | os.O_APPEND


def _day(epoch: float) -> datetime.date:
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).date()


def _document(exchange: AiExchange) -> dict[str, object]:
    budget = MAX_LINES
    files = []
    for path, lines in exchange.files:
        kept = sorted(lines)[:budget]
        budget -= len(kept)
        files.append({"path": path, "lines": kept})
    return {
        "v": 1,
        "epoch": round(exchange.epoch, 3),
        "flow": exchange.flow,
        "agent": exchange.agent,
        "model": exchange.model,
        "repository": exchange.repository,
        "root": exchange.root,
        "tier": exchange.tier,
        "blocked": exchange.blocked,
        "detections": dict(exchange.detections),
        "files": files,
    }


def _parsed(raw: bytes, wanted: Collection[str]) -> AiExchange | None:
    try:
        document = orjson.loads(raw)
        files = tuple(
            (entry.get("path"), frozenset(line for line in entry.get("lines", ()) if line in wanted))
            for entry in document.get("files", ())
        )
        return AiExchange(
            epoch=float(document["epoch"]),
            flow=str(document["flow"]),
            agent=str(document.get("agent") or "unknown"),
            model=str(document.get("model") or ""),
            repository=document.get("repository"),
            root=document.get("root"),
            tier=document.get("tier"),
            blocked=bool(document.get("blocked")),
            detections=dict(document.get("detections") or {}),
            files=tuple((p if isinstance(p, str) else None, lines) for p, lines in files if lines),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None  # a torn last line, or one written by something else: not evidence
