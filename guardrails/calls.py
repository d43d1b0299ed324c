"""What a tool call would do, read from its name and arguments as the agents send them: the
commands it runs, the SQL in them, the files it writes.

Shell tools: Claude Code `Bash`, Codex `shell`/`exec_command`/`local_shell_call` and the
commands inside its JavaScript `exec` tool, Gemini CLI `run_shell_command`, Copilot
`run_in_terminal`, and any tool whose arguments carry a `command`. File tools: `Write`,
`Edit`, `MultiEdit`, `NotebookEdit`, `apply_patch`, Gemini `write_file`/`replace`, Copilot's
edit tools, and any tool whose arguments carry new content beside a path.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from guardrails.commands import SimpleCommand, parse_commands
from guardrails.patches import is_patch, patched_files
from guardrails.sql import Statement, destructive_statements

Json = Any

COMMAND_KEYS = ("command", "cmd", "script")
PATH_KEYS = ("file_path", "filePath", "path", "absolute_path", "notebook_path", "target_file", "filename")
# Arguments that carry what a file will hold: their tool writes the file its path names.
CONTENT_KEYS = frozenset({"content", "new_string", "new_str", "old_string", "file_text", "edits",
                          "new_source", "code_edit", "patch", "diff", "newString", "text"})  # fmt: skip
WRITERS = frozenset({"write", "edit", "multiedit", "notebookedit", "write_file", "replace", "edit_file",
                     "create_file", "insert_edit_into_file", "replace_string_in_file", "apply_patch",
                     "str_replace_editor", "str_replace_based_edit_tool", "edit_notebook_file",
                     "delete_file"})  # fmt: skip
SQL_CLIENTS = frozenset({"psql", "mysql", "mariadb", "sqlite3", "sqlcmd", "clickhouse-client", "clickhouse",
                         "duckdb", "cockroach", "snowsql", "bq", "mycli", "pgcli", "litecli", "usql",
                         "trino", "beeline", "sqlplus", "isql"})  # fmt: skip
_SQL_OPTIONS = ("--command", "--execute", "--sql", "--query", "-c", "-e", "-q", "-Q")
_SQL_KEYS = frozenset({"sql", "query", "statement", "statements"})
# Programs whose last word is a file they write, and those all of whose words are.
_COPIERS = frozenset({"cp", "mv", "install", "ln", "rsync"})
_REMOVERS = frozenset({"rm", "unlink", "truncate", "shred", "tee"})
# Codex's JavaScript tool: `await tools.exec_command({cmd: "..."})`, ``tools.apply_patch(`...`)``.
_JS_CALL = re.compile(r"tools\.(exec_command|apply_patch|shell)\s*\(")
_JS_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One tool call of an answer, its arguments as the agent will get them (restored)."""

    tool: str
    arguments: Json
    """The parsed arguments (an object), or a freeform tool's text (Codex's apply_patch)."""
    unreadable: str | None = None
    """Why the arguments cannot be read (they are not valid JSON), if they cannot."""


@dataclass(frozen=True, slots=True)
class Write:
    path: str
    by: SimpleCommand | None = None


@dataclass(frozen=True, slots=True)
class Query:
    statement: Statement
    by: SimpleCommand | None = None


@dataclass(frozen=True, slots=True)
class Effects:
    """What a call would do, as far as its arguments say."""

    subject: str
    """What an approval grants and the audit trail fingerprints: the command as written, or
    the call's arguments as canonical JSON."""
    commands: tuple[SimpleCommand, ...] = ()
    queries: tuple[Query, ...] = ()
    writes: tuple[Write, ...] = ()
    hosts: tuple[str, ...] = field(default=())
    """Host names in a SQL tool's arguments (a connection string)."""


def effects_of(call: ToolCall) -> Effects:
    """Raises `UnreadableCommand` for a command no shell could read."""
    arguments = call.arguments
    name = call.tool.lower()
    if isinstance(arguments, str):  # a freeform tool: a patch, or Codex's JavaScript
        return _freeform(name, arguments)
    scripts = list(_scripts(name, arguments))
    commands = tuple(c for script in scripts for c in parse_commands(script))
    writes = [w for c in commands for w in _command_writes(c)]
    queries = [q for c in commands for q in _command_queries(c)]
    if isinstance(arguments, dict):
        writes += _file_writes(name, arguments)
        for key, value in arguments.items():
            if key in _SQL_KEYS and isinstance(value, str):
                queries += [Query(s) for s in destructive_statements(value)]
    subject = "\n".join(_script_text(s) for s in scripts) if scripts else _canonical(arguments)
    return Effects(subject, commands, tuple(queries), tuple(writes), tuple(_hosts_in(arguments)))


