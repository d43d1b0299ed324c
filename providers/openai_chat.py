"""OpenAI Chat Completions (`POST /v1/chat/completions`), the shape many providers share.

Tool-call arguments are JSON text inside a JSON string: they are handed on as JSON syntax.
"""

from __future__ import annotations

import abc

import orjson

from mutators.base import FieldKind, Restoration, StreamRestorer, Syntax, TextField
from providers.base import Json, WireFormat
from providers.commands import printed_file
from providers.jsonsplice import splice
from providers.shape import Keys, Shape
from providers.sse import SSEEvent, SSERewriter, format_event

FILE_PATH_KEYS = ("file_path", "path", "filename")
# Tool argument keys that hold a shell command (Codex `exec_command` and `shell`, Gemini, ...).
SHELL_KEYS = ("cmd", "command")

_ERROR_TYPES = {400: "invalid_request_error", 403: "permission_denied", 413: "request_too_large"}

# What is not content in a Chat Completions body; every other string is.
SHAPE = Shape(
    top=Keys(
        dispatch=frozenset(
            {
                "model",
                "service_tier",
                "reasoning_effort",
                "modalities",
                "prompt_cache_key",
                "safety_identifier",
            }
        ),
        # Schemas the client validates answers against: their property names must stay.
        opaque=frozenset({"response_format", "logit_bias"}),
    ),
    anywhere=Keys(
        tokens=frozenset({"id", "tool_call_id"}),
        dispatch=frozenset({"type", "role", "detail", "format", "voice"}),
        opaque=frozenset({"parameters", "image_url", "input_audio", "file_data"}),
    ),
    under={
        "function": Keys(dispatch=frozenset({"name"})),
        "tool_choice": Keys(dispatch=frozenset({"name"})),
        "custom": Keys(dispatch=frozenset({"name"}), opaque=frozenset({"format"})),
    },
)


class OpenAIChat(WireFormat):
    name = "openai-chat"
    shape = SHAPE

    def request_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict):
            return []
        messages = body.get("messages")
        fields: list[TextField] = []
        sources: dict[str, str] = {}
        for index, message in enumerate(messages if isinstance(messages, list) else []):
            if isinstance(message, dict):
                fields.extend(_message_fields(message, ("messages", index), sources))
        return fields

    def response_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict) or not isinstance(body.get("choices"), list):
            return []
        fields: list[TextField] = []
        for index, choice in enumerate(body["choices"]):
            message = choice.get("message") if isinstance(choice, dict) else None
            if isinstance(message, dict):
                fields.extend(_message_fields(message, ("choices", index, "message"), {}))
        return fields

    def stream(self, restoration: Restoration) -> SSERewriter:
        chat = _ChatStream(restoration)
        return SSERewriter(chat.rewrite, chat.finish)

    def error_body(self, status: int, message: str) -> bytes:
        return openai_error(status, message)


def openai_error(status: int, message: str) -> bytes:
    """An error as OpenAI's API (and the many that copy it) says one."""
    kind = _ERROR_TYPES.get(status, "server_error")
    return orjson.dumps(
        {"error": {"message": message, "type": kind, "param": None, "code": "pretense_blocked"}}
    )


def _message_fields(
    message: dict[str, Json], path: tuple[str | int, ...], sources: dict[str, str]
) -> list[TextField]:
    role = message.get("role") if isinstance(message.get("role"), str) else None
    kind = FieldKind.TOOL_RESULT if role == "tool" else FieldKind.MESSAGE
    source = sources.get(message.get("tool_call_id") or "") if role == "tool" else None
    fields: list[TextField] = []
    content = message.get("content")
    if isinstance(content, str):
        fields.append(TextField((*path, "content"), content, kind, role, source_path=source))
    elif isinstance(content, list):
        fields.extend(
            TextField((*path, "content", i, "text"), part["text"], kind, role, source_path=source)
            for i, part in enumerate(content)
            if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str)
        )
    calls = message.get("tool_calls")
    for index, call in enumerate(calls if isinstance(calls, list) else []):
        function = call.get("function") if isinstance(call, dict) else None
        if isinstance(function, dict) and isinstance(function.get("arguments"), str):
            arguments = function["arguments"]
            source = file_named(arguments)
            shown = file_shown(arguments)
            if shown is not None and isinstance(call.get("id"), str):
                sources[call["id"]] = shown
            fields.append(
                TextField(
                    (*path, "tool_calls", index, "function", "arguments"),
                    arguments,
                    FieldKind.TOOL_INPUT,
                    role,
                    Syntax.JSON,
                    source_path=source,
                )
            )
    return fields


def choices_chunk(data: str) -> dict[str, Json] | None:
    """A streamed chunk of the OpenAI shapes (`{"choices": [...], ...}`), or None for
    anything else (a keep-alive, an error object, text that is not JSON)."""
    try:
        chunk = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(chunk, dict) or not isinstance(chunk.get("choices"), list):
        return None
    return chunk


def file_named(arguments: str) -> str | None:
    """The file a tool call's arguments name, if any."""
    parsed = _arguments(arguments)
    source = next((parsed[k] for k in FILE_PATH_KEYS if k in parsed), None)
    return source if isinstance(source, str) else None


