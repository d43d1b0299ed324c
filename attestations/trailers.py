"""The trailer block of a commit message, read and written the way git lays it out: our
trailers (`Pretense-Attestation`, `Pretense-Unattested`, `Assisted-by`) go in the last
paragraph, before the comments and scissors an editor shows, replacing our earlier ones.

Light on purpose: the commit hooks import it (`attestations.compact` packs the envelope).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from attestations.errors import MalformedAttestation

ATTESTATION = "Pretense-Attestation"
UNATTESTED = "Pretense-Unattested"
"""Why the hook could not attest the commit (the proxy was not reachable, say)."""
ASSISTED_BY = "Assisted-by"
"""`Assisted-by: AGENT:MODEL`, the Linux kernel's convention for AI assistance."""
OURS = frozenset({ATTESTATION.lower(), UNATTESTED.lower()})
"""The trailers the hook replaces on every run (an amend gets a new attestation)."""
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
_TRAILER = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)")
# Lines git itself puts in a trailer block without being trailers.
_GIT_LINES = ("(cherry picked from commit ",)
SCISSORS = "------------------------ >8 ------------------------"


@dataclass(frozen=True, slots=True)
class Trailer:
    key: str
    value: str


def trailers(message: str) -> list[Trailer]:
    """The trailers of a commit message: its last paragraph, when that is a trailer block."""
    block = _last_paragraph(message.splitlines())
    if block is None:
        return []
    found: list[Trailer] = []
    for line in block:
        if line[:1] in (" ", "\t") and found:
            found[-1] = Trailer(found[-1].key, f"{found[-1].value} {line.strip()}")
            continue
        match = _TRAILER.fullmatch(line)
        if match:
            found.append(Trailer(match.group(1), match.group(2).strip()))
    return found


def values(message: str, key: str) -> list[str]:
    return [t.value for t in trailers(message) if t.key.lower() == key.lower()]


def with_trailers(
    message: str, added: Sequence[Trailer], comment: str = "#", dropped: Sequence[Trailer] = ()
) -> str:
    """The message with our previous trailers replaced by `added` (and an `Assisted-by`
    added only if the same one is not there), before any comment lines and scissors the
    editor shows (git strips those after the hook)."""
    for trailer in added:
        if not _KEY.fullmatch(trailer.key) or "\n" in trailer.value or "\r" in trailer.value:
            raise MalformedAttestation(f"not a trailer: {trailer.key}: {trailer.value[:40]}")
    lines = message.splitlines()
    end = _body_end(lines, comment)
    body, tail = lines[:end], lines[end:]
    if not any(line.strip() for line in tail):
        tail = []
    while body and not body[-1].strip():
        body.pop()
    start = _paragraph_start(body)
    # The first paragraph is the subject, never trailers (`Fix: the bug` is not one).
    if start and _is_trailer_block(body[start:]):
        kept, head = _without(body[start:], OURS), body[:start]
        gone = {(t.key.lower(), t.value) for t in dropped}
        kept = [line for line in kept if _key_value(line) not in gone]
    else:
        kept, head = [], body
    present = {(m.group(1).lower(), m.group(2).strip()) for m in map(_TRAILER.fullmatch, kept) if m}
    new = [f"{t.key}: {t.value}" for t in added if (t.key.lower(), t.value) not in present]
    block_lines = kept + new
    if not block_lines:
        out = head
    elif head and head[-1].strip():
        out = [*head, "", *block_lines]
    else:
        out = [*head, *block_lines]
    return "\n".join([*out, *tail]) + "\n"


def _last_paragraph(lines: Sequence[str]) -> list[str] | None:
    lines = list(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    start = _paragraph_start(lines)
    if start is None or start == 0:
        return None  # a message that is one paragraph has a subject, not trailers
    block = lines[start:]
    return block if _is_trailer_block(block) else None


def _paragraph_start(lines: Sequence[str]) -> int | None:
    if not lines:
        return None
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].strip():
            return index + 1
    return 0


def _is_trailer_block(block: Iterable[str]) -> bool:
    seen = False
    for line in block:
        if _TRAILER.fullmatch(line):
            seen = True
        elif line[:1] in (" ", "\t") and seen:
            continue
        elif not line.startswith(_GIT_LINES):
            return False
    return seen


def _without(block: list[str], keys: frozenset[str]) -> list[str]:
    kept: list[str] = []
    dropping = False
    for line in block:
        if line[:1] not in (" ", "\t"):  # a continuation goes with its trailer
            match = _TRAILER.fullmatch(line)
            dropping = match is not None and match.group(1).lower() in keys
        if not dropping:
            kept.append(line)
    return kept


def _body_end(lines: Sequence[str], comment: str) -> int:
    """Where the editor's comments begin: the scissors line, else the run of comment lines
    at the end."""
    for index, line in enumerate(lines):
        if line.startswith(comment) and SCISSORS in line:
            return index
    end = len(lines)
    while end > 0 and (lines[end - 1].startswith(comment) or not lines[end - 1].strip()):
        end -= 1
    return end


def _key_value(line: str) -> tuple[str, str] | None:
    match = _TRAILER.fullmatch(line)
    return (match.group(1).lower(), match.group(2).strip()) if match else None
