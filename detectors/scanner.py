"""Runs the detectors over a text: anchors first (byte searches in a view of the text),
patterns only where an anchor occurs, checks only on what the patterns match; each text's
findings are remembered, so a conversation resent every turn is scanned once."""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import ahocorasick

from detectors.base import Category, Detector, Finding, View, Views
from detectors.catalog import CATALOG, AccountNumber


class Scanner:
    """Finds secrets and client data; `scan` returns them sorted, never overlapping."""

    def __init__(
        self,
        detectors: Iterable[Detector],
        cache_entries: int = 4096,
        cache_chars: int = 64 << 20,
    ) -> None:
        self.detectors = tuple(detectors)
        self._rank = [(-d.priority, order) for order, d in enumerate(self.detectors)]
        self._anchors = _Anchors(self.detectors)
        self._cache: OrderedDict[str, tuple[Finding, ...]] = OrderedDict()
        self._cache_entries = cache_entries
        self._cache_chars = cache_chars
        self._cached_chars = 0

    @property
    def cached_chars(self) -> int:
        """How much text the scanner remembers the findings of."""
        return self._cached_chars

    def scan(self, text: str) -> tuple[Finding, ...]:
        found = self._cache.get(text)
        if found is not None:
            self._cache.move_to_end(text)
            return found
        found = self._scan(text)
        self._remember(text, found)
        return found

    def _scan(self, text: str) -> tuple[Finding, ...]:
        views = Views(text)
        hits = self._anchors.hits(views)
        candidates = []
        for index, detector in enumerate(self.detectors):
            if detector.anchors or detector.anchor_pattern:
                found = hits.get(index) if index in self._anchors.indexed else detector.own_hits(views)
                if not found:
                    continue
            else:
                found = []
            candidates += [(self._rank[index], finding) for finding in detector.find(views, found)]
        return _resolve(candidates) if candidates else ()

    def _remember(self, text: str, found: tuple[Finding, ...]) -> None:
        self._cache[text] = found
        self._cached_chars += len(text)
        while len(self._cache) > self._cache_entries or self._cached_chars > self._cache_chars:
            old, _ = self._cache.popitem(last=False)
            self._cached_chars -= len(old)


class _Anchors:
    """Every raw and lower-case anchor of every detector, found in one pass over the text's
    lower-cased view (Aho-Corasick); a raw anchor is then checked in its own case."""

    def __init__(self, detectors: Sequence[Detector]) -> None:
        entries: dict[str, list[tuple[int, bytes, bool]]] = {}
        self.indexed: set[int] = set()
        for index, detector in enumerate(detectors):
            if detector.view is View.SHAPE or detector.anchor_pattern is not None:
                continue
            for anchor in detector.byte_anchors:
                exact = detector.view is View.RAW
                entries.setdefault(anchor.lower().decode("latin-1"), []).append((index, anchor, exact))
                self.indexed.add(index)
        self._automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            self._automaton.add_word(key, (len(key), tuple(value)))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def hits(self, views: Views) -> dict[int, list[tuple[int, bytes]]]:
        found: dict[int, list[tuple[int, bytes]]] = {}
        if self._empty:
            return found
        raw = views.raw
        for end, (length, entries) in self._automaton.iter(views.lower_text):
            start = end - length + 1
            for index, anchor, exact in entries:
                if not exact or raw.startswith(anchor, start):
                    found.setdefault(index, []).append((start, anchor))
        return found


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


def known_names() -> frozenset[str]:
    """Every kind and category a finding can have: what a policy may block."""
    kinds = {cls.kind for cls in CATALOG} | {AccountNumber.kind}
    return frozenset(kinds | {c.value for c in Category})


def default_scanner(account_patterns: Sequence[str] = ()) -> Scanner:
    detectors: list[Detector] = [cls() for cls in CATALOG]
    if account_patterns:
        detectors.append(AccountNumber(tuple(account_patterns)))
    return Scanner(detectors)
