"""Answers in the shape the providers document, for the fake provider to replay."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

ANSWER_TEXT = "Déjà vu: `AccountLedger.rebalance()` returns — 42 🚀 — fine."
TOOL_INPUT = {
    "file_path": "/src/ledger/accounts.py",
    "old_string": "rebalance(x)",
    "new_string": "rebalance(y)",
}


def _sse(event: str | None, data: Any) -> bytes:
    head = f"event: {event}\n" if event else ""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"{head}data: {payload}\n\n".encode()


def pieces(text: str, size: int = 7) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def anthropic_message(
    text: str = ANSWER_TEXT, tool_input: dict[str, Any] | None = None, tool: str = "Edit"
) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"type": "text", "text": text}]
    if tool_input is not None:
        content.append({"type": "tool_use", "id": "toolu_01A", "name": tool, "input": tool_input})
    return {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-5-5",
        "content": content,
        "stop_reason": "tool_use" if tool_input else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 12, "output_tokens": 30},
    }


def anthropic_stream(
    text: str = ANSWER_TEXT,
    tool_input: dict[str, Any] | None = None,
    tool_name: str = "Edit",
    tool_id: str = "toolu_01A",
    message_id: str = "msg_01XFDUDYJgAACzvnptvVoYEL",
    fragment: int = 11,
) -> bytes:
    message = anthropic_message("", None)
    message["id"], message["content"] = message_id, []
    out = [_sse("message_start", {"type": "message_start", "message": message})]
    out.append(
        _sse(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        )
    )
    out.append(_sse("ping", {"type": "ping"}))
    for piece in pieces(text):
        delta = {"type": "text_delta", "text": piece}
        out.append(_sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}))
    out.append(_sse("content_block_stop", {"type": "content_block_stop", "index": 0}))
    if tool_input is not None:
        block = {"type": "tool_use", "id": tool_id, "name": tool_name, "input": {}}
        out.append(
            _sse("content_block_start", {"type": "content_block_start", "index": 1, "content_block": block})
        )
        for part in pieces(json.dumps(tool_input), fragment):
            delta = {"type": "input_json_delta", "partial_json": part}
            out.append(
                _sse("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": delta})
            )
        out.append(_sse("content_block_stop", {"type": "content_block_stop", "index": 1}))
    stop = "tool_use" if tool_input else "end_turn"
    out.append(
        _sse(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": 30},
            },
        )
    )
    out.append(_sse("message_stop", {"type": "message_stop"}))
    return b"".join(out)


def openai_chat(
    text: str = ANSWER_TEXT, tool_arguments: str | None = None, tool: str = "edit_file"
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
    if tool_arguments is not None:
        message["tool_calls"] = [
            {
                "id": "call_abc123",
                "type": "function",
                "function": {"name": tool, "arguments": tool_arguments},
            }
        ]
    return {
        "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "object": "chat.completion",
        "created": 1741569952,
        "model": "gpt-4.1-2025-04-14",
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": "tool_calls" if tool_arguments else "stop",
            }
        ],
        "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29},
    }


def openai_chat_stream(
    text: str = ANSWER_TEXT, tool_arguments: str | None = None, tool: str = "edit_file"
) -> bytes:
    envelope = {
        "id": "chatcmpl-123",
        "object": "chat.completion.chunk",
        "created": 1694268190,
        "model": "gpt-4.1",
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        return _sse(
            None,
            {
                **envelope,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            },
        )

    out = [chunk({"role": "assistant", "content": ""})]
    out += [chunk({"content": piece}) for piece in pieces(text)]
    if tool_arguments is not None:
        first = {
            "index": 0,
            "id": "call_abc123",
            "type": "function",
            "function": {"name": tool, "arguments": ""},
        }
        out.append(chunk({"tool_calls": [first]}))
        out += [
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]})
            for p in pieces(tool_arguments, 9)
        ]
    out.append(chunk({}, "tool_calls" if tool_arguments else "stop"))
    out.append(_sse(None, "[DONE]"))
    return b"".join(out)


def responses_message(text: str, item_id: str = "msg_1") -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "message",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


def responses_function_call(name: str, arguments: str, call_id: str, item_id: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "function_call",
        "status": "completed",
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
    }


def responses_custom_tool_call(name: str, tool_input: str, call_id: str, item_id: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "custom_tool_call",
        "status": "completed",
        "call_id": call_id,
        "name": name,
        "input": tool_input,
    }


def _responses_output(text: str, arguments: str | None, patch: str | None) -> list[dict[str, Any]]:
    output: list[dict[str, Any]] = [
        {
            "id": "rs_1",
            "type": "reasoning",
            "encrypted_content": "gAAAAABoOpaqueZq7HxAccountLedger==",
            "summary": [],
        },
        responses_message(text),
    ]
    if arguments is not None:
        output.append(responses_function_call("shell", arguments, "call_1", "fc_1"))
    if patch is not None:
        output.append(responses_custom_tool_call("apply_patch", patch, "call_2", "ctc_1"))
    return output


def openai_responses(
    text: str = ANSWER_TEXT, arguments: str | None = None, patch: str | None = None
) -> dict[str, Any]:
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1741476542,
        "status": "completed",
        "model": "gpt-5-codex",
        "output": _responses_output(text, arguments, patch),
        "usage": {"input_tokens": 36, "output_tokens": 87, "total_tokens": 123},
    }


def openai_responses_stream(
    text: str = ANSWER_TEXT, arguments: str | None = None, patch: str | None = None
) -> bytes:
    """A reasoning item, the message `text`, a `shell` call with `arguments`, an `apply_patch`
    call with `patch`."""
    return responses_stream(_responses_output(text, arguments, patch))


def responses_stream(output: list[dict[str, Any]]) -> bytes:
    """The event sequence the Responses API documents for the `output` items, with `event:`
    lines and sequence numbers; `response.completed` carries the whole output again."""
    events: list[dict[str, Any]] = []

    def emit(kind: str, **fields: Any) -> None:
        events.append({"type": kind, "sequence_number": len(events), **fields})

    shell = {"id": "resp_1", "object": "response", "created_at": 1741476542, "model": "gpt-5-codex"}
    emit("response.created", response={**shell, "status": "in_progress", "output": []})
    for index, item in enumerate(output):
        if item["type"] == "message":
            _emit_message(emit, index, item)
        elif item["type"] in ("function_call", "custom_tool_call"):
            _emit_tool_call(emit, index, item)
        else:
            emit("response.output_item.added", output_index=index, item={**item})
            emit("response.output_item.done", output_index=index, item=item)
    # Codex CLI refuses a `response.completed` whose usage has no `total_tokens`.
    emit("response.completed", response={**shell, "status": "completed", "output": output,
                                          "usage": {"input_tokens": 36, "output_tokens": 87,
                                                    "total_tokens": 123}})  # fmt: skip
    return b"".join(_sse(event["type"], event) for event in events)


def _emit_message(emit: Callable[..., None], index: int, message: dict[str, Any]) -> None:
    text, item_id = message["content"][0]["text"], message["id"]
    emit(
        "response.output_item.added",
        output_index=index,
        item={**message, "status": "in_progress", "content": []},
    )
    emit("response.content_part.added", item_id=item_id, output_index=index, content_index=0,
         part={"type": "output_text", "text": "", "annotations": []})  # fmt: skip
    for piece in pieces(text):
        emit("response.output_text.delta", item_id=item_id, output_index=index, content_index=0, delta=piece)
    emit("response.output_text.done", item_id=item_id, output_index=index, content_index=0, text=text)
    emit("response.content_part.done", item_id=item_id, output_index=index, content_index=0,
         part={"type": "output_text", "text": text, "annotations": []})  # fmt: skip
    emit("response.output_item.done", output_index=index, item=message)


def _emit_tool_call(emit: Callable[..., None], index: int, item: dict[str, Any]) -> None:
    field, kind = (
        ("arguments", "function_call_arguments")
        if item["type"] == "function_call"
        else ("input", "custom_tool_call_input")
    )
    emit("response.output_item.added", output_index=index, item={**item, field: "", "status": "in_progress"})
    for piece in pieces(item[field], 9):
        emit(f"response.{kind}.delta", item_id=item["id"], output_index=index, delta=piece)
    emit(f"response.{kind}.done", item_id=item["id"], output_index=index, **{field: item[field]})
    emit("response.output_item.done", output_index=index, item=item)


def gemini(
    text: str = ANSWER_TEXT, args: dict[str, Any] | None = None, tool: str = "replace"
) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"text": text}]
    if args is not None:
        parts.append({"functionCall": {"name": tool, "args": args}, "thoughtSignature": "CiQBopaqueZq7Hxw"})
    return {
        "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 9, "totalTokenCount": 21},
        "modelVersion": "gemini-2.5-pro",
        "responseId": "resp-1",
    }


def gemini_stream(
    text: str = ANSWER_TEXT,
    args: dict[str, Any] | None = None,
    wrapped: bool = False,
    function: str = "replace",
) -> bytes:
    """`alt=sse`: a chunk per text piece, the function call whole, the last chunk finishing."""

    def chunk(parts: list[dict[str, Any]], finish: bool = False) -> bytes:
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}, "index": 0}
        if finish:
            candidate["finishReason"] = "STOP"
        body = {"candidates": [candidate], "modelVersion": "gemini-2.5-pro", "responseId": "resp-1"}
        return _sse(None, {"response": body} if wrapped else body)

    out = [chunk([{"text": piece}]) for piece in pieces(text)]
    if args is not None:
        out.append(
            chunk(
                [{"functionCall": {"name": function, "args": args}, "thoughtSignature": "CiQBopaqueZq7Hxw"}]
            )
        )
    out.append(chunk([{"text": ""}], finish=True))
    return b"".join(out)


def copilot_completion(text: str = ANSWER_TEXT) -> dict[str, Any]:
    """Copilot's inline completion answer (OpenAI's legacy completions shape)."""
    return {
        "id": "cmpl-AjSQstOuqLSedY7J3Vg6Op6Khvcnl",
        "created": 1735397418,
        "model": "gpt-4o-copilot",
        "choices": [{"index": 0, "text": text, "finish_reason": "stop", "logprobs": None, "p": "aaaaaaa"}],
    }


def copilot_completion_stream(
    text: str = ANSWER_TEXT, annotations: Sequence[tuple[int, int]] = (), size: int = 7
) -> bytes:
    """The streamed answer, as recorded: `text` in `size`-character chunks, then a chunk
    that only finishes, then `[DONE]`. Each (start, stop) in `annotations` is a code
    citation, sent with the chunk after the one that reaches `stop` and again (same id,
    same offsets) with the finishing chunk, as Copilot's server updates them."""
    envelope = {"id": "cmpl-AjSQstOuqLSedY7J3Vg6Op6Khvcnl", "created": 1735397418, "model": "gpt-4o-copilot"}

    def cited(upto: int) -> dict[str, Any]:
        found = [
            {"id": number, "start_offset": start, "stop_offset": stop, "details": {"license": "MIT"}}
            for number, (start, stop) in enumerate(annotations)
            if stop <= upto
        ]
        return {"copilot_annotations": {"CodeReference": found}} if found else {}

    out, sent = [], 0
    for piece in pieces(text, size):
        choice = {
            "index": 0,
            "text": piece,
            "finish_reason": None,
            "logprobs": None,
            "p": "aaaa",
            **cited(sent),
        }
        out.append(_sse(None, {**envelope, "choices": [choice]}))
        sent += len(piece.encode("utf-16-le")) // 2
    final = {"index": 0, "finish_reason": "stop", "logprobs": None, "p": "aaaa", **cited(sent)}
    out.append(_sse(None, {**envelope, "choices": [final]}))
    out.append(_sse(None, "[DONE]"))
    return b"".join(out)
