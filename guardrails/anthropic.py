"""Tool calls in Anthropic Messages answers (the API, Claude Code, Vertex, Copilot's
`/v1/messages`): `tool_use` blocks, streamed as `content_block_start`, `input_json_delta`
pieces and `content_block_stop`. A replaced call becomes a text block at the same index, and
`stop_reason` becomes `end_turn` when no call is left."""

from __future__ import annotations

from collections.abc import Callable

import orjson

from guardrails.answers import (
    FoundCall,
    HeldBody,
    HeldStream,
    Json,
    Outcomes,
    Slot,
    json_arguments,
    loads,
    restored_value,
    sse,
)
from guardrails.calls import ToolCall
from mutators.base import Restoration
from providers.jsonsplice import splice
from providers.sse import SSEEvent, format_event

PING = b'event: ping\ndata: {"type": "ping"}\n\n'
"""As Anthropic sends it between events."""
# Blocks the client runs: `server_tool_use` and `mcp_tool_use` run at the provider.
_CALL_BLOCKS = frozenset({"tool_use"})
_PASSING = frozenset({"ping", "message_start", "message_stop"})


class _Open:
    __slots__ = ("index", "name", "parts", "slot", "start_input")

    def __init__(self, slot: Slot, index: int, name: str, start_input: Json) -> None:
        self.slot, self.index, self.name, self.start_input = slot, index, name, start_input
        self.parts: list[str] = []


class AnthropicStream(HeldStream):
    keepalive = PING

    def __init__(self, restoration: Restoration) -> None:
        super().__init__(restoration)
        self._blocks: dict[int, _Open] = {}

    def _event(self, event: SSEEvent) -> None:
        if event.event in _PASSING or (event.event == "content_block_delta" and not self._blocks):
            self._pass(event.raw)  # text streams on unread while no call is open
            return
        data = loads(event)
        kind = data.get("type") if data is not None else None
        index = data.get("index") if data is not None else None
        if data is not None and kind == "content_block_start" and isinstance(index, int):
            block = data.get("content_block")
            if isinstance(block, dict) and block.get("type") in _CALL_BLOCKS:
                slot = self._open(_replacement(index))
                self._blocks[index] = _Open(slot, index, str(block.get("name") or ""), block.get("input"))
                slot.raw.append(event.raw)
                return
        held = self._blocks.get(index) if isinstance(index, int) else None
        if held is not None and data is not None:
            held.slot.raw.append(event.raw)
            if kind == "content_block_delta":
                delta = data.get("delta")
                if isinstance(delta, dict) and isinstance(delta.get("partial_json"), str):
                    held.parts.append(delta["partial_json"])
            elif kind == "content_block_stop":
                self._close(self._blocks.pop(held.index))
            return
        if kind == "message_delta" and data is not None:
            self._later(lambda: self._message_delta(event))
            return
        self._pass(event.raw)

    def _close(self, held: _Open) -> None:
        text = "".join(held.parts)
        if not text and isinstance(held.start_input, dict) and held.start_input:
            text = orjson.dumps(held.start_input).decode()
        call, sent = json_arguments(held.name, self.restoration, text)
        held.slot.complete = True
        self._complete(held.slot, call, sent)

    def _message_delta(self, event: SSEEvent) -> bytes:
        assert event.data is not None
        if not self.outcomes or any(o.released for o in self.outcomes.values()):
            return event.raw
        data = orjson.loads(event.data)
        delta = data.get("delta")
        if not isinstance(delta, dict) or delta.get("stop_reason") != "tool_use":
            return event.raw
        return format_event(event.event, splice(event.data, {("delta", "stop_reason"): "end_turn"}))


def _replacement(index: int) -> Callable[[Slot, Outcomes], bytes]:
    return lambda slot, outcomes: text_block(index, outcomes[slot.keys[0]].explanation)


def text_block(index: int, text: str) -> bytes:
    start = {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}}
    delta = {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}}
    stop = {"type": "content_block_stop", "index": index}
    return (
        sse("content_block_start", start)
        + sse("content_block_delta", delta)
        + sse("content_block_stop", stop)
    )


class AnthropicBody(HeldBody):
    def calls(self, document: Json) -> list[FoundCall]:
        found: list[FoundCall] = []
        for block in _blocks(document):
            if block.get("type") in _CALL_BLOCKS:
                name = str(block.get("name") or "")
                sent = ToolCall(name, block.get("input"))
                call = ToolCall(name, restored_value(self.restoration, block.get("input")))
                found.append(FoundCall(len(found), call, sent))
        return found

    def replaced(self, document: Json, outcomes: Outcomes) -> Json:
        key = 0
        content = []
        for block in _blocks(document):
            if block.get("type") in _CALL_BLOCKS:
                outcome = outcomes[key]
                key += 1
                if not outcome.released:
                    content.append({"type": "text", "text": outcome.explanation})
                    continue
            content.append(block)
        document["content"] = content
        if document.get("stop_reason") == "tool_use" and not any(o.released for o in outcomes.values()):
            document["stop_reason"] = "end_turn"
        return document


def _blocks(document: Json) -> list[dict[str, Json]]:
    content = document.get("content") if isinstance(document, dict) else None
    return [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []
