"""Shell commands as an agent's shell tool sends them, read the way a shell would run them:
words by shlex, chains split, wrappers unwrapped, substitutions read as commands too.

Chains: `&&`, `||`, `;`, `|`, `&`, newlines, subshells and groups. Wrappers: `bash -c` and
the other shells, `eval`, `sudo`, `env`, `nohup`, `timeout`, `xargs`, `ssh HOST CMD`, package
runners (`npx`, `pnpm dlx`, `uv run`, ...). `cd` moves the directory later paths are read in.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from guardrails.errors import UnreadableCommand

_PUNCTUATION = "();<>|&\n"
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "busybox"})
_KEYWORDS = frozenset({"{", "}", "!", "if", "then", "else", "elif", "fi", "do", "done", "while", "until",
                       "time", "coproc"})  # fmt: skip
_XARGS_VALUES = frozenset({"-I", "-i", "-n", "-P", "-d", "-L", "-l", "-s", "-E", "-e", "-a", "--max-args",
                           "--max-procs", "--delimiter", "--replace", "--arg-file"})  # fmt: skip
# Programs that run the rest of their words as a command, and their options that take a value.
_PREFIXES: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"}),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "--unset", "--chdir"}),
    "nohup": frozenset(),
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": frozenset({"-a"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-p", "--class", "--classdata"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "setsid": frozenset(),
    "chronic": frozenset(),
    "unbuffer": frozenset(),
    "xargs": _XARGS_VALUES,
    "watch": frozenset({"-n", "--interval", "-d"}),
    "npx": frozenset({"-p", "--package", "-c", "--call"}),
    "bunx": frozenset(),
    "uvx": frozenset({"--from", "--with", "--python", "-p"}),
}
# Runners whose first word is a subcommand that runs the rest (`pnpm dlx x`, `uv run x`).
_RUNNERS = {
    "pnpm": frozenset({"dlx", "exec", "x"}),
    "yarn": frozenset({"dlx", "exec"}),
    "npm": frozenset({"exec", "x"}),
    "bun": frozenset({"x", "run"}),
    "uv": frozenset({"run"}),
    "poetry": frozenset({"run"}),
    "pipenv": frozenset({"run"}),
    "bundle": frozenset({"exec"}),
    "pdm": frozenset({"run"}),
    "hatch": frozenset({"run"}),
}
# Programs that run a command after a fixed first word (`timeout 10 cmd`, `flock FILE cmd`).
_AFTER_ONE = frozenset({"timeout", "flock", "chroot"})
_SSH_VALUES = frozenset("BbcDEeFIiJLlmOoPpQRSWw")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_HEREDOC = re.compile(r"<<(-?)[ \t]*(?:'([^'\n]*)'|\"([^\"\n]*)\"|\\?([A-Za-z0-9_.-]+))")
_SUBSTITUTION = re.compile(r"\$\(")
_SPECIAL = re.compile(r"[#<`'\"\\]")
_PLAIN = re.compile(r"[\w ./:=@%+,~^;&|\t-]*")
_PLAIN_TOKEN = re.compile(r"[;&|]+|[^\s;&|]+")
FROM_STDIN = "${stdin}"
"""Stands for words only the run knows: what `xargs` reads, what a substitution prints."""
_MARK = "\x00"
# Where relative paths are read from when the tree's root is not known: no absolute path is in it.
_UNKNOWN_ROOT = "/\x00worktree"


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    """One program run with its words, as the shell would start it."""

    words: tuple[str, ...]
    """The program first, then its arguments (wrappers and assignments removed)."""
    cwd: str | None = "."
    """Where it runs, relative to where the call started (`cd` before it in the chain);
    None where a `cd` went somewhere Pretense cannot know (`cd "$DIR"`)."""
    writes: tuple[str, ...] = ()
    """Files its redirections write (`> out.txt`, `>> log`)."""
    stdin: str = ""
    """Text it reads from a here-document or here-string, or from `echo`/`printf` before it
    in a pipe."""
    remote: str | None = None
    """The host it runs on, for a command given to `ssh`."""
    program: str = field(init=False)
    """The program's name, without its directory."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "program", posixpath.basename(self.words[0]) if self.words else "")

    @property
    def arguments(self) -> tuple[str, ...]:
        return self.words[1:]


