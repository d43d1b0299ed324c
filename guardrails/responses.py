"""Tool calls in OpenAI Responses answers (Codex CLI, the SDK, Copilot's `/responses`):
output items `function_call`, `custom_tool_call` (Codex's apply_patch), `local_shell_call`,
`shell_call`, `apply_patch_call`, streamed as `output_item.added`, argument or input deltas,
their `.done`, `output_item.done`, and again in `response.completed`.

A replaced call becomes a message item at the same output index, in every copy; the events
after it are numbered on from its own (`sequence_number`), so numbers stay consecutive.
"""

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
    restored_text,
    restored_value,
    sse,
)
from guardrails.calls import ToolCall
from mutators.base import Restoration
from providers.sse import SSEEvent

KEEPALIVE = b": keep-alive\n\n"
CALL_ITEMS = frozenset(
    {"function_call", "custom_tool_call", "local_shell_call", "shell_call", "apply_patch_call"}
)
_RESPONSE_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})
# Events that never start or carry a call, by their `event:` name.
_PASSING = frozenset({"response.output_text.delta", "response.reasoning_summary_text.delta",
                      "response.content_part.added", "response.output_text.done", "response.created",
                      "response.in_progress"})  # fmt: skip


def item_call(item: dict[str, Json], restoration: Restoration) -> tuple[ToolCall, ToolCall]:
    """The call an output item asks for, restored and as sent."""
    kind = item.get("type")
    name = str(item.get("name") or kind)
    if kind == "function_call":
        arguments = item.get("arguments")
        return json_arguments(name, restoration, arguments if isinstance(arguments, str) else "")
    if kind == "custom_tool_call":
        text = item.get("input") if isinstance(item.get("input"), str) else ""
        return ToolCall(name, restored_text(restoration, str(text))), ToolCall(name, text)
    if kind == "local_shell_call":
        name, arguments = "local_shell", item.get("action")
    elif kind == "shell_call":
        action = item.get("action")
        commands = action.get("commands") if isinstance(action, dict) else None
        lines = [c for c in commands if isinstance(c, str)] if isinstance(commands, list) else []
        name, arguments = "shell", {"script": "\n".join(lines)}
    else:  # apply_patch_call
        name, arguments = "apply_patch", item.get("operation")
    return ToolCall(name, restored_value(restoration, arguments)), ToolCall(name, arguments)


