"""What a detector reports, and the declarative shape every detector (and every negative
the scanner knows) has: anchors looked up in one pass, patterns run only around them."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from detectors import checks


class Category(enum.Enum):
    """What a finding is, for the policy: it can block a whole category or single kinds."""

    CREDENTIAL = "credential"
    PRIVATE_KEY = "private_key"
    CLIENT_DATA = "client_data"


@dataclass(frozen=True, slots=True)
class Finding:
    """A value to hide: `text[start:end]` is the value itself, never its key or context."""

    kind: str
    category: Category
    start: int
    end: int


# Around a token: not glued to more token characters on either side.
BEFORE = r"(?<![A-Za-z0-9_])"
AFTER = r"(?![A-Za-z0-9_])"
# Around a token whose alphabet has `-` (base64url): not glued to more of it either.
URL_BEFORE = r"(?<![A-Za-z0-9_-])"
URL_AFTER = r"(?![A-Za-z0-9_-])"

_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SHAPE = bytes.maketrans(b"0123456789" + _LETTERS, b"0" * 10 + b"A" * 26 + b"a" * 26)


class Views:
    """One text as the anchors are looked up in: its bytes, one byte per character (what
    Latin-1 cannot hold becomes `?`, so offsets carry over), lower-cased, or reduced to its
    shape (digits `0`, capitals `A`, small letters `a`: where a card number or an IBAN may
    stand). Each view is made on first use."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def raw(self) -> bytes:
        return self.text.encode("latin-1", "replace")

    @cached_property
    def lower(self) -> bytes:
        return self.raw.lower()

    @cached_property
    def shape(self) -> bytes:
        return self.raw.translate(_SHAPE)


class View(enum.Enum):
    RAW = "raw"
    LOWER = "lower"
    SHAPE = "shape"


class Mode(enum.Enum):
    START = "start"  # each pattern is tried where an anchor occurs (the anchor begins the match)
    WINDOW = "window"  # the patterns search the stretch around each anchor (`reach`)
    WHOLE = "whole"  # the patterns search the whole text when an anchor occurs in it


class Anchored:
    """Where a pattern may match, declared as class attributes:

    - `anchors`: literal strings, one of which occurs in, or begins, every match; looked up
      in the `view` of the text. Patterns never run on a text without an anchor. Where no
      literal will do, `anchor_pattern` (a bytes regular expression starting with a literal).
    - `mode`: where the patterns run once an anchor is found (see `Mode`); `reach` is how far
      a window extends before and after an anchor.
    - `patterns`: regular expressions; the value is the group named `v`, else the match.
    - `word`: an anchor counts only as a word of its own, no letter right before or after
      it (`bic` is in `public`, `isin` in `isinstance`).
    """

    anchors: ClassVar[tuple[str, ...]] = ()
    anchor_pattern: ClassVar[bytes | None] = None
    view: ClassVar[View] = View.RAW
    mode: ClassVar[Mode] = Mode.START
    reach: ClassVar[tuple[int, int]] = (0, 0)
    patterns: ClassVar[tuple[str, ...]] = ()
    flags: ClassVar[re.RegexFlag] = re.NOFLAG
    word: ClassVar[bool] = False

    def __init__(self, patterns: tuple[str, ...] | None = None) -> None:
        self.compiled = tuple(
            re.compile(p, self.flags) for p in (self.patterns if patterns is None else patterns)
        )
        self.byte_anchors = tuple(a.encode() for a in self.anchors)
        self._anchor_pattern = re.compile(self.anchor_pattern) if self.anchor_pattern else None

    def own_hits(self, views: Views) -> list[tuple[int, bytes]]:
        """Where an `anchor_pattern` matches: the one anchor the scanner's automatons do not
        look up."""
        assert self._anchor_pattern is not None
        haystack = getattr(views, self.view.value)
        return [(m.start(), m.group()) for m in self._anchor_pattern.finditer(haystack)]

    def counted(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Sequence[tuple[int, bytes]]:
        """The hits that count: all of them, or for a `word` anchor those standing alone."""
        if not self.word:
            return hits
        return [(hit, anchor) for hit, anchor in hits if _alone(views.lower, hit, hit + len(anchor))]

    def matches(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[re.Match[str]]:
        """The matches around `hits`: (position, anchor) of each anchor occurrence."""
        text = views.text
        hits = self.counted(views, hits)
        if not hits:
            return
        if self.mode is Mode.WHOLE:
            yield from self._search(text, 0, len(text))
        elif self.mode is Mode.START:
            for hit, _ in hits:
                for pattern in self.compiled:
                    match = pattern.match(text, hit)
                    if match is not None:
                        yield match
        else:
            before, after = self.reach
            stretches = sorted((max(0, hit - before), min(len(text), hit + after)) for hit, _ in hits)
            for start, end in merged(stretches):
                yield from self._search(text, start, end)

    def _search(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        for pattern in self.compiled:
            yield from pattern.finditer(text, start, end)


class Detector(Anchored):
    """One kind of secret, declared as class attributes (with those of `Anchored`):

    - `kind`, `category`: what a finding is;
    - `check(value)`: a cheap validation (checksum, structure, placeholder) of each value;
    - `priority`: specific formats win over generic assignments on the same characters;
    - `based_on`: the detect-secrets plugin whose patterns this one reuses, if any.
    """

    kind: ClassVar[str]
    category: ClassVar[Category] = Category.CREDENTIAL
    priority: ClassVar[int] = 0
    based_on: ClassVar[type | None] = None

    def check(self, value: str) -> bool:
        return not checks.is_documentation(value)

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        for match in self.matches(views, hits):
            group = "v" if "v" in match.re.groupindex else 0
            start, end = match.span(group)
            if start < end and self.check(match.group(group)):
                yield Finding(self.kind, self.category, start, end)


def _alone(lower: bytes, start: int, end: int) -> bool:
    """No letter glued to the anchor's own letters (`:57a:` may be followed by a BIC)."""
    glued_before = lower[start : start + 1].isalpha() and lower[start - 1 : start].isalpha()
    glued_after = lower[end - 1 : end].isalpha() and lower[end : end + 1].isalpha()
    return not glued_before and not glued_after


def merged(windows: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping stretches (sorted by start) joined into one."""
    joined: list[tuple[int, int]] = []
    for start, end in windows:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def from_plugin(plugin: type, keep: Callable[[re.Pattern[str]], bool] = lambda p: True) -> tuple[str, ...]:
    """A detect-secrets plugin's patterns, bounded so that they match whole tokens only."""
    denylist: Iterable[re.Pattern[str]] = plugin.denylist  # type: ignore[attr-defined]
    return tuple(
        f"{BEFORE}(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern}){AFTER}" for p in denylist if keep(p)
    )
