"""Which names a piece of code defines, and which it reaches through a library, read from
its tree-sitter parse and the language's query file (pure: the mutator remembers answers)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

import tree_sitter

from mutators.languages import by_name, is_reserved, parser, query, recovery

# A capture is a name once its sigil is gone (PHP `$total`, Ruby `@balance`, `@@rate` and
# `:symbol`, JavaScript `#secret`); anything else a query catches (a qualified path, a
# string) is not one name.
_SIGIL = re.compile(r"^(?:\$|@@?|:|#)")
_SIGILS = frozenset("$@:#")
_QUOTES = {'"': '"', "`": "`", "[": "]"}
_MARKED = frozenset(_QUOTES) | _SIGILS
_RUBY_SUFFIXES = frozenset("?!=")
# Identifiers as the languages define them: a letter (of any script) or `_`, then letters,
# digits and `_` (`Kontoinhaber_Ä`, `zinsen_für_konto`, `残高を計算`).
_NAME = re.compile(r"[^\W\d]\w*")
_WORD = re.compile(r"\w+")
_ARGUMENTS = re.compile(r"<[^<>]*>")

# Declarations most languages write alike, for code no grammar reads: `class X`, `def X`,
# `function X`, `struct X` ... (at a line's start or after a modifier, never mid-sentence).
_DECLARATION = re.compile(
    r"^[ \t]*(?:(?:export|public|private|protected|internal|static|abstract|final|async|pub|"
    r"default|sealed|data|open|inline)\s+)*(?:class|def|function|func|fn|fun|struct|interface|"
    r"enum|trait|record|module|namespace|type|typedef|object|protocol|procedure|sub|impl)"
    r"\s+([^\W\d]\w*)",
    re.MULTILINE,
)
# The same, with the bindings code writes alike (`val limit`, `let total`, `var fee`), for
# the stretches of code a grammar could not parse: there the text is known to be code.
_DECLARATION_IN_CODE = re.compile(
    r"(?:^|[\s(,{;])(?:(?:override|private|public|protected|internal|static|final|abstract|"
    r"open|suspend|inline|lateinit|const|data|sealed|async|pub|export)\s+)*(?:class|def|"
    r"function|func|fn|fun|struct|interface|enum|trait|record|object|protocol|val|var|let|"
    r"const|typealias|procedure|trigger|constraint|package(?:\s+body)?)\s+([^\W\d]\w*)"
    # A shell function (`name() {`), a macro (`#define NAME`).
    r"|^[ \t]*([^\W\d][\w-]*)[ \t]*\(\)\s*\{|^[ \t]*#[ \t]*define[ \t]+([^\W\d]\w*)",
    re.IGNORECASE | re.MULTILINE,
)
# Parsing that many bytes again in parts costs more than the names it can still recover.
_MAX_RECOVERY = 1 << 20


@dataclass(frozen=True, slots=True)
class CodeNames:
    """What a piece of code says about names: those it defines, those that belong to a
    library (`std`, `#include <vector>`, `require('router')`), the names its imports bind
    (`import os`, `const express = require('express')`: a library's unless the request
    defines them), and which name each qualified use reaches through which (`os.environ`:
    (`os`, `environ`)), kept only where the qualifier is a library's or an import's."""

    defined: frozenset[str] = frozenset()
    library: frozenset[str] = frozenset()
    imported: frozenset[str] = frozenset()
    members: frozenset[tuple[str, str]] = frozenset()
    languages: frozenset[str] = frozenset()
    modules: frozenset[str] = frozenset()
    """A library's modules as the code binds them (`import posixpath as path`, a variable of a
    standard type): what is reached through one is the library's even where the request
    defines the same name; the binding itself is the code's."""
    fields: frozenset[str] = frozenset()
    """Names declared as members (a struct's fields, a class's methods)."""
    used: frozenset[str] = frozenset()
    """Names used as members (`entry->amount`): those the request never declares as members
    are a library's (`Py_TYPE(obj)->tp_name` beside a local `tp_name`)."""
    segments: frozenset[str] = frozenset()
    """The segments of modules absolute imports name (`from cryptography.x509 import Name`):
    a library's, but for the modules whose files the request holds (`stems`)."""
    stems: frozenset[str] = frozenset()
    """The module names the request's files give (`ledger` of `src/acme/ledger.py`)."""

    def merged(self, other: CodeNames) -> CodeNames:
        return CodeNames(
            self.defined | other.defined,
            self.library | other.library,
            self.imported | other.imported,
            self.members | other.members,
            self.languages | other.languages,
            self.modules | other.modules,
            self.fields | other.fields,
            self.used | other.used,
            self.segments | other.segments,
            self.stems | other.stems,
        )


