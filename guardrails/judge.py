"""Judges one tool call against a tier's guardrail rules: each thing the call would do (a
command, a SQL statement, a file written) gets the action of the first rule that matches
it, and the call the most severe of those."""

from __future__ import annotations

import fnmatch
import posixpath
import re
import shlex
from dataclasses import dataclass
from urllib.parse import urlsplit

from guardrails.calls import Effects, Query, ToolCall, Write, effects_of
from guardrails.commands import SimpleCommand, paths_outside
from guardrails.errors import UnreadableCommand
from guardrails.sql import DESCRIPTIONS
from policy.globs import glob
from policy.guardrails import Action, CommandPattern, GuardrailRule, Guardrails

_GLOB_MAGIC = re.compile(r"[*?\[]")
_CANDIDATES_KEPT = 4096  # distinct program names remembered, each a handful of references
_SHORT_CLUSTER = re.compile(r"-[A-Za-z0-9]+")
_HOST_OPTION = re.compile(r"--?(?:host|hostname|server)=(.+)|-h(.+)")
Effect = SimpleCommand | Query | Write | None
"""One thing a call does; None: the call as a whole."""


@dataclass(frozen=True, slots=True)
class CallContext:
    """Where a call would run: the request's repository and user, the working tree's root."""

    repository: str | None = None
    user: str | None = None
    worktree: str | None = None
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Judgement:
    action: Action
    subject: str
    """What the call does, as `Effects.subject` says it."""
    rule: GuardrailRule | None = None
    reason: str = ""
    """Why the rule matched, in words for the developer and the approver."""

    @property
    def rule_name(self) -> str | None:
        return self.rule.name if self.rule is not None else None


class Judge:
    def __init__(self, guardrails: Guardrails) -> None:
        self.guardrails = guardrails
        # Rules naming a program plainly are only tried on that program's commands; the
        # rest on everything, in the policy's order either way.
        self._by_program: dict[str, list[int]] = {}
        self._general: list[int] = []
        for index, rule in enumerate(guardrails.rules):
            program = rule.command.program if rule.command is not None else None
            if program is not None and not _GLOB_MAGIC.search(program):
                self._by_program.setdefault(program, []).append(index)
            else:
                self._general.append(index)
        self._candidates: dict[str, tuple[GuardrailRule, ...]] = {}

    def judge(self, call: ToolCall, context: CallContext) -> Judgement:
        if call.unreadable is not None:
            return Judgement(Action.HOLD, _raw_subject(call), None, call.unreadable)
        try:
            effects = effects_of(call)
        except UnreadableCommand as e:
            # A command Pretense cannot read is not let through on trust.
            return Judgement(Action.HOLD, _raw_subject(call), None, f"its command cannot be read ({e})")
        worst = Judgement(Action.ALLOW, effects.subject)
        for effect in _each(effects):
            for rule in self._rules_for(effect):
                reason = _matches(rule, call, effect, effects, context)
                if reason is None:
                    continue
                if rule.action.severity > worst.action.severity or worst.rule is None:
                    worst = Judgement(rule.action, effects.subject, rule, reason)
                break
        return worst

    def _rules_for(self, effect: Effect) -> tuple[GuardrailRule, ...]:
        command = effect if isinstance(effect, SimpleCommand) else getattr(effect, "by", None)
        program = command.program if command is not None else ""
        found = self._candidates.get(program)
        if found is None:
            indexes = sorted(self._by_program.get(program, []) + self._general)
            found = tuple(self.guardrails.rules[i] for i in indexes)
            if len(self._candidates) < _CANDIDATES_KEPT:
                self._candidates[program] = found
        return found


def _each(effects: Effects) -> list[Effect]:
    # What a command does (its SQL, the files it writes) before the command: of two rules
    # as severe, the one about the deed names the call.
    found: list[Effect] = [*effects.queries, *effects.writes, *effects.commands]
    return found or [None]


def _raw_subject(call: ToolCall) -> str:
    arguments = call.arguments
    if isinstance(arguments, dict):
        for key in ("command", "cmd", "script"):
            if isinstance(arguments.get(key), str):
                return str(arguments[key])
    return str(arguments)


def _matches(
    rule: GuardrailRule, call: ToolCall, effect: Effect, effects: Effects, context: CallContext
) -> str | None:
    """Why `rule` matches `effect` of `call`, or None if it does not."""
    if rule.tools and not any(fnmatch.fnmatch(call.tool.lower(), t.lower()) for t in rule.tools):
        return None
    if rule.repositories and not _named(context.repository, rule.repositories):
        return None
    if rule.users and not _named(context.user, rule.users):
        return None
    if rule.groups and not any(_named(group, rule.groups) for group in context.groups):
        return None
    whole = rule.command is None and not rule.sql and not rule.paths
    if whole and not rule.hosts:
        return f"it is a {call.tool} call"
    if isinstance(effect, SimpleCommand):
        return _command_reason(rule, effect, context) if not rule.sql and not rule.paths else None
    if isinstance(effect, Query):
        return _query_reason(rule, effect, effects, context) if rule.sql else None
    if isinstance(effect, Write):
        return _write_reason(rule, effect, context) if rule.paths else None
    return None


def _named(value: str | None, patterns: tuple[str, ...]) -> bool:
    return value is not None and any(fnmatch.fnmatchcase(value, p) for p in patterns)


