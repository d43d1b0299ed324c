"""A stand-in transform for tests: swaps listed words for fixed pseudonyms and back.

It is not the mutation engine; it exercises the seam every wire format must carry.
Pseudonyms must not overlap one another (no pseudonym's suffix starts another).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from detectors import Category, Finding
from mutators.base import Rewrite, StreamRestorer, Syntax, TextField


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class SwapTransform:
    def __init__(self, pseudonyms: Mapping[str, str]) -> None:
        self.pseudonyms = dict(pseudonyms)
        self._forward = _pattern(list(pseudonyms))

    def apply(self, fields: Sequence[TextField]) -> Rewrite:
        texts = [self._forward.sub(lambda m: self.pseudonyms[m.group()], f.text) for f in fields]
        changed = any(new != f.text for new, f in zip(texts, fields, strict=True))
        return Rewrite(texts, SwapRestoration({v: k for k, v in self.pseudonyms.items()}, changed))


class SwapRestoration:
    def __init__(self, originals: Mapping[str, str], active: bool) -> None:
        self.originals = dict(originals)
        self._active = active

    @property
    def active(self) -> bool:
        return self._active

    def restorer(self, syntax: Syntax) -> StreamRestorer:
        return SwapRestorer(self.originals, syntax)


class SwapRestorer:
    """Holds back only a tail that could still become a pseudonym."""

    def __init__(self, originals: Mapping[str, str], syntax: Syntax) -> None:
        self.originals = originals
        self.syntax = syntax
        self._pattern = _pattern(list(originals))
        self._held = ""

    def _restore(self, text: str) -> str:
        if not self.originals:
            return text

        def original(match: re.Match[str]) -> str:
            value = self.originals[match.group()]
            return json.dumps(value)[1:-1] if self.syntax is Syntax.JSON else value

        return self._pattern.sub(original, text)

    def feed(self, text: str) -> str:
        text = self._held + text
        keep = 0
        for pseudonym in self.originals:
            for size in range(min(len(pseudonym) - 1, len(text)), keep, -1):
                if text.endswith(pseudonym[:size]):
                    keep = size
                    break
        self._held = text[len(text) - keep :] if keep else ""
        return self._restore(text[: len(text) - keep])

    def flush(self) -> str:
        held, self._held = self._held, ""
        return self._restore(held)


class ActiveIdentity:
    """Restores nothing but claims to be active, so that every event is parsed and rewritten."""

    active = True

    def restorer(self, syntax: Syntax) -> StreamRestorer:
        return SwapRestorer({}, syntax)


class FixedScanner:
    """Finds the listed values wherever they occur, as the given kinds."""

    def __init__(self, values: Mapping[str, tuple[str, Category]]) -> None:
        self.values = dict(values)

    def scan(self, text: str) -> tuple[Finding, ...]:
        found = [
            Finding(kind, category, match.start(), match.end())
            for value, (kind, category) in self.values.items()
            for match in re.finditer(re.escape(value), text)
        ]
        return tuple(sorted(found, key=lambda f: f.start))