NOTHING = CodeNames()
_FIELDS = tuple(f.name for f in dataclasses.fields(CodeNames))


def merge(parts: Iterable[CodeNames]) -> CodeNames:
    """All the parts say, each set made once (a request's fields are many, most of them
    say nothing)."""
    some = [part for part in parts if part != NOTHING]
    if len(some) <= 1:
        return some[0] if some else NOTHING
    return CodeNames(*(frozenset().union(*(getattr(p, name) for p in some)) for name in _FIELDS))


def defined_names(code: str, language: str | None) -> frozenset[str]:
    """The names `code`, written in `language`, defines (parse errors are tolerated); for
    code in no language a grammar reads, the names its declarations introduce."""
    return code_names(code, language).defined


def code_names(code: str, language: str | None) -> CodeNames:
    """What `code`, written in `language`, defines and reaches through libraries; a
    language's reserved words are never among its definitions."""
    if language is None:
        return CodeNames(defined=frozenset(_DECLARATION.findall(code)))
    found = _Found()
    source = code.encode()
    tree = parser(language).parse(source)
    statements = by_name(language).statements
    if tree.root_node.has_error and statements and len(source) <= _MAX_RECOVERY:
        # One statement the grammar does not know must cost that statement only.
        for piece in _statements(source, re.compile(statements.encode(), re.MULTILINE), language):
            found.read(piece, language)
    else:
        found.read(tree, language)
    defined = frozenset(n for n in found.defined if not is_reserved(n, language))
    return CodeNames(
        defined,
        frozenset(found.library),
        frozenset(found.imported),
        _reachable(found.members, found.library | found.imported | found.modules),
        frozenset({language}),
        frozenset(found.modules),
        frozenset(found.fields),
        frozenset(found.used),
        frozenset(found.segments),
    )


def library_names(found: CodeNames) -> frozenset[str]:
    """The names a request's code reaches through a library: those its code says are a
    library's, and the members reached through them or through an import the request does
    not define itself (`os.environ`, `np.array`, `http.Header`). Nothing is reached through
    a name the request defines too, but a module's own members (`os.path` beside a `path`
    parameter): tokio's own `File` (beside `std::fs::File`) does not make `File::from_std`
    the standard library's."""
    library = set(found.library) | (found.used - found.fields) | (found.segments - found.stems)
    by_qualifier: dict[str, list[str]] = {}
    for qualifier, member in found.members:
        by_qualifier.setdefault(qualifier, []).append(member)
    roots = (library | found.imported) - found.defined | found.modules
    pending = [q for q in by_qualifier if q in roots]
    seen = set(pending)
    while pending:
        qualifier = pending.pop()
        for member in by_qualifier.get(qualifier, ()):
            library.add(member)
            if member not in seen and (qualifier in found.modules or member not in found.defined):
                seen.add(member)
                pending.append(member)
    return frozenset(library)


