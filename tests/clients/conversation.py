"""The scripted model the fake provider plays to a real CLI, in that CLI's streaming wire format:
read the proprietary module with the CLI's own tool, edit one line of it with the names as they
reached the provider, then answer naming them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from tests.clients import ledger
from tests.e2e import shapes
from tests.e2e.fake_provider import Received, Reply, json_reply, sse_reply

READ_TEXT = "I'll read the module first."
EDIT_TEXT = "Now the change."
# Gemini CLI's `replace` asks what the change is for, in words.
EDIT_INSTRUCTION = "Round the value the rebalancing returns to two decimals, so that it is in cents."


@dataclass(frozen=True)
class ToolResult:
    """A tool call the model made and what the CLI sent back, both as the provider got them."""

    name: str
    arguments: dict[str, Any]
    output: str


class ModelWire(Protocol):
    """One provider's wire format, as far as the script needs it."""

    def is_turn(self, request: Received) -> bool:
        """Whether the request is a turn of the agent's conversation (not a side call)."""

    def results(self, document: Any) -> list[ToolResult]:
        """The tool calls of the conversation so far, with what came back, in order."""

    def shown(self, read: ToolResult) -> str:
        """The module's text as the read result showed it to the model."""

    def read(self, path: str) -> bytes:
        """A streamed answer that calls the CLI's file-read tool on `path`."""

    def edit(self, read: ToolResult, old: str, new: str) -> bytes:
        """A streamed answer that calls the CLI's edit tool on the file `read` named."""

    def answer(self, text: str) -> bytes:
        """A streamed answer of text only, which ends the agent's turn."""

    def aside(self, request: Received) -> Reply:
        """The answer to anything that is not a turn."""


class ScriptedConversation:
    """The fake provider's `respond`: three answers, chosen by how many tool results the
    request carries, so every turn is built from what the CLI really sent."""

    def __init__(self, wire: ModelWire, path: str) -> None:
        self.wire, self.path = wire, path

    def __call__(self, request: Received) -> Reply:
        if not self.wire.is_turn(request):
            return self.wire.aside(request)
        results = self.wire.results(request.json())
        if not results:
            return sse_reply(self.wire.read(self.path))
        shown = self.wire.shown(results[0])
        if len(results) == 1:
            return sse_reply(self.wire.edit(results[0], *ledger.edited_line(shown)))
        return sse_reply(self.wire.answer(ledger.answer(shown)))


def _text_of(content: Any) -> str:
    """A tool result's content: a string, or text blocks."""
    if isinstance(content, str):
        return content
    return "".join(block.get("text", "") for block in content if isinstance(block, dict))


class AnthropicMessages:
    """Claude Code: Messages SSE, its `Read` and `Edit` tools."""

    # Read results are `cat -n` text: a right-aligned line number, then an arrow or a tab.
    _LINE_NUMBER = re.compile(r"^ *\d+[\u2192\t]", re.MULTILINE)

    def is_turn(self, request: Received) -> bool:
        return request.method == "POST" and request.path.partition("?")[0] == "/v1/messages"

    def results(self, document: Any) -> list[ToolResult]:
        calls: dict[str, tuple[str, dict[str, Any]]] = {}
        results: list[ToolResult] = []
        for message in document["messages"]:
            if isinstance(message["content"], str):
                continue
            for block in message["content"]:
                if block.get("type") == "tool_use":
                    calls[block["id"]] = (block["name"], block["input"])
                elif block.get("type") == "tool_result" and block["tool_use_id"] in calls:
                    name, arguments = calls[block["tool_use_id"]]
                    results.append(ToolResult(name, arguments, _text_of(block.get("content", ""))))
        return results

    def shown(self, read: ToolResult) -> str:
        return self._LINE_NUMBER.sub("", read.output)

    def read(self, path: str) -> bytes:
        return shapes.anthropic_stream(READ_TEXT, {"file_path": path}, "Read", "toolu_01Read", "msg_01Read")

    def edit(self, read: ToolResult, old: str, new: str) -> bytes:
        edit = {"file_path": read.arguments["file_path"], "old_string": old, "new_string": new}
        return shapes.anthropic_stream(EDIT_TEXT, edit, "Edit", "toolu_01Edit", "msg_01Edit")

    def answer(self, text: str) -> bytes:
        return shapes.anthropic_stream(text, message_id="msg_01Answer")

    def aside(self, request: Received) -> Reply:
        # Claude Code asks api.anthropic.com for managed settings and policy limits; a machine
        # with none gets a 404.
        not_found = {"type": "error", "error": {"type": "not_found_error", "message": "Not found"}}
        return json_reply(not_found, 404)


