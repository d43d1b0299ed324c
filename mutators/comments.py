"""Where the comments of a text field's code are, for a tier whose policy keeps comments
as written (`comments: keep`): the identifier mutator then renames names outside them only.

A comment is found by its grammar's comment nodes, then located in the field's text line by
line, in order (a `cat -n` prefix or JSON escaping sits between the lines of a block
comment). A line that cannot be located is renamed like the rest: keeping comments gives
way to renaming, never the other way round.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import orjson
import tree_sitter

from detectors.base import merged
from mutators.base import Syntax, TextField
from mutators.languages import grammar, parser
from mutators.segments import CodeSegment, code_segments

# Node kinds the grammars we ship use for comments (each grammar has some of them).
_COMMENT_KINDS = ("comment", "line_comment", "block_comment", "multiline_comment", "marginalia")

Span = tuple[int, int]


@functools.cache
def _comment_query(language: str) -> tree_sitter.Query | None:
    lang = grammar(language)
    kinds = [kind for kind in _COMMENT_KINDS if lang.id_for_node_kind(kind, True)]
    if not kinds:
        return None
    return tree_sitter.Query(lang, "[" + " ".join(f"({kind})" for kind in kinds) + "] @comment")


def comment_lines(code: str, language: str) -> tuple[str, ...]:
    """Each line of each comment in `code`, in the order they appear."""
    query = _comment_query(language)
    if query is None:
        return ()
    tree = parser(language).parse(code.encode())
    nodes = tree_sitter.QueryCursor(query).captures(tree.root_node).get("comment", [])
    lines: list[str] = []
    for node in sorted(nodes, key=lambda n: n.start_byte):
        text = (node.text or b"").decode(errors="replace")
        lines.extend(line.rstrip("\r") for line in text.split("\n") if line.strip())
    return tuple(lines)


def comment_spans(field: TextField, segments: Iterable[CodeSegment] | None = None) -> tuple[Span, ...]:
    """The character ranges of `field.text` that are comments of its code, in order;
    `segments`: the field's code, if already found (`code_segments`)."""
    spans: list[Span] = []
    cursor = 0
    for segment in code_segments(field) if segments is None else segments:
        if segment.language is None:
            continue  # code no grammar reads: its comments are not known, so they are renamed
        if field.syntax is Syntax.JSON:
            cursor = 0  # JSON strings are not visited in the order they are written
        for line in comment_lines(segment.code, segment.language):
            written = _json_escaped(line) if field.syntax is Syntax.JSON else line
            start = field.text.find(written, cursor)
            if start < 0:
                continue
            spans.append((start, start + len(written)))
            cursor = start + len(written)
    spans.sort()
    return tuple(merged(spans))


def _json_escaped(line: str) -> str:
    return orjson.dumps(line).decode()[1:-1]
