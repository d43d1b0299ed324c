"""The requests the benchmark sends: a small chat completion, a Claude-Code-sized message, a stream.

The large body is built deterministically from Python's standard library, shaped like Claude Code's.
"""

from __future__ import annotations

import json
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OPENAI_CHAT_URL = "https://api.openai.com/v1/chat/completions"
ANTHROPIC_MESSAGES_URL = "https://api.anthropic.com/v1/messages?beta=true"
CLAUDE_CODE_MIN_BYTES = 150_000
LINES_PER_READ = 300  # a slice per file, so the history holds many turns rather than a few huge ones
PROJECT = "/home/dev/ledger"

# Standard-library files shown as if they were the project's: real Python, same on every run of
# one interpreter version.
SOURCES = (
    ("inspect.py", "ledger/introspect.py"),
    ("pathlib/_local.py", "ledger/paths.py"),
    ("json/decoder.py", "ledger/codec/decoder.py"),
    ("json/encoder.py", "ledger/codec/encoder.py"),
    ("dataclasses.py", "ledger/records.py"),
    ("functools.py", "ledger/caching.py"),
    ("textwrap.py", "ledger/report/wrap.py"),
    ("shlex.py", "ledger/cli/split.py"),
    ("argparse.py", "ledger/cli/arguments.py"),
    ("csv.py", "ledger/io/csv_import.py"),
    ("fractions.py", "ledger/money/fractions.py"),
    ("contextlib.py", "ledger/tx/context.py"),
    ("pathlib/_abc.py", "ledger/paths_base.py"),
)


@dataclass(frozen=True)
class Call:
    """One HTTP request, ready to send again and again."""

    url: str
    headers: dict[str, str]
    body: bytes


_NEW_CODE_MARK = "bench-new-code-goes-here"
_SESSION_MARK = "bench-session-goes-here"


class Turns:
    """Claude Code turns, each adding 5 KB of new code to a history seen before or, when
    `fresh`, to a history never seen before (every block unique: the cold path)."""

    def __init__(self, fresh: bool) -> None:
        self.fresh = fresh
        self.number = 0
        self._template = claude_code(_SESSION_MARK if fresh else "", _NEW_CODE_MARK)

    def next(self) -> Call:
        self.number += 1
        code = json.dumps(new_code(self.number), ensure_ascii=False)[1:-1]
        body = self._template.body.replace(_NEW_CODE_MARK.encode(), code.encode())
        if self.fresh:
            body = body.replace(_SESSION_MARK.encode(), f"{id(self):x}-{self.number:06d}".encode())
        return Call(self._template.url, self._template.headers, body)


def _anthropic_headers() -> dict[str, str]:
    return {
        "content-type": "application/json",
        "x-api-key": "sk-ant-bench-not-a-key",
        "anthropic-version": "2023-06-01",
        "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14",
        "user-agent": "claude-cli/1.0.0 (external, cli)",
    }


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def small_chat() -> Call:
    document = {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "You are a concise coding assistant."},
            {
                "role": "user",
                "content": "How do I reverse a list in Python without changing the original? "
                "Answer with one line of code and one sentence of explanation.",
            },
        ],
        "temperature": 0.2,
        "max_tokens": 256,
        "user": "bench-user-0001",
    }
    headers = {"content-type": "application/json", "authorization": "Bearer sk-bench-not-a-key"}
    return Call(OPENAI_CHAT_URL, headers, _encode(document))


def small_stream(code: str = "") -> Call:
    question = "Say hello in one short sentence."
    if code:
        question = f"What does this do?\n```python\n{code}\n```"
    document = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "stream": True,
        "messages": [{"role": "user", "content": question}],
    }
    return Call(ANTHROPIC_MESSAGES_URL, _anthropic_headers(), _encode(document))


def claude_code(session: str = "", new_code: str = "") -> Call:
    """A Claude Code turn of at least 150 KB: system prompt, tools, a history of Read results.

    `session` makes every history block unique (a conversation never seen before); `new_code`
    is fenced into the last message (what a turn adds to a history seen before).
    """
    document = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 32000,
        "system": _system_prompt(),
        "tools": _tools(),
        "messages": _history(session, new_code),
        "metadata": {"user_id": "user_bench_account__session_00000000-0000-0000-0000-000000000000"},
        "stream": False,
    }
    return Call(ANTHROPIC_MESSAGES_URL, _anthropic_headers(), _encode(document))


