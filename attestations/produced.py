"""The code an AI answer produced, as the client got it (after restoration): the new text
of file-writing tool calls (Edit/Write `new_string` and `content`, MultiEdit and Copilot
edits, `str_replace_based_edit_tool`, Gemini `write_file`/`replace`), the added lines of
patches (`apply_patch` in Codex's format, unified diffs, patches inside Codex's `exec`
JavaScript), here-documents a shell tool writes to a file, fenced code in answer text, and
inline completions (Copilot, Mistral FIM), which are code as they come.

Tool calls are found with the guardrails' readers of each wire format and their reading of
what a call writes; nothing here parses a provider's stream a second way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from attestations.lines import added_lines
from guardrails.calls import CONTENT_KEYS, PATH_KEYS, WRITERS, ToolCall, effects_of, javascript_calls
from guardrails.errors import GuardrailError
from guardrails.patches import is_patch
from guardrails.wires import held_body, held_stream
from mutators.base import NO_RESTORATION, FieldKind, StreamRestorer, Syntax
from providers.base import WireFormat

Json = Any

# The arguments that hold a file's new text (never `old_string`: that was there already).
NEW_TEXT_KEYS = (
    "new_string",
    "new_str",
    "newString",
    "content",
    "file_text",
    "code_edit",
    "new_source",
    "code",
)
COMPLETIONS = frozenset({"copilot-completions", "mistral-fim"})
"""Wire formats whose answer text is code to insert, not prose."""
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
# The keys a tool call is carried in, in every wire format the guardrails read.
_CALL_KEYS = re.compile(
    rb'"(?:tool_use|tool_calls|function_call|custom_tool_call|local_shell_call|shell_call|apply_patch_call'
    rb'|functionCall)"'
)
_FENCE_MARKS = re.compile(rb"[`~]")
_CODEX_FILE = re.compile(r"\*\*\* (Add|Update|Delete) File: (.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Produced:
    path: str | None
    """The file it was written to, as the answer names it (absolute, or relative to where the
    agent works); None for code without a file (a fenced block)."""
    text: str


def produced_code(wire: WireFormat, body: Sequence[bytes], streamed: bool) -> list[Produced]:
    """Every piece of code in one answer (`body`: its chunks as the client got them)."""
    whole = b"".join(body)  # read at once: the answer is complete, and one pass is cheapest
    completions = wire.name in COMPLETIONS
    # What cannot be there is not looked for: no call without a call's key in the bytes, no
    # fence without a backtick or tilde (JSON escapes neither).
    with_calls = _CALL_KEYS.search(whole) is not None
    with_text = completions or _FENCE_MARKS.search(whole) is not None
    if streamed:
        calls, texts = _streamed(wire, whole, with_calls, with_text)
    else:
        calls, texts = _whole(wire, whole, with_calls, with_text)
    found = [p for call in calls for p in from_call(call)]
    if completions:
        # The file is the one the prompt's `Path:` line names, renamed in the restricted
        # tier: a completion is matched in whichever file it was inserted.
        found += [Produced(None, text) for text in texts if text.strip()]
    else:
        found += [Produced(None, m.group(2)) for text in texts for m in _FENCE.finditer(text)]
    return found


def from_call(call: ToolCall) -> list[Produced]:
    """The code a tool call writes."""
    arguments = call.arguments
    if isinstance(arguments, str):
        return _freeform(arguments)
    if not isinstance(arguments, dict):
        return []
    found = [p for key in ("patch", "input", "diff") for p in _patches(arguments.get(key))]
    name = call.tool.lower()
    if name in WRITERS or CONTENT_KEYS & arguments.keys():
        found += _new_text(arguments, _path_of(arguments))
        edits = arguments.get("edits")
        for edit in edits if isinstance(edits, list) else []:
            if isinstance(edit, dict):
                found += _new_text(edit, _path_of(edit) or _path_of(arguments))
    found += _shell_writes(call)
    return found


def patch_additions(patch: str) -> list[Produced]:
    """The lines a patch adds, per file: Codex's `*** Add/Update File:` format and unified
    diffs alike."""
    if not _CODEX_FILE.search(patch):
        return [Produced(path, "\n".join(lines)) for path, lines in added_lines(patch).items() if lines]
    added: dict[str, list[str]] = {}
    path: str | None = None
    in_hunk = False
    for line in patch.splitlines():
        header = _CODEX_FILE.match(line)
        if header:
            path = None if header.group(1) == "Delete" else header.group(2)
            in_hunk = header.group(1) == "Add"
        elif line.startswith("*** Move to: "):
            path = line[len("*** Move to: ") :].strip()
        elif line.startswith("@@"):
            in_hunk = True
        elif line.startswith("+") and in_hunk and path is not None:
            added.setdefault(path, []).append(line[1:])
    return [Produced(p, "\n".join(lines)) for p, lines in added.items()]


def _streamed(wire: WireFormat, body: bytes, calls: bool, text: bool) -> tuple[list[ToolCall], list[str]]:
    found: list[ToolCall] = []
    held = held_stream(wire.name, NO_RESTORATION) if calls else None
    if held is not None:
        found += [f.call for f in held.feed(body)]
        found += [f.call for f in held.finish()]
    if not text:
        return found, []
    transcript = _Transcript()
    rewriter = wire.stream(transcript)
    rewriter.feed(body)
    rewriter.flush()
    return found, transcript.texts()


def _whole(wire: WireFormat, body: bytes, calls: bool, text: bool) -> tuple[list[ToolCall], list[str]]:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return [], []
    held = held_body(wire.name, NO_RESTORATION) if calls else None
    found = [f.call for f in held.calls(document)] if held is not None else []
    texts = [f.text for f in wire.response_fields(document) if f.kind is FieldKind.MESSAGE] if text else []
    return found, texts


def _freeform(text: str) -> list[Produced]:
    """A freeform tool's input: a patch (Codex's apply_patch), or Codex's `exec` JavaScript."""
    if is_patch(text):
        return patch_additions(text)
    return [p for tool, given in javascript_calls(text) if tool == "apply_patch" for p in _patches(given)]


