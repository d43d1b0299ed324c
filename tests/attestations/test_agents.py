"""Which agent an exchange came from, as `Assisted-by: AGENT:MODEL` names it."""

from __future__ import annotations

import pytest

from attestations.agents import agent_name, safe


@pytest.mark.parametrize(
    ("user_agent", "provider", "agent"),
    [
        ("claude-cli/2.0.1 (external, cli)", "anthropic", "claude-code"),
        ("codex_cli_rs/0.17.3 (Ubuntu 24.4.0; x86_64)", "openai", "codex"),
        ("GeminiCLI/0.6.1 (linux; x64)", "google", "gemini-cli"),
        ("GitHubCopilotChat/0.31.0", "copilot", "copilot"),
        ("Anthropic/Python 0.49.0", "anthropic", "anthropic-sdk"),
        ("OpenAI/Python 1.60.0", "openai", "openai-sdk"),
        ("curl/8.5.0", "openai", "curl"),
        ("", "anthropic", "anthropic"),
        ("  ", "", "unknown"),
    ],
)
def test_agents_are_named_from_the_user_agent(user_agent: str, provider: str, agent: str) -> None:
    assert agent_name(user_agent, provider) == agent


def test_a_name_is_fit_for_a_trailer() -> None:
    assert safe("claude-sonnet-5-5") == "claude-sonnet-5-5"
    assert safe("gpt-4.1 (2025)\nInjected: x") == "gpt-4.1-2025-Injected-x"