GUIDELINES = """\
You are an interactive CLI tool that helps users with software engineering tasks. Use the \
instructions below and the tools available to you to assist the user.

IMPORTANT: Assist with defensive security tasks only. Refuse to create, modify, or improve code \
that may be used maliciously. Never generate or guess URLs for the user unless you are confident \
that the URLs are for helping the user with programming.

# Tone and style
You should be concise, direct, and to the point. When you run a non-trivial bash command, you \
should explain what the command does and why you are running it. Your output will be displayed \
on a command line interface. Your responses can use Github-flavored markdown for formatting.
Only use tools to complete tasks. Never use tools like Bash or code comments as means to \
communicate with the user during the session.

# Proactiveness
You are allowed to be proactive, but only when the user asks you to do something. Strike a \
balance between doing the right thing when asked, including taking actions and follow-up \
actions, and not surprising the user with actions you take without asking.

# Following conventions
When making changes to files, first understand the file's code conventions. Mimic code style, use \
existing libraries and utilities, and follow existing patterns.
- NEVER assume that a given library is available, even if it is well known. Check that this \
codebase already uses the given library: look at neighboring files, or check the pyproject.toml.
- When you create a new component, first look at existing components to see how they are written.
- Always follow security best practices. Never introduce code that exposes or logs secrets and \
keys. Never commit secrets or keys to the repository.

# Task Management
You have access to the TodoWrite tool to help you manage and plan tasks. Use it very frequently \
to make sure that you are tracking your tasks and giving the user visibility into your progress.

# Doing tasks
The user will primarily request you perform software engineering tasks. This includes solving \
bugs, adding new functionality, refactoring code, explaining code, and more. For these tasks:
- Use the TodoWrite tool to plan the task if required
- Use the available search tools to understand the codebase and the user's query.
- Implement the solution using all tools available to you
- Verify the solution if possible with tests. NEVER assume a specific test framework or test script.
- When you have completed a task, you MUST run the lint and typecheck commands (eg. make lint, \
make types) with Bash if they were provided to you to ensure your code is correct.

# Tool usage policy
- When doing file search, prefer to use the Task tool in order to reduce context usage.
- You have the capability to call multiple tools in a single response. When multiple independent \
pieces of information are requested, batch your tool calls together for optimal performance.

# Code References
When referencing specific functions or pieces of code include the pattern `file_path:line_number` \
to allow the user to easily navigate to the source code location.
"""


def _system_prompt() -> list[dict[str, Any]]:
    environment = (
        "<env>\n"
        f"Working directory: {PROJECT}\n"
        "Is directory a git repo: Yes\n"
        "Platform: linux\n"
        "OS Version: Linux 6.8.0-45-generic\n"
        "Today's date: 2025-06-02\n"
        "</env>\n"
        "You are powered by the model named Sonnet 4.5. The exact model ID is claude-sonnet-4-5.\n\n"
        "gitStatus: This is the git status at the start of the conversation.\n"
        "Current branch: feature/rebalance\n\nMain branch: main\n\n"
        "Status:\nM ledger/records.py\nM ledger/money/fractions.py\n?? ledger/tx/retry.py\n\n"
        "Recent commits:\n"
        "3f2a9c1 Rebalance accounts in one transaction\n"
        "a81b7d0 Parse CSV statements with explicit dialects\n"
        "5c0e442 Keep money as Fraction end to end\n"
    )
    return [
        {
            "type": "text",
            "text": "You are Claude Code, Anthropic's official CLI for Claude.",
            "cache_control": {"type": "ephemeral"},
        },
        {"type": "text", "text": GUIDELINES + "\n" + environment, "cache_control": {"type": "ephemeral"}},
    ]


def _string(description: str) -> dict[str, str]:
    return {"type": "string", "description": description}


def _number(description: str) -> dict[str, str]:
    return {"type": "number", "description": description}


def _boolean(description: str) -> dict[str, str]:
    return {"type": "boolean", "description": description}


