"""Which requests are AI requests: rewritten routes by exact path, and endpoints that are
recognised but not rewritten (they must never pass as if inspected)."""

from __future__ import annotations

import pytest

from providers.routes import RouteTable, is_token_exchange, normalise_path

routes = RouteTable()


@pytest.mark.parametrize(
    ("host", "path", "provider", "inspected"),
    [
        ("api.anthropic.com", "/v1/messages?beta=true", "anthropic", True),
        ("api.openai.com", "/v1/chat/completions", "openai", True),
        ("api.openai.com", "/v1/responses", "openai", True),
        ("chatgpt.com", "/backend-api/codex/responses", "openai", True),
        ("api.openai.com", "/v1/completions", "openai", False),
        (
            "acme-eu.openai.azure.com",
            "/openai/deployments/gpt/chat/completions?api-version=1",
            "azure-openai",
            True,
        ),
        (
            "us-east5-aiplatform.googleapis.com",
            "/v1/projects/p/locations/l/publishers/anthropic/models/c:rawPredict",
            "vertex",
            True,
        ),
        ("generativelanguage.googleapis.com", "/v1beta/models/gemini:generateContent", "google", True),
        (
            "aiplatform.googleapis.com",
            "/v1/projects/p/locations/global/publishers/anthropic/models/c:streamRawPredict",
            "vertex",
            True,
        ),
        (
            "europe-west1-aiplatform.googleapis.com",
            "/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:streamGenerateContent",
            "vertex",
            True,
        ),
        (
            "europe-west1-aiplatform.googleapis.com",
            "/v1/projects/p/locations/l/publishers/meta/models/llama:predict",
            "vertex",
            False,
        ),
        ("generativelanguage.googleapis.com", "/upload/v1beta/files", "google", False),
        ("cloudcode-pa.googleapis.com", "/v1internal:streamGenerateContent", "google", True),
        ("cloudcode-pa.googleapis.com", "/v1internal:loadCodeAssist", "google", False),
        ("api.individual.githubcopilot.com", "/chat/completions", "copilot", True),
        ("api.githubcopilot.com", "/responses", "copilot", True),
        ("api.enterprise.githubcopilot.com", "/v1/messages", "copilot", True),
        ("proxy.individual.githubcopilot.com", "/v1/engines/gpt-41-copilot/completions", "copilot", True),
        ("copilot-proxy.githubusercontent.com", "/v1/engines/copilot-codex/completions", "copilot", True),
        ("proxy.business.githubcopilot.com", "/v1/engines/gpt-41-copilot/speculation", "copilot", False),
        ("bedrock-runtime.eu-west-1.amazonaws.com", "/model/anthropic.claude/invoke", "bedrock", False),
        ("api2.cursor.sh", "/aiserver.v1.ChatService/StreamUnifiedChatWithTools", "cursor", False),
        (
            "server.codeium.com",
            "/exa.language_server_pb.LanguageServerService/GetCompletions",
            "windsurf",
            False,
        ),
        ("api.mistral.ai", "/v1/fim/completions", "mistral", True),
        ("api.mistral.ai", "/v1/agents/completions", "mistral", False),
        ("openrouter.ai", "/api/v1/embeddings", "openrouter", False),
        ("api.deepseek.com", "/beta/completions", "deepseek", False),
    ],
)
def test_ai_endpoints(host: str, path: str, provider: str, inspected: bool) -> None:
    route = routes.match(host, path)
    assert route is not None
    assert (route.provider, route.inspected) == (provider, inspected)
    assert routes.is_ai_host(host)


@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("api.github.com", "/copilot_internal/v2/token"),  # the token exchange stays untouched
        ("github.com", "/acme/ledger.git/info/refs"),
        ("bedrock.eu-west-1.amazonaws.com", "/foundation-models"),
        ("evil-openai.azure.com.example", "/openai/x"),
    ],
)
def test_everything_else_is_not_ours(host: str, path: str) -> None:
    assert routes.match(host, path) is None


@pytest.mark.parametrize(
    ("host", "path", "reason"),
    [
        ("api.anthropic.com", "/v1/messages/batches", "message batches are not rewritten"),
        ("api.openai.com", "/v1/files", "batch and file uploads are not rewritten"),
        ("api.openai.com", "/v1/embeddings", "does not read this endpoint of openai (/v1/embeddings)"),
        ("api.openai.com", "/v1/models", "does not read this endpoint"),
        ("api.anthropic.com", "/v1/threads/t/messages", "does not read this endpoint of anthropic"),
    ],
)
def test_every_other_path_of_an_ai_host_is_uninspected_with_a_reason(
    host: str, path: str, reason: str
) -> None:
    route = routes.match(host, path)
    assert route is not None
    assert not route.inspected
    assert reason in route.wire.reason  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/messages/",
        "//v1/messages",
        "/v1/./messages",
        "/V1/Messages",
        "/v1/%6dessages",
        "/x/../v1/messages",
    ],
)
def test_paths_a_provider_reads_as_an_inspected_one_are_inspected(path: str) -> None:
    assert normalise_path(path) == "/v1/messages"
    route = routes.match("api.anthropic.com", path + "?beta=true")
    assert route is not None
    assert route.wire.name == "anthropic-messages"


def test_hosts_a_copilot_token_names_become_ai_hosts() -> None:
    routes = RouteTable()
    host = "copilot-proxy.acme.ghe.com"
    assert routes.match(host, "/v1/engines/x/completions") is None
    assert not routes.is_ai_host(host)
    assert routes.learn("copilot", host.upper())
    assert not routes.learn("copilot", host)  # once
    assert not routes.learn("copilot", "proxy.business.githubcopilot.com")  # a pattern has it
    route = routes.match(host, "/v1/engines/x/completions")
    assert route is not None
    assert route.inspected
    chat = routes.match(host, "/chat/completions")
    assert chat is not None
    assert chat.wire.name == "openai-chat"
    other = routes.match(host, "/models")
    assert other is not None
    assert not other.inspected
    assert routes.is_ai_host(host)
    # Learned for Copilot's routes, not any other provider's.
    fim = routes.match(host, "/v1/fim/completions")
    assert fim is not None
    assert (fim.provider, fim.inspected) == ("copilot", False)
    assert not RouteTable().is_ai_host(host)  # learned by that table alone


def test_the_token_exchange_is_read_not_routed() -> None:
    assert is_token_exchange("api.github.com", "/copilot_internal/v2/token")
    assert is_token_exchange("api.acme.ghe.com", "/copilot_internal/v2/token?x=1")
    assert not is_token_exchange("api.github.com", "/user")
    assert not is_token_exchange("api.github.com.example", "/copilot_internal/v2/token")
    assert routes.is_intercepted("api.github.com")
    assert not routes.is_ai_host("api.github.com")
    assert not routes.is_intercepted("github.com")