class OpenAIResponses:
    """Codex CLI: Responses SSE, its `exec_command` function and freeform `apply_patch` tool."""

    def is_turn(self, request: Received) -> bool:
        return request.method == "POST" and request.path.partition("?")[0].endswith("/responses")

    def results(self, document: Any) -> list[ToolResult]:
        calls: dict[str, tuple[str, dict[str, Any]]] = {}
        results: list[ToolResult] = []
        for item in document["input"]:
            kind = item.get("type")
            if kind == "function_call":
                calls[item["call_id"]] = (item["name"], json.loads(item["arguments"]))
            elif kind == "custom_tool_call":
                calls[item["call_id"]] = (item["name"], {"input": item["input"]})
            elif kind in ("function_call_output", "custom_tool_call_output") and item["call_id"] in calls:
                name, arguments = calls[item["call_id"]]
                results.append(ToolResult(name, arguments, _text_of(item["output"])))
        return results

    def shown(self, read: ToolResult) -> str:
        return read.output

    def read(self, path: str) -> bytes:
        call = shapes.responses_function_call(
            "exec_command", json.dumps({"cmd": f"cat {path}"}), "call_read", "fc_read"
        )
        return shapes.responses_stream([shapes.responses_message(READ_TEXT, "msg_read"), call])

    def edit(self, read: ToolResult, old: str, new: str) -> bytes:
        path = read.arguments["cmd"].removeprefix("cat ")
        patch = f"*** Begin Patch\n*** Update File: {path}\n@@\n-{old}\n+{new}\n*** End Patch"
        call = shapes.responses_custom_tool_call("apply_patch", patch, "call_edit", "ctc_edit")
        return shapes.responses_stream([shapes.responses_message(EDIT_TEXT, "msg_edit"), call])

    def answer(self, text: str) -> bytes:
        return shapes.responses_stream([shapes.responses_message(text, "msg_answer")])

    def aside(self, request: Received) -> Reply:
        return json_reply({"error": {"message": "not found", "type": "invalid_request_error"}}, 404)


class GeminiAPI:
    """Gemini CLI: `streamGenerateContent?alt=sse`, its `read_file` and `replace` tools."""

    def is_turn(self, request: Received) -> bool:
        return request.method == "POST" and ":streamGenerateContent" in request.path

    def results(self, document: Any) -> list[ToolResult]:
        calls: list[tuple[str, dict[str, Any]]] = []
        results: list[ToolResult] = []
        for content in document["contents"]:
            for part in content.get("parts", []):
                if "functionCall" in part:
                    calls.append((part["functionCall"]["name"], part["functionCall"].get("args", {})))
                elif "functionResponse" in part and len(results) < len(calls):
                    name, arguments = calls[len(results)]
                    response = part["functionResponse"].get("response", {})
                    results.append(ToolResult(name, arguments, str(response.get("output", response))))
        return results

    def shown(self, read: ToolResult) -> str:
        return read.output

    def read(self, path: str) -> bytes:
        return shapes.gemini_stream(READ_TEXT, {"file_path": path}, function="read_file")

    def edit(self, read: ToolResult, old: str, new: str) -> bytes:
        edit = {
            "file_path": read.arguments["file_path"],
            "instruction": EDIT_INSTRUCTION,
            "old_string": old,
            "new_string": new,
        }
        return shapes.gemini_stream(EDIT_TEXT, edit, function="replace")

    def answer(self, text: str) -> bytes:
        return shapes.gemini_stream(text)

    def aside(self, request: Received) -> Reply:
        return json_reply({"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}}, 404)
