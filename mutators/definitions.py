"""Which names a piece of code defines, read from its tree-sitter parse and the language's
query file. Results are cached: conversation history repeats every turn."""

from __future__ import annotations

import functools
import re

import tree_sitter

from mutators.languages import parser, query

_CACHE_SIZE = 4096
# A capture is a name once its sigil is gone (PHP `$total`, Ruby `@balance`, `@@rate` and
# `:symbol`, JavaScript `#secret`); anything else a query catches (a qualified path, a
# string) is not one name.
_SIGIL = re.compile(r"^(?:\$|@@?|:|#)")
_SIGILS = frozenset("$@:#")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@functools.lru_cache(maxsize=_CACHE_SIZE)
def defined_names(code: str, language: str) -> frozenset[str]:
    """The names `code`, written in `language`, defines (parse errors are tolerated)."""
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