def _patches(value: Json) -> list[Produced]:
    return patch_additions(value) if isinstance(value, str) and is_patch(value) else []


def _new_text(arguments: dict[str, Json], path: str | None) -> list[Produced]:
    return [Produced(path, value) for key in NEW_TEXT_KEYS if isinstance(value := arguments.get(key), str)]


def _path_of(arguments: dict[str, Json]) -> str | None:
    return next((v for key in PATH_KEYS if isinstance(v := arguments.get(key), str) and v), None)


def _shell_writes(call: ToolCall) -> Iterator[Produced]:
    """What a shell tool's command writes from a here-document (`cat > x.py <<EOF`, `tee`)."""
    try:
        commands = effects_of(call).commands
    except GuardrailError:
        return
    for command in commands:
        if not command.stdin:
            continue
        targets = list(command.writes)
        if command.program == "tee":
            targets += [word for word in command.arguments if not word.startswith("-")]
        for target in targets:
            yield Produced(target, command.stdin)


class _Recorder:
    """A restorer that changes nothing and keeps what it is fed."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def feed(self, text: str) -> str:
        self.parts.append(text)
        return text

    def flush(self) -> str:
        return ""


class _Transcript:
    """A restoration that restores nothing: the wire format's stream reader hands it every
    answer text, in the pieces it streams in, which is all we want of it."""

    def __init__(self) -> None:
        self._texts: list[_Recorder] = []

    @property
    def active(self) -> bool:
        return True

    def restorer(self, syntax: Syntax) -> StreamRestorer:
        recorder = _Recorder()
        if syntax is Syntax.TEXT:
            self._texts.append(recorder)
        return recorder

    def texts(self) -> list[str]:
        return ["".join(recorder.parts) for recorder in self._texts]
