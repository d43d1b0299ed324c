"""Which file a shell command prints, when a coding agent reads a file with its shell
(`cat x.py`, `sed -n '1,200p' x.py`, `bash -lc "head -n 80 x.py"`): its output is then that
file's text, to be read as code of that file's language."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

# Commands that print the files they are given (their options aside).
_PRINTERS = frozenset({"cat", "head", "tail", "sed", "nl", "less", "more", "bat", "batcat", "type"})
_WRAPPERS = frozenset({"bash", "sh", "zsh", "dash"})
_SPLIT = re.compile(r"&&|\|\||[;|\n]")
# Codex's JavaScript `exec` tool: `await tools.exec_command({cmd: "cat x.py"})`.
_JS_COMMAND = re.compile(r"""exec_command\(\s*\{[^}]*?\bcmd\s*:\s*(["'`])(.*?)(?<!\\)\1""", re.DOTALL)


def printed_file(command: str | Sequence[str]) -> str | None:
    """The one file `command` prints, or None (no file, several, or not a printing command)."""
    if isinstance(command, str):
        words = _words(command)
        if words is None:
            return None
    else:
        words = [word for word in command if isinstance(word, str)]
    if len(words) >= 3 and words[0].rsplit("/", 1)[-1] in _WRAPPERS and words[1] in ("-c", "-lc", "-ic"):
        return printed_file(words[2])
    printed = [file for part in _parts(words) if (file := _printed(part)) is not None]
    return printed[0] if len(set(printed)) == 1 else None


def printed_by_script(script: str) -> str | None:
    """The one file the shell commands of a JavaScript tool call print (Codex's `exec`)."""
    commands = [match.group(2) for match in _JS_COMMAND.finditer(script)]
    files = {file for command in commands if (file := printed_file(command)) is not None}
    return files.pop() if len(files) == 1 else None


def _words(command: str) -> list[str] | None:
    try:
        return shlex.split(command, posix=True)
    except ValueError:
        return None


def _parts(words: list[str]) -> list[list[str]]:
    """The simple commands of a line: split at `&&`, `||`, `;` and pipes."""
    parts: list[list[str]] = [[]]
    for word in words:
        if _SPLIT.fullmatch(word):
            parts.append([])
        else:
            parts[-1].append(word)
    return [part for part in parts if part]


def _printed(words: list[str]) -> str | None:
    program = words[0].rsplit("/", 1)[-1]
    if program not in _PRINTERS:
        return None
    arguments = words[1:]
    if program == "sed":
        # `sed -n '1,200p' file`: the script is the first argument that is not an option.
        options = [a for a in arguments if a.startswith("-")]
        rest = [a for a in arguments if not a.startswith("-")]
        if "-i" in options or len(rest) != 2:
            return None
        return rest[1]
    files = []
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument in ("-n", "-c", "--lines", "--bytes"):
            skip = True  # `head -n 80 file`: the count is not a file
        elif not argument.startswith("-") and not argument.startswith(">"):
            files.append(argument)
    return files[0] if len(files) == 1 else None
