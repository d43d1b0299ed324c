"""Runs the detectors over a text: anchors first (one Aho-Corasick pass over the text's
lower-cased view, one over its shape), patterns only where an anchor occurs, checks only on
what the patterns match, then the negatives (ciphertext envelopes, documented examples); each
text's findings are remembered, so a conversation resent every turn is scanned once."""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence

from ahocorasick_rs import BytesAhoCorasick, Implementation

from detectors import negatives
from detectors.base import Anchored, Category, Detector, Finding, View, Views
from detectors.catalog import CATALOG
from detectors.families.client_data import AccountNumber

Hits = dict[int, list[tuple[int, bytes]]]


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
        self._envelopes = tuple(cls() for cls in negatives.ENVELOPES)
        self._anchors = _Anchors([*self.detectors, *self._envelopes])
        # Detectors the automatons cannot trigger: an anchor pattern, or no anchor at all.
        self._unanchored = [
            index for index, d in enumerate(self.detectors) if d.anchor_pattern is not None or not d.anchors
        ]
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
        count = len(self.detectors)
        for index in [i for i in hits if i < count] + self._unanchored:
            detector = self.detectors[index]
            if detector.anchor_pattern is not None:
                found = detector.own_hits(views)
                if not found:
                    continue
            else:
                found = hits.get(index, [])
            candidates += [(self._rank[index], finding) for finding in detector.find(views, found)]
        if not candidates:
            return ()
        return _resolve(self._without_negatives(views, hits, candidates))

    def _without_negatives(
        self, views: Views, hits: Hits, candidates: list[tuple[tuple[int, int], Finding]]
    ) -> list[tuple[tuple[int, int], Finding]]:
        """Drops what sits inside a ciphertext envelope and what is a documented example."""
        count = len(self.detectors)
        regions = sorted(
            region
            for index, envelope in enumerate(self._envelopes, count)
            if index in hits
            for region in envelope.regions(views, hits[index])
        )
        text = views.text
        return [
            (rank, f)
            for rank, f in candidates
            if not any(start < f.end and f.start < end for start, end in regions)
            and not negatives.is_documented(text[f.start : f.end])
        ]

    def _remember(self, text: str, found: tuple[Finding, ...]) -> None:
        self._cache[text] = found
        self._cached_chars += len(text)
        while len(self._cache) > self._cache_entries or self._cached_chars > self._cache_chars:
            old, _ = self._cache.popitem(last=False)
            self._cached_chars -= len(old)


class _Anchors:
    """Every anchor of every detector and envelope, in two automatons: raw and lower-case
    anchors over the text's lower-cased view (a raw anchor is then checked in its own case),
    shape anchors over its shape. One pass each, however many detectors there are; both
    views are bytes, one per character, so a match's offsets are the text's."""

    def __init__(self, anchored: Sequence[Anchored]) -> None:
        text_entries: dict[bytes, list[tuple[int, bytes, bool]]] = {}
        shape_entries: dict[bytes, list[tuple[int, bytes, bool]]] = {}
        for index, item in enumerate(anchored):
            if item.anchor_pattern is not None:
                continue
            shape = item.view is View.SHAPE
            entries = shape_entries if shape else text_entries
            for anchor in item.byte_anchors:
                entries.setdefault(anchor if shape else anchor.lower(), []).append(
                    (index, anchor, item.view is View.RAW)
                )
        self._text = _Automaton(text_entries)
        self._shape = _Automaton(shape_entries)

    def hits(self, views: Views) -> Hits:
        found: Hits = {}
        raw = views.raw
        for start, entries in self._text.matches(views.lower):
            for index, anchor, exact in entries:
                if not exact or raw.startswith(anchor, start):
                    found.setdefault(index, []).append((start, anchor))
        for start, entries in self._shape.matches(views.shape):
            for index, anchor, _ in entries:
                found.setdefault(index, []).append((start, anchor))
        return found


class _Automaton:
    """Aho-Corasick over bytes, overlapping matches included: a DFA (ahocorasick-rs), whose
    pass costs about the same whatever the number of anchors."""

    def __init__(self, entries: dict[bytes, list[tuple[int, bytes, bool]]]) -> None:
        keys = list(entries)
        self._entries = [tuple(entries[key]) for key in keys]
        self._automaton = BytesAhoCorasick(keys, implementation=Implementation.DFA) if keys else None

    def matches(self, haystack: bytes) -> Iterator[tuple[int, tuple[tuple[int, bytes, bool], ...]]]:
        if self._automaton is None:
            return
        entries = self._entries
        for key, start, _ in self._automaton.find_matches_as_indexes(haystack, overlapping=True):
            yield start, entries[key]


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
