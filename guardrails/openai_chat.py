"""Tool calls in OpenAI Chat Completions answers (OpenAI, Azure, the compatible providers,
Copilot Chat's `/chat/completions`): `tool_calls` of a choice, streamed as argument pieces
and complete when the choice finishes. A replaced call's explanation becomes the choice's
text; the calls left are numbered from 0 again and `finish_reason` becomes `stop` when none
is left."""

from __future__ import annotations

from guardrails.answers import (
    FoundCall,
    HeldBody,
    HeldStream,
    Json,
    Outcome,
    Outcomes,
    Slot,
    json_arguments,
    loads,
    sse,
)
from guardrails.errors import GuardrailError
from mutators.base import Restoration
from providers.sse import SSEEvent

KEEPALIVE = b": keep-alive\n\n"


class _Choice:
    """The tool-call chunks of one choice, held from its first call to its finish."""

    __slots__ = ("calls", "chunks", "number", "slot")

    def __init__(self, slot: Slot, number: int) -> None:
        self.slot, self.number = slot, number
        self.chunks: list[dict[str, Json]] = []
        self.calls: dict[int, list[str]] = {}  # call index -> [name, argument pieces...]


class ChatStream(HeldStream):
    keepalive = KEEPALIVE

    def __init__(self, restoration: Restoration) -> None:
        super().__init__(restoration)
        self._choices: dict[int, _Choice] = {}
        self._envelope: dict[str, Json] = {}

    def _event(self, event: SSEEvent) -> None:
        data = event.data
        if data is None or (not self._choices and "tool_calls" not in data and "\\u" not in data):
            self._pass(event.raw)  # text streams on unread while no call is open
            return
        chunk = loads(event) if data.strip() != "[DONE]" else None
        choices = chunk.get("choices") if chunk is not None else None
        if chunk is None or not isinstance(choices, list) or not choices:
            self._pass(event.raw)
            return
        numbers = [c.get("index") for c in choices if isinstance(c, dict) and _calls(c)]
        if len(choices) > 1 and (numbers or any(c.get("index") in self._choices for c in choices)):
            # OpenAI sends one choice per chunk: a call not seen whole is not let through.
            raise GuardrailError("a streamed chunk carries tool calls of several choices")
        choice = choices[0]
        number = choice.get("index") if isinstance(choice, dict) else None
        if not isinstance(choice, dict) or not isinstance(number, int):
            self._pass(event.raw)
            return
        held = self._choices.get(number)
        if held is None and numbers:
            self._envelope = {k: chunk[k] for k in ("id", "object", "created", "model") if k in chunk}
            held = self._choices[number] = self._hold(number)
        if held is None:
            self._pass(event.raw)
            return
        held.slot.raw.append(event.raw)
        held.chunks.append(chunk)
        for position, call in enumerate(_calls(choice)):
            _gather(held, call, position)
        if choice.get("finish_reason"):
            del self._choices[number]
            held.slot.complete = True
            for name, *pieces in held.calls.values():
                restored, sent = json_arguments(name, self.restoration, "".join(pieces))
                self._complete(held.slot, restored, sent)

    def _hold(self, number: int) -> _Choice:
        slot = self._open(lambda slot, outcomes: b"")
        held = _Choice(slot, number)
        slot.render = lambda slot, outcomes: self._replacement(held, outcomes)
        return held

    def _replacement(self, held: _Choice, outcomes: Outcomes) -> bytes:
        mine = [outcomes[key] for key in held.slot.keys]
        kept = [index for index, outcome in zip(held.calls, mine, strict=True) if outcome.released]
        explanation = "\n\n".join(o.explanation for o in mine if not o.released)
        text = {
            "index": held.number,
            "delta": {"content": explanation},
            "logprobs": None,
            "finish_reason": None,
        }
        out = [sse(None, {**self._envelope, "choices": [text]})]
        for chunk in held.chunks:
            kept_chunk = _without_calls(chunk, kept)
            if kept_chunk is not None:
                out.append(sse(None, kept_chunk))
        return b"".join(out)


def _calls(choice: dict[str, Json]) -> list[dict[str, Json]]:
    delta = choice.get("delta")
    calls = delta.get("tool_calls") if isinstance(delta, dict) else None
    return [c for c in calls if isinstance(c, dict)] if isinstance(calls, list) else []


def _index(call: dict[str, Json], position: int) -> int:
    index = call.get("index")
    return index if isinstance(index, int) else position


def _gather(held: _Choice, call: dict[str, Json], position: int) -> None:
    entry = held.calls.setdefault(_index(call, position), [""])
    function = call.get("function")
    if isinstance(function, dict):
        if isinstance(function.get("name"), str):
            entry[0] += function["name"]
        if isinstance(function.get("arguments"), str):
            entry.append(function["arguments"])


def _without_calls(chunk: dict[str, Json], kept: list[int]) -> dict[str, Json] | None:
    """A chunk with only the kept calls, numbered from 0; None when nothing is left of it."""
    choice = dict(chunk["choices"][0])
    delta = dict(choice.get("delta") or {})
    calls = [
        {**call, "index": kept.index(_index(call, position))}
        for position, call in enumerate(_calls(choice))
        if _index(call, position) in kept
    ]
    if calls:
        delta["tool_calls"] = calls
    else:
        delta.pop("tool_calls", None)
    if choice.get("finish_reason") == "tool_calls" and not kept:
        choice["finish_reason"] = "stop"
    choice["delta"] = delta
    if not delta and not choice.get("finish_reason") and not chunk.get("usage"):
        return None
    return {**chunk, "choices": [choice]}


class ChatBody(HeldBody):
    def calls(self, document: Json) -> list[FoundCall]:
        found: list[FoundCall] = []
        for message in _messages(document):
            for call in _message_calls(message):
                function = call.get("function")
                function = function if isinstance(function, dict) else {}
                arguments = function.get("arguments")
                text = arguments if isinstance(arguments, str) else ""
                restored, sent = json_arguments(str(function.get("name") or ""), self.restoration, text)
                found.append(FoundCall(len(found), restored, sent))
        return found

    def replaced(self, document: Json, outcomes: Outcomes) -> Json:
        key = 0
        for choice in document.get("choices") or []:
            message = choice.get("message") if isinstance(choice, dict) else None
            calls = _message_calls(message) if isinstance(message, dict) else []
            if not calls:
                continue
            assert isinstance(message, dict)
            mine: list[Outcome] = [outcomes[key + i] for i in range(len(calls))]
            key += len(calls)
            said = [o.explanation for o in mine if not o.released]
            if message.get("content"):
                said.insert(0, message["content"])
            message["content"] = "\n\n".join(said)
            kept = [call for call, outcome in zip(calls, mine, strict=True) if outcome.released]
            if kept:
                message["tool_calls"] = kept
            else:
                message.pop("tool_calls", None)
                if choice.get("finish_reason") == "tool_calls":
                    choice["finish_reason"] = "stop"
        return document


def _messages(document: Json) -> list[dict[str, Json]]:
    choices = document.get("choices") if isinstance(document, dict) else None
    messages = [c.get("message") for c in choices if isinstance(c, dict)] if isinstance(choices, list) else []
    return [m for m in messages if isinstance(m, dict)]


def _message_calls(message: dict[str, Json]) -> list[dict[str, Json]]:
    calls = message.get("tool_calls")
    return [c for c in calls if isinstance(c, dict)] if isinstance(calls, list) else []
