"""Commit trailers: the attestation packed into one trailer line, and the trailer block of
a commit message, read and written the way git lays it out.

`Pretense-Attestation: v1.KEYID.PAYLOAD.SIGNATURE` is a compact serialisation of a DSSE
envelope (as JWS has one): the payload type is always in-toto's, KEYID is the signing key's
id (the first 16 hex digits of its fingerprint, a hint as DSSE says), PAYLOAD the statement
deflated, PAYLOAD and SIGNATURE in unpadded base64url. It is bounded: refused past
`MAX_TRAILER` characters when written (the predicate leaves detail out first), and reading
inflates at most `MAX_STATEMENT` bytes, so a crafted trailer cannot blow up.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from attestations.dsse import Envelope, Signature
from attestations.errors import MalformedAttestation
from attestations.statement import PAYLOAD_TYPE

ATTESTATION = "Pretense-Attestation"
UNATTESTED = "Pretense-Unattested"
"""Why the hook could not attest the commit (the proxy was not reachable, say)."""
ASSISTED_BY = "Assisted-by"
"""`Assisted-by: AGENT:MODEL`, the Linux kernel's convention for AI assistance."""
OURS = frozenset({ATTESTATION.lower(), UNATTESTED.lower()})
"""The trailers the hook replaces on every run (an amend gets a new attestation)."""
VERSION = "v1"
MAX_TRAILER = 8192
MAX_STATEMENT = 65536
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
_TRAILER = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
# Lines git itself puts in a trailer block without being trailers.
_GIT_LINES = ("(cherry picked from commit ",)
SCISSORS = "------------------------ >8 ------------------------"


@dataclass(frozen=True, slots=True)
class Trailer:
    key: str
    value: str


def encode(envelope: Envelope) -> str:
    if envelope.payload_type != PAYLOAD_TYPE or len(envelope.signatures) != 1:
        raise MalformedAttestation("only an in-toto statement with one signature goes in a trailer")
    if len(envelope.payload) > MAX_STATEMENT:  # what a reader would refuse to inflate
        raise MalformedAttestation(
            f"the statement takes {len(envelope.payload)} bytes (at most {MAX_STATEMENT})"
        )
    signature = envelope.signatures[0]
    parts = (VERSION, signature.keyid[:16], _b64(zlib.compress(envelope.payload, 9)), _b64(signature.sig))
    value = ".".join(parts)
    if len(value) > MAX_TRAILER:
        raise MalformedAttestation(
            f"the attestation would take {len(value)} characters (at most {MAX_TRAILER})"
        )
    return value


def decode(value: str) -> Envelope:
    """The envelope a trailer value carries; raises MalformedAttestation saying why not."""
    parts = value.strip().split(".")
    if parts[0] != VERSION:
        raise MalformedAttestation(f"the {ATTESTATION} trailer does not start with {VERSION}.")
    if len(value) > MAX_TRAILER or len(parts) != 4 or not all(_BASE64URL.fullmatch(p) for p in parts[1:]):
        raise MalformedAttestation(
            f"the {ATTESTATION} trailer is not {VERSION}.KEYID.PAYLOAD.SIGNATURE of a bounded size"
        )
    _, keyid, packed, sig = parts
    if not _KEY_ID.fullmatch(keyid):
        raise MalformedAttestation(f"the {ATTESTATION} trailer's key id is not 16 hex digits")
    inflate = zlib.decompressobj()
    try:
        payload = inflate.decompress(_unb64(packed), MAX_STATEMENT)
    except zlib.error as e:
        raise MalformedAttestation(f"the {ATTESTATION} trailer's payload does not inflate ({e})") from None
    if inflate.unconsumed_tail or not inflate.eof:
        raise MalformedAttestation(
            f"the {ATTESTATION} trailer's payload is cut off or inflates past {MAX_STATEMENT} bytes"
        )
    return Envelope(PAYLOAD_TYPE, payload, (Signature(keyid, _unb64(sig)),))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise MalformedAttestation(f"the {ATTESTATION} trailer is not valid base64url") from None


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


def with_trailers(message: str, added: Sequence[Trailer], comment: str = "#") -> str:
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
