"""Pseudonyms for proprietary identifiers: keyed, deterministic, same case style, and
distinctive enough that restoring them never touches real text.

A pseudonym is a marker (`zq`, `Zq` or `ZQ`, never found inside a body) then nine letters
drawn from a keyed HMAC of the name (24 letters, no `q` or `z`: 41 bits), styled like the
original: `account_holder` -> `zq_kbmrtxalh`, `AccountHolder` -> `ZqKbmrtxalh`,
`MAX_RETRIES` -> `ZQ_KBMRTXALH`. Leading and trailing underscores are kept as they are.
"""

from __future__ import annotations

import enum
import hmac
import re
from collections.abc import Container

from mutators.memo import Memo

ALPHABET = "abcdefghijklmnoprstuvwxy"  # no q or z, so the marker never occurs in a body
BODY_LENGTH = 9  # 24 ** 9 > 2 ** 41
PSEUDONYM = re.compile(r"(?:zq|Zq|ZQ)_?[a-pr-yA-PR-Y]{9}")
FRAGMENT = 4  # no run of this many letters of the original may appear in its pseudonym


class CaseStyle(enum.Enum):
    LOWER = "lower"  # rebalance
    SNAKE = "snake"  # account_holder
    UPPER = "upper"  # URL
    UPPER_SNAKE = "upper_snake"  # MAX_RETRIES
    CAMEL = "camel"  # accountHolder
    PASCAL = "pascal"  # AccountHolder


def case_style(core: str) -> CaseStyle:
    """The style of a name without its leading and trailing underscores."""
    letters = [c for c in core if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return CaseStyle.UPPER_SNAKE if "_" in core else CaseStyle.UPPER
    if core[:1].isupper():
        return CaseStyle.PASCAL
    if any(c.isupper() for c in letters):
        return CaseStyle.CAMEL
    return CaseStyle.SNAKE if "_" in core else CaseStyle.LOWER


def styled(body: str, style: CaseStyle) -> str:
    match style:
        case CaseStyle.LOWER:
            return "zq" + body
        case CaseStyle.SNAKE:
            return "zq_" + body
        case CaseStyle.UPPER:
            return "ZQ" + body.upper()
        case CaseStyle.UPPER_SNAKE:
            return "ZQ_" + body.upper()
        case CaseStyle.CAMEL:
            return "zq" + body.capitalize()
        case CaseStyle.PASCAL:
            return "Zq" + body.capitalize()


def split_edges(name: str) -> tuple[str, str, str]:
    """Leading underscores, the core, trailing underscores."""
    core = name.strip("_")
    lead = len(name) - len(name.lstrip("_"))
    return name[:lead], core, name[lead + len(core) :]


def _fragments(name: str) -> set[str]:
    lowered = name.lower()
    return {lowered[i : i + FRAGMENT] for i in range(len(lowered) - FRAGMENT + 1)}


class Pseudonymizer:
    """Derives pseudonyms from a secret key; the same key gives the same pseudonyms on every
    machine and after every restart."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a pseudonym key needs at least 128 bits")
        self._key = key
        # Names recur in every turn of a conversation: derive each pseudonym once.
        self._first: Memo[str, str] = Memo(8 << 20)

    def core(self, core: str, taken: Container[str] = ()) -> str:
        """The pseudonym of a name's core, avoiding every string in `taken`."""
        attempt = 0
        candidate = self._first.get(core)
        if candidate is None:
            candidate = self._candidate(core, 0)
            self._first.put(core, candidate, 2 * len(core) + 64)
        while candidate in taken:
            attempt += 1
            candidate = self._candidate(core, attempt)
        return candidate

    def _candidate(self, core: str, attempt: int) -> str:
        fragments = _fragments(core)
        style = case_style(core)
        while True:
            candidate = styled(self._body(core, attempt), style)
            if fragments.isdisjoint(_fragments(candidate)):
                return candidate
            attempt += 1

    def _body(self, core: str, attempt: int) -> str:
        message = core.encode() if attempt == 0 else f"{core}\x00{attempt}".encode()
        number = int.from_bytes(hmac.digest(self._key, message, "sha256")[:8])
        letters = []
        for _ in range(BODY_LENGTH):
            number, digit = divmod(number, len(ALPHABET))
            letters.append(ALPHABET[digit])
        return "".join(letters)