# Claude Code's tool set, abridged descriptions, real schema shapes.
TOOL_SPECS: tuple[tuple[str, str, dict[str, Any], tuple[str, ...]], ...] = (
    (
        "Task",
        "Launch a new agent to handle complex, multi-step tasks autonomously.",
        {
            "description": _string("A short (3-5 word) description of the task"),
            "prompt": _string("The task for the agent to perform"),
            "subagent_type": _string("The type of specialized agent to use for this task"),
        },
        ("description", "prompt", "subagent_type"),
    ),
    (
        "Bash",
        "Executes a given bash command in a persistent shell session with optional timeout.",
        {
            "command": _string("The command to execute"),
            "timeout": _number("Optional timeout in milliseconds (max 600000)"),
            "description": _string("Clear, concise description of what this command does in 5-10 words."),
            "run_in_background": _boolean("Set to true to run this command in the background."),
        },
        ("command",),
    ),
    (
        "Glob",
        "Fast file pattern matching tool that works with any codebase size.",
        {
            "pattern": _string("The glob pattern to match files against"),
            "path": _string("The directory to search in. Defaults to the current working directory."),
        },
        ("pattern",),
    ),
    (
        "Grep",
        "A powerful search tool built on ripgrep. Supports full regex syntax.",
        {
            "pattern": _string("The regular expression pattern to search for in file contents"),
            "path": _string("File or directory to search in. Defaults to current working directory."),
            "glob": _string('Glob pattern to filter files (e.g. "*.js", "*.{ts,tsx}")'),
            "output_mode": {
                "type": "string",
                "enum": ["content", "files_with_matches", "count"],
                "description": "Output mode. Defaults to files_with_matches.",
            },
            "-i": _boolean("Case insensitive search"),
            "-n": _boolean("Show line numbers in output"),
            "-A": _number("Number of lines to show after each match"),
            "-B": _number("Number of lines to show before each match"),
            "multiline": _boolean("Enable multiline mode where . matches newlines."),
            "head_limit": _number("Limit output to first N lines/entries"),
        },
        ("pattern",),
    ),
    (
        "LS",
        "Lists files and directories in a given path. The path parameter must be an absolute path.",
        {
            "path": _string("The absolute path to the directory to list (must be absolute, not relative)"),
            "ignore": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Glob patterns to ignore",
            },
        },
        ("path",),
    ),
    (
        "ExitPlanMode",
        "Use this tool when you are in plan mode and have finished presenting your plan.",
        {"plan": _string("The plan you came up with, that you want to run by the user for approval.")},
        ("plan",),
    ),
    (
        "Read",
        "Reads a file from the local filesystem. Results are returned using cat -n format.",
        {
            "file_path": _string("The absolute path to the file to read"),
            "offset": _number("The line number to start reading from."),
            "limit": _number("The number of lines to read."),
        },
        ("file_path",),
    ),
    (
        "Edit",
        "Performs exact string replacements in files.",
        {
            "file_path": _string("The absolute path to the file to modify"),
            "old_string": _string("The text to replace"),
            "new_string": _string("The text to replace it with (must be different from old_string)"),
            "replace_all": _boolean("Replace all occurences of old_string (default false)"),
        },
        ("file_path", "old_string", "new_string"),
    ),
    (
        "MultiEdit",
        "Makes multiple edits to a single file in one operation.",
        {
            "file_path": _string("The absolute path to the file to modify"),
            "edits": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "old_string": _string("The text to replace"),
                        "new_string": _string("The text to replace it with"),
                        "replace_all": _boolean("Replace all occurences of old_string."),
                    },
                    "required": ["old_string", "new_string"],
                    "additionalProperties": False,
                },
                "description": "Array of edit operations to perform sequentially on the file",
            },
        },
        ("file_path", "edits"),
    ),
    (
        "Write",
        "Writes a file to the local filesystem, overwriting any existing file.",
        {
            "file_path": _string("The absolute path to the file to write (must be absolute, not relative)"),
            "content": _string("The content to write to the file"),
        },
        ("file_path", "content"),
    ),
    (
        "NotebookEdit",
        "Completely replaces the contents of a specific cell in a Jupyter notebook.",
        {
            "notebook_path": _string("The absolute path to the Jupyter notebook file to edit"),
            "cell_id": _string("The ID of the cell to edit."),
            "new_source": _string("The new source for the cell"),
            "cell_type": {"type": "string", "enum": ["code", "markdown"]},
            "edit_mode": {"type": "string", "enum": ["replace", "insert", "delete"]},
        },
        ("notebook_path", "new_source"),
    ),
    (
        "WebFetch",
        "Fetches content from a specified URL and processes it using an AI model.",
        {
            "url": {"type": "string", "format": "uri", "description": "The URL to fetch content from"},
            "prompt": _string("The prompt to run on the fetched content"),
        },
        ("url", "prompt"),
    ),
    (
        "TodoWrite",
        "Create and manage a structured task list for your current coding session.",
        {
            "todos": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "content": {"type": "string", "minLength": 1},
                        "status": {"type": "string", "enum": ["pending", "in_progress", "completed"]},
                        "activeForm": {"type": "string", "minLength": 1},
                    },
                    "required": ["content", "status", "activeForm"],
                    "additionalProperties": False,
                },
                "description": "The updated todo list",
            }
        },
        ("todos",),
    ),
    (
        "WebSearch",
        "Allows Claude to search the web and use the results to inform responses.",
        {
            "query": {"type": "string", "minLength": 2, "description": "The search query to use"},
            "allowed_domains": {"type": "array", "items": {"type": "string"}},
            "blocked_domains": {"type": "array", "items": {"type": "string"}},
        },
        ("query",),
    ),
    (
        "BashOutput",
        "Retrieves output from a running or completed background bash shell.",
        {
            "bash_id": _string("The ID of the background shell to retrieve output from"),
            "filter": _string("Optional regular expression to filter the output lines."),
        },
        ("bash_id",),
    ),
)


