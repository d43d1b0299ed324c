"""Where the code is in a text field, and in which language: markdown fences, files a tool
read or wrote (Claude Code's Read results come as `cat -n` text), `Path:` headers (Copilot),
and otherwise the grammar that parses the text best."""

from __future__ import annotations

import re
from dataclasses import dataclass

import orjson

from mutators.base import FieldKind, Syntax, TextField
from mutators.languages import by_path, by_tag, likely, of_file, parse_errors

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<tag>[^\s`{]*)[^\n]*\n"
    r"(?P<code>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
# `cat -n` as Claude Code's Read tool prints it: right-aligned number, then an arrow or a tab.
_LINE_NUMBER = re.compile(r"^ *\d+(?:\u2192|\t)", re.MULTILINE)
# What a shell tool writes before a command's output (Codex: "Chunk ID: ...", "Wall time:
# ...", "Process exited with code 0", then "Output:"): not part of the file it printed.
_OUTPUT_HEADER = re.compile(r"\A(?:[A-Z][^\n:]{0,40}(?::[^\n]*)?\n){1,8}Output:\n")
# A comment on one of the first lines naming the file the text comes from (`# Path: src/x.py`).
_PATH_HEADER = re.compile(r"\A(?:[^\n]*\n){0,4}?[ \t]*(?:#|//|--|;|/\*+|<!--)[ \t]*Path:[ \t]*(\S+)")
_FILE_KINDS = (FieldKind.TOOL_RESULT, FieldKind.TOOL_INPUT)
# Code worth guessing the language of: a few lines at least, and not so much that trying
# several grammars on it costs more than it can reveal.
_GUESS_MIN_LINES = 3
_GUESS_MAX_CHARS = 256 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_ENDING = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class CodeSegment:
    code: str
    language: str | None
    """The grammar to parse it with; None for code in a language none of them reads (a
    fence of an unknown tag, code no grammar parses): its names are found lexically."""


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


def _segments(text: str, kind: FieldKind, source_path: str | None) -> tuple[CodeSegment, ...]:
    if _looks_binary(text):
        return ()
    text = normalised(text)
    source = source_path if kind in _FILE_KINDS else None
    path = source or source_of(text) or ""
    if by_path(path) is not None:
        header = _OUTPUT_HEADER.match(text) if kind is FieldKind.TOOL_RESULT else None
        code = text[header.end() :] if header else text
        code = _LINE_NUMBER.sub("", code) if _LINE_NUMBER.match(code) else code
        language = of_file(path, code)
        assert language is not None
        return (CodeSegment(code, language.name),)
    segments = []
    for fence in _FENCE.finditer(text):
        fenced = by_tag(fence["tag"])
        # A fence says it holds code: if no grammar reads it, its names are still looked for.
        segments.append(CodeSegment(fence["code"], fenced.name if fenced else _guess(fence["code"])))
    if not segments:
        code = _LINE_NUMBER.sub("", text) if _LINE_NUMBER.match(text) else text
        guessed = _guess(code) if kind is not FieldKind.SYSTEM else None
        if guessed is not None:
            segments.append(CodeSegment(code, guessed))
        elif likely(code):
            # It looks like code, but no grammar parses it (or it is a system prompt, never
            # guessed): its declarations are still looked for, never nothing.
            segments.append(CodeSegment(code, None))
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


def normalised(text: str) -> str:
    """The text as code is looked for in it: one odd character must not hide it. CRLF and
    CR line endings become LF (a fence line would otherwise read "```python\r"), control
    characters become spaces (a parser would stop at a NUL), byte order marks go. The names
    found are then renamed in the text as it was."""
    if "\r" in text:
        text = _LINE_ENDING.sub("\n", text)
    return _CONTROL.sub(" ", text.replace("\ufeff", ""))


def _looks_binary(text: str) -> bool:
    """Mostly control characters: data, not text (one NUL in a message is not that)."""
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) // 20


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
