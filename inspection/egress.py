"""The last look at a request before it leaves: every string the provider will read is
checked for the request's proprietary names (whole words) and for secrets, independently of
the adapters and transforms that produced it. A hit means Pretense failed somewhere: the
request is blocked, never forwarded."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import orjson

from detectors import Finding, Scanner
from mutators.memo import Memo
from mutators.redaction import PLACEHOLDER
from providers.base import Json
from providers.shape import Role, Shape, leaves

# Unicode word characters: identifiers in every language the suite reads are made of them.
_WORD = re.compile(r"\w+")
_JSON_START = re.compile(r"\s*[\[{]")
_OPAQUE_SCANNED = 8192  # longer opaque data is media (base64 images and documents)
# Comments, lexically: what `comments: keep` lets go out as written (`#`, `//`, `--` to the
# line's end, `/* ... */`). Lexical on purpose: it may allow a `#` inside a string, which
# the policy's choice to keep comments already accepts.
_COMMENT = re.compile(r"/\*.*?\*/|(?:#|//|--)[^\n]*", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Leak:
    """What the egress check found, in words for the developer and the trail: where, and what
    kind of thing (a count of names, or secret kinds), never the value."""

    where: str
    what: str


class EgressCheck:
    """Checks an outgoing body: `names` absent as whole words from its content (decoded JSON
    text included, so an escape cannot hide a name), and no secret but a placeholder."""

    def __init__(
        self,
        scanner: Scanner | None,
        allow: frozenset[str] = frozenset(),
        keep_comments: bool = False,
        memo_bytes: int = 64 << 20,
    ) -> None:
        """`scanner`: None where the tier does not redact secrets; `allow`: the kinds and
        categories the policy lets through as they are; `keep_comments`: the policy lets
        comments go out as written, so names in them are not a leak."""
        self._scanner = scanner
        self._allow = allow
        self._keep_comments = keep_comments
        self._words: Memo[str, frozenset[str]] = Memo(memo_bytes)

    @property
    def memory(self) -> int:
        return self._words.size

    def leak(self, shape: Shape, document: Json, names: frozenset[str]) -> Leak | None:
        for leaf in leaves(document, shape):
            where = ".".join(str(step) for step in leaf.path) or "body"
            # Names are looked for in the firm's text; dispatch tokens, provider-signed text
            # and opaque data are not (a class named `Read` must not block the Read tool).
            if names and leaf.role in (Role.CONTENT, Role.TOKEN):
                found = names.intersection(self.words(leaf.text))
                if found:
                    return Leak(where, f"{len(found)} proprietary name(s) in clear")
            # A secret is a secret wherever it is; media bytes are not looked through.
            if self._scanner is not None and (
                leaf.role is not Role.OPAQUE or len(leaf.text) <= _OPAQUE_SCANNED
            ):
                kinds = self._secrets(leaf.text)
                if kinds:
                    return Leak(where, ", ".join(kinds))
        return None

    def words(self, text: str) -> frozenset[str]:
        found = self._words.get(text)
        if found is None:
            found = frozenset(_words_in(text, self._keep_comments))
            self._words.put(text, found, len(text))
        return found

    def _secrets(self, text: str) -> list[str]:
        assert self._scanner is not None
        findings = [f for f in self._scanner.scan(text) if not self._allowed(f)]
        if not findings:
            return []
        # A placeholder is what redaction leaves; a detector may see one as a value.
        placeholders = [m.span() for m in PLACEHOLDER.finditer(text)]
        kinds = {f.kind for f in findings if not any(s <= f.start and f.end <= e for s, e in placeholders)}
        return sorted(kind.replace("_", " ") for kind in kinds)

    def _allowed(self, finding: Finding) -> bool:
        return finding.kind in self._allow or finding.category.value in self._allow


def _words_in(text: str, keep_comments: bool) -> Iterable[str]:
    strings = [text]
    if _JSON_START.match(text):
        # JSON text inside a string (tool arguments): the provider decodes `\u0041` as `A`.
        try:
            strings += _json_strings(orjson.loads(text))
        except orjson.JSONDecodeError:
            pass
        else:
            if keep_comments:
                strings = strings[1:]  # read through its strings, where the comments' lines end
    for string in strings:
        yield from _WORD.findall(_COMMENT.sub(" ", string) if keep_comments else string)


def _json_strings(value: Json) -> list[str]:
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(item)  # keys too: a provider reads them as much as the values
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