def _tools() -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "description": description,
            "input_schema": {
                "type": "object",
                "properties": properties,
                "required": list(required),
                "additionalProperties": False,
                "$schema": "http://json-schema.org/draft-07/schema#",
            },
        }
        for name, description, properties, required in TOOL_SPECS
    ]


def cat_n(text: str, limit: int = LINES_PER_READ) -> str:
    """A file as Claude Code's Read tool shows it: right-aligned line number, an arrow, the line."""
    lines = text.splitlines()[:limit]
    return "\n".join(f"{number:>6}→{line}" for number, line in enumerate(lines, start=1))


def new_code(number: int, size: int = 5_000) -> str:
    """About `size` bytes of Python whose names are new in turn `number`."""
    lines = [f"class SettlementBatch{number}:", f'    """Settles the trades of batch {number}."""', ""]
    method, length = 0, sum(len(line) + 1 for line in lines)
    while length < size:
        added = [
            f"    def settle_tranche_{number}_{method}(self, tranche_amounts, cutoff_rate):",
            f"        netted_total_{method} = sum(a for a in tranche_amounts if a > cutoff_rate)",
            f"        return self.book_netting_{number}(netted_total_{method}, cutoff_rate)",
            "",
        ]
        lines += added
        length += sum(len(line) + 1 for line in added)
        method += 1
    return "\n".join(lines)


def _reads(session: str = "") -> list[tuple[str, str]]:
    """(path in the project, cat -n content) for every source file this interpreter has."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    reads = []
    for relative, shown in SOURCES:
        source = stdlib / relative
        if source.is_file():
            text = source.read_text(encoding="utf-8")
            if session:
                text = f"# session {session}\n{text}"
            reads.append((f"{PROJECT}/{shown}", cat_n(text)))
    if not reads:
        raise RuntimeError(f"no standard-library sources found under {stdlib}")
    return reads


def _turn(number: int, file_path: str, content: str) -> list[dict[str, Any]]:
    tool_id = f"toolu_bench{number:04d}"
    return [
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": f"Let me look at {file_path.rsplit('/', 1)[-1]} first."},
                {"type": "tool_use", "id": tool_id, "name": "Read", "input": {"file_path": file_path}},
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": tool_id, "content": content}],
        },
    ]


def _history(session: str, new_code: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [
        {
            "role": "user",
            "content": [
                {
                    "type": "text",
                    "text": "<system-reminder>\nAs you answer the user's questions, you can use the "
                    "following context: the project uses Python 3.12 and pytest.\n</system-reminder>",
                },
                {"type": "text", "text": "Why does rebalance() drop a cent on odd splits? Read the code."},
            ],
        }
    ]
    reads = _reads(session)
    size, number = 0, 0
    # Cycle through the sources until the history alone reaches the target size.
    while size < CLAUDE_CODE_MIN_BYTES:
        file_path, content = reads[number % len(reads)]
        turn = _turn(number, file_path, content)
        messages += turn
        size += len(_encode({"turn": turn}))
        number += 1
    messages.append(
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "I have read the relevant modules. Here is what I found."}],
        }
    )
    question = "Now fix it and add a test."
    if new_code:
        question += f" I started on it:\n```python\n{new_code}\n```"
    messages.append({"role": "user", "content": question})
    return messages


def small_code_chat(number: int) -> Call:
    """A chat completion of about 2 KB asking about a snippet whose names are new in `number`."""
    document = {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "You are a concise coding assistant."},
            {
                "role": "user",
                "content": f"Why does this lose a cent?\n```python\n{new_code(number, 1_700)}\n```",
            },
        ],
        "temperature": 0.2,
        "max_tokens": 256,
    }
    headers = {"content-type": "application/json", "authorization": "Bearer sk-bench-not-a-key"}
    return Call(OPENAI_CHAT_URL, headers, _encode(document))


def huge_paste(size: int) -> Call:
    """One message of about `size` bytes of new code: a paste too large to rewrite in time."""
    blocks, total, number = [], 0, 0
    while total < size:
        block = new_code(1_000_000 + number, 50_000)
        blocks.append(block)
        total, number = total + len(block), number + 1
    question = "Review all of this:\n```python\n" + "\n".join(blocks) + "\n```"
    document = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": question}],
    }
    return Call(ANTHROPIC_MESSAGES_URL, _anthropic_headers(), _encode(document))


def conversation_turn(number: int, turn: int) -> Call:
    """Turn `turn` (0, 1, ...) of conversation `number`: each turn resends the ones before it
    and adds a read of about 4 KB of code new to this conversation."""
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": f"Conversation {number}: tidy up the settlement code."}
    ]
    for step in range(turn + 1):
        messages += _turn(
            step, f"{PROJECT}/ledger/batch_{number}_{step}.py", cat_n(new_code(number * 100 + step, 4_000))
        )
    document = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": messages}
    return Call(ANTHROPIC_MESSAGES_URL, _anthropic_headers(), _encode(document))
