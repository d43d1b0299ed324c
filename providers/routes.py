"""Which hosts and paths are AI endpoints, and which wire format each speaks.

Everything not listed here is not ours: it passes through untouched.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from providers.anthropic import AnthropicMessages
from providers.base import WireFormat
from providers.copilot import CopilotCompletions
from providers.gemini import Gemini
from providers.openai_chat import MistralFim, OpenAIChat
from providers.openai_responses import OpenAIResponses
from providers.uninspected import Uninspected


@dataclass(frozen=True, slots=True)
class Route:
    provider: str
    host: str
    """The host, or a pattern of hosts (`*.openai.azure.com`)."""
    paths: frozenset[str]
    """The paths (without query) served; empty: every path, or those starting with `prefix`."""
    wire: WireFormat
    prefix: str = ""
    pattern: str = ""
    """A regular expression the whole path (without query) matches, where paths vary."""
    learned: bool = False
    """Also the hosts learned at run time for this provider (Copilot's token names them)."""

    @property
    def inspected(self) -> bool:
        return not isinstance(self.wire, Uninspected)

    def serves(self, host: str, path: str) -> bool:
        if not fnmatch.fnmatchcase(host, self.host) and not (
            self.learned and host in _LEARNED.get(self.provider, ())
        ):
            return False
        if self.paths:
            return path in self.paths
        if self.pattern:
            return re.fullmatch(self.pattern, path) is not None
        return path.startswith(self.prefix)


ANTHROPIC = AnthropicMessages()
OPENAI_CHAT = OpenAIChat()
OPENAI_RESPONSES = OpenAIResponses()
GEMINI = Gemini("gemini", wrapped=False)
GEMINI_CLI = Gemini("gemini-code-assist", wrapped=True)
COPILOT_COMPLETIONS = CopilotCompletions()


def _uninspected(
    provider: str, host: str, reason: str, prefix: str = "", shape: str = "openai", learned: bool = False
) -> Route:
    wire = Uninspected(f"uninspected:{host}{prefix}", reason, shape)
    return Route(provider, host, frozenset(), wire, prefix, learned=learned)


ROUTES: tuple[Route, ...] = (
    # count_tokens carries the same body as a message request, code included.
    Route(
        "anthropic",
        "api.anthropic.com",
        frozenset({"/v1/messages", "/v1/messages/count_tokens"}),
        ANTHROPIC,
    ),
    Route("openai", "api.openai.com", frozenset({"/v1/chat/completions"}), OPENAI_CHAT),
    Route("openai", "api.openai.com", frozenset({"/v1/responses"}), OPENAI_RESPONSES),
    # Codex CLI signed in with ChatGPT.
    Route("openai", "chatgpt.com", frozenset({"/backend-api/codex/responses"}), OPENAI_RESPONSES),
    # The same shapes elsewhere: Azure OpenAI (deployment and v1 URL styles), Claude on
    # Vertex (the model in the URL), OpenAI-compatible providers, DeepSeek's Anthropic API.
    *(
        Route("azure-openai", host, frozenset(), wire, pattern=pattern)
        for host in ("*.openai.azure.com", "*.cognitiveservices.azure.com")
        for wire, pattern in (
            (OPENAI_CHAT, r"/openai/(?:deployments/[^/]+/|v1/)?chat/completions"),
            (OPENAI_RESPONSES, r"/openai/(?:v1/)?responses"),
        )
    ),
    Route(
        "vertex",
        "*aiplatform.googleapis.com",
        frozenset(),
        ANTHROPIC,
        pattern=r"/v1(?:beta1)?/projects/[^/]+/locations/[^/]+/publishers/anthropic/models/[^/:]+:(?:rawPredict|streamRawPredict)",
    ),
    Route(
        "deepseek", "api.deepseek.com", frozenset({"/chat/completions", "/v1/chat/completions"}), OPENAI_CHAT
    ),
    Route("deepseek", "api.deepseek.com", frozenset({"/anthropic/v1/messages"}), ANTHROPIC),
    Route("openrouter", "openrouter.ai", frozenset({"/api/v1/chat/completions"}), OPENAI_CHAT),
    Route("mistral", "api.mistral.ai", frozenset({"/v1/chat/completions"}), OPENAI_CHAT),
    Route("mistral", "api.mistral.ai", frozenset({"/v1/fim/completions"}), MistralFim()),
    Route(
        "vertex",
        "*aiplatform.googleapis.com",
        frozenset(),
        GEMINI,
        pattern=r"/v1(?:beta1)?/projects/[^/]+/locations/[^/]+/publishers/google/models/[^/:]+:"
        r"(?:generateContent|streamGenerateContent|countTokens)",
    ),
    # Copilot Chat (api.githubcopilot.com, api.{individual,business,enterprise}.githubcopilot.com)
    # and inline completions (proxy.{individual,...}.githubcopilot.com, the older
    # copilot-proxy.githubusercontent.com), and the hosts a Copilot token names.
    Route(
        "copilot",
        "*githubcopilot.com",
        frozenset({"/chat/completions", "/v1/chat/completions"}),
        OPENAI_CHAT,
        learned=True,
    ),
    Route(
        "copilot",
        "*.githubcopilot.com",
        frozenset({"/responses", "/v1/responses"}),
        OPENAI_RESPONSES,
        learned=True,
    ),
    Route("copilot", "*.githubcopilot.com", frozenset({"/v1/messages"}), ANTHROPIC, learned=True),
    *(
        Route(
            "copilot",
            host,
            frozenset(),
            COPILOT_COMPLETIONS,
            pattern=r"/v1/engines/[^/]+/completions",
            learned=True,
        )
        for host in ("*.githubcopilot.com", "copilot-proxy.githubusercontent.com")
    ),
    Route(
        "google",
        "generativelanguage.googleapis.com",
        frozenset(),
        GEMINI,
        pattern=r"/v1(?:beta|alpha)?/(?:tunedM|m)odels/[^/:]+:(?:generateContent|streamGenerateContent|countTokens)",
    ),
    Route(
        "google",
        "cloudcode-pa.googleapis.com",
        frozenset(),
        GEMINI_CLI,
        pattern=r"/v1internal:(?:generateContent|streamGenerateContent|countTokens)",
    ),
    # Recognised, not rewritten (yet, or ever): never forwarded as if inspected.
    _uninspected(
        "openai", "api.openai.com", "OpenAI's legacy completions API is not rewritten", "/v1/completions"
    ),
    _uninspected("azure-openai", "*.openai.azure.com", "Azure OpenAI is not rewritten yet", "/openai/"),
    _uninspected(
        "azure-openai", "*.cognitiveservices.azure.com", "Azure OpenAI is not rewritten yet", "/openai/"
    ),
    _uninspected("vertex", "*aiplatform.googleapis.com", "Vertex AI is not rewritten yet", shape="google"),
    _uninspected(
        "google",
        "generativelanguage.googleapis.com",
        "this Gemini API endpoint is not rewritten",
        shape="google",
    ),
    _uninspected(
        "google", "cloudcode-pa.googleapis.com", "this Gemini CLI endpoint is not rewritten", shape="google"
    ),
    *(
        _uninspected("copilot", host, "this GitHub Copilot endpoint is not rewritten", learned=True)
        for host in ("*.githubcopilot.com", "copilot-proxy.githubusercontent.com")
    ),
    _uninspected("mistral", "api.mistral.ai", "Mistral's API is not rewritten yet", "/v1/"),
    _uninspected("deepseek", "api.deepseek.com", "DeepSeek's API is not rewritten yet"),
    _uninspected("openrouter", "openrouter.ai", "OpenRouter is not rewritten yet", "/api/"),
    _uninspected(
        "bedrock",
        "bedrock-runtime.*.amazonaws.com",
        "Bedrock bodies are signed (SigV4) and cannot be rewritten",
        shape="aws",
    ),
    _uninspected("cursor", "*.cursor.sh", "Cursor speaks binary protobuf, which cannot be rewritten"),
    _uninspected("windsurf", "*.codeium.com", "Windsurf speaks binary protobuf, which cannot be rewritten"),
    _uninspected("windsurf", "*.windsurf.com", "Windsurf speaks binary protobuf, which cannot be rewritten"),
)


# Where a Copilot token is exchanged: its answer names the hosts Copilot then talks to.
# Decrypted only to read that answer; nothing on these hosts is changed.
TOKEN_EXCHANGE_HOSTS = ("api.github.com", "api.*.ghe.com")
TOKEN_EXCHANGE_PATH = "/copilot_internal/v2/token"

# Hosts learned at run time, per provider.
_LEARNED: dict[str, set[str]] = {}


def learn(provider: str, host: str) -> bool:
    """Treat `host` as one of `provider`'s AI hosts from now on; False if it already was."""
    host = host.lower().rstrip(".")
    if any(route.provider == provider and fnmatch.fnmatchcase(host, route.host) for route in ROUTES):
        return False  # one of its patterns already covers it
    known = _LEARNED.setdefault(provider, set())
    if host in known:
        return False
    known.add(host)
    return True


def forget_learned() -> None:
    _LEARNED.clear()


def is_token_exchange(host: str, path: str) -> bool:
    host = host.lower().rstrip(".")
    return path.partition("?")[0] == TOKEN_EXCHANGE_PATH and any(
        fnmatch.fnmatchcase(host, pattern) for pattern in TOKEN_EXCHANGE_HOSTS
    )


def is_ai_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(fnmatch.fnmatchcase(host, route.host) for route in ROUTES) or any(
        host in hosts for hosts in _LEARNED.values()
    )


def is_intercepted(host: str) -> bool:
    """Whether TLS to `host` is decrypted: AI hosts, and where Copilot tokens are exchanged."""
    host = host.lower().rstrip(".")
    return is_ai_host(host) or any(fnmatch.fnmatchcase(host, pattern) for pattern in TOKEN_EXCHANGE_HOSTS)


def match(host: str, path: str) -> Route | None:
    """The route for a request, matched on the destination host and the path without query."""
    host = host.lower().rstrip(".")
    path = path.partition("?")[0]
    for route in ROUTES:
        if route.serves(host, path):
            return route
    return None
