"""Puts original names back where an answer holds pseudonyms, in one piece or streamed.

Pseudonyms are found by their shape, so names the model builds from them
(`test_zq_kbmrtxalh`, `ZqKbmrtxalhFactory`) are restored too; text that merely looks like
a pseudonym but was never issued is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from mutators.base import StreamRestorer, Syntax
from mutators.pseudonym import PSEUDONYM

# A tail that may still grow into a pseudonym: a marker start with at most a partial body.
_PARTIAL = re.compile(r"[zZ]\Z|(?:zq|Zq|ZQ)_?[a-pr-yA-PR-Y]{0,8}\Z")
_LONGEST_PARTIAL = len("zq_") + 8


class PseudonymRestoration:
    """Undoes one request's renaming; `originals` maps each pseudonym core to its name core."""

    def __init__(self, originals: Mapping[str, str]) -> None:
        self.originals = dict(originals)

    @property
    def active(self) -> bool:
        return bool(self.originals)

    def restore(self, text: str) -> str:
        if not self.originals or ("q" not in text and "Q" not in text):
            return text
        return PSEUDONYM.sub(self._original, text)

    def restorer(self, syntax: Syntax) -> StreamRestorer:
        # Originals are identifiers: the same in plain text and inside JSON strings.
        return HeldBackStream(self.restore, _PARTIAL, _LONGEST_PARTIAL, "zZ")

    def _original(self, match: re.Match[str]) -> str:
        return self.originals.get(match.group(), match.group())


class HeldBackStream:
    """Restores a stream fed in arbitrary pieces, holding back only a tail that could still
    become a token: one that starts with one of `starts` and matches `partial` to the end."""

    def __init__(self, restore: Callable[[str], str], partial: re.Pattern[str], longest: int, starts: str):
        self._restore = restore
        self._partial = partial
        self._longest = longest
        self._starts = starts
        self._held = ""

    def feed(self, text: str) -> str:
        text = self._held + text
        cut = len(text)
        for start in range(max(0, len(text) - self._longest), len(text)):
            if text[start] in self._starts and self._partial.match(text, start):
                cut = start
                break
        self._held = text[cut:]
        return self._restore(text[:cut])

    def flush(self) -> str:
        held, self._held = self._held, ""
        return self._restore(held)
