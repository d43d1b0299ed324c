"""Replace string values inside a JSON document without re-serializing the rest of it.

Every byte outside the replaced strings stays as the client wrote it, so an unchanged
request is forwarded byte for byte and a changed one differs only where it must.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Mapping

import orjson

from mutators.base import JsonPath
from providers.errors import WireFormatError

_WHITESPACE = re.compile(r"[ \t\n\r]*")
# The C scanners behind the json module: skip a whole value, or read one string, in C.
_scan_value = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_scan_string = json.decoder.scanstring  # type: ignore[attr-defined]


def encode_string(value: str) -> str:
    return orjson.dumps(value).decode()


def splice(document: str, replacements: Mapping[JsonPath, str]) -> str:
    """Return `document` with the string at each path replaced by the given value."""
    if not replacements:
        return document
    walker = _Splicer(document, replacements)
    walker.value(0, ())
    missing = replacements.keys() - walker.done
    if missing:
        raise WireFormatError(f"no string value at {sorted(missing, key=str)[0]!r}")
    return walker.result()


class _Splicer:
    def __init__(self, document: str, replacements: Mapping[JsonPath, str]) -> None:
        self.doc = document
        self.replacements = replacements
        self.prefixes = {path[:n] for path in replacements for n in range(len(path))}
        self.edits: list[tuple[int, int, str]] = []
        self.done: set[JsonPath] = set()

    def result(self) -> str:
        pieces: list[str] = []
        position = 0
        for start, end, text in self.edits:
            pieces.append(self.doc[position:start])
            pieces.append(text)
            position = end
        pieces.append(self.doc[position:])
        return "".join(pieces)

    def skip_ws(self, index: int) -> int:
        match = _WHITESPACE.match(self.doc, index)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    def expect(self, index: int, char: str) -> int:
        index = self.skip_ws(index)
        if not self.doc.startswith(char, index):
            raise WireFormatError(f"expected {char!r} at offset {index}")
        return index + 1

    def value(self, index: int, path: JsonPath) -> int:
        index = self.skip_ws(index)
        if path in self.replacements:
            if not self.doc.startswith('"', index):
                raise WireFormatError(f"the value at {path!r} is not a string")
            _, end = _scan_string(self.doc, index + 1)
            self.edits.append((index, end, encode_string(self.replacements[path])))
            self.done.add(path)
            return int(end)
        if path in self.prefixes:
            if self.doc.startswith("{", index):
                return self.members(index + 1, path)
            if self.doc.startswith("[", index):
                return self.elements(index + 1, path)
        try:
            _, end = _scan_value(self.doc, index)
        except (StopIteration, ValueError, RecursionError) as e:
            raise WireFormatError(f"malformed JSON at offset {index}") from e
        return int(end)

    def members(self, index: int, path: JsonPath) -> int:
        seen: set[str] = set()
        index = self.skip_ws(index)
        if self.doc.startswith("}", index):
            return index + 1
        while True:
            index = self.expect(index, '"')
            key, index = _scan_string(self.doc, index)
            if key in seen:
                # Which duplicate a provider reads is not ours to guess: refuse rather than
                # rewrite one copy and forward the other unchanged.
                raise WireFormatError(f"duplicate key {key!r} at {path!r}")
            seen.add(key)
            index = self.expect(index, ":")
            index = self.skip_ws(self.value(index, (*path, key)))
            if self.doc.startswith("}", index):
                return index + 1
            index = self.expect(index, ",")
            index = self.skip_ws(index)

    def elements(self, index: int, path: JsonPath) -> int:
        index = self.skip_ws(index)
        if self.doc.startswith("]", index):
            return index + 1
        position = 0
        while True:
            index = self.skip_ws(self.value(index, (*path, position)))
            position += 1
            if self.doc.startswith("]", index):
                return index + 1
            index = self.expect(index, ",")
