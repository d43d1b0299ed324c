"""Incremental server-sent events: bytes in at any boundary, whole events out.

Each event keeps its exact bytes, so an event nobody changes is passed on unaltered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_LINE_END = re.compile(rb"\r\n|\n|\r")


@dataclass(frozen=True, slots=True)
class SSEEvent:
    raw: bytes
    """The event exactly as received, up to and including the blank line that ended it."""
    event: str | None
    data: str | None
    """The data lines joined by newlines; None when the event has no data field or is not UTF-8."""


def parse_event(raw: bytes) -> SSEEvent:
    event: str | None = None
    data: list[str] = []
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        return SSEEvent(raw, None, None)
    for line in text.splitlines():
        if not line or line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
    return SSEEvent(raw, event, "\n".join(data) if data else None)


def format_event(event: str | None, data: str) -> bytes:
    head = f"event: {event}\n" if event is not None else ""
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"{head}{lines}\n".encode()


class SSESplitter:
    """Cuts a byte stream into events; holds back only the event still arriving."""

    def __init__(self) -> None:
        self._buffer = b""
        self._scanned = 0
        self._event_start = 0

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        self._buffer += chunk
        buffer = self._buffer
        line_start = self._scanned
        for match in _LINE_END.finditer(buffer, self._scanned):
            if match.group() == b"\r" and match.end() == len(buffer):
                break  # may be the first half of a CRLF still on its way
            if match.start() == line_start:
                yield buffer[self._event_start : match.end()]
                self._event_start = match.end()
            line_start = match.end()
        self._scanned = line_start
        if self._event_start:
            self._buffer = buffer[self._event_start :]
            self._scanned -= self._event_start
            self._event_start = 0

    def flush(self) -> bytes:
        """What is left when the stream ends: an event without its closing blank line."""
        rest, self._buffer, self._scanned = self._buffer, b"", 0
        return rest


EventRewrite = Callable[[SSEEvent], bytes | None]
"""Returns the bytes that replace an event, or None to pass it on unchanged."""


class SSERewriter:
    """Applies an event rewrite to a stream; with a rewrite that changes nothing, bytes out
    equal bytes in."""

    def __init__(self, rewrite: EventRewrite, finish: Callable[[], bytes] | None = None) -> None:
        self._splitter = SSESplitter()
        self._rewrite = rewrite
        self._finish = finish

    def feed(self, chunk: bytes) -> bytes:
        out = []
        for raw in self._splitter.feed(chunk):
            replaced = self._rewrite(parse_event(raw))
            out.append(raw if replaced is None else replaced)
        return b"".join(out)

    def flush(self) -> bytes:
        rest = self._splitter.flush()
        if rest:
            replaced = self._rewrite(parse_event(rest))
            rest = rest if replaced is None else replaced
        return rest + (self._finish() if self._finish else b"")