def _scripts(name: str, arguments: Json) -> Iterator[str | list[str]]:
    if not isinstance(arguments, dict):
        return
    for key in COMMAND_KEYS:
        value = arguments.get(key)
        words = isinstance(value, list) and all(isinstance(word, str) for word in value)
        # A file tool's `command` is what it does to the file (`view`, `create`), not a shell's.
        text = isinstance(value, str) and not (name in WRITERS and key == "command")
        if value and (words or text):
            yield value


def _script_text(script: str | list[str]) -> str:
    return script if isinstance(script, str) else shlex.join(script)


def _canonical(arguments: Json) -> str:
    return orjson.dumps(arguments, option=orjson.OPT_SORT_KEYS).decode()


def _freeform(name: str, text: str) -> Effects:
    if is_patch(text):
        return Effects(text, writes=tuple(Write(p) for p in patched_files(text)))
    if name == "exec" or _JS_CALL.search(text):
        return _javascript(text)
    return Effects(text)


def javascript_calls(source: str) -> list[tuple[str, str]]:
    """The tools Codex's `exec` JavaScript calls and the text each is given, in order:
    (`exec_command`, its command), (`apply_patch`, its patch), (`shell`, its command)."""
    found = []
    for call in _JS_CALL.finditer(source):
        literal = _JS_STRING.search(source, call.end())
        if literal is not None:
            found.append((call.group(1), _js_string(literal.group())))
    return found


def _javascript(source: str) -> Effects:
    """Codex's `exec` tool: the shell commands and patches its JavaScript hands to tools."""
    commands: list[SimpleCommand] = []
    writes: list[Write] = []
    for tool, text in javascript_calls(source):
        if tool == "apply_patch":
            writes += [Write(p) for p in patched_files(text)]
        else:
            commands += parse_commands(text)
    writes += [w for c in commands for w in _command_writes(c)]
    queries = [q for c in commands for q in _command_queries(c)]
    return Effects(source, tuple(commands), tuple(queries), tuple(writes))


def _js_string(literal: str) -> str:
    """A JavaScript string literal's value (escapes as JSON has them; `${}` stays as text)."""
    quote, body = literal[0], literal[1:-1]
    if quote != '"':
        body = body.replace("\\" + quote, quote).replace('"', '\\"')
    try:
        value = json.loads(f'"{body}"', strict=False)
    except ValueError:
        return body
    return value if isinstance(value, str) else body


def _command_writes(command: SimpleCommand) -> Iterator[Write]:
    for path in command.writes:
        yield Write(path, command)
    operands = [w for w in command.arguments if not w.startswith("-")]
    if command.program in _COPIERS and len(operands) > 1:
        yield Write(operands[-1], command)
    elif command.program in _REMOVERS:
        yield from (Write(p, command) for p in operands)
    elif command.program in ("apply_patch", "applypatch"):
        for text in (*command.arguments, command.stdin):
            yield from (Write(p, command) for p in patched_files(text))
    elif command.program in ("git", "patch") and command.stdin and is_patch(command.stdin):
        yield from (Write(p, command) for p in patched_files(command.stdin))


def _command_queries(command: SimpleCommand) -> Iterator[Query]:
    if command.program in SQL_CLIENTS:
        texts = [*command.arguments, command.stdin]
    else:
        texts = [_option_value(command.arguments, index) for index in range(len(command.arguments))]
    for text in texts:
        if text:
            yield from (Query(s, command) for s in destructive_statements(text))


def _option_value(words: tuple[str, ...], index: int) -> str:
    """The value of a SQL-carrying option at `index` (`--command=...`, `--sql X`)."""
    word = words[index]
    name, equals, value = word.partition("=")
    if name not in _SQL_OPTIONS or not name.startswith("--"):
        return ""
    if equals:
        return value
    return words[index + 1] if index + 1 < len(words) else ""


def _file_writes(name: str, arguments: dict[str, Json]) -> list[Write]:
    writes = [Write(p) for key in ("patch", "input", "diff") for p in _patch_paths(arguments.get(key))]
    if name == "str_replace_based_edit_tool" and arguments.get("command") == "view":
        return writes
    if name not in WRITERS and not CONTENT_KEYS & arguments.keys():
        return writes
    for key in PATH_KEYS:
        value = arguments.get(key)
        if isinstance(value, str) and value:
            writes.append(Write(value))
    edits = arguments.get("edits")
    if isinstance(edits, list):  # Copilot's multi-file edits
        writes += [
            Write(e[k]) for e in edits if isinstance(e, dict) for k in PATH_KEYS if isinstance(e.get(k), str)
        ]
    return writes


def _patch_paths(value: Json) -> list[str]:
    return patched_files(value) if isinstance(value, str) and is_patch(value) else []


def _hosts_in(arguments: Json) -> Iterator[str]:
    if isinstance(arguments, dict):
        for key in ("host", "hostname", "server", "connection_string", "dsn", "url", "database_url"):
            value = arguments.get(key)
            if isinstance(value, str):
                yield value
