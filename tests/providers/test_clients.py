"""Which AI tool sent a request: the headers real clients send, and what is kept of them."""

from __future__ import annotations

import pytest

from providers.clients import HINT_LIMIT, KNOWN_TOOLS, RULES, UNKNOWN, ClientId, hints, identify


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            {"user-agent": "claude-cli/2.1.332 (external, cli)", "x-app": "cli"},
            ClientId("claude-code", "2.1.332"),
        ),
        (
            {"user-agent": "codex_exec/0.171.0 (Debian 12.11; x86_64) dumb (codex-exec; 0.171.0)",
             "originator": "codex_exec"},
            ClientId("codex", "0.171.0"),
        ),
        ({"originator": "codex_cli_rs", "user-agent": "codex_cli_rs/0.170.1"}, ClientId("codex", "0.170.1")),
        ({"originator": "codex_vscode", "user-agent": "codex_vscode/0.9"}, ClientId("codex-ide", "0.9")),
        ({"user-agent": "GeminiCLI/0.61.0/gemini-2.5-pro (linux; x64)"}, ClientId("gemini-cli", "0.61.0")),
        (
            {"user-agent": "GeminiCLI-acp-zed/0.61.0/gemini-2.5-pro (linux; x64)"},
            ClientId("gemini-cli", "0.61.0"),
        ),
        (
            {"user-agent": "GitHubCopilotChat/0.26.0", "editor-version": "vscode/1.99.0",
             "editor-plugin-version": "copilot-chat/0.26.1", "copilot-integration-id": "vscode-chat"},
            ClientId("copilot", "0.26.1"),
        ),
        ({"user-agent": "GithubCopilot/1.300.0"}, ClientId(UNKNOWN)),
        ({"user-agent": "GitHubCopilot/1.300.0"}, ClientId("copilot", "1.300.0")),
        ({"user-agent": "Anthropic/Python 0.49.0"}, ClientId("anthropic-sdk-python", "0.49.0")),
        ({"user-agent": "OpenAI/Python 1.60.0"}, ClientId("openai-sdk-python", "1.60.0")),
        ({"user-agent": "AsyncOpenAI/Python 1.60.0"}, ClientId("openai-sdk-python", "1.60.0")),
        ({"user-agent": "google-genai-sdk/1.2.0 gl-python/3.13.1"}, ClientId("google-genai", "1.2.0")),
        ({"user-agent": "Boto3/1.35.0 md/Botocore#1.35.0"}, ClientId("aws-sdk", "1.35.0")),
        ({"user-agent": "curl/7.88.1"}, ClientId("curl", "7.88.1")),
        ({"user-agent": "Mozilla/5.0"}, ClientId(UNKNOWN)),
        ({}, ClientId(UNKNOWN)),
    ],
    ids=lambda value: value.tool if isinstance(value, ClientId) else None,
)  # fmt: skip
def test_real_clients_are_told_apart_by_their_headers(headers: dict[str, str], expected: ClientId) -> None:
    assert identify(headers) == expected


def test_every_rule_names_a_tool_people_know() -> None:
    assert {rule.tool for rule in RULES} | {UNKNOWN} == set(KNOWN_TOOLS)
    assert ClientId("claude-code", "2.1.3").describe() == "Claude Code 2.1.3"
    assert ClientId(UNKNOWN).describe() == "an unidentified client"


def test_only_the_identifying_headers_are_kept_and_cut_short() -> None:
    kept = hints({"x-app": "cli", "authorization": "Bearer sk-ant-x", "editor-version": "v" * 500})
    assert kept == {"x-app": "cli", "editor-version": "v" * HINT_LIMIT}
