"""Where a trail's records live on disk: `trail-<first seq>-<UTC day>.jsonl` files in one
folder, read in order as one chain."""

from __future__ import annotations

import datetime
import heapq
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from audit.record import Record

PREFIX = "trail-"
SUFFIX = ".jsonl"
_TAIL_READ = 1 << 20


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a trail file, as stored."""

    file: Path
    number: int
    raw: bytes
    complete: bool  # ends with a newline; a torn last line (a crash mid-write) does not


def trail_name(first_seq: int, day: datetime.date) -> str:
    return f"{PREFIX}{first_seq:012d}-{day:%Y%m%d}{SUFFIX}"


def trail_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.startswith(PREFIX) and p.name.endswith(SUFFIX))


def read_lines(path: Path) -> Iterator[Line]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            complete = raw.endswith(b"\n")
            yield Line(path, number, raw[:-1] if complete else raw, complete)


def records(directory: Path) -> Iterator[Record]:
    """Every whole, readable record of the trail, in order (for search and export; `verify`
    is what says whether they can be trusted)."""
    for path in trail_files(directory):
        yield from parsed(read_lines(path))


def parsed(lines: Iterable[Line]) -> Iterator[Record]:
    """The whole, readable records among `lines` (a torn or unreadable line is skipped)."""
    for line in lines:
        if not line.complete:
            continue
        try:
            record = orjson.loads(line.raw)
        except orjson.JSONDecodeError:
            continue
        if isinstance(record, dict):
            yield record


def trail_folders(paths: Iterable[Path]) -> list[Path]:
    """The trails under `paths`: each a trail folder, or a folder holding trails (a fleet's
    `audit-trail/`, one `audit-trail/<instance>/` per proxy, or a collection of them), found
    one level down."""
    found: list[Path] = []
    for path in paths:
        if trail_files(path):
            found.append(path)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_dir() and trail_files(p))
    return list(dict.fromkeys(found))


def fleet_records(folders: Iterable[Path]) -> Iterator[Record]:
    """The records of several trails, merged in time order (each trail's own order kept)."""
    return heapq.merge(*(records(folder) for folder in folders), key=lambda r: str(r.get("ts", "")))


@dataclass(frozen=True, slots=True)
class TrailEnd:
    """How the last run left the trail: its last whole record and any torn bytes after it."""

    last: Record | None
    torn: bytes
    file: Path | None


def trail_end(directory: Path) -> TrailEnd:
    torn, torn_file = b"", None
    for path in reversed(trail_files(directory)):
        size = path.stat().st_size
        if size == 0:
            continue
        with path.open("rb") as handle:
            handle.seek(max(0, size - _TAIL_READ))
            tail = handle.read()
        cut = tail.rfind(b"\n")
        if torn_file is None:
            torn, torn_file = tail[cut + 1 :], path
        for raw in reversed(tail[: cut + 1].splitlines()):
            try:
                parsed = orjson.loads(raw)
            except orjson.JSONDecodeError:
                continue
            if isinstance(parsed, dict):
                return TrailEnd(parsed, torn, torn_file)
    return TrailEnd(None, torn, torn_file)


def fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