def parse_commands(script: str | Sequence[str], depth: int = 0) -> tuple[SimpleCommand, ...]:
    """Every command a script (or an argv) would run, in order; raises `UnreadableCommand`
    for text no shell could read either."""
    if depth > 8:
        raise UnreadableCommand("commands nested more than eight deep")
    if not isinstance(script, str):
        return tuple(_unwrapped(SimpleCommand(tuple(script)), depth))
    text, heredocs, backticks = _without_comments_and_heredocs(script)
    inner = (command for quoted in backticks for command in parse_commands(quoted, depth + 1))
    return (*inner, *_chain(_tokens(text), heredocs, depth))


def _tokens(text: str) -> list[str]:
    if _PLAIN.fullmatch(text):  # no quotes, escapes or redirections: what shlex would give
        return _PLAIN_TOKEN.findall(text)
    # A quote left open is closed at the end, as an agent's shell would report it but after
    # running what came before it: what came before is still judged.
    for ending in ("", '"', "'"):
        lexer = shlex.shlex(text + ending, posix=True, punctuation_chars=_PUNCTUATION)
        lexer.whitespace = " \t\r"
        lexer.whitespace_split = True
        lexer.commenters = ""
        try:
            return list(lexer)
        except ValueError:
            continue
    raise UnreadableCommand("its quotes do not pair up")


def _without_comments_and_heredocs(script: str) -> tuple[str, list[str], list[str]]:
    """The script without its comments, each here-document's body replaced by a mark that
    the tokens carry, and the scripts of its backtick substitutions (shlex knows none)."""
    if not _SPECIAL.search(script):
        return script, [], []
    scan = _Prescan(script)
    scan.run()
    return "".join(scan.out), scan.heredocs, scan.backticks


class _Prescan:
    def __init__(self, script: str) -> None:
        self.script = script
        self.out: list[str] = []
        self.heredocs: list[str] = []
        self.backticks: list[str] = []
        self.pending: list[tuple[str, bool]] = []  # delimiters whose bodies start at the next line
        self.quote = ""
        self.index = 0

    def run(self) -> None:
        script = self.script
        while self.index < len(script):
            char = script[self.index]
            if char == "`" and self.quote != "'":
                self._backtick()
            elif self.quote:
                self._quoted(char)
            elif char == "\\" and self.index + 1 < len(script):
                self.out.append(script[self.index : self.index + 2])
                self.index += 2
            elif char == "#" and (not self.out or self.out[-1][-1:] in " \t\n;&|()"):
                end = script.find("\n", self.index)
                self.index = len(script) if end < 0 else end
            elif (
                char == "<"
                and (match := _HEREDOC.match(script, self.index))
                and not script.startswith("<<<", self.index)
            ):
                delimiter = next(g for g in match.groups()[1:] if g is not None)
                self.pending.append((delimiter, match.group(1) == "-"))
                self.out.append(f"<<< {_MARK}{len(self.heredocs) + len(self.pending) - 1}{_MARK} ")
                self.index = match.end()
            elif char == "\n" and self.pending:
                self.out.append(char)
                self.index = _read_heredocs(script, self.index + 1, self.pending, self.heredocs)
                self.pending.clear()
            else:
                self.quote = char if char in "'\"" else ""
                self.out.append(char)
                self.index += 1
        self.heredocs += ["" for _ in self.pending]  # bodies cut off by the end of the script

    def _backtick(self) -> None:
        end = self.script.find("`", self.index + 1)
        end = len(self.script) if end < 0 else end
        self.backticks.append(self.script[self.index + 1 : end])
        self.out.append(FROM_STDIN)
        self.index = end + 1

    def _quoted(self, char: str) -> None:
        self.out.append(char)
        if char == "\\" and self.quote == '"' and self.index + 1 < len(self.script):
            self.out.append(self.script[self.index + 1])
            self.index += 1
        elif char == self.quote:
            self.quote = ""
        self.index += 1


