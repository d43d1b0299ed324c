"""Anthropic Messages (`POST /v1/messages`), as the API, the SDKs and Claude Code speak it.

Signed or opaque content (thinking blocks, signatures, ids, metadata) is never read or
rewritten.
"""

from __future__ import annotations

import orjson

from mutators.base import FieldKind, Restoration, StreamRestorer, Syntax, TextField
from providers.base import Json, WireFormat, strings_in
from providers.commands import printed_file
from providers.jsonsplice import splice
from providers.shape import Keys, Shape
from providers.sse import SSEEvent, SSERewriter, format_event

# Tool input keys that name the file a later tool_result shows (Read, Edit, NotebookRead).
FILE_PATH_KEYS = ("file_path", "notebook_path", "path")
# Tool input keys whose text is that file's content (Write, Edit, MultiEdit, NotebookEdit).
CODE_KEYS = frozenset({"content", "old_string", "new_string", "new_source"})

_ERROR_TYPES = {400: "invalid_request_error", 403: "permission_error", 413: "request_too_large"}

# What is not content in a Messages body; every other string is.
SHAPE = Shape(
    top=Keys(
        dispatch=frozenset({"model", "stream", "service_tier", "container"}),
        # MCP connectors carry the server's own credential, meant for the provider.
        opaque=frozenset({"mcp_servers"}),
    ),
    anywhere=Keys(
        tokens=frozenset({"id", "tool_use_id", "file_id", "container_id", "document_index", "user_id"}),
        dispatch=frozenset({"type", "role", "media_type", "cache_control", "stop_reason"}),
        opaque=frozenset({"signature", "encrypted_content", "encrypted_index", "input_schema"}),
    ),
    by_type={
        "thinking": Keys(signed=frozenset({"thinking"})),
        "redacted_thinking": Keys(opaque=frozenset({"data"})),
        "base64": Keys(opaque=frozenset({"data"})),  # an image's or a PDF's bytes
        "tool_use": Keys(dispatch=frozenset({"name"})),
        "server_tool_use": Keys(dispatch=frozenset({"name"})),
        "mcp_tool_use": Keys(dispatch=frozenset({"name", "server_name"})),
        "custom": Keys(dispatch=frozenset({"name"})),  # a tool definition
    },
    under={"tools": Keys(dispatch=frozenset({"name"})), "tool_choice": Keys(dispatch=frozenset({"name"}))},
)


class AnthropicMessages(WireFormat):
    name = "anthropic-messages"
    shape = SHAPE

    def request_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict):
            return []
        fields = list(_system_fields(body.get("system")))
        messages = body.get("messages")
        sources: dict[str, str] = {}
        for index, message in enumerate(messages if isinstance(messages, list) else []):
            if isinstance(message, dict):
                fields.extend(_message_fields(message, ("messages", index), sources))
        return fields

    def response_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict) or not isinstance(body.get("content"), list):
            return []
        fields: list[TextField] = []
        for index, block in enumerate(body["content"]):
            if not isinstance(block, dict):
                continue
            path = ("content", index)
            if block.get("type") == "text" and isinstance(block.get("text"), str):
                fields.append(TextField((*path, "text"), block["text"], FieldKind.MESSAGE))
            elif block.get("type") == "tool_use":
                fields.extend(
                    TextField(p, s, FieldKind.TOOL_INPUT)
                    for p, s in strings_in(block.get("input"), (*path, "input"))
                )
        return fields

    def stream(self, restoration: Restoration) -> SSERewriter:
        messages = _AnthropicStream(restoration)
        return SSERewriter(messages.rewrite, messages.finish)

    def error_body(self, status: int, message: str) -> bytes:
        kind = _ERROR_TYPES.get(status, "api_error")
        return orjson.dumps({"type": "error", "error": {"type": kind, "message": message}})


def _system_fields(system: Json) -> list[TextField]:
    if isinstance(system, str):
        return [TextField(("system",), system, FieldKind.SYSTEM, "system")]
    if not isinstance(system, list):
        return []
    return [
        TextField(("system", index, "text"), block["text"], FieldKind.SYSTEM, "system")
        for index, block in enumerate(system)
        if isinstance(block, dict) and isinstance(block.get("text"), str)
    ]


def _message_fields(
    message: dict[str, Json], path: tuple[str | int, ...], sources: dict[str, str]
) -> list[TextField]:
    role = message.get("role") if isinstance(message.get("role"), str) else None
    content = message.get("content")
    if isinstance(content, str):
        return [TextField((*path, "content"), content, FieldKind.MESSAGE, role)]
    if not isinstance(content, list):
        return []
    fields: list[TextField] = []
    for index, block in enumerate(content):
        if isinstance(block, dict):
            fields.extend(_block_fields(block, (*path, "content", index), role, sources))
    return fields


