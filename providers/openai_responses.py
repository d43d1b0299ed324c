"""OpenAI Responses (`POST /v1/responses`): what Codex CLI speaks.

Request text: `instructions`, and the `input` items: messages (string or text parts),
function calls' `arguments` (JSON text), their outputs, custom tool calls' freeform `input`
(Codex's apply_patch), local shell commands, reasoning summaries. `encrypted_content`, ids
and signatures are never read or changed.

A streamed answer repeats its text: deltas, each part's `.done`, `response.output_item.done`
(Codex runs tool calls from this one) and `response.completed`. Every copy is restored, and
a delta restorer's held-back tail goes out as one more delta just before its `.done`, so all
copies agree.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from mutators.base import FieldKind, Restoration, StreamRestorer, Syntax, TextField
from providers.base import Json, WireFormat
from providers.commands import printed_by_script, printed_file
from providers.jsonsplice import splice
from providers.openai_chat import file_named, file_shown, openai_error
from providers.shape import Keys, Shape
from providers.sse import SSEEvent, SSERewriter, format_event

JsonPath = tuple[str | int, ...]
_TEXT_PARTS = frozenset({"input_text", "output_text", "text", "summary_text"})

# What is not content in a Responses body; every other string is.
SHAPE = Shape(
    top=Keys(
        dispatch=frozenset(
            {"model", "previous_response_id", "prompt_cache_key", "service_tier", "safety_identifier"}
        ),
        opaque=frozenset({"include"}),
    ),
    anywhere=Keys(
        tokens=frozenset({"id", "call_id", "item_id", "file_id", "container_id"}),
        dispatch=frozenset({"type", "role", "status", "detail", "effort", "verbosity"}),
        # `format` holds a JSON schema (text.format) or a tool's grammar (custom tools).
        opaque=frozenset({"encrypted_content", "parameters", "format", "image_url", "file_data"}),
    ),
    by_type={
        "function_call": Keys(dispatch=frozenset({"name"})),
        "custom_tool_call": Keys(dispatch=frozenset({"name"})),
        "function": Keys(dispatch=frozenset({"name"})),  # a tool definition
        "custom": Keys(dispatch=frozenset({"name"})),
        "mcp_call": Keys(dispatch=frozenset({"name", "server_label"})),
    },
    under={"tools": Keys(dispatch=frozenset({"name"})), "tool_choice": Keys(dispatch=frozenset({"name"}))},
)


class OpenAIResponses(WireFormat):
    name = "openai-responses"
    shape = SHAPE

    def request_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict):
            return []
        fields: list[TextField] = []
        if isinstance(body.get("instructions"), str):
            fields.append(TextField(("instructions",), body["instructions"], FieldKind.SYSTEM, "system"))
        items = body.get("input")
        if isinstance(items, str):
            fields.append(TextField(("input",), items, FieldKind.MESSAGE, "user"))
        elif isinstance(items, list):
            sources: dict[str, str] = {}
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    fields.extend(item_fields(item, ("input", index), sources))
        return fields

    def response_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict) or not isinstance(body.get("output"), list):
            return []
        return _output_fields(body["output"], ("output",))

    def stream(self, restoration: Restoration) -> SSERewriter:
        stream = _ResponsesStream(restoration)
        return SSERewriter(stream.rewrite, stream.finish)

    def error_body(self, status: int, message: str) -> bytes:
        return openai_error(status, message)


def item_fields(item: dict[str, Json], path: JsonPath, sources: dict[str, str]) -> list[TextField]:
    """The text fields of one input or output item; `sources` links call ids to the file
    their arguments name, for the outputs that follow."""
    kind = item.get("type", "message")
    role = item.get("role") if isinstance(item.get("role"), str) else None
    if kind == "message":
        field_kind = FieldKind.SYSTEM if role in ("system", "developer") else FieldKind.MESSAGE
        return list(_content_fields(item.get("content"), (*path, "content"), field_kind, role, None))
    call_id = str(item.get("call_id") or "")
    if kind == "function_call" and isinstance(item.get("arguments"), str):
        source = file_named(item["arguments"])
        shown = file_shown(item["arguments"])
        if shown is not None:
            sources[call_id] = shown
        return [
            TextField(
                (*path, "arguments"),
                item["arguments"],
                FieldKind.TOOL_INPUT,
                "assistant",
                Syntax.JSON,
                source,
            )
        ]
    if kind == "custom_tool_call" and isinstance(item.get("input"), str):
        # Codex's JavaScript `exec` runs shell commands: what one of them prints is a file.
        shown = printed_by_script(item["input"])
        if shown is not None:
            sources[call_id] = shown
        return [TextField((*path, "input"), item["input"], FieldKind.TOOL_INPUT, "assistant")]
    if kind in ("function_call_output", "custom_tool_call_output", "local_shell_call_output"):
        source = sources.get(call_id)
        return list(
            _content_fields(item.get("output"), (*path, "output"), FieldKind.TOOL_RESULT, "tool", source)
        )
    if kind == "local_shell_call":
        action = item.get("action")
        command = action.get("command") if isinstance(action, dict) else None
        shown = printed_file(command) if isinstance(command, list) else None
        if shown is not None:
            sources[call_id] = shown
        return [
            TextField((*path, "action", "command", i), word, FieldKind.TOOL_INPUT, "assistant")
            for i, word in enumerate(command if isinstance(command, list) else [])
            if isinstance(word, str)
        ]
    if kind == "reasoning":
        return list(
            _content_fields(item.get("summary"), (*path, "summary"), FieldKind.MESSAGE, "assistant", None)
        )
    return []


def _content_fields(
    content: Json, path: JsonPath, kind: FieldKind, role: str | None, source: str | None
) -> Iterator[TextField]:
    if isinstance(content, str):
        yield TextField(path, content, kind, role, source_path=source)
    elif isinstance(content, list):
        for index, part in enumerate(content):
            if (
                isinstance(part, dict)
                and part.get("type") in _TEXT_PARTS
                and isinstance(part.get("text"), str)
            ):
                yield TextField((*path, index, "text"), part["text"], kind, role, source_path=source)


def _output_fields(output: list[Json], path: JsonPath) -> list[TextField]:
    fields: list[TextField] = []
    for index, item in enumerate(output):
        if isinstance(item, dict):
            fields.extend(item_fields(item, (*path, index), {}))
    return fields


# Delta events: (key of the restorer's stream, field holding the piece, syntax).
_DELTAS = {
    "response.output_text.delta": ("content_index", Syntax.TEXT),
    "response.function_call_arguments.delta": (None, Syntax.JSON),
    "response.custom_tool_call_input.delta": (None, Syntax.TEXT),
    "response.reasoning_summary_text.delta": ("summary_index", Syntax.TEXT),
}
# Each `.done` event: its delta type and the field holding the whole text.
_DONES = {
    "response.output_text.done": ("response.output_text.delta", "text"),
    "response.function_call_arguments.done": ("response.function_call_arguments.delta", "arguments"),
    "response.custom_tool_call_input.done": ("response.custom_tool_call_input.delta", "input"),
    "response.reasoning_summary_text.done": ("response.reasoning_summary_text.delta", "text"),
}
_PART_DONES = frozenset({"response.content_part.done", "response.reasoning_summary_part.done"})
_ITEM_EVENTS = frozenset({"response.output_item.added", "response.output_item.done"})
_RESPONSE_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})


class _ResponsesStream:
    def __init__(self, restoration: Restoration) -> None:
        self._restoration = restoration
        self._restorers: dict[tuple[str, int, int], StreamRestorer] = {}

    def rewrite(self, event: SSEEvent) -> bytes | None:
        if not self._restoration.active or event.data is None:
            return None
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            return None
        kind = data["type"]
        before = b""
        changes: dict[JsonPath, str] = {}
        if kind in _DELTAS and isinstance(data.get("delta"), str):
            new = self._restorer(kind, data).feed(data["delta"])
            if new != data["delta"]:
                changes[("delta",)] = new
        elif kind in _DONES:
            delta_kind, field = _DONES[kind]
            before = self._flush_one(delta_kind, data, event.event)
            if isinstance(data.get(field), str):
                changes.update(self._whole({(field,): (data[field], _DELTAS[delta_kind][1])}))
        elif kind in _PART_DONES and isinstance(data.get("part"), dict):
            part = data["part"]
            if part.get("type") in _TEXT_PARTS and isinstance(part.get("text"), str):
                changes.update(self._whole({("part", "text"): (part["text"], Syntax.TEXT)}))
        elif kind in _ITEM_EVENTS and isinstance(data.get("item"), dict):
            changes.update(self._fields(item_fields(data["item"], ("item",), {})))
        elif kind in _RESPONSE_EVENTS and isinstance(data.get("response"), dict):
            output = data["response"].get("output")
            if isinstance(output, list):
                changes.update(self._fields(_output_fields(output, ("response", "output"))))
        if not changes and not before:
            return None
        body = format_event(event.event, splice(event.data, changes)) if changes else event.raw
        return before + body

    def finish(self) -> bytes:
        # A stream cut before its `.done` events: what restorers hold still reaches the client.
        out = []
        for (kind, output_index, sub_index), restorer in self._restorers.items():
            tail = restorer.flush()
            if tail:
                out.append(self._delta_event(kind, {"output_index": output_index}, sub_index, tail, kind))
        self._restorers.clear()
        return b"".join(out)

    def _key(self, kind: str, data: dict[str, Json]) -> tuple[str, int, int]:
        sub_field = _DELTAS[kind][0]
        output_index = data.get("output_index")
        sub_index = data.get(sub_field) if sub_field else 0
        return (
            kind,
            output_index if isinstance(output_index, int) else -1,
            sub_index if isinstance(sub_index, int) else 0,
        )

    def _restorer(self, kind: str, data: dict[str, Json]) -> StreamRestorer:
        key = self._key(kind, data)
        if key not in self._restorers:
            self._restorers[key] = self._restoration.restorer(_DELTAS[kind][1])
        return self._restorers[key]

    def _flush_one(self, delta_kind: str, done: dict[str, Json], event_name: str | None) -> bytes:
        key = self._key(delta_kind, done)
        restorer = self._restorers.pop(key, None)
        tail = restorer.flush() if restorer is not None else ""
        if not tail:
            return b""
        name = delta_kind if event_name is not None else None
        return self._delta_event(delta_kind, done, key[2], tail, name)

    def _delta_event(
        self, kind: str, like: dict[str, Json], sub_index: int, tail: str, name: str | None
    ) -> bytes:
        event: dict[str, Json] = {"type": kind}
        for field in ("sequence_number", "item_id", "output_index"):
            if field in like:
                event[field] = like[field]
        sub_field = _DELTAS[kind][0]
        if sub_field:
            event[sub_field] = sub_index
        event["delta"] = tail
        return format_event(name, orjson.dumps(event).decode())

    def _whole(self, texts: dict[JsonPath, tuple[str, Syntax]]) -> dict[JsonPath, str]:
        changes = {}
        for path, (text, syntax) in texts.items():
            restorer = self._restoration.restorer(syntax)
            new = restorer.feed(text) + restorer.flush()
            if new != text:
                changes[path] = new
        return changes

    def _fields(self, fields: list[TextField]) -> dict[JsonPath, str]:
        return self._whole({field.path: (field.text, field.syntax) for field in fields})
