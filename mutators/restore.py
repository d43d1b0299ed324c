"""Puts original names back where an answer holds pseudonyms, in one piece or streamed.

Pseudonyms are found by their shape, so names the model builds from them
(`test_zq_kbmrtxalh`, `ZqKbmrtxalhFactory`) are restored too; text that merely looks like
a pseudonym but was never issued is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
        return _PseudonymStream(self)

    def _original(self, match: re.Match[str]) -> str:
        return self.originals.get(match.group(), match.group())


class _PseudonymStream:
    """Holds back only a tail that could still become a pseudonym."""

    def __init__(self, restoration: PseudonymRestoration) -> None:
        self._restoration = restoration
        self._held = ""

    def feed(self, text: str) -> str:
        text = self._held + text
        cut = len(text)
        window_start = max(0, len(text) - _LONGEST_PARTIAL)
        for start in range(window_start, len(text)):
            if text[start] in "zZ" and _PARTIAL.match(text, start):
                cut = start
                break
        self._held = text[cut:]
        return self._restoration.restore(text[:cut])

    def flush(self) -> str:
        held, self._held = self._held, ""
        return self._restoration.restore(held)
