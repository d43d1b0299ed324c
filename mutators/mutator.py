"""Renames the identifiers a request's code defines, everywhere in the request: code,
comments (unless the policy keeps them), strings, prose, tool arguments, file paths. Answers
get the names back."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from mutators.base import FieldKind, Rewrite, Syntax, TextField
from mutators.comments import Span, comment_spans
from mutators.definitions import CodeNames, code_names, library_names, merge
from mutators.keep import is_kept
from mutators.languages import by_name, is_reserved, module_stem
from mutators.memo import Memo
from mutators.pseudonym import PSEUDONYM, Pseudonymizer, split_edges
from mutators.restore import PseudonymRestoration
from mutators.segments import CodeSegment, code_segments, source_of

# Words are Unicode: an identifier of any script is one word (`zinsen_für_konto`).
WORD = re.compile(r"\w+")
# In JSON text an escape (`\n`, `\u00e9`) is not part of the word that follows it.
_JSON_WORD = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)|\w+")
_PIECES = re.compile(r"(\w+)")
_JSON_PIECES = re.compile(r"(\\(?:u[0-9a-fA-F]{4}|.)|\w+)")
MEMORY = 128 << 20
"""What a mutator remembers between requests, in bytes (roughly: the text it has seen)."""

FieldKey = tuple[str, FieldKind, Syntax, str | None]


def _key(field: TextField) -> FieldKey:
    return (field.text, field.kind, field.syntax, field.source_path)


class _Memory:
    """What one mutator remembers, each part bounded in bytes: a conversation resends its
    history every turn, so a block's parse, words and renaming are done once."""

    def __init__(self, total: int) -> None:
        share = total // 8
        self.segments: Memo[FieldKey, tuple[CodeSegment, ...]] = Memo(share)
        self.defined: Memo[FieldKey, CodeNames] = Memo(share)
        self.spans: Memo[FieldKey, tuple[Span, ...]] = Memo(share)
        self.words: Memo[tuple[str, Syntax], frozenset[str]] = Memo(share)
        self.present: Memo[tuple[str, Syntax], frozenset[str]] = Memo(share // 4)
        self.shaped: Memo[str, frozenset[str]] = Memo(share // 4)
        self.substituted: Memo[tuple[str, Syntax, tuple[tuple[str, str], ...]], str] = Memo(share * 2)
        self.parts: Memo[str, tuple[str, str, str, str]] = Memo(share // 4)

    def sizes(self) -> dict[str, int]:
        return {name: memo.size for name, memo in vars(self).items()}


class IdentifierMutator:
    """The restricted tier's transform: defined names become keyed pseudonyms."""

    def __init__(
        self,
        pseudonymizer: Pseudonymizer,
        always: frozenset[str] = frozenset(),
        never: frozenset[str] = frozenset(),
        keep_comments: bool = False,
        memory: int = MEMORY,
    ) -> None:
        """`keep_comments`: the comments of code pass as written, except for the `always`
        terms (a client's name is renamed wherever it is)."""
        self._pseudonymizer = pseudonymizer
        self._always = always
        self._never = never
        self._keep_comments = keep_comments
        self._memory = _Memory(memory)
        self._renamed = _RenameMemo(self, always if keep_comments else None, memory // 8)

    @property
    def memory(self) -> dict[str, int]:
        """Bytes each of its memos holds."""
        return self._memory.sizes() | {"renamed": self._renamed.size}

    def apply(self, fields: Sequence[TextField]) -> Rewrite:
        names = self.names(fields)
        if not names:
            return Rewrite([f.text for f in fields], PseudonymRestoration({}))
        taken: set[str] = set().union(*(self._shaped(f.text) for f in fields))
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
        """The names this request's fields define, less those that are kept: a library's
        names and the reserved words of every language whose code the request holds are
        never renamed, anywhere in it."""
        fields = list(fields)
        found = merge(self._defined(field) for field in fields)
        library = library_names(found)
        names = {
            n
            for n in found.defined - library
            if not is_kept(n) and not any(is_reserved(n, language) for language in found.languages)
        }
        if any(by_name(language).fold_case for language in found.languages):
            names |= self._case_variants(fields, names) - library
        if self._always:
            for field in fields:
                names |= self._present(field.text, field.syntax)
        return names - self._never

    def _case_variants(self, fields: Sequence[TextField], names: set[str]) -> set[str]:
        """The words that spell one of `names` in another case: the same name where the
        request holds code whose names are the same in any case (SQL's `Album`, `album`)."""
        lowered = {n.lower() for n in names}
        words: set[str] = set().union(*(self.words(f.text, f.syntax) for f in fields))
        return {w for w in words - names if w.lower() in lowered and not is_kept(w)}

    def words(self, text: str, syntax: Syntax) -> frozenset[str]:
        key = (text, syntax)
        found = self._memory.words.get(key)
        if found is None:
            found = frozenset((_JSON_WORD if syntax is Syntax.JSON else WORD).findall(text))
            self._memory.words.put(key, found, len(text))
        return found

    def substitute(self, text: str, syntax: Syntax, pairs: tuple[tuple[str, str], ...]) -> str:
        key = (text, syntax, pairs)
        done = self._memory.substituted.get(key)
        if done is None:
            done = _substitute(text, syntax, pairs)
            self._memory.substituted.put(key, done, 2 * len(text))
        return done

    def comment_spans(self, field: TextField) -> tuple[Span, ...]:
        key = _key(field)
        spans = self._memory.spans.get(key)
        if spans is None:
            spans = comment_spans(field, self._segments(field))
            self._memory.spans.put(key, spans, len(field.text))
        return spans

    def _defined(self, field: TextField) -> CodeNames:
        key = _key(field)
        names = self._memory.defined.get(key)
        if names is None:
            source = field.source_path or source_of(field.text)
            # A code file's name is its module's name; a README's or a log's is not a definition.
            stem = module_stem(source) if source else None
            found = merge(code_names(s.code, s.language) for s in self._segments(field))
            if stem:
                found = dataclasses.replace(found, defined=found.defined | {stem}, stems=frozenset({stem}))
            names = found
            self._memory.defined.put(key, names, len(field.text))
        return names

    def _segments(self, field: TextField) -> tuple[CodeSegment, ...]:
        key = _key(field)
        segments = self._memory.segments.get(key)
        if segments is None:
            segments = tuple(code_segments(field))
            self._memory.segments.put(key, segments, len(field.text))
        return segments

    def _present(self, text: str, syntax: Syntax) -> frozenset[str]:
        """Which of the `always` names a text holds (the list can be a repository's inventory)."""
        key = (text, syntax)
        found = self._memory.present.get(key)
        if found is None:
            found = self._always.intersection(self.words(text, syntax))
            self._memory.present.put(key, found, len(text) // 4 + 1)
        return found

    def _shaped(self, text: str) -> frozenset[str]:
        found = self._memory.shaped.get(text)
        if found is None:
            found = frozenset(PSEUDONYM.findall(text))
            self._memory.shaped.put(text, found, len(text) // 4 + 1)
        return found

    def _parts(self, name: str) -> tuple[str, str, str, str]:
        """(lead, core, trail, first pseudonym of the core): names recur every turn."""
        parts = self._memory.parts.get(name)
        if parts is None:
            lead, core, trail = split_edges(name)
            parts = (lead, core, trail, self._pseudonymizer.core(core))
            self._memory.parts.put(name, parts, 4 * len(name) + 64)
        return parts

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

    def __init__(
        self, mutator: IdentifierMutator, keep_comments_but: frozenset[str] | None, limit: int
    ) -> None:
        """`keep_comments_but`: when set, comments of code are renamed only for these names."""
        self._mutator = mutator
        self._keep_comments_but = keep_comments_but
        self._last_wanted: frozenset[str] = frozenset()
        self._last_settled = True
        # By what decides a field's result: its text, and where its code and comments are.
        self._entries: Memo[FieldKey, tuple[frozenset[str], frozenset[str], str]] = Memo(limit)

    @property
    def size(self) -> int:
        return self._entries.size

    def rename(self, fields: Sequence[TextField], replacements: dict[str, str], settled: bool) -> list[str]:
        wanted = frozenset(replacements)
        previous = self._last_wanted
        reuse = not settled and not self._last_settled
        added, removed = wanted - previous, previous - wanted
        texts = []
        for field in fields:
            key = _key(field)
            entry = self._entries.get(key)
            if entry is not None and entry[0] is not previous:
                entry = None  # made before the last request: start afresh
            if entry is not None:
                hits = entry[1]
                if removed and not hits.isdisjoint(removed):
                    hits = hits - removed
                if added:
                    extra = added.intersection(self._mutator.words(field.text, field.syntax))
                    hits = hits | extra if extra else hits
            else:
                hits = self._mutator.words(field.text, field.syntax).intersection(wanted)
            if entry is not None and reuse and hits == entry[1]:
                text = entry[2]
            elif hits:
                text = self._renamed(field, tuple(sorted((n, replacements[n]) for n in hits)))
            else:
                text = field.text
            self._entries.put(key, (wanted, hits, text), 2 * len(field.text))
            texts.append(text)
        self._last_wanted, self._last_settled = wanted, settled
        return texts

    def _renamed(self, field: TextField, pairs: tuple[tuple[str, str], ...]) -> str:
        kept = self._keep_comments_but
        spans = self._mutator.comment_spans(field) if kept is not None else ()
        if not spans or kept is None:
            return self._mutator.substitute(field.text, field.syntax, pairs)
        inside = tuple(p for p in pairs if p[0] in kept)
        return _substitute_around(field.text, field.syntax, pairs, spans, inside)


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
        out.append(_substitute(text[cursor:start], syntax, pairs))
        piece = text[start:end]
        out.append(_substitute(piece, syntax, inside) if inside else piece)
        cursor = end
    out.append(_substitute(text[cursor:], syntax, pairs))
    return "".join(out)
