"""Which AI tool sent a request, and its version, from the headers it identifies itself with
(user agent, Claude Code's `x-app`, Copilot's editor headers, Codex's `originator`).

A data table, first match wins: the policy allows or forbids tools by these ids, and the
inventory counts them. A header says what the client claims to be; it is not proof.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

HINT_HEADERS = (
    "x-app",
    "originator",
    "editor-version",
    "editor-plugin-version",
    "copilot-integration-id",
)
"""Besides the user agent, the headers that say which tool sent a request (kept in the trail)."""
HINT_LIMIT = 80
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ClientRule:
    tool: str
    """The id a policy names (`claude-code`)."""
    name: str
    """What people call it (`Claude Code`)."""
    header: str
    pattern: str
    """Matched (searched) in the header's value; its first group, if any, is the version."""
    version_header: str = ""
    """Where the version is when it is not in `header` (a pattern with one group)."""
    version_pattern: str = ""


RULES: tuple[ClientRule, ...] = (
    ClientRule("claude-code", "Claude Code", "user-agent", r"\bclaude-cli/([\w.+-]+)"),
    ClientRule(
        "codex",
        "Codex CLI",
        "originator",
        r"^(?:codex_exec|codex_cli_rs|codex-tui)$",
        "user-agent",
        r"^codex[\w-]*/([\w.+-]+)",
    ),
    ClientRule(
        "codex-ide",
        "Codex IDE extension",
        "originator",
        r"^codex_vscode$",
        "user-agent",
        r"^codex[\w-]*/([\w.+-]+)",
    ),
    ClientRule("gemini-cli", "Gemini CLI", "user-agent", r"\bGeminiCLI(?:-[\w-]+)?/([\w.+-]+)"),
    ClientRule(
        "copilot",
        "GitHub Copilot",
        "copilot-integration-id",
        r".",
        "editor-plugin-version",
        r"copilot[\w-]*/([\w.+-]+)",
    ),
    ClientRule("copilot", "GitHub Copilot", "user-agent", r"\bGitHubCopilot[\w-]*/([\w.+-]+)"),
    ClientRule("cursor", "Cursor", "user-agent", r"\bCursor/([\w.+-]+)"),
    ClientRule("windsurf", "Windsurf", "user-agent", r"\b(?:Windsurf|windsurf|codeium)[\w-]*/([\w.+-]+)"),
    ClientRule("aider", "aider", "user-agent", r"\baider/([\w.+-]+)"),
    ClientRule(
        "anthropic-sdk-python", "Anthropic SDK (Python)", "user-agent", r"^Anthropic/Python ([\w.+-]+)"
    ),
    ClientRule("anthropic-sdk-js", "Anthropic SDK (JavaScript)", "user-agent", r"^Anthropic/JS ([\w.+-]+)"),
    ClientRule(
        "openai-sdk-python", "OpenAI SDK (Python)", "user-agent", r"^(?:Async)?OpenAI/Python ([\w.+-]+)"
    ),
    ClientRule("openai-sdk-js", "OpenAI SDK (JavaScript)", "user-agent", r"^OpenAI/JS ([\w.+-]+)"),
    ClientRule("google-genai", "Google Gen AI SDK", "user-agent", r"\bgoogle-genai-sdk/([\w.+-]+)"),
    ClientRule("aws-sdk", "AWS SDK", "user-agent", r"\b(?:Boto3|Botocore|aws-sdk-[\w-]+)/([\w.+-]+)"),
    ClientRule("curl", "curl", "user-agent", r"^curl/([\w.+-]+)"),
)

KNOWN_TOOLS: dict[str, str] = {rule.tool: rule.name for rule in RULES} | {UNKNOWN: "an unidentified client"}
"""Every tool id a policy may name, with what people call it."""

_COMPILED = tuple(
    (rule, re.compile(rule.pattern), re.compile(rule.version_pattern) if rule.version_pattern else None)
    for rule in RULES
)


@dataclass(frozen=True, slots=True)
class ClientId:
    tool: str
    version: str = ""

    @property
    def name(self) -> str:
        return KNOWN_TOOLS.get(self.tool, self.tool)

    def describe(self) -> str:
        return f"{self.name} {self.version}".strip()


def identify(headers: Mapping[str, str]) -> ClientId:
    """The tool that sent a request with these headers (names in lower case)."""
    for rule, pattern, version_pattern in _COMPILED:
        value = headers.get(rule.header)
        if not value:
            continue
        found = pattern.search(value)
        if found is None:
            continue
        version = found.group(1) if found.groups() else ""
        if version_pattern is not None:
            elsewhere = version_pattern.search(headers.get(rule.version_header, ""))
            version = elsewhere.group(1) if elsewhere else version
        return ClientId(rule.tool, version[:40])
    return ClientId(UNKNOWN)


def hints(headers: Mapping[str, str]) -> dict[str, str]:
    """The identifying headers present, each cut to a length that carries no payload."""
    return {name: value[:HINT_LIMIT] for name in HINT_HEADERS if (value := headers.get(name))}
