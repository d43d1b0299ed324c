"""Which agent sent an AI request, named as `Assisted-by: AGENT:MODEL` names it: from the
client's user agent, else the first product token it sends, else the provider."""

from __future__ import annotations

import re

# User-agent prefixes of the tools in scope, case-insensitive, first match wins.
_AGENTS = (
    ("claude-cli/", "claude-code"),
    ("claude-code/", "claude-code"),
    ("codex_cli_rs/", "codex"),
    ("codex_exec/", "codex"),
    ("codex-", "codex"),
    ("geminicli/", "gemini-cli"),
    ("githubcopilotchat/", "copilot"),
    ("githubcopilot/", "copilot"),
    ("copilot/", "copilot"),
    ("aider/", "aider"),
    ("anthropic/", "anthropic-sdk"),
    ("openai/", "openai-sdk"),
    ("google-genai-sdk/", "google-genai"),
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,39}")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def agent_name(user_agent: str, provider: str) -> str:
    lowered = user_agent.strip().lower()
    for prefix, name in _AGENTS:
        if lowered.startswith(prefix):
            return name
    token = _TOKEN.match(user_agent.strip())
    return token.group().lower() if token else safe(provider) or "unknown"


def safe(text: str) -> str:
    """A name fit for a trailer value: letters, digits, `.`, `_` and `-` (a model's own name
    keeps its dots and dashes; anything else becomes `-`)."""
    return _UNSAFE.sub("-", text.strip())[:80].strip("-")
