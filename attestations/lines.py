"""Lines as provenance compares them, and the lines a diff adds.

A line is normalised before it is fingerprinted: surrounding whitespace stripped and every
run of whitespace inside made one space (a formatter that re-indents or re-aligns does not
make AI code human). Trivial lines are skipped on both sides, in the AI's answers and in
the commit: blank lines, lines without a letter or digit (`}`, `});`, `*/`, a docstring's quotes), and a
lone word (`else:`, `return;`, `end`, `fi`, `pass`), which anyone writes and would match
an answer by chance. Fingerprints are keyed HMACs (64 bits), so the store reveals no code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator

METHOD = "pretense-lines/v1"
"""The normalisation the predicate names, so that a reader knows what was counted."""
_DOMAIN = b"pretense provenance lines"
_SPACE = re.compile(r"\s+")
_LONE_WORD = re.compile(r"\w+[:;,]?")
_QUOTED = re.compile(r"\\(?:([0-7]{3})|(.))")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def normalised(line: str) -> str | None:
    """The line as compared, or None for a trivial one."""
    text = _SPACE.sub(" ", line.strip())
    if not any(character.isalnum() for character in text) or _LONE_WORD.fullmatch(text):
        return None
    return text


def code_lines(text: str) -> Iterator[str]:
    """The non-trivial lines of a text, normalised."""
    for line in text.splitlines():
        found = normalised(line)
        if found is not None:
            yield found


def lines_key(installation_key: bytes) -> bytes:
    """The key line fingerprints are made with, derived from the installation key."""
    return hmac.new(installation_key, _DOMAIN, hashlib.sha256).digest()


def line_fingerprint(key: bytes, line: str) -> str:
    return hmac.digest(key, line.encode(), "sha256")[:8].hex()


def added_lines(diff: str) -> dict[str, list[str]]:
    """The lines each file gains in a patch (`git diff-tree -p`), by path; a deleted file
    gains none. Headers are told from added lines by position: a line `+++ x` after a
    hunk header is an added `++ x`."""
    added: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_hunk = False
    for line in diff.split("\n"):
        if line.startswith("diff --git "):
            current, in_hunk = None, False
        elif not in_hunk and line.startswith("+++ "):
            path = _path(line[4:])
            current = added.setdefault(path, []) if path is not None else None
        elif line.startswith("@@"):
            in_hunk = True
        elif in_hunk and line.startswith("+") and current is not None:
            current.append(line[1:])
    return added


def _path(header: str) -> str | None:
    """The path of a `+++ ` header (`b/src/x.py`, `"b/caf\\303\\251.py"`), None for /dev/null."""
    header = header.rstrip("\t")
    if header == "/dev/null":
        return None
    if header.startswith('"') and header.endswith('"') and len(header) > 1:
        header = _unquote(header[1:-1])
    return header[2:] if header.startswith("b/") else header


def _unquote(text: str) -> str:
    """Git's C-style quoting of a path: escapes and octal bytes of UTF-8."""
    out = bytearray()
    position = 0
    for match in _QUOTED.finditer(text):
        out += text[position : match.start()].encode()
        if match.group(1):
            out.append(int(match.group(1), 8))
        else:
            out += _ESCAPES.get(match.group(2), match.group(2)).encode()
        position = match.end()
    out += text[position:].encode()
    return out.decode("utf-8", "replace")
