"""Google Gemini: the Gemini API (`models/{m}:generateContent`, `:streamGenerateContent`)
and Gemini CLI's Code Assist variant (`cloudcode-pa.googleapis.com/v1internal:...`), which
wraps the same request in `request` and the same answer in `response`.

Request text: `systemInstruction.parts[].text`, `contents[].parts[].text`, the strings of
`functionCall.args` and `functionResponse.response`. Never read or changed: thoughts (they
come from the model, which only ever saw pseudonyms, and go back as they came), thought
signatures, inline data, file data, ids. A streamed answer (`alt=sse`) carries text in
pieces per candidate and function calls whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from mutators.base import FieldKind, Restoration, StreamRestorer, Syntax, TextField
from providers.base import Json, WireFormat, strings_in
from providers.commands import printed_file
from providers.jsonsplice import splice
from providers.shape import Keys, Shape
from providers.sse import SSEEvent, SSERewriter, format_event

JsonPath = tuple[str | int, ...]
FILE_PATH_KEYS = ("file_path", "absolute_path", "path")
_STATUS = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 413: "INVALID_ARGUMENT"}

_KEYS = Keys(
    tokens=frozenset({"id", "cachedContent", "user_prompt_id", "session_id", "project"}),
    dispatch=frozenset({"role", "mimeType", "mode", "model", "responseMimeType"}),
    # Signed or binary: thought signatures, inline bytes; schemas the client validates against.
    opaque=frozenset(
        {"thoughtSignature", "inlineData", "parameters", "parametersJsonSchema", "responseSchema",
         "responseJsonSchema", "response_schema", "fileUri"}
    ),
)  # fmt: skip
_DISPATCH_NAME = Keys(dispatch=frozenset({"name"}))


def _shape(wrapped: bool) -> Shape:
    return Shape(
        top=Keys(dispatch=frozenset({"model"})),
        anywhere=_KEYS,
        under={
            "functionCall": _DISPATCH_NAME,
            "functionResponse": _DISPATCH_NAME,
            "functionDeclarations": _DISPATCH_NAME,
            "functionCallingConfig": Keys(dispatch=frozenset({"allowedFunctionNames"})),
        },
        # Thoughts come from the model (which only ever saw pseudonyms) and go back as they came.
        flagged={"thought": Keys(signed=frozenset({"text"}))},
        wrapped="request" if wrapped else None,
    )


class Gemini(WireFormat):
    def __init__(self, name: str, wrapped: bool) -> None:
        self.name = name
        self._wrapped = wrapped  # Gemini CLI: {"request": {...}} / {"response": {...}}
        self.shape = _shape(wrapped)

    def request_fields(self, body: Json) -> list[TextField]:
        root: JsonPath = ()
        if self._wrapped and isinstance(body, dict):
            body, root = body.get("request"), ("request",)
        if not isinstance(body, dict):
            return []
        fields: list[TextField] = []
        system = body.get("systemInstruction")
        if isinstance(system, dict):
            fields += _parts(system.get("parts"), (*root, "systemInstruction", "parts"), "system", {})
        contents = body.get("contents")
        sources: dict[str, str] = {}
        for index, content in enumerate(contents if isinstance(contents, list) else []):
            if not isinstance(content, dict):
                continue
            role = content.get("role") if isinstance(content.get("role"), str) else None
            fields += _parts(content.get("parts"), (*root, "contents", index, "parts"), role, sources)
        return fields

    def response_fields(self, body: Json) -> list[TextField]:
        if self._wrapped and isinstance(body, dict):
            return list(_candidates(body.get("response"), ("response",)))
        return list(_candidates(body, ()))

    def stream(self, restoration: Restoration) -> SSERewriter:
        stream = _GeminiStream(restoration, self._wrapped)
        return SSERewriter(stream.rewrite, stream.finish)

    def error_body(self, status: int, message: str) -> bytes:
        return orjson.dumps(
            {"error": {"code": status, "message": message, "status": _STATUS.get(status, "INTERNAL")}}
        )


def _parts(parts: Json, path: JsonPath, role: str | None, sources: dict[str, str]) -> list[TextField]:
    if not isinstance(parts, list):
        return []
    kind = FieldKind.SYSTEM if role == "system" else FieldKind.MESSAGE
    fields: list[TextField] = []
    for index, part in enumerate(parts):
        if not isinstance(part, dict):
            continue
        here = (*path, index)
        if isinstance(part.get("text"), str) and not part.get("thought"):
            fields.append(TextField((*here, "text"), part["text"], kind, role))
        call = part.get("functionCall")
        if isinstance(call, dict):
            args = call.get("args")
            source = next(
                (args[k] for k in FILE_PATH_KEYS if isinstance(args, dict) and isinstance(args.get(k), str)),
                None,
            )
            # `run_shell_command` printing a file (`cat x.py`): its response is that file's text.
            command = args.get("command") if isinstance(args, dict) else None
            shown = source or (printed_file(command) if isinstance(command, str) else None)
            if shown is not None and isinstance(call.get("name"), str):
                sources[call["name"]] = shown
            fields += [
                TextField(p, s, FieldKind.TOOL_INPUT, role, source_path=source)
                for p, s in strings_in(args, (*here, "functionCall", "args"))
            ]
        response = part.get("functionResponse")
        if isinstance(response, dict):
            source = sources.get(response.get("name") or "")
            fields += [
                TextField(p, s, FieldKind.TOOL_RESULT, role, source_path=source)
                for p, s in strings_in(response.get("response"), (*here, "functionResponse", "response"))
            ]
    return fields


def _candidates(body: Json, root: JsonPath) -> Iterator[TextField]:
    if not isinstance(body, dict) or not isinstance(body.get("candidates"), list):
        return
    for index, candidate in enumerate(body["candidates"]):
        content = candidate.get("content") if isinstance(candidate, dict) else None
        if isinstance(content, dict):
            yield from _parts(
                content.get("parts"), (*root, "candidates", index, "content", "parts"), "model", {}
            )


class _GeminiStream:
    """Text parts are pieces of one text per candidate, restored as a stream; function calls
    come whole and are restored at once. What a restorer holds goes out before the chunk
    that finishes its candidate (or at the end)."""

    def __init__(self, restoration: Restoration, wrapped: bool) -> None:
        self._restoration = restoration
        self._root: JsonPath = ("response",) if wrapped else ()
        self._restorers: dict[int, StreamRestorer] = {}

    def rewrite(self, event: SSEEvent) -> bytes | None:
        if not self._restoration.active or event.data is None:
            return None
        try:
            chunk = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return None
        body = chunk.get("response") if self._root and isinstance(chunk, dict) else chunk
        if not isinstance(body, dict) or not isinstance(body.get("candidates"), list):
            return None
        changes: dict[JsonPath, str] = {}
        finished: list[int] = []
        for position, candidate in enumerate(body["candidates"]):
            if not isinstance(candidate, dict):
                continue
            given = candidate.get("index")
            number = given if isinstance(given, int) else position
            content = candidate.get("content")
            parts = content.get("parts") if isinstance(content, dict) else None
            for index, part in enumerate(parts if isinstance(parts, list) else []):
                path = (*self._root, "candidates", position, "content", "parts", index)
                changes.update(self._part(number, part, path))
            if candidate.get("finishReason"):
                finished.append(number)
        before = b"".join(self._flush(event.event, number) for number in finished)
        if not changes and not before:
            return None
        out = format_event(event.event, splice(event.data, changes)) if changes else event.raw
        return before + out

    def finish(self) -> bytes:
        return b"".join(self._flush(None, number) for number in list(self._restorers))

    def _part(self, number: int, part: Json, path: JsonPath) -> dict[JsonPath, str]:
        if not isinstance(part, dict):
            return {}
        changes: dict[JsonPath, str] = {}
        # Thoughts stay as the model wrote them (pseudonyms and all), like Anthropic's thinking
        # blocks: they go back to the provider as they came.
        if isinstance(part.get("text"), str) and not part.get("thought"):
            if number not in self._restorers:
                self._restorers[number] = self._restoration.restorer(Syntax.TEXT)
            new = self._restorers[number].feed(part["text"])
            if new != part["text"]:
                changes[(*path, "text")] = new
        call = part.get("functionCall")
        if isinstance(call, dict):
            for string_path, text in strings_in(call.get("args"), (*path, "functionCall", "args")):
                restorer = self._restoration.restorer(Syntax.TEXT)
                new = restorer.feed(text) + restorer.flush()
                if new != text:
                    changes[string_path] = new
        return changes

    def _flush(self, event: str | None, number: int) -> bytes:
        restorer = self._restorers.pop(number, None)
        tail = restorer.flush() if restorer is not None else ""
        if not tail:
            return b""
        body: dict[str, Json] = {
            "candidates": [{"content": {"role": "model", "parts": [{"text": tail}]}, "index": number}]
        }
        return format_event(event, orjson.dumps({"response": body} if self._root else body).decode())
