"""The seam between wire formats and transforms: request fields in, rewritten texts out.

A transform sees every text field of one request at once (a definition found anywhere
applies everywhere) and returns a `Restoration` that reverses it in the answer.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

JsonPath = tuple[str | int, ...]


class Syntax(enum.Enum):
    """How a piece of text is written, so that a transform keeps it well-formed."""

    TEXT = "text"
    """Plain text: prose, code, a file's content."""
    JSON = "json"
    """JSON source text (OpenAI tool arguments, Anthropic `partial_json` fragments)."""


class FieldKind(enum.Enum):
    """Where a text field sits in the conversation."""

    SYSTEM = "system"
    MESSAGE = "message"
    TOOL_INPUT = "tool_input"
    TOOL_RESULT = "tool_result"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class TextField:
    """One text-bearing value of a request body, with what is known about it."""

    path: JsonPath
    text: str
    kind: FieldKind
    role: str | None = None
    syntax: Syntax = Syntax.TEXT
    source_path: str | None = None
    """The file this text came from, when the request says so (a Read tool's file_path)."""


class StreamRestorer(Protocol):
    """Restores one stream of answer text fed in arbitrary pieces."""

    def feed(self, text: str) -> str: ...

    def flush(self) -> str: ...


class Restoration(Protocol):
    """Undoes one request's rewrite in the answer to it."""

    @property
    def active(self) -> bool:
        """False when the request was not changed, so the answer needs no work."""
        ...

    def restorer(self, syntax: Syntax) -> StreamRestorer: ...


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A transform's result: one text per field, in order, and how to undo it."""

    texts: Sequence[str]
    restoration: Restoration
    found: Mapping[str, int] = field(default_factory=dict)
    """What the transform found and replaced, counted by kind (`aws_access_key_id`: 2)."""
    fingerprints: Sequence[tuple[str, str]] = ()
    """(kind, keyed HMAC of the value) for each distinct value found: what the audit trail
    records, so that a known value can be searched for without the trail holding it."""
    renamed: frozenset[str] = frozenset()
    """The proprietary names the transform renamed (kept in memory only, for the audit
    trail to fingerprint)."""
    passed: Mapping[str, int] = field(default_factory=dict)
    """Of what was found, what the policy lets through as it is (`secrets.allow`), by kind."""


class RequestRefused(Exception):
    """The request must not leave at all (the policy blocks what it holds); `reason` says
    why in words the developer reads, and never quotes what was found."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RequestTransform(Protocol):
    def apply(self, fields: Sequence[TextField]) -> Rewrite: ...


class _Unchanged:
    def feed(self, text: str) -> str:
        return text

    def flush(self) -> str:
        return ""


class _NoRestoration:
    @property
    def active(self) -> bool:
        return False

    def restorer(self, syntax: Syntax) -> StreamRestorer:
        return _Unchanged()


NO_RESTORATION: Restoration = _NoRestoration()


class IdentityTransform:
    """Changes nothing: the baseline every wire format must carry byte for byte."""

    def apply(self, fields: Sequence[TextField]) -> Rewrite:
        return Rewrite([f.text for f in fields], NO_RESTORATION)


IDENTITY: RequestTransform = IdentityTransform()
