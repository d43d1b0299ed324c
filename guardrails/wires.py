"""Which wire formats carry tool calls an agent runs, and the held answer of each: the one
place that knows which `guardrails` module reads which provider shape."""

from __future__ import annotations

import re

from guardrails.answers import HeldBody, HeldStream
from guardrails.anthropic import AnthropicBody, AnthropicStream
from guardrails.gemini import GeminiBody, GeminiStream
from guardrails.openai_chat import ChatBody, ChatStream
from guardrails.responses import ResponsesBody, ResponsesStream
from mutators.base import Restoration

# The names `providers` gives the wire formats that carry tool calls.
ANTHROPIC, CHAT, RESPONSES = "anthropic-messages", "openai-chat", "openai-responses"
GEMINI, GEMINI_CODE_ASSIST = "gemini", "gemini-code-assist"
CARRYING_CALLS = frozenset({ANTHROPIC, CHAT, RESPONSES, GEMINI, GEMINI_CODE_ASSIST})
# A request that declares no tool cannot get a call its client would run: agents run only the
# tools they declared. Any of these in the body counts as declaring one (an escaped key too).
_DECLARES = re.compile(rb'"(?:tools|functions|functionDeclarations|additional_tools)"|\\u00')


def held_stream(wire: str, restoration: Restoration) -> HeldStream | None:
    if wire == ANTHROPIC:
        return AnthropicStream(restoration)
    if wire == CHAT:
        return ChatStream(restoration)
    if wire == RESPONSES:
        return ResponsesStream(restoration)
    if wire in (GEMINI, GEMINI_CODE_ASSIST):
        return GeminiStream(restoration, wrapped=wire == GEMINI_CODE_ASSIST)
    return None


def held_body(wire: str, restoration: Restoration) -> HeldBody | None:
    if wire == ANTHROPIC:
        return AnthropicBody(restoration)
    if wire == CHAT:
        return ChatBody(restoration)
    if wire == RESPONSES:
        return ResponsesBody(restoration)
    if wire in (GEMINI, GEMINI_CODE_ASSIST):
        return GeminiBody(restoration, wrapped=wire == GEMINI_CODE_ASSIST)
    return None


def may_get_calls(wire: str, body: bytes) -> bool:
    """Whether the answer to this request may carry a tool call its client would run."""
    return wire in CARRYING_CALLS and _DECLARES.search(body) is not None