class _Found:
    def __init__(self) -> None:
        self.defined: set[str] = set()
        self.library: set[str] = set()
        self.imported: set[str] = set()
        self.members: set[tuple[str, str]] = set()
        self.modules: set[str] = set()
        self.fields: set[str] = set()
        self.used: set[str] = set()
        self.segments: set[str] = set()

    def read(self, tree: tree_sitter.Tree, language: str) -> None:
        root = tree.root_node
        for _, captures in tree_sitter.QueryCursor(query(language)).matches(root):
            self._match(captures)
        if root.has_error:
            self._recover(root, *recovery(language))

    def _match(self, captures: dict[str, list[tree_sitter.Node]]) -> None:
        # Most matches capture a definition alone: one pass over what was captured.
        for kind, nodes in captures.items():
            if kind == "definition":
                for node in nodes:
                    name = _name(node)
                    if name is not None:
                        self.defined.add(name)
            elif kind == "library":
                for node in nodes:
                    self.library.update(_WORD.findall(_text(node)))
            elif kind == "path":
                for node in nodes:
                    self.library.update(_WORD.findall(_without_arguments(_text(node))))
            elif kind in ("field", "used", "segment"):
                names = self.fields if kind == "field" else self.used if kind == "used" else self.segments
                for node in nodes:
                    name = _name(node)
                    if name is not None:
                        names.add(name)
            elif kind in ("module", "import"):
                bound = self.modules if kind == "module" else self.imported
                for node in nodes:
                    words = _WORD.findall(_text(node))
                    if words:
                        bound.add(words[-1])  # `"net/http"` binds `http`
        if "qualifier" in captures and "member" in captures:
            qualifier, member = _name(captures["qualifier"][0]), _name(captures["member"][0])
            if qualifier is not None and member is not None:
                self.members.add((qualifier, member))

    def _recover(
        self, root: tree_sitter.Node, own: re.Pattern[str] | None, library: re.Pattern[str] | None
    ) -> None:
        """Declarations inside what the grammar could not parse (a constructor it does not
        know, a base list that holds `#if`) are still declarations, and a library's paths
        still the library's."""
        patterns = [_DECLARATION_IN_CODE, *([own] if own else [])]
        if library is not None:
            # An error often splits a path between nodes: the library's paths are read in the
            # whole text.
            self.library.update(w for path in library.findall(_text(root)) for w in _WORD.findall(path))
        stack = [root]
        while stack:
            node = stack.pop()
            if node.is_error:
                text = _text(node)
                for pattern in patterns:
                    for found in pattern.findall(text):
                        groups = (found,) if isinstance(found, str) else found
                        self.defined.update(name for name in groups if _NAME.fullmatch(name))
            elif node.has_error:
                stack.extend(node.children)


def _statements(source: bytes, end: re.Pattern[bytes], language: str) -> Iterable[tree_sitter.Tree]:
    """Parses of `source` in parts, each cut at a statement's end and halved again only
    while it holds an error: the statements that parse are read as a whole file would be."""
    cuts = [0, *(m.end() for m in end.finditer(source)), len(source)]
    cuts = sorted(set(cuts))
    pending = [(0, len(cuts) - 1)]
    while pending:
        first, last = pending.pop()
        piece = source[cuts[first] : cuts[last]]
        tree = parser(language).parse(piece)
        if tree.root_node.has_error and last - first > 1:
            middle = (first + last) // 2
            pending += [(middle, last), (first, middle)]
        else:
            yield tree


def _reachable(members: set[tuple[str, str]], roots: set[str]) -> frozenset[tuple[str, str]]:
    """The qualified uses that start from a library's name or an import, chains included
    (`std::chrono::duration`): the others can never make a name a library's."""
    by_qualifier: dict[str, list[str]] = {}
    for qualifier, member in members:
        by_qualifier.setdefault(qualifier, []).append(member)
    kept: set[tuple[str, str]] = set()
    pending = [q for q in by_qualifier if q in roots]
    seen = set(pending)
    while pending:
        qualifier = pending.pop()
        for member in by_qualifier[qualifier]:
            kept.add((qualifier, member))
            if member not in seen and member in by_qualifier:
                seen.add(member)
                pending.append(member)
    return frozenset(kept)


def _without_arguments(path: str) -> str:
    """A qualified path less its template arguments (`std::vector<Ledger>::iterator`: the
    `Ledger` is the code's own)."""
    while True:
        shorter = _ARGUMENTS.sub("", path)
        if shorter == path:
            return path
        path = shorter


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode(errors="replace")


def _name(node: tree_sitter.Node) -> str | None:
    text = (node.text or b"").decode(errors="replace")
    if not text:
        return None
    if text[0] in _MARKED:
        if text[0] in _QUOTES and text[-1] == _QUOTES[text[0]]:
            text = text[1:-1]  # a quoted identifier: SQL's "ReportsTo" and [Order], Swift's `default`
        if text[:1] in _SIGILS:
            text = _SIGIL.sub("", text)
    if text[-1:] in _RUBY_SUFFIXES:
        text = text.rstrip("?!=")  # Ruby's `eligible?`, `save!`, `limit=`: the name is the word
    return text if _NAME.fullmatch(text) else None
