"""Renames the identifiers a request's code defines, everywhere in the request: code,
comments (unless the policy keeps them), strings, prose, tool arguments, file paths. Answers
get the names back."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from mutators.base import FieldKind, Rewrite, Syntax, TextField
from mutators.comments import Span, comment_lines, comment_spans
from mutators.definitions import defined_names
from mutators.keep import is_kept
from mutators.languages import by_path
from mutators.pseudonym import PSEUDONYM, Pseudonymizer, split_edges
from mutators.restore import PseudonymRestoration
from mutators.segments import code_segments, source_of

# Words are Unicode: an identifier of any script is one word (`zinsen_für_konto`).
WORD = re.compile(r"\w+")
# In JSON text an escape (`\n`, `\u00e9`) is not part of the word that follows it.
_JSON_WORD = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)|\w+")
_PIECES = re.compile(r"(\w+)")
_JSON_PIECES = re.compile(r"(\\(?:u[0-9a-fA-F]{4}|.)|\w+)")
# History blocks come back in every turn of a conversation: each is read once.
_CACHE_SIZE = 8192


class IdentifierMutator:
    """The restricted tier's transform: defined names become keyed pseudonyms."""

    def __init__(
        self,
        pseudonymizer: Pseudonymizer,
        always: frozenset[str] = frozenset(),
        never: frozenset[str] = frozenset(),
        keep_comments: bool = False,
    ) -> None:
        """`keep_comments`: the comments of code pass as written, except for the `always`
        terms (a client's name is renamed wherever it is)."""
        self._pseudonymizer = pseudonymizer
        self._always = always
        self._never = never
        # (lead, core, trail, first pseudonym of the core) per name: names recur every turn.
        self._parts = functools.lru_cache(maxsize=65536)(self._split)
        # Which of the `always` names a text holds (the list can be a repository's inventory).
        self._present = functools.lru_cache(maxsize=_CACHE_SIZE)(
            lambda text, syntax: always.intersection(_words(text, syntax))
        )
        self._renamed = _RenameMemo(always if keep_comments else None)

    def _split(self, name: str) -> tuple[str, str, str, str]:
        lead, core, trail = split_edges(name)
        return lead, core, trail, self._pseudonymizer.core(core)

    def apply(self, fields: Sequence[TextField]) -> Rewrite:
        names = self.names(fields)
        if not names:
            return Rewrite([f.text for f in fields], PseudonymRestoration({}))
        taken: set[str] = set().union(*(_pseudonym_shaped(f.text) for f in fields))
        parts = {name: self._parts(name) for name in names}
        pseudonyms = {core: pseudonym for _, core, _, pseudonym in parts.values()}
        settled = len(set(pseudonyms.values())) < len(pseudonyms) or not taken.isdisjoint(pseudonyms.values())
        if settled:
            pseudonyms = self._settle(set(pseudonyms), taken)
        replacements = {
            name: lead + pseudonyms[core] + trail for name, (lead, core, trail, _) in parts.items()
        }
        texts = self._renamed.rename(fields, replacements, settled)
        restoration = PseudonymRestoration({p: core for core, p in pseudonyms.items()})
        return Rewrite(texts, restoration, renamed=frozenset(names))

    def names(self, fields: Iterable[TextField]) -> set[str]:
        """The names this request's fields define, less those that are kept."""
        names: set[str] = set()
        for field in fields:
            names |= _defined_in(field.text, field.kind, field.syntax, field.source_path)
            if self._always:
                names |= self._present(field.text, field.syntax)
        return names - self._never

    def _settle(self, cores: set[str], taken: set[str]) -> dict[str, str]:
        """Pseudonyms unique in the request and unlike any token already in it. A collision is
        about one in 2**41 per pair: settle it in a fixed order, so that the same request
        always gets the same answer."""
        chosen: dict[str, str] = {}
        for core in sorted(cores):
            chosen[core] = self._pseudonymizer.core(core, taken)
            taken.add(chosen[core])
        return chosen


