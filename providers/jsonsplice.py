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
from mutators.memo import Memo
from providers.errors import WireFormatError

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_BLANKS = frozenset(" \t\n\r")
# The C scanners behind the json module: skip a whole value, or read one string, in C.
_scan_value = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_scan_string = json.decoder.scanstring  # type: ignore[attr-defined]


SpliceMemo = Memo[tuple[str, tuple[tuple[JsonPath, str], ...]], str]
"""Spliced array elements remembered (a long conversation's messages and their blocks), by
their bytes and the replacements below them; owned by whoever splices turn after turn."""


def encode_string(value: str) -> str:
    return orjson.dumps(value).decode()


def splice(document: str, replacements: Mapping[JsonPath, str], memo: SpliceMemo | None = None) -> str:
    """Return `document` with the string at each path replaced by the given value; `memo`
    spares the walk of an element spliced the same way before."""
    if not replacements:
        return document
    walker = _Splicer(document, replacements, memo)
    walker.value(0, ())
    missing = replacements.keys() - walker.done
    if missing:
        raise WireFormatError(f"no string value at {sorted(missing, key=str)[0]!r}")
    return walker.result()


class _Splicer:
    def __init__(self, document: str, replacements: Mapping[JsonPath, str], memo: SpliceMemo | None) -> None:
        self.doc = document
        self.replacements = replacements
        self.memo = memo
        # Each container on the way to a replacement, with the replacements below it.
        self.below: dict[JsonPath, list[tuple[JsonPath, str]]] = {}
        for path, text in replacements.items():
            for n in range(len(path)):
                self.below.setdefault(path[:n], []).append((path[n:], text))
        self.edits: list[tuple[int, int, str]] = []
        self.done: set[JsonPath] = set()

    def result(self, start: int = 0, end: int | None = None, first_edit: int = 0) -> str:
        pieces: list[str] = []
        position = start
        for edit_start, edit_end, text in self.edits[first_edit:]:
            pieces.append(self.doc[position:edit_start])
            pieces.append(text)
            position = edit_end
        pieces.append(self.doc[position:end])
        return "".join(pieces)

    def container(self, index: int, path: JsonPath) -> int:
        """Splice inside the object or array at `index`. An array element (a message, a
        content block) seen before with the same replacements is not walked again: history is
        resent every turn. The document and its keyed members change every turn: walked."""
        if not path or not isinstance(path[-1], int) or self.memo is None:
            return self._walk(index, path)
        end = self._end(index)
        key = (self.doc[index:end], tuple(sorted(self.below[path], key=lambda item: str(item[0]))))
        spliced = self.memo.get(key)
        if spliced is None:
            first_edit = len(self.edits)
            self._walk(index, path)
            spliced = self.result(index, end, first_edit)
            del self.edits[first_edit:]
            self.memo.put(key, spliced, 2 * (end - index))
        self.edits.append((index, end, spliced))
        self.done.update(path + relative for relative, _ in self.below[path])
        return end

    def _walk(self, index: int, path: JsonPath) -> int:
        if self.doc.startswith("{", index):
            return self.members(index + 1, path)
        return self.elements(index + 1, path)

    def _end(self, index: int) -> int:
        try:
            _, end = _scan_value(self.doc, index)
        except (StopIteration, ValueError, RecursionError) as e:
            raise WireFormatError(f"malformed JSON at offset {index}") from e
        return int(end)

    def skip_ws(self, index: int) -> int:
        if self.doc[index : index + 1] not in _BLANKS:
            return index  # compact JSON, the common case: no regex call
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
        if path in self.below and self.doc[index : index + 1] in ("{", "["):
            return self.container(index, path)
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
