"""Runs the detectors over a text: anchors first, patterns only where an anchor occurs,
checks only on what the patterns match; each text's findings are remembered, so a
conversation resent every turn is scanned once."""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence

from detectors.base import Category, Detector, Finding
from detectors.catalog import CATALOG, AccountNumber

_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}


class Scanner:
    """Finds secrets and client data; `scan` returns them sorted, never overlapping."""

    def __init__(
        self,
        detectors: Iterable[Detector],
        cache_entries: int = 4096,
        cache_chars: int = 64 << 20,
    ) -> None:
        self.detectors = tuple(detectors)
        self._rank = {id(d): (-d.priority, order) for order, d in enumerate(self.detectors)}
        self._cache: OrderedDict[str, tuple[Finding, ...]] = OrderedDict()
        self._cache_entries = cache_entries
        self._cache_chars = cache_chars
        self._cached_chars = 0

    def scan(self, text: str) -> tuple[Finding, ...]:
        found = self._cache.get(text)
        if found is not None:
            self._cache.move_to_end(text)
            return found
        found = self._scan(text)
        self._remember(text, found)
        return found

    def _scan(self, text: str) -> tuple[Finding, ...]:
        lowered: str | None = None
        candidates: list[tuple[tuple[int, int], Finding]] = []
        for detector in self.detectors:
            haystack = text
            if detector.lower_anchors:
                lowered = lowered if lowered is not None else _lower(text)
                haystack = lowered
            rank = self._rank[id(detector)]
            for finding in _run(detector, text, haystack):
                candidates.append((rank, finding))
        if not candidates:
            return ()
        return _resolve(candidates)

    def _remember(self, text: str, found: tuple[Finding, ...]) -> None:
        self._cache[text] = found
        self._cached_chars += len(text)
        while len(self._cache) > self._cache_entries or self._cached_chars > self._cache_chars:
            old, _ = self._cache.popitem(last=False)
            self._cached_chars -= len(old)


def _run(detector: Detector, text: str, haystack: str) -> Iterator[Finding]:
    if not detector.anchors:
        yield from detector.find(text)
        return
    if not detector.near:
        if any(anchor in haystack for anchor in detector.anchors):
            yield from detector.find(text)
        return
    for start, end in _windows(haystack, detector.anchors, detector.reach):
        yield from detector.find(text, start, end)


def _windows(haystack: str, anchors: Sequence[str], reach: tuple[int, int]) -> list[tuple[int, int]]:
    """The stretches around each anchor occurrence, merged where they overlap."""
    hits: list[int] = []
    for anchor in anchors:
        position = haystack.find(anchor)
        while position >= 0:
            hits.append(position)
            position = haystack.find(anchor, position + 1)
    if not hits:
        return []
    hits.sort()
    before, after = reach
    windows: list[tuple[int, int]] = []
    for hit in hits:
        start, end = max(0, hit - before), min(len(haystack), hit + after)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _resolve(candidates: list[tuple[tuple[int, int], Finding]]) -> tuple[Finding, ...]:
    """Keeps the best-ranked finding wherever several cover the same characters."""
    candidates.sort(key=lambda c: (c[0], c[1].start, c[1].start - c[1].end))
    starts: list[int] = []
    kept: list[Finding] = []
    for _, finding in candidates:
        index = bisect.bisect_right(starts, finding.start)
        if index and kept[index - 1].end > finding.start:
            continue
        if index < len(kept) and kept[index].start < finding.end:
            continue
        starts.insert(index, finding.start)
        kept.insert(index, finding)
    return tuple(kept)


def _lower(text: str) -> str:
    """Lower case with the same length as the text, so that offsets carry over."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


def known_names() -> frozenset[str]:
    """Every kind and category a finding can have: what a policy may block."""
    kinds = {cls.kind for cls in CATALOG} | {AccountNumber.kind}
    return frozenset(kinds | {c.value for c in Category})


def default_scanner(account_patterns: Sequence[str] = ()) -> Scanner:
    detectors: list[Detector] = [cls() for cls in CATALOG]
    if account_patterns:
        detectors.append(AccountNumber(tuple(account_patterns)))
    return Scanner(detectors)
