"""Anchors: each signed checkpoint kept off the host, so that a trail cut, emptied or deleted
there is still measured against what it had reached. Writing them, and reading them back.

An anchor file gets one JSON line per checkpoint, appended (a file on another machine's
share, or one made append-only); an anchor folder gets one file per checkpoint, created
once and never changed (what a write-once store takes). Either holds the whole signed
checkpoint. `read_anchors` also takes a SIEM's export of the checkpoint events (CEF, LEEF
or OCSF lines, with or without their syslog header).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from audit.errors import AnchorError
from audit.files import fsync_directory
from audit.record import CHECKPOINT, canonical

ANCHOR_PREFIX = "anchor-"
ANCHOR_SUFFIX = ".json"
# Checkpoint events as the SIEM formats carry them: the checkpoint's number and its hash.
_CEF_CHECKPOINT = re.compile(r"CEF:0\|(?:[^|\\]|\\.)*\|(?:[^|\\]|\\.)*\|(?:[^|\\]|\\.)*\|audit_checkpoint\|")
_FIELD = r"(?:^|[\s^]){name}=([0-9a-f]+)(?=[\s^]|$)"  # CEF pairs part on spaces, LEEF on `^`
_LEEF_CHECKPOINT = re.compile(r"LEEF:2\.0\|[^|]*\|[^|]*\|[^|]*\|audit_checkpoint\|")
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A checkpoint known from off the host: the trail must hold record `seq` with `hash`."""

    seq: int
    hash: str
    where: str
    """Where the anchor was read, for messages (`anchors.jsonl:12`)."""
    checkpoint: Mapping[str, Any] | None = None
    """The whole signed checkpoint, when the anchor carries it (not a SIEM event)."""

    @property
    def final(self) -> bool:
        """The checkpoint a clean stop wrote."""
        return bool(self.checkpoint and self.checkpoint.get("final"))

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """`SEQ:SHA256HEX`, a checkpoint's number and hash given by hand."""
        seq, _, digest = text.partition(":")
        if not seq.isdigit() or not _HASH.fullmatch(digest.lower()):
            raise ValueError(f"an anchor is SEQ:SHA256HEX (a checkpoint's seq and hash), not {text!r}")
        return cls(int(seq), digest.lower(), "--anchor")


def anchor_line(checkpoint: Mapping[str, Any]) -> bytes:
    return canonical(checkpoint) + b"\n"


class AnchorStore:
    """Where the writer puts each checkpoint off the host: a folder (one file per checkpoint)
    if `path` is one, else a file it appends to."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def put(self, checkpoint: Mapping[str, Any]) -> None:
        """Raises OSError if the anchor could not be made durable."""
        line = anchor_line(checkpoint)
        if self.path.is_dir():
            target = self.path / f"{ANCHOR_PREFIX}{int(checkpoint['seq']):012d}{ANCHOR_SUFFIX}"
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                _write_all(descriptor, line)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            fsync_directory(self.path)
            return
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            _write_all(descriptor, line)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def read_anchors(paths: Iterable[Path]) -> list[Anchor]:
    """Every checkpoint the files (or folders of anchor files) name; AnchorError if one
    cannot be read or holds no checkpoint at all (the wrong file was given)."""
    anchors: list[Anchor] = []
    for path in paths:
        found = list(_read(path))
        if not found:
            raise AnchorError(f"{path} holds no checkpoint: give the anchor file or folder, or a SIEM export")
        anchors += found
    return anchors


def _read(path: Path) -> Iterator[Anchor]:
    try:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and not child.name.startswith("."):
                    yield from _lines(child, child.read_bytes())
            return
        yield from _lines(path, path.read_bytes())
    except OSError as e:
        raise AnchorError(f"cannot read the anchors in {path} ({e.strerror})") from e


def _lines(path: Path, data: bytes) -> Iterator[Anchor]:
    for number, raw in enumerate(data.splitlines(), 1):
        text = raw.decode("utf-8", "replace")
        anchor = from_siem_line(text, f"{path.name}:{number}")
        if anchor is not None:
            yield anchor


def from_siem_line(text: str, where: str) -> Anchor | None:
    """The checkpoint a line names: an anchor line, an OCSF event, a CEF or LEEF event."""
    start = text.find("{")
    if start >= 0:
        try:
            parsed = orjson.loads(text[start:])
        except orjson.JSONDecodeError:
            parsed = None
        if isinstance(parsed, dict):
            return _from_json(parsed, where)
    if _CEF_CHECKPOINT.search(text):
        return _from_pairs(text, where, seq_key="cn1", hash_key="cs6")
    if _LEEF_CHECKPOINT.search(text):
        return _from_pairs(text, where, seq_key="auditSeq", hash_key="chainHash")
    return None


def _from_json(parsed: Mapping[str, Any], where: str) -> Anchor | None:
    if parsed.get("type") == CHECKPOINT and isinstance(parsed.get("seq"), int):
        digest = str(parsed.get("hash", ""))
        return Anchor(parsed["seq"], digest, where, parsed) if _HASH.fullmatch(digest) else None
    metadata = parsed.get("metadata")
    unmapped = parsed.get("unmapped")
    if not isinstance(metadata, dict) or not isinstance(unmapped, dict):
        return None
    if unmapped.get("pretense_record") != CHECKPOINT or not isinstance(metadata.get("sequence"), int):
        return None
    digest = str(metadata.get("uid", ""))
    return Anchor(metadata["sequence"], digest, where) if _HASH.fullmatch(digest) else None


def _from_pairs(text: str, where: str, seq_key: str, hash_key: str) -> Anchor | None:
    seq = re.search(_FIELD.format(name=seq_key), text)
    digest = re.search(_FIELD.format(name=hash_key), text)
    if seq is None or digest is None or not seq.group(1).isdigit() or not _HASH.fullmatch(digest.group(1)):
        return None
    return Anchor(int(seq.group(1)), digest.group(1), where)