def file_shown(arguments: str) -> str | None:
    """The file whose text a tool call's result shows: the one it names, or the one its
    shell command prints (`{"cmd": "cat ledger.py"}`, `{"command": ["bash", "-lc", ...]}`)."""
    parsed = _arguments(arguments)
    named = file_named(arguments)
    if named is not None:
        return named
    command = next((parsed[k] for k in SHELL_KEYS if k in parsed), None)
    if isinstance(command, str | list):
        return printed_file(command)
    return None


def _arguments(arguments: str) -> dict[str, Json]:
    try:
        parsed = orjson.loads(arguments)
    except orjson.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


Changes = dict[tuple[str | int, ...], str]


class ChoicesStream(abc.ABC):
    """A stream of OpenAI-shaped chunks (`choices[]`, each with its `index`) restored choice
    by choice. What a choice's restorers still hold when it finishes goes out in one extra
    chunk just before the finishing one; the rest at `[DONE]` or at the end of the stream.
    Chunks whose strings change are spliced; a chunk `_choice` changed in place (numbers
    too) is written anew."""

    def __init__(self, restoration: Restoration) -> None:
        self._restoration = restoration
        self._envelope: dict[str, Json] = {}
        self._changed_in_place = False

    def rewrite(self, event: SSEEvent) -> bytes | None:
        if not self._restoration.active or event.data is None:
            return None
        if event.data.strip() == "[DONE]":
            return self._flush(None) + event.raw
        chunk = choices_chunk(event.data)
        if chunk is None:
            return None
        self._envelope = {k: chunk[k] for k in ("id", "object", "created", "model") if k in chunk}
        self._changed_in_place = False
        changes: Changes = {}
        finished: list[int] = []
        for position, choice in enumerate(chunk["choices"]):
            if isinstance(choice, dict) and isinstance(choice.get("index"), int):
                changes.update(self._choice(choice, ("choices", position)))
                if choice.get("finish_reason"):
                    finished.append(choice["index"])
        before = b"".join(self._flush(index) for index in finished)
        if self._changed_in_place:  # a few hundred bytes: written anew with the strings in
            for path, text in changes.items():
                _set(chunk, path, text)
            return before + format_event(event.event, orjson.dumps(chunk).decode())
        if not changes and not before:
            return None
        body = format_event(event.event, splice(event.data, changes)) if changes else event.raw
        return before + body

    def finish(self) -> bytes:
        return self._flush(None)

    def _tail(self, choice: dict[str, Json]) -> bytes:
        """An extra chunk carrying held-back text for one choice."""
        return format_event(None, orjson.dumps({**self._envelope, "choices": [choice]}).decode())

    @abc.abstractmethod
    def _choice(self, choice: dict[str, Json], path: tuple[str | int, ...]) -> Changes:
        """The restored strings of one choice, by path in the chunk."""

    @abc.abstractmethod
    def _flush(self, index: int | None) -> bytes:
        """Tail chunks for what choice `index` (every choice: None) still holds."""


def _set(document: Json, path: tuple[str | int, ...], value: str) -> None:
    for step in path[:-1]:
        document = document[step]
    document[path[-1]] = value


class _ChatStream(ChoicesStream):
    """Restores `delta.content` and tool-call argument fragments per choice."""

    def __init__(self, restoration: Restoration) -> None:
        super().__init__(restoration)
        self._restorers: dict[tuple[int, int | None], StreamRestorer] = {}

    def _choice(self, choice: dict[str, Json], path: tuple[str | int, ...]) -> Changes:
        delta = choice.get("delta")
        if not isinstance(delta, dict):
            return {}
        changes: Changes = {}
        if isinstance(delta.get("content"), str):
            new = self._restorer(choice["index"], None, Syntax.TEXT).feed(delta["content"])
            if new != delta["content"]:
                changes[(*path, "delta", "content")] = new
        calls = delta.get("tool_calls")
        for position, call in enumerate(calls if isinstance(calls, list) else []):
            function = call.get("function") if isinstance(call, dict) else None
            if not isinstance(function, dict) or not isinstance(function.get("arguments"), str):
                continue
            call_index = call.get("index") if isinstance(call.get("index"), int) else position
            new = self._restorer(choice["index"], call_index, Syntax.JSON).feed(function["arguments"])
            if new != function["arguments"]:
                changes[(*path, "delta", "tool_calls", position, "function", "arguments")] = new
        return changes

    def _restorer(self, choice: int, call: int | None, syntax: Syntax) -> StreamRestorer:
        key = (choice, call)
        if key not in self._restorers:
            self._restorers[key] = self._restoration.restorer(syntax)
        return self._restorers[key]

    def _flush(self, choice: int | None) -> bytes:
        out = []
        for key in [k for k in self._restorers if choice is None or k[0] == choice]:
            tail = self._restorers.pop(key).flush()
            if not tail:
                continue
            if key[1] is None:
                delta: dict[str, Json] = {"content": tail}
            else:
                delta = {"tool_calls": [{"index": key[1], "function": {"arguments": tail}}]}
            out.append(self._tail({"index": key[0], "delta": delta, "finish_reason": None}))
        return b"".join(out)


class MistralFim(OpenAIChat):
    """Mistral's fill-in-the-middle (`/v1/fim/completions`, Codestral): the code before and
    after the cursor in `prompt` and `suffix`; the answer has the chat shape."""

    name = "mistral-fim"

    def request_fields(self, body: Json) -> list[TextField]:
        if not isinstance(body, dict):
            return []
        return [
            TextField((key,), body[key], FieldKind.MESSAGE, "user")
            for key in ("prompt", "suffix")
            if isinstance(body.get(key), str)
        ]