def _block_fields(
    block: dict[str, Json], path: tuple[str | int, ...], role: str | None, sources: dict[str, str]
) -> list[TextField]:
    kind = block.get("type")
    if kind == "text" and isinstance(block.get("text"), str):
        return [TextField((*path, "text"), block["text"], FieldKind.MESSAGE, role)]
    if kind == "tool_use":
        tool_input = block.get("input")
        source = shown = None
        if isinstance(tool_input, dict):
            found = next((tool_input[k] for k in FILE_PATH_KEYS if k in tool_input), None)
            source = found if isinstance(found, str) else None
            # A Bash call that prints a file (`cat x.py`): its result is that file's text.
            command = tool_input.get("command")
            shown = source or (printed_file(command) if isinstance(command, str) else None)
        if shown is not None and isinstance(block.get("id"), str):
            sources[block["id"]] = shown
        return [
            TextField(p, s, FieldKind.TOOL_INPUT, role, source_path=source if p[-1] in CODE_KEYS else None)
            for p, s in strings_in(tool_input, (*path, "input"))
        ]
    if kind == "tool_result":
        source = sources.get(block.get("tool_use_id") or "")
        result = block.get("content")
        if isinstance(result, str):
            return [TextField((*path, "content"), result, FieldKind.TOOL_RESULT, role, source_path=source)]
        if isinstance(result, list):
            return [
                TextField(
                    (*path, "content", i, "text"),
                    b["text"],
                    FieldKind.TOOL_RESULT,
                    role,
                    source_path=source,
                )
                for i, b in enumerate(result)
                if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str)
            ]
        return []
    if kind == "document":
        source_block = block.get("source")
        if isinstance(source_block, dict) and source_block.get("type") == "text":
            data = source_block.get("data")
            if isinstance(data, str):
                return [TextField((*path, "source", "data"), data, FieldKind.DOCUMENT, role)]
    return []


_DELTA_KEY = {"text_delta": "text", "input_json_delta": "partial_json"}
_BLOCK_SYNTAX = {"text": Syntax.TEXT, "tool_use": Syntax.JSON}
_STREAM_EVENTS = frozenset({"content_block_start", "content_block_delta", "content_block_stop"})


class _AnthropicStream:
    """Restores text and tool-input deltas per content block; what a restorer still holds
    when its block stops goes out as one more delta just before the stop."""

    def __init__(self, restoration: Restoration) -> None:
        self._restoration = restoration
        self._blocks: dict[int, tuple[str, StreamRestorer]] = {}

    def rewrite(self, event: SSEEvent) -> bytes | None:
        if not self._restoration.active or event.data is None:
            return None
        if event.event is not None and event.event not in _STREAM_EVENTS:
            return None
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("index"), int):
            return None
        kind = data.get("type")
        if kind == "content_block_start":
            return self._start(event, data)
        if kind == "content_block_delta":
            return self._delta(event, data)
        if kind == "content_block_stop":
            return self._stop(event, data["index"])
        return None

    def _start(self, event: SSEEvent, data: dict[str, Json]) -> bytes | None:
        block = data.get("content_block")
        if not isinstance(block, dict) or block.get("type") not in _BLOCK_SYNTAX:
            return None
        delta_type = "text_delta" if block["type"] == "text" else "input_json_delta"
        restorer = self._restoration.restorer(_BLOCK_SYNTAX[block["type"]])
        self._blocks[data["index"]] = (delta_type, restorer)
        text = block.get("text")
        if block["type"] != "text" or not isinstance(text, str) or not text:
            return None
        return _replace(event, ("content_block", "text"), text, restorer.feed(text))

    def _delta(self, event: SSEEvent, data: dict[str, Json]) -> bytes | None:
        delta = data.get("delta")
        entry = self._blocks.get(data["index"])
        if not isinstance(delta, dict) or entry is None or delta.get("type") not in _DELTA_KEY:
            return None
        key = _DELTA_KEY[delta["type"]]
        text = delta.get(key)
        if not isinstance(text, str):
            return None
        return _replace(event, ("delta", key), text, entry[1].feed(text))

    def _stop(self, event: SSEEvent, index: int) -> bytes | None:
        return self._flush(index) + event.raw if index in self._blocks else None

    def finish(self) -> bytes:
        """A stream cut off mid-block still gets what its restorers held."""
        return b"".join(self._flush(index) for index in list(self._blocks))

    def _flush(self, index: int) -> bytes:
        delta_type, restorer = self._blocks.pop(index)
        tail = restorer.flush()
        if not tail:
            return b""
        delta = {"type": delta_type, _DELTA_KEY[delta_type]: tail}
        extra = {"type": "content_block_delta", "index": index, "delta": delta}
        return format_event("content_block_delta", orjson.dumps(extra).decode())


def _replace(event: SSEEvent, path: tuple[str, ...], old: str, new: str) -> bytes | None:
    if new == old or event.data is None:
        return None
    return format_event(event.event, splice(event.data, {path: new}))
