"""Which hosts and paths are AI endpoints, and which wire format each speaks.

Hosts not listed here are not ours: they pass through untouched. On a listed host every path
has a route, default-deny: the inspected ones by their normalised path (percent escapes
decoded, dot segments resolved, duplicate and trailing slashes dropped, case folded: what
a provider may read as the same endpoint), and every other path the host's uninspected
route, which a tier that promises a rewrite blocks.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

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
    """The paths served, normalised (lower case, no query); empty: every path, or those
    starting with `prefix`."""
    wire: WireFormat
    prefix: str = ""
    pattern: str = ""
    """A regular expression the whole path (without query) matches, where paths vary."""
    learned: bool = False
    """Also the hosts learned at run time for this provider (Copilot's token names them)."""

    @property
    def inspected(self) -> bool:
        return not isinstance(self.wire, Uninspected)

    def serves(self, host: str, path: str, learned: frozenset[str] = frozenset()) -> bool:
        """Whether this route serves `host` (lower case) and `path` (normalised)."""
        if not fnmatch.fnmatchcase(host, self.host) and not (self.learned and host in learned):
            return False
        if self.paths:
            return path in self.paths
        if self.pattern:
            return re.fullmatch(self.pattern, path, re.IGNORECASE) is not None
        return path.startswith(self.prefix)


ANTHROPIC = AnthropicMessages()
OPENAI_CHAT = OpenAIChat()
OPENAI_RESPONSES = OpenAIResponses()
GEMINI = Gemini("gemini", wrapped=False)
GEMINI_CLI = Gemini("gemini-code-assist", wrapped=True)
COPILOT_COMPLETIONS = CopilotCompletions()


def _uninspected(
    provider: str,
    host: str,
    reason: str,
    prefix: str = "",
    shape: str | WireFormat = "openai",
    learned: bool = False,
    paths: frozenset[str] = frozenset(),
) -> Route:
    wire = Uninspected(f"uninspected:{host}{prefix or min(paths, default='')}", reason, shape)
    return Route(provider, host, paths, wire, prefix, learned=learned)


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
        "anthropic",
        "api.anthropic.com",
        "message batches are not rewritten: their answers come back in a later download, which "
        "Pretense cannot restore",
        "/v1/messages/batches",
        shape=ANTHROPIC,
    ),
    _uninspected(
        "openai",
        "api.openai.com",
        "batch and file uploads are not rewritten: a batch's requests travel in an uploaded file, "
        "and its answers in a later download",
        paths=frozenset({"/v1/batches", "/v1/files", "/v1/uploads"}),
    ),
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


def normalise_path(path: str) -> str:
    """The path as a provider may read it: without query or fragment, percent escapes decoded,
    `\\` as `/`, dot segments resolved, empty segments dropped, in lower case."""
    bare = unquote(path.partition("?")[0].partition("#")[0]).replace("\\", "/")
    segments: list[str] = []
    for segment in bare.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    return "/" + "/".join(segments).lower()


def host_name(host: str) -> str:
    return host.lower().rstrip(".")


def is_token_exchange(host: str, path: str) -> bool:
    return normalise_path(path) == TOKEN_EXCHANGE_PATH and any(
        fnmatch.fnmatchcase(host_name(host), pattern) for pattern in TOKEN_EXCHANGE_HOSTS
    )


@dataclass
class RouteTable:
    """The routes, and the hosts learned at run time for a provider (a Copilot token names
    them); owned by the proxy that learned them."""

    routes: tuple[Route, ...] = ROUTES
    _learned: dict[str, set[str]] = field(default_factory=dict)

    def learn(self, provider: str, host: str) -> bool:
        """Treat `host` as one of `provider`'s AI hosts from now on; False if it already was."""
        host = host_name(host)
        if any(r.provider == provider and fnmatch.fnmatchcase(host, r.host) for r in self.routes):
            return False  # one of its patterns already covers it
        known = self._learned.setdefault(provider, set())
        if host in known:
            return False
        known.add(host)
        return True

    def learned(self, provider: str) -> frozenset[str]:
        return frozenset(self._learned.get(provider, ()))

    def is_ai_host(self, host: str) -> bool:
        host = host_name(host)
        return any(fnmatch.fnmatchcase(host, route.host) for route in self.routes) or any(
            host in hosts for hosts in self._learned.values()
        )

    def is_intercepted(self, host: str) -> bool:
        """Whether TLS to `host` is decrypted: AI hosts, and where Copilot tokens are exchanged."""
        host = host_name(host)
        return self.is_ai_host(host) or any(fnmatch.fnmatchcase(host, p) for p in TOKEN_EXCHANGE_HOSTS)

    def match(self, host: str, path: str) -> Route | None:
        """The route of a request to `host`: None for a host that is not an AI host; on an AI
        host, the inspected route of its normalised path, else the host's uninspected route."""
        host, normal = host_name(host), normalise_path(path)
        catch_all: Route | None = None
        for route in self.routes:
            learned = self.learned(route.provider) if route.learned else frozenset()
            if route.serves(host, normal, learned):
                return route
            if catch_all is None and (fnmatch.fnmatchcase(host, route.host) or host in learned):
                catch_all = route
        if catch_all is None:
            return None
        return _catch_all(catch_all, normal)


def _catch_all(like: Route, path: str) -> Route:
    """The uninspected route for a path no route of the host reads, in the host's error shape."""
    if not like.inspected:
        return like
    reason = f"Pretense does not read this endpoint of {like.provider} ({path})"
    wire = Uninspected(f"uninspected:{like.host}", reason, like.wire)
    return Route(like.provider, like.host, frozenset(), wire)
