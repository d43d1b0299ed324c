"""SQL statements found in what an agent runs, classified by the damage they can do: `DROP`,
`TRUNCATE`, `DELETE` and `UPDATE` without a `WHERE`, `ALTER ... DROP`.

A small tokenizer (strings, quoted names, comments, dollar quoting) splits statements at
top-level semicolons and reads each statement's verb and its top-level keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from policy.guardrails import SqlKind

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<comment>--[^\n]*|\#[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^']|'')*(?:'|\Z)|"(?:[^"]|"")*(?:"|\Z)|`[^`]*(?:`|\Z)|\[[^\]]*(?:\]|\Z))
    | (?P<dollar>\$(?P<tag>[A-Za-z_]*)\$.*?(?:\$(?P=tag)\$|\Z))
    | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<end>;)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# Words that may stand before a statement's verb.
_PREAMBLE = frozenset({"EXPLAIN", "ANALYZE", "VERBOSE"})
_VERBS = frozenset({"DROP", "TRUNCATE", "DELETE", "UPDATE", "ALTER", "SELECT", "INSERT", "CREATE",
                    "MERGE", "REPLACE", "GRANT", "REVOKE", "WITH"})  # fmt: skip
# What each kind is called when a developer is told why a call was held.
DESCRIPTIONS = {
    SqlKind.DROP: "drops",
    SqlKind.TRUNCATE: "truncates",
    SqlKind.DELETE_WITHOUT_WHERE: "deletes every row (no WHERE)",
    SqlKind.UPDATE_WITHOUT_WHERE: "updates every row (no WHERE)",
    SqlKind.ALTER_DROP: "drops part of a table",
}


@dataclass(frozen=True, slots=True)
class Statement:
    kind: SqlKind
    text: str


def destructive_statements(text: str) -> Iterator[Statement]:
    """The destructive statements in `text`; text that is not SQL yields none."""
    for words, start, end in _statements(text):
        kind = _kind(words)
        if kind is not None:
            yield Statement(kind, " ".join(text[start:end].split()))


def _statements(text: str) -> Iterator[tuple[list[str], int, int]]:
    """Each statement's top-level words (upper case) and its span in `text`."""
    words: list[str] = []
    depth = 0
    start = None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        if start is None:
            start = match.start()
        if kind == "end" and depth == 0:
            if words:
                yield words, start, match.start()
            words, start = [], None
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "word" and depth == 0:
            words.append(match.group().upper())
    if words and start is not None:
        yield words, start, len(text)


def _kind(words: list[str]) -> SqlKind | None:
    verbs = [w for w in words if w in _VERBS]
    if not words or words[0] not in _VERBS | _PREAMBLE or not verbs:
        return None
    # After a WITH, the verb is the first one outside the common table expressions.
    verb = next((v for v in verbs if v != "WITH"), None) if verbs[0] == "WITH" else verbs[0]
    if verb is None:
        return None
    after = words[words.index(verb) + 1 :]
    if verb == "DROP":
        return SqlKind.DROP
    if verb == "TRUNCATE":
        return SqlKind.TRUNCATE
    if verb == "DELETE" and "WHERE" not in after:
        return SqlKind.DELETE_WITHOUT_WHERE
    if verb == "UPDATE" and "SET" in after and "WHERE" not in after:
        return SqlKind.UPDATE_WITHOUT_WHERE
    if verb == "ALTER" and "DROP" in after:
        return SqlKind.ALTER_DROP
    return None
