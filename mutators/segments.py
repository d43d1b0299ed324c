"""Where the code is in a text field, and in which language: markdown fences, files a tool
read or wrote (Claude Code's Read results come as `cat -n` text), `Path:` headers (Copilot),
and otherwise the grammar that parses the text best."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import orjson

from mutators.base import FieldKind, Syntax, TextField
from mutators.languages import by_path, by_tag, likely, parse_errors

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<tag>[^\s`{]*)[^\n]*\n"
    r"(?P<code>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
# `cat -n` as Claude Code's Read tool prints it: right-aligned number, then an arrow or a tab.
_LINE_NUMBER = re.compile(r"^ *\d+(?:\u2192|\t)", re.MULTILINE)
# A comment on one of the first lines naming the file the text comes from (`# Path: src/x.py`).
_PATH_HEADER = re.compile(r"\A(?:[^\n]*\n){0,4}?[ \t]*(?:#|//|--|;|/\*+|<!--)[ \t]*Path:[ \t]*(\S+)")
_FILE_KINDS = (FieldKind.TOOL_RESULT, FieldKind.TOOL_INPUT)
# Code worth guessing the language of: a few lines at least, and not so much that trying
# several grammars on it costs more than it can reveal.
_GUESS_MIN_LINES = 3
_GUESS_MAX_CHARS = 256 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class CodeSegment:
    code: str
    language: str


def code_segments(field: TextField) -> list[CodeSegment]:
    if field.syntax is Syntax.JSON:
        return [
            s for text in _json_strings(field.text) for s in _segments(text, field.kind, field.source_path)
        ]
    return list(_segments(field.text, field.kind, field.source_path))


def source_of(text: str) -> str | None:
    """The file a `Path:` header on one of the first lines names."""
    match = _PATH_HEADER.match(text)
    return match.group(1) if match else None


@functools.lru_cache(maxsize=4096)  # history blocks come back every turn
def _segments(text: str, kind: FieldKind, source_path: str | None) -> tuple[CodeSegment, ...]:
    if _looks_binary(text):
        return ()
    source = source_path if kind in _FILE_KINDS else None
    language = by_path(source or source_of(text) or "")
    if language is not None:
        code = _LINE_NUMBER.sub("", text) if _LINE_NUMBER.match(text) else text
        return (CodeSegment(code, language.name),)
    segments = []
    for fence in _FENCE.finditer(text):
        fenced = by_tag(fence["tag"])
        guessed = fenced.name if fenced else _guess(fence["code"])
        if guessed is not None:
            segments.append(CodeSegment(fence["code"], guessed))
    if not segments and kind is not FieldKind.SYSTEM:
        guessed = _guess(text)
        if guessed is not None:
            segments.append(CodeSegment(text, guessed))
    return tuple(segments)


def _guess(code: str) -> str | None:
    """The language that parses `code` with the fewest errors, among those it looks like;
    None when it parses badly in all of them (prose, or a language we do not read)."""
    if code.count("\n") + 1 < _GUESS_MIN_LINES or len(code) > _GUESS_MAX_CHARS:
        return None
    candidates = likely(code)
    if not candidates:
        return None
    errors, _, best = min((parse_errors(code, name), rank, name) for rank, name in enumerate(candidates))
    tolerated = max(2, code.count("\n") // 10)  # a line of prose around the code is an error or two
    return best if errors <= tolerated else None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return "\x00" in sample or len(_CONTROL.findall(sample)) > len(sample) // 20


def _json_strings(text: str) -> list[str]:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return []
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
