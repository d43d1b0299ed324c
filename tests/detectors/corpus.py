"""The labeled corpus in tests/detectors/corpus (see its README), in two halves, and how a
scanner is scored on it: recall over the labeled values, precision over what it reports."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).with_name("corpus")
# Detectors are tuned against this half only.
TUNING = ROOT / "tuning"
# Written apart from the tuning half and before the detectors it measures; never tuned against.
HELDOUT = ROOT / "heldout"
MARK = re.compile(r"⟦([a-z_]+)/([a-z0-9_]+):(.*?)⟧", re.DOTALL)


@dataclass(frozen=True)
class Labeled:
    kind: str
    variant: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.kind}/{self.variant}"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    secrets: tuple[Labeled, ...]


def load(half: Path = TUNING) -> list[Case]:
    cases = []
    for path in sorted(half.glob("*/*")):
        if path.parent.name not in ("positives", "negatives"):
            continue
        marked = path.read_text(encoding="utf-8")
        pieces: list[str] = []
        secrets: list[Labeled] = []
        position = 0
        length = 0
        for mark in MARK.finditer(marked):
            before = marked[position : mark.start()]
            pieces.append(before)
            length += len(before)
            value = mark.group(3)
            secrets.append(Labeled(mark.group(1), mark.group(2), length, length + len(value)))
            pieces.append(value)
            length += len(value)
            position = mark.end()
        pieces.append(marked[position:])
        text = "".join(pieces)
        if "⟦" in text or "⟧" in text:
            raise ValueError(f"{path}: a marker is malformed")
        if path.parent.name == "negatives" and secrets:
            raise ValueError(f"{path}: a negative holds a marker")
        cases.append(Case(f"{half.name}/{path.parent.name}/{path.name}", text, tuple(secrets)))
    return cases


# What a scanner reports for a text: (kind, start, end) of each value.
Spans = Callable[[str], Iterable[tuple[str, int, int]]]


@dataclass
class Score:
    labeled: Counter[str] = field(default_factory=Counter)  # by label
    detected: Counter[str] = field(default_factory=Counter)  # some finding overlaps the value
    covered: Counter[str] = field(default_factory=Counter)  # findings hide every character
    kind_right: int = 0
    reported: int = 0
    false: list[str] = field(default_factory=list)  # file: value of each false positive
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.detected.values()) / max(1, sum(self.labeled.values()))

    @property
    def coverage(self) -> float:
        return sum(self.covered.values()) / max(1, sum(self.labeled.values()))

    @property
    def precision(self) -> float:
        return (self.reported - len(self.false)) / max(1, self.reported)


def score(cases: Sequence[Case], spans: Spans, group: Callable[[str], bool] = lambda kind: True) -> Score:
    """Recall over the labelled values of the kinds in `group`, precision over the findings of
    those kinds (a finding is false where it overlaps no labelled value at all)."""
    result = Score()
    for case in cases:
        found = sorted(set(spans(case.text)), key=lambda s: s[1])
        for kind, start, end in found:
            if not group(kind):
                continue
            result.reported += 1
            if not any(start < s.end and s.start < end for s in case.secrets):
                result.false.append(f"{case.name}: {kind} {case.text[start:end][:60]!r}")
        for secret in case.secrets:
            if not group(secret.kind):
                continue
            result.labeled[secret.label] += 1
            overlapping = [f for f in found if f[1] < secret.end and secret.start < f[2]]
            if overlapping:
                result.detected[secret.label] += 1
                result.kind_right += any(f[0] == secret.kind for f in overlapping)
            hidden = set()
            for _, start, end in overlapping:
                hidden.update(range(max(start, secret.start), min(end, secret.end)))
            if len(hidden) == secret.end - secret.start:
                result.covered[secret.label] += 1
            else:
                value = case.text[secret.start : secret.end]
                result.missed.append(f"{case.name}: {secret.label} {value[:60]!r}")
    return result