def _read_heredocs(script: str, start: int, pending: list[tuple[str, bool]], into: list[str]) -> int:
    lines = script[start:].split("\n")
    used = 0
    for delimiter, strip_tabs in pending:
        body: list[str] = []
        while used < len(lines):
            line = lines[used]
            used += 1
            if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                break
            body.append(line)
        into.append("\n".join(body))
    return start + len("\n".join(lines[:used])) + (1 if used < len(lines) else 0)


def _chain(tokens: list[str], heredocs: list[str], depth: int) -> Iterator[SimpleCommand]:
    cwd: str | None = "."
    words: list[str] = []
    writes: list[str] = []
    stdin = ""
    piped = ""
    index = 0
    while index <= len(tokens):
        token = tokens[index] if index < len(tokens) else ";"
        index += 1
        if not _is_operator(token):
            words.append(token)
            continue
        if "<" in token or ">" in token:
            if words and words[-1].isdigit():
                words.pop()  # the descriptor of `2>`, not an argument
            target = tokens[index] if index < len(tokens) else ""
            index += 1
            if target.startswith(_MARK):
                stdin = heredocs[int(target.strip(_MARK))]
            elif token == "<<<":
                stdin = target
            elif ">" in token and not target.isdigit() and target != "-":
                writes.append(target)
            continue
        command = SimpleCommand(tuple(words), cwd, tuple(writes), stdin or piped)
        piped = ""
        if "|" in token and command.program in ("echo", "printf", "cat"):
            piped = command.stdin or " ".join(words[1:])
        words, writes, stdin = [], [], ""
        yield from _substituted(command, depth)
        for ran in _unwrapped(command, depth):
            if ran.program in ("cd", "pushd") and "|" not in token:
                cwd = _moved(ran.cwd, ran.arguments)
            yield ran


def _is_operator(token: str) -> bool:
    return bool(token) and all(char in _PUNCTUATION for char in token)


def _substituted(command: SimpleCommand, depth: int) -> Iterator[SimpleCommand]:
    """Commands inside `$(...)` and backticks that stayed inside one quoted word."""
    for word in command.words:
        for inner in _inner_scripts(word):
            yield from parse_commands(inner, depth + 1)


def _inner_scripts(word: str) -> Iterator[str]:
    for match in _SUBSTITUTION.finditer(word):
        start = match.end()
        level, end = 1, start
        while end < len(word) and level:
            level += {"(": 1, ")": -1}.get(word[end], 0)
            end += 1
        yield word[start : end - 1 if level == 0 else end]


def _moved(cwd: str | None, arguments: tuple[str, ...]) -> str | None:
    target = next((a for a in arguments if not a.startswith("-")), "~")
    if cwd is None or "$" in target or target.startswith("~") or target == "-":
        return None
    if target.startswith("/"):
        return posixpath.normpath(target)
    return posixpath.normpath(posixpath.join(cwd, target))


def _unwrapped(command: SimpleCommand, depth: int) -> Iterator[SimpleCommand]:
    """The command itself, or what its wrappers run."""
    words = list(command.words)
    while words and (words[0] in _KEYWORDS or _ASSIGNMENT.match(words[0])):
        words.pop(0)
    if not words:
        return
    program = posixpath.basename(words[0])
    rest = words[1:]
    here = SimpleCommand(tuple(words), command.cwd, command.writes, command.stdin, command.remote)
    if program in _SHELLS or program == "eval":
        script = _shell_script(program, rest)
        if script is not None:
            for inner in parse_commands(script, depth + 1):
                yield _inherit(inner, command)
            return
    elif program == "ssh":
        host, remote = _ssh(rest)
        if remote:
            for inner in parse_commands(" ".join(remote), depth + 1):
                yield SimpleCommand(inner.words, None, inner.writes, inner.stdin, host)
            return
    else:
        inner_words = _after_prefix(program, rest)
        if inner_words is not None:
            if program == "env" and (script := _env_split_string(rest)) is not None:
                for inner in parse_commands(script, depth + 1):
                    yield _inherit(inner, command)
                return
            if program == "xargs" and inner_words:
                inner_words.append(FROM_STDIN)
            if inner_words:
                yield from _unwrapped(_inherit(SimpleCommand(tuple(inner_words)), command), depth)
                return
    yield here


