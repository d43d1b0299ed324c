"""Which hosts and paths are AI endpoints, and which wire format each speaks.

Everything not listed here is not ours: it passes through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from providers.anthropic import AnthropicMessages
from providers.base import WireFormat
from providers.openai_chat import OpenAIChat


@dataclass(frozen=True, slots=True)
class Route:
    provider: str
    host: str
    paths: frozenset[str]
    wire: WireFormat


ANTHROPIC = AnthropicMessages()
OPENAI_CHAT = OpenAIChat()

ROUTES: tuple[Route, ...] = (
    # count_tokens carries the same body as a message request, code included.
    Route(
        "anthropic",
        "api.anthropic.com",
        frozenset({"/v1/messages", "/v1/messages/count_tokens"}),
        ANTHROPIC,
    ),
    Route("openai", "api.openai.com", frozenset({"/v1/chat/completions"}), OPENAI_CHAT),
)

AI_HOSTS = frozenset(route.host for route in ROUTES)


def is_ai_host(host: str) -> bool:
    return host.lower().rstrip(".") in AI_HOSTS


def match(host: str, path: str) -> Route | None:
    """The route for a request, matched on the destination host and the path without query."""
    host = host.lower().rstrip(".")
    path = path.partition("?")[0]
    for route in ROUTES:
        if route.host == host and path in route.paths:
            return route
    return None
