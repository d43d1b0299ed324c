"""The AI CLIs under test, as `make test-clients` installs them from npm: how each is run
non-interactively with edits allowed, and the configuration and variables that keep it to a
temporary home, a fake API key and its model API (no telemetry, no update check)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.clients.conversation import AnthropicMessages, GeminiAPI, ModelWire, OpenAIResponses

BIN = Path(__file__).with_name("node_modules") / ".bin"


@dataclass(frozen=True)
class Client:
    name: str
    executable: str
    # The only host the CLI should reach: its model API.
    host: str
    wire: ModelWire
    # Its arguments for a non-interactive run, the prompt to follow; run in the repository.
    arguments: tuple[str, ...]
    # Writes its configuration into the temporary home; returns its own variables.
    configure: Callable[[Path], dict[str, str]]
    # How the scripted model names the file to read: absolute, or as a shell command in the
    # working directory would.
    read_path: Callable[[Path], str]

    @property
    def path(self) -> Path:
        return BIN / self.executable


def _claude_code(home: Path) -> dict[str, str]:
    return {
        "ANTHROPIC_API_KEY": "sk-ant-api03-pretense-client-test",
        "CLAUDE_CONFIG_DIR": str(home / ".claude"),
        # Telemetry, feature flags, error reports and the auto-updater off in one variable;
        # DISABLE_TELEMETRY and its siblings still leave the bootstrap and directory calls.
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }


# gpt-5.5 is in Codex's bundled model catalog with direct tools (no JavaScript `exec` code
# mode): `exec_command` for the shell and a freeform `apply_patch`.
CODEX_MODEL = "gpt-5.5"
CODEX_CONFIG = """\
check_for_update_on_startup = false

[analytics]
enabled = false

[otel]
exporter = "none"

[features]
# Codex fetches its plugin catalogue from GitHub and ChatGPT at start.
plugins = false
"""


def _codex(home: Path) -> dict[str, str]:
    codex_home = home / ".codex"
    codex_home.mkdir()
    (codex_home / "config.toml").write_text(CODEX_CONFIG)
    return {"OPENAI_API_KEY": "sk-proj-pretense-client-test", "CODEX_HOME": str(codex_home)}


# Naming the model skips Gemini CLI's router, which would first ask a small model to rate the
# prompt's complexity.
GEMINI_MODEL = "gemini-2.5-pro"
GEMINI_SETTINGS = {
    "general": {"disableAutoUpdate": True, "disableUpdateNag": True},
    "privacy": {"usageStatisticsEnabled": False},
    "telemetry": {"enabled": False},
    "security": {"auth": {"selectedType": "gemini-api-key"}},
}


def _gemini_cli(home: Path) -> dict[str, str]:
    settings = home / ".gemini" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps(GEMINI_SETTINGS, indent=2))
    return {"GEMINI_API_KEY": "pretense-client-test"}


CLAUDE_CODE = Client(
    name="claude-code",
    executable="claude",
    host="api.anthropic.com",
    wire=AnthropicMessages(),
    # acceptEdits lets Edit write without asking; bypassPermissions is refused to root.
    arguments=("--permission-mode", "acceptEdits", "-p"),
    configure=_claude_code,
    read_path=str,
)
CODEX = Client(
    name="codex",
    executable="codex",
    host="api.openai.com",
    wire=OpenAIResponses(),
    # `exec` never asks for approval; the workspace-write sandbox lets it edit the repository;
    # --strict-config refuses a key this version does not know (telemetry left on unseen).
    arguments=("exec", "--model", CODEX_MODEL, "--sandbox", "workspace-write", "--strict-config"),
    configure=_codex,
    read_path=lambda path: path.name,
)
GEMINI_CLI = Client(
    name="gemini-cli",
    executable="gemini",
    host="generativelanguage.googleapis.com",
    wire=GeminiAPI(),
    # --skip-trust: headless runs refuse an untrusted folder.
    arguments=("--model", GEMINI_MODEL, "--yolo", "--skip-trust", "--prompt"),
    configure=_gemini_cli,
    read_path=str,
)
CLIENTS = (CLAUDE_CODE, CODEX, GEMINI_CLI)