def _command_reason(rule: GuardrailRule, command: SimpleCommand, context: CallContext) -> str | None:
    if rule.command is not None and not _pattern_matches(rule.command, command):
        return None
    text = shlex.join(command.words)
    parts = [f"`{text}` matches `{rule.command.text}`" if rule.command else f"`{text}`"]
    if rule.outside_worktree:
        outside = paths_outside(command, context.worktree)
        if not outside:
            return None
        parts.append(f"names {', '.join(outside)} outside the working tree")
    if rule.branches:
        branch = _pushed_branch(command, rule.branches)
        if branch is None:
            return None
        parts.append(f"updates {branch}")
    if rule.hosts:
        host = _host_named(_hosts_of(command), rule.hosts)
        if host is None:
            return None
        parts.append(f"names host {host}")
    return " and ".join(parts)


def _query_reason(rule: GuardrailRule, query: Query, effects: Effects, context: CallContext) -> str | None:
    statement = query.statement
    if statement.kind not in rule.sql:
        return None
    by = query.by
    if rule.command is not None and (by is None or not _pattern_matches(rule.command, by)):
        return None
    reason = f"it {DESCRIPTIONS[statement.kind]}: `{_cut(statement.text)}`"
    if rule.hosts:
        hosts = _hosts_of(by) if by is not None else [h for v in effects.hosts for h in _hosts_in_word(v)]
        host = _host_named(hosts, rule.hosts)
        if host is None:
            return None
        reason += f" on {host}"
    return reason


def _write_reason(rule: GuardrailRule, write: Write, context: CallContext) -> str | None:
    if rule.command is not None and (write.by is None or not _pattern_matches(rule.command, write.by)):
        return None
    for candidate in _relative_forms(write.path, context.worktree):
        if any(glob(pattern).fullmatch(candidate) for pattern in rule.paths):
            return f"it writes {write.path}"
    return None


def _relative_forms(path: str, worktree: str | None) -> list[str]:
    """The path relative to the tree's root when it is under it; otherwise the path and each
    of its tails, since the root it is relative to is not known."""
    normal = posixpath.normpath(path)
    if worktree and normal.startswith(worktree.rstrip("/") + "/"):
        return [normal[len(worktree.rstrip("/")) + 1 :]]
    parts = normal.lstrip("/").split("/")
    return [normal] + ["/".join(parts[i:]) for i in range(len(parts))]


def _pattern_matches(pattern: CommandPattern, command: SimpleCommand) -> bool:
    if not command.words or not fnmatch.fnmatchcase(command.program, pattern.program):
        return False
    positional, options = _split(command.arguments)
    position = 0
    for word in pattern.words:
        while position < len(positional) and not any(
            fnmatch.fnmatchcase(positional[position], w) for w in word
        ):
            position += 1
        if position == len(positional):
            return False
        position += 1
    return all(any(_option_present(alt, options) for alt in group) for group in pattern.options)


def _split(arguments: tuple[str, ...]) -> tuple[list[str], list[str]]:
    positional: list[str] = []
    options: list[str] = []
    ended = False
    for word in arguments:
        if word == "--" and not ended:
            ended = True
        elif word.startswith("-") and len(word) > 1 and not ended:
            options.append(word)
        else:
            positional.append(word)
    return positional, options


def _option_present(wanted: str, options: list[str]) -> bool:
    if len(wanted) == 2 and wanted[0] == "-" and wanted[1] != "-":
        # `-r` is also in a cluster of short options (`-rf`, `-fR` has `-R`).
        return any(o == wanted or (_SHORT_CLUSTER.fullmatch(o) and wanted[1] in o[1:]) for o in options)
    return any(fnmatch.fnmatchcase(o.partition("=")[0], wanted) for o in options)


def _pushed_branch(command: SimpleCommand, branches: tuple[str, ...]) -> str | None:
    """The protected branch a `git push` updates (or `the current branch` when it names
    none: Pretense cannot see which one that is), or None."""
    if command.program != "git":
        return None
    positional, options = _split(command.arguments)
    if "push" not in positional:
        return None
    after = positional[positional.index("push") + 1 :]
    if any(o in ("--all", "--mirror", "--branches") for o in options):
        return "every branch"
    refspecs = after[1:]
    if not refspecs:
        return "the current branch"
    for refspec in refspecs:
        target = refspec.lstrip("+").rpartition(":")[2].removeprefix("refs/heads/")
        if target in ("HEAD", "@", ""):
            return "the current branch"
        if any(fnmatch.fnmatchcase(target, b) for b in branches):
            return target
    return None


def _hosts_of(command: SimpleCommand) -> list[str]:
    hosts = [command.remote] if command.remote else []
    words = command.arguments
    for index, word in enumerate(words):
        if word in ("-h", "--host", "-H", "--hostname", "-S", "--server") and index + 1 < len(words):
            hosts.append(words[index + 1])
        elif match := _HOST_OPTION.fullmatch(word):
            hosts.append(match.group(1) or match.group(2))
        hosts += _hosts_in_word(word)
    return hosts


def _hosts_in_word(word: str) -> list[str]:
    if "://" in word:
        try:
            host = urlsplit(word).hostname
        except ValueError:
            return []
        return [host] if host else []
    if "@" in word and "/" not in word:
        return [word.rpartition("@")[2].partition(":")[0]]
    return [word.partition(":")[0]] if word and not word.startswith("-") else []


def _host_named(hosts: list[str], patterns: tuple[str, ...]) -> str | None:
    return next((h for h in hosts if any(fnmatch.fnmatchcase(h.lower(), p) for p in patterns)), None)


def _cut(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