def message_item(item_id: str, text: str) -> dict[str, Json]:
    return {
        "id": item_id,
        "type": "message",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


class _Held:
    __slots__ = ("index", "item_id", "slot")

    def __init__(self, slot: Slot, index: int, item_id: str) -> None:
        self.slot, self.index, self.item_id = slot, index, item_id


class ResponsesStream(HeldStream):
    keepalive = KEEPALIVE

    def __init__(self, restoration: Restoration) -> None:
        super().__init__(restoration)
        self._held: dict[int, _Held] = {}
        self._replaced: dict[int, dict[str, Json]] = {}  # output index -> message item
        self._shift = 0  # how much later sequence numbers move: replacements differ in length

    def _event(self, event: SSEEvent) -> None:
        if not self._held and not self._shift and not self._replaced and event.event in _PASSING:
            self._later(lambda: event.raw)  # text streams on unread while no call is open
            return
        data = loads(event)
        kind = data.get("type") if data is not None else None
        index = data.get("output_index") if data is not None else None
        if data is None or not isinstance(kind, str):
            self._pass(event.raw)
            return
        if kind == "response.output_item.added" and isinstance(index, int):
            item = data.get("item")
            if isinstance(item, dict) and item.get("type") in CALL_ITEMS:
                self._held[index] = self._hold(index, f"msg_pretense_{index}_{item.get('id') or ''}")
        held = self._held.get(index) if isinstance(index, int) else None
        if held is None:
            self._later(lambda: self._numbered(data, event.raw))
            return
        held.slot.raw.append(event.raw)
        if kind == "response.output_item.done" and isinstance(data.get("item"), dict):
            del self._held[held.index]
            held.slot.complete = True
            call, sent = item_call(data["item"], self.restoration)
            self._complete(held.slot, call, sent)

    def _hold(self, index: int, item_id: str) -> _Held:
        slot = self._open(lambda slot, outcomes: b"")
        held = _Held(slot, index, item_id)
        slot.render = lambda slot, outcomes: self._replacement(held, outcomes[slot.keys[0]])
        return held

    def _numbered(self, data: dict[str, Json], raw: bytes) -> bytes:
        """An event as it came, or renumbered and with replaced items in its copy of the
        output (`response.completed`)."""
        response = data.get("response") if data.get("type") in _RESPONSE_EVENTS else None
        output = response.get("output") if isinstance(response, dict) else None
        if not self._shift and not (self._replaced and isinstance(output, list)):
            return raw
        if isinstance(response, dict) and isinstance(output, list):
            response["output"] = [self._replaced.get(i, item) for i, item in enumerate(output)]
        return sse(data.get("type"), self._renumbered(data))

    def _renumbered(self, data: dict[str, Json]) -> dict[str, Json]:
        if isinstance(data.get("sequence_number"), int):
            data["sequence_number"] += self._shift
        return data

    def _released(self, slot: Slot) -> bytes:
        if not self._shift:
            return b"".join(slot.raw)
        return b"".join(sse(d.get("type"), self._renumbered(d)) for d in map(_data, slot.raw))

    def _replacement(self, held: _Held, outcome: Outcome) -> bytes:
        first = _data(held.slot.raw[0]).get("sequence_number")
        number = (first if isinstance(first, int) else 0) + self._shift
        item = message_item(held.item_id, outcome.explanation)
        self._replaced[held.index] = item
        where = {"item_id": held.item_id, "output_index": held.index}
        part = {"type": "output_text", "text": outcome.explanation, "annotations": []}
        events: list[dict[str, Json]] = [
            {"type": "response.output_item.added", "output_index": held.index,
             "item": {**item, "status": "in_progress", "content": []}},
            {"type": "response.content_part.added", **where, "content_index": 0,
             "part": {**part, "text": ""}},
            {"type": "response.output_text.delta", **where, "content_index": 0, "delta": outcome.explanation,
             "logprobs": []},
            {"type": "response.output_text.done", **where, "content_index": 0, "text": outcome.explanation,
             "logprobs": []},
            {"type": "response.content_part.done", **where, "content_index": 0, "part": part},
            {"type": "response.output_item.done", "output_index": held.index, "item": item},
        ]  # fmt: skip
        self._shift += len(events) - len(held.slot.raw)
        return b"".join(
            sse(event["type"], {**event, "sequence_number": number + offset})
            for offset, event in enumerate(events)
        )


def _data(raw: bytes) -> dict[str, Json]:
    for line in raw.decode().splitlines():
        if line.startswith("data:"):
            found = loads(SSEEvent(raw, None, line[5:].strip()))
            if found is not None:
                return found
    return {}


class ResponsesBody(HeldBody):
    def calls(self, document: Json) -> list[FoundCall]:
        found: list[FoundCall] = []
        for item in _output(document):
            if item.get("type") in CALL_ITEMS:
                call, sent = item_call(item, self.restoration)
                found.append(FoundCall(len(found), call, sent))
        return found

    def replaced(self, document: Json, outcomes: Outcomes) -> Json:
        key = 0
        output = []
        for index, item in enumerate(_output(document)):
            if item.get("type") in CALL_ITEMS:
                outcome = outcomes[key]
                key += 1
                if not outcome.released:
                    output.append(
                        message_item(f"msg_pretense_{index}_{item.get('id') or ''}", outcome.explanation)
                    )
                    continue
            output.append(item)
        document["output"] = output
        return document


def _output(document: Json) -> list[dict[str, Json]]:
    output = document.get("output") if isinstance(document, dict) else None
    return [i for i in output if isinstance(i, dict)] if isinstance(output, list) else []