class _RenameMemo:
    """Renames each field, reusing the last request's work where it still holds.

    A conversation resends its history every turn with the same defined names plus the few
    the new turn adds: a history block's hits (its words that are renamed) are the last
    ones updated by what was added or removed, and its result is the last one when its hits
    are unchanged. Pseudonyms depend on the name alone unless a collision had to be settled
    (then everything is computed afresh, in both that request and the next).
    """

    _LIMIT = 8192

    def __init__(self, keep_comments_but: frozenset[str] | None = None) -> None:
        """`keep_comments_but`: when set, comments of code are renamed only for these names."""
        self._keep_comments_but = keep_comments_but
        self._last_wanted: frozenset[str] = frozenset()
        self._last_settled = True
        # By what decides a field's result: its text, and where its code and comments are.
        self._entries: dict[
            tuple[str, Syntax, FieldKind, str | None], tuple[frozenset[str], frozenset[str], str]
        ] = {}

    def rename(self, fields: Sequence[TextField], replacements: dict[str, str], settled: bool) -> list[str]:
        wanted = frozenset(replacements)
        previous = self._last_wanted
        reuse = not settled and not self._last_settled
        added, removed = wanted - previous, previous - wanted
        texts = []
        for field in fields:
            key = (field.text, field.syntax, field.kind, field.source_path)
            entry = self._entries.get(key)
            if entry is not None and entry[0] is not previous:
                entry = None  # made before the last request: start afresh
            if entry is not None:
                hits = entry[1]
                if removed and not hits.isdisjoint(removed):
                    hits = hits - removed
                if added:
                    extra = added.intersection(_words(field.text, field.syntax))
                    hits = hits | extra if extra else hits
            else:
                hits = _words(field.text, field.syntax).intersection(wanted)
            if entry is not None and reuse and hits == entry[1]:
                text = entry[2]
            elif hits:
                pairs = tuple(sorted((n, replacements[n]) for n in hits))
                kept = self._keep_comments_but
                spans = comment_spans(field) if kept is not None else ()
                if spans and kept is not None:
                    inside = tuple(p for p in pairs if p[0] in kept)
                    text = _substitute_around(field.text, field.syntax, pairs, spans, inside)
                else:
                    text = _substitute(field.text, field.syntax, pairs)
            else:
                text = field.text
            self._entries[key] = (wanted, hits, text)
            texts.append(text)
        if len(self._entries) > self._LIMIT:
            # Keep what this request used; older conversations are recomputed when they return.
            current = {(f.text, f.syntax, f.kind, f.source_path) for f in fields}
            self._entries = {k: v for k, v in self._entries.items() if k in current}
        self._last_wanted, self._last_settled = wanted, settled
        return texts


def module_name(path: str) -> str:
    """A first-party file's module name: `src/ledger/accounts.py` -> `accounts`."""
    return PurePosixPath(path.replace("\\", "/")).stem


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _defined_in(text: str, kind: FieldKind, syntax: Syntax, source_path: str | None) -> frozenset[str]:
    field = TextField((), text, kind, syntax=syntax, source_path=source_path)
    source = source_path or source_of(text)
    # A code file's name is its module's name; a README's or a log's is not a definition.
    names = {module_name(source)} if source and by_path(source) else set()
    for segment in code_segments(field):
        names |= defined_names(segment.code, segment.language)
    return frozenset(n for n in names if not is_kept(n))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _words(text: str, syntax: Syntax) -> frozenset[str]:
    pattern = _JSON_WORD if syntax is Syntax.JSON else WORD
    return frozenset(pattern.findall(text))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _pseudonym_shaped(text: str) -> frozenset[str]:
    return frozenset(PSEUDONYM.findall(text))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _substitute(text: str, syntax: Syntax, pairs: tuple[tuple[str, str], ...]) -> str:
    table = dict(pairs)
    # Splitting on a capturing pattern puts every word (and JSON escape) at an odd index;
    # a lookup per piece is several times faster than a callback per match.
    pieces = (_JSON_PIECES if syntax is Syntax.JSON else _PIECES).split(text)
    return "".join([table.get(piece, piece) for piece in pieces])


def _substitute_around(
    text: str,
    syntax: Syntax,
    pairs: tuple[tuple[str, str], ...],
    spans: tuple[Span, ...],
    inside: tuple[tuple[str, str], ...],
) -> str:
    """`pairs` substituted outside `spans`, `inside` within them."""
    out, cursor = [], 0
    for start, end in spans:
        out.append(_substitute.__wrapped__(text[cursor:start], syntax, pairs))
        piece = text[start:end]
        out.append(_substitute.__wrapped__(piece, syntax, inside) if inside else piece)
        cursor = end
    out.append(_substitute.__wrapped__(text[cursor:], syntax, pairs))
    return "".join(out)


def clear_caches() -> None:
    """Forget every block seen so far (to measure the cold path)."""
    for cached in (_defined_in, _words, _pseudonym_shaped, _substitute, defined_names, comment_lines):
        cached.cache_clear()