def _inherit(inner: SimpleCommand, outer: SimpleCommand) -> SimpleCommand:
    """A command a wrapper runs: where it runs is read from where the wrapper runs."""
    cwd: str | None = None
    if outer.cwd is not None and inner.cwd is not None:
        cwd = posixpath.normpath(posixpath.join(outer.cwd, inner.cwd))
    return SimpleCommand(
        inner.words,
        cwd,
        inner.writes + outer.writes,
        inner.stdin or outer.stdin,
        inner.remote or outer.remote,
    )


def _shell_script(program: str, rest: list[str]) -> str | None:
    if program == "eval":
        return " ".join(rest)
    if program == "busybox":
        return _shell_script("sh", rest[1:]) if rest and rest[0] in _SHELLS else None
    for index, word in enumerate(rest):
        if word == "--":
            break
        if word.startswith("-") and not word.startswith("--") and "c" in word[1:]:
            return rest[index + 1] if index + 1 < len(rest) else ""
        if not word.startswith(("-", "+")):
            break
    return None


def _after_prefix(program: str, rest: list[str]) -> list[str] | None:
    """The words a prefix program runs, or None if `program` is not one."""
    if program in _RUNNERS:
        return rest[1:] if rest and rest[0] in _RUNNERS[program] else None
    if program in _AFTER_ONE:
        options = _skip_options(rest, frozenset({"-s", "-k", "--signal", "--kill-after", "-w", "-E"}))
        return options[1:]
    if program not in _PREFIXES:
        return None
    words = _skip_options(rest, _PREFIXES[program])
    if program == "env":
        while words and _ASSIGNMENT.match(words[0]):
            words.pop(0)
    return words


def _skip_options(words: list[str], with_values: frozenset[str]) -> list[str]:
    index = 0
    while index < len(words) and words[index].startswith("-"):
        word = words[index]
        index += 1
        if word == "--":
            break
        if word in with_values:
            index += 1
    return words[index:]


def _env_split_string(rest: list[str]) -> str | None:
    for index, word in enumerate(rest):
        if word in ("-S", "--split-string") and index + 1 < len(rest):
            return rest[index + 1]
        if word.startswith("--split-string="):
            return word.partition("=")[2]
    return None


def _ssh(rest: list[str]) -> tuple[str | None, list[str]]:
    index = 0
    while index < len(rest) and rest[index].startswith("-"):
        word = rest[index]
        index += 1
        if word == "--":
            break
        if len(word) == 2 and word[1] in _SSH_VALUES:
            index += 1
    if index >= len(rest):
        return None, []
    return rest[index].rpartition("@")[2], rest[index + 1 :]


def paths_outside(command: SimpleCommand, worktree: str | None) -> list[str]:
    """The arguments of `command` naming a path outside the working tree (or a path whose
    place cannot be known: a variable, `~`), read from where it runs. `worktree` is the
    tree's absolute root, if known; relative paths are read from there."""
    found = []
    ended = False
    for word in command.arguments:
        if word == "--" and not ended:
            ended = True
            continue
        if word.startswith("-") and not ended:
            continue
        if not _inside(word, command.cwd, worktree) or command.remote is not None:
            found.append(word)
    return found


def _inside(path: str, cwd: str | None, worktree: str | None) -> bool:
    if cwd is None or "$" in path or "`" in path or path.startswith("~"):
        return False
    root = posixpath.normpath(worktree) if worktree else _UNKNOWN_ROOT
    resolved = posixpath.normpath(posixpath.join(root, cwd, path))
    return resolved.startswith(root.rstrip("/") + "/")
