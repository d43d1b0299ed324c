"""A model's answer with its tool calls held, sans-IO: bytes in, complete tool calls out;
outcomes in, the answer's bytes out in order, each call released as it came or replaced by
an explanation. Text before a call streams on; what follows a call waits behind it.

Each wire format says where its calls are and how a replaced one reads (`guardrails.anthropic`
and the others); this module keeps the order and the waiting.
"""

from __future__ import annotations

import abc
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from guardrails.calls import ToolCall
from mutators.base import Restoration, Syntax
from providers.sse import SSEEvent, SSESplitter, parse_event

Json = Any


@dataclass(frozen=True, slots=True)
class FoundCall:
    """A complete tool call of an answer."""

    key: int
    """Its place among the answer's calls: 0, 1, ..."""
    call: ToolCall
    """As the agent would get it (names and values restored)."""
    sent: ToolCall
    """As the provider sent it (pseudonyms and placeholders): what a preview may show."""


@dataclass(frozen=True, slots=True)
class Outcome:
    released: bool
    explanation: str = ""
    """What the agent reads instead of a call that is not released."""


RELEASED = Outcome(True)
Outcomes = Mapping[int, Outcome]


class Slot:
    """The events of one or more calls, sent as they came once all are released."""

    __slots__ = ("complete", "keys", "raw", "render")

    def __init__(self, render: Callable[[Slot, Outcomes], bytes]) -> None:
        self.keys: list[int] = []
        self.raw: list[bytes] = []
        self.render = render
        self.complete = False


Item = bytes | Slot | Callable[[], bytes]


class HeldStream(abc.ABC):
    """One streamed answer (server-sent events) with its tool calls held."""

    keepalive: bytes
    """What keeps the client's connection alive while a call waits (at an event boundary)."""

    def __init__(self, restoration: Restoration) -> None:
        self.restoration = restoration
        self.outcomes: dict[int, Outcome] = {}
        self._splitter = SSESplitter()
        self._queue: deque[Item] = deque()
        self._found: list[FoundCall] = []
        self._calls = 0
        self._slots = 0  # slots in the queue: a call not yet sent

    def feed(self, chunk: bytes) -> list[FoundCall]:
        """Reads `chunk`; returns the calls it completed, for the caller to judge."""
        for raw in self._splitter.feed(chunk):
            self._event(parse_event(raw))
        found, self._found = self._found, []
        return found

    def finish(self) -> list[FoundCall]:
        """The stream ended: what is left is read; a call it cut off is never sent."""
        rest = self._splitter.flush()
        if rest:
            self._event(parse_event(rest))
        for item in self._queue:
            if isinstance(item, Slot) and not item.complete:
                item.raw.clear()
                item.complete = True
        found, self._found = self._found, []
        return found

    def decide(self, key: int, outcome: Outcome) -> None:
        self.outcomes[key] = outcome

    def ready(self) -> bytes:
        """Everything that can go to the client now, in order."""
        out: list[bytes] = []
        queue = self._queue
        while queue:
            item = queue[0]
            if isinstance(item, Slot):
                if not item.complete or any(key not in self.outcomes for key in item.keys):
                    break
                released = all(self.outcomes[key].released for key in item.keys)
                out.append(self._released(item) if released else item.render(item, self.outcomes))
                self._slots -= 1
            elif callable(item):
                out.append(item())
            else:
                out.append(item)
            queue.popleft()
        return b"".join(out)

    @property
    def waiting(self) -> bool:
        """Whether a call not yet decided keeps the rest of the answer back."""
        return self._slots > 0

    # For the wire formats ---------------------------------------------------------------

    @abc.abstractmethod
    def _event(self, event: SSEEvent) -> None:
        """Read one event: pass it, hold it in a call's slot, or complete a call."""

    def _released(self, slot: Slot) -> bytes:
        """A slot whose calls are all released: its events as they came."""
        return b"".join(slot.raw)

    def _pass(self, raw: bytes) -> None:
        self._queue.append(raw)

    def _later(self, render: Callable[[], bytes]) -> None:
        """An event whose bytes depend on the outcomes of the calls before it (a stop
        reason): made when it is its turn to go out, or at once if nothing waits."""
        self._queue.append(render if self.waiting else render())

    def _open(self, render: Callable[[Slot, Outcomes], bytes]) -> Slot:
        slot = Slot(render)
        self._queue.append(slot)
        self._slots += 1
        return slot

    def _complete(self, slot: Slot, call: ToolCall, sent: ToolCall) -> int:
        key = self._calls
        self._calls += 1
        slot.keys.append(key)
        self._found.append(FoundCall(key, call, sent))
        return key


class HeldBody(abc.ABC):
    """A whole (not streamed) answer with its tool calls held."""

    def __init__(self, restoration: Restoration) -> None:
        self.restoration = restoration

    @abc.abstractmethod
    def calls(self, document: Json) -> list[FoundCall]:
        """Every tool call of the answer, in order."""

    @abc.abstractmethod
    def replaced(self, document: Json, outcomes: Outcomes) -> Json:
        """The answer with each call not released replaced by its explanation."""

    def render(self, body: bytes, outcomes: Outcomes) -> bytes:
        """The bytes to send: `body` itself when every call is released."""
        if all(outcome.released for outcome in outcomes.values()):
            return body
        return orjson.dumps(self.replaced(orjson.loads(body), outcomes))


def restored_text(restoration: Restoration, text: str, syntax: Syntax = Syntax.TEXT) -> str:
    if not restoration.active:
        return text
    restorer = restoration.restorer(syntax)
    return restorer.feed(text) + restorer.flush()


def restored_value(restoration: Restoration, value: Json) -> Json:
    """A parsed JSON value with every string restored (object keys are schema)."""
    if not restoration.active:
        return value
    if isinstance(value, str):
        return restored_text(restoration, value)
    if isinstance(value, dict):
        return {key: restored_value(restoration, item) for key, item in value.items()}
    if isinstance(value, list):
        return [restored_value(restoration, item) for item in value]
    return value


def json_arguments(tool: str, restoration: Restoration, text: str) -> tuple[ToolCall, ToolCall]:
    """A call whose arguments are JSON text (Anthropic's `partial_json` joined, OpenAI's
    `arguments`), as the agent will get it and as it was sent."""
    return _json_call(tool, restored_text(restoration, text, Syntax.JSON)), _json_call(tool, text)


def _json_call(tool: str, text: str) -> ToolCall:
    if not text.strip():
        return ToolCall(tool, {})
    try:
        return ToolCall(tool, orjson.loads(text))
    except orjson.JSONDecodeError:
        return ToolCall(tool, text, unreadable="its arguments are not valid JSON")


def sse(event: str | None, data: Json) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {orjson.dumps(data).decode()}\n\n".encode()


def loads(event: SSEEvent) -> dict[str, Json] | None:
    if event.data is None:
        return None
    try:
        data = orjson.loads(event.data)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None
