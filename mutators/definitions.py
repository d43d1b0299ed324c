"""Which names a piece of code defines, read from its tree-sitter parse and the language's
query file (pure: the mutator that asks remembers the answers)."""

from __future__ import annotations

import re

import tree_sitter

from mutators.languages import parser, query

# A capture is a name once its sigil is gone (PHP `$total`, Ruby `@balance`, `@@rate` and
# `:symbol`, JavaScript `#secret`); anything else a query catches (a qualified path, a
# string) is not one name.
_SIGIL = re.compile(r"^(?:\$|@@?|:|#)")
_SIGILS = frozenset("$@:#")
# Identifiers as the languages define them: a letter (of any script) or `_`, then letters,
# digits and `_` (`Kontoinhaber_Ä`, `zinsen_für_konto`, `残高を計算`).
_NAME = re.compile(r"[^\W\d]\w*")


# Declarations most languages write alike, for code no grammar reads: `class X`, `def X`,
# `function X`, `struct X` ... (at a line's start or after a modifier, never mid-sentence).
_DECLARATION = re.compile(
    r"^[ \t]*(?:(?:export|public|private|protected|internal|static|abstract|final|async|pub|"
    r"default|sealed|data|open|inline)\s+)*(?:class|def|function|func|fn|fun|struct|interface|"
    r"enum|trait|record|module|namespace|type|typedef|object|protocol|procedure|sub|impl)"
    r"\s+([^\W\d]\w*)",
    re.MULTILINE,
)


def defined_names(code: str, language: str | None) -> frozenset[str]:
    """The names `code`, written in `language`, defines (parse errors are tolerated); for
    code in no language a grammar reads, the names its declarations introduce."""
    if language is None:
        return frozenset(_DECLARATION.findall(code))
    tree = parser(language).parse(code.encode())
    captures = tree_sitter.QueryCursor(query(language)).captures(tree.root_node)
    names = set()
    # The same name is captured once per definition site: decode each spelling once.
    for raw in {node.text for node in captures.get("definition", [])}:
        text = (raw or b"").decode(errors="replace")
        if text[:1] in _SIGILS:
            text = _SIGIL.sub("", text)
        text = text.rstrip("?!=")  # Ruby's `eligible?`, `save!`, `limit=`: the name is the word
        if _NAME.fullmatch(text):
            names.add(text)
    return frozenset(names)
