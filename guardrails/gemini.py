"""Tool calls in Gemini answers (the Gemini API, Vertex, Gemini CLI's Code Assist, which
wraps the answer in `response`): `functionCall` parts, which come whole, each chunk of the
stream a candidate's next parts. A replaced call becomes a text part in its place."""

from __future__ import annotations

from guardrails.answers import (
    FoundCall,
    HeldBody,
    HeldStream,
    Json,
    Outcomes,
    Slot,
    loads,
    restored_value,
    sse,
)
from guardrails.calls import ToolCall
from mutators.base import Restoration
from providers.sse import SSEEvent

# google-genai reads any line that is not `data:` as JSON, so an SSE comment breaks it; a
# blank line between events is read as nothing by every SSE reader.
KEEPALIVE = b"\n"


def _parts(document: Json, wrapped: bool) -> list[dict[str, Json]]:
    """Every part of every candidate, in order."""
    body = document.get("response") if wrapped and isinstance(document, dict) else document
    candidates = body.get("candidates") if isinstance(body, dict) else None
    found: list[dict[str, Json]] = []
    for candidate in candidates if isinstance(candidates, list) else []:
        content = candidate.get("content") if isinstance(candidate, dict) else None
        parts = content.get("parts") if isinstance(content, dict) else None
        found += [p for p in parts if isinstance(p, dict)] if isinstance(parts, list) else []
    return found


def _calls(document: Json, wrapped: bool, restoration: Restoration) -> list[tuple[ToolCall, ToolCall]]:
    calls = []
    for part in _parts(document, wrapped):
        call = part.get("functionCall")
        if isinstance(call, dict):
            name = str(call.get("name") or "")
            arguments = call.get("args") if isinstance(call.get("args"), dict) else {}
            calls.append((ToolCall(name, restored_value(restoration, arguments)), ToolCall(name, arguments)))
    return calls


def _replaced(document: Json, wrapped: bool, outcomes: list[tuple[bool, str]]) -> Json:
    """`document` with each call not released (in order: released?, explanation) made text."""
    pending = iter(outcomes)
    for part in _parts(document, wrapped):
        if isinstance(part.get("functionCall"), dict):
            released, explanation = next(pending)
            if not released:
                # The signature was given for the call: on text it would not verify.
                part.clear()
                part["text"] = explanation
    return document


class GeminiStream(HeldStream):
    keepalive = KEEPALIVE

    def __init__(self, restoration: Restoration, wrapped: bool) -> None:
        super().__init__(restoration)
        self._wrapped = wrapped

    def _event(self, event: SSEEvent) -> None:
        data = (
            loads(event)
            if event.data is not None and ("functionCall" in event.data or "\\u" in event.data)
            else None
        )
        calls = _calls(data, self._wrapped, self.restoration) if data is not None else []
        if data is None or not calls:
            self._pass(event.raw)
            return
        slot = self._open(lambda slot, outcomes: self._replacement(event.event, data, slot, outcomes))
        slot.raw.append(event.raw)
        slot.complete = True
        for call, sent in calls:
            self._complete(slot, call, sent)

    def _replacement(self, name: str | None, data: dict[str, Json], slot: Slot, outcomes: Outcomes) -> bytes:
        mine = [(outcomes[key].released, outcomes[key].explanation) for key in slot.keys]
        return sse(name, _replaced(data, self._wrapped, mine))


class GeminiBody(HeldBody):
    def __init__(self, restoration: Restoration, wrapped: bool) -> None:
        super().__init__(restoration)
        self._wrapped = wrapped

    def calls(self, document: Json) -> list[FoundCall]:
        return [
            FoundCall(key, call, sent)
            for key, (call, sent) in enumerate(_calls(document, self._wrapped, self.restoration))
        ]

    def replaced(self, document: Json, outcomes: Outcomes) -> Json:
        mine = [(outcomes[key].released, outcomes[key].explanation) for key in sorted(outcomes)]
        return _replaced(document, self._wrapped, mine)
