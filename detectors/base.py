"""What a detector reports, and the declarative shape every detector has."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar


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


class Detector:
    """One kind of secret, declared as class attributes:

    - `anchors`: literal strings, at least one of which occurs in any text holding the
      secret; the scanner runs `patterns` only on texts that contain an anchor. With
      `lower_anchors` the anchors are looked up in the lower-cased text. No anchors means
      the patterns run on every text (keep those patterns cheap to reject).
    - `patterns`: regular expressions; the value is the group named `v`, else the match.
    - `check(value)`: a cheap validation (checksum, entropy, placeholder) run on each value.
    - `near`: the patterns run only on the text around each anchor occurrence (from
      `reach[0]` characters before it to `reach[1]` after), not on the whole text.
    - `based_on`: the detect-secrets plugin whose patterns this one reuses, if any.
    """

    kind: ClassVar[str]
    category: ClassVar[Category] = Category.CREDENTIAL
    anchors: ClassVar[tuple[str, ...]] = ()
    lower_anchors: ClassVar[bool] = False
    near: ClassVar[bool] = False
    reach: ClassVar[tuple[int, int]] = (96, 1024)
    patterns: ClassVar[tuple[str | re.Pattern[str], ...]]
    flags: ClassVar[re.RegexFlag] = re.NOFLAG
    # Specific formats win over generic assignments when both cover the same characters.
    priority: ClassVar[int] = 0
    based_on: ClassVar[type | None] = None

    def __init__(self, patterns: tuple[str, ...] | None = None) -> None:
        self.compiled = tuple(
            re.compile(p, self.flags) if isinstance(p, str) else p
            for p in (self.patterns if patterns is None else patterns)
        )

    def check(self, value: str) -> bool:
        return True

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Finding]:
        stop = len(text) if end is None else end
        for pattern in self.compiled:
            for match in pattern.finditer(text, start, stop):
                group = "v" if "v" in pattern.groupindex else 0
                if match.start(group) < 0 or match.end(group) == match.start(group):
                    continue
                if self.check(match.group(group)):
                    yield Finding(self.kind, self.category, match.start(group), match.end(group))


def from_plugin(plugin: type, keep: Callable[[re.Pattern[str]], bool] = lambda p: True) -> tuple[str, ...]:
    """A detect-secrets plugin's patterns, bounded so that they match whole tokens only."""
    denylist: Iterable[re.Pattern[str]] = plugin.denylist  # type: ignore[attr-defined]
    return tuple(
        f"{BEFORE}(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern}){AFTER}" for p in denylist if keep(p)
    )
