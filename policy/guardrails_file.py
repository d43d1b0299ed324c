"""Reads the `guardrails` section of a policy file (at the top, for every tier, and in a
tier, before the shared rules), with errors naming the file, line and key like the rest."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Protocol

import yaml

from policy.errors import PolicyError
from policy.globs import valid_glob
from policy.guardrails import (
    WEBHOOK_FORMATS,
    Action,
    Approvers,
    CommandPattern,
    GuardrailRule,
    Guardrails,
    SqlKind,
    Webhook,
    parse_duration,
)
from policy.model import Where

_RULE_KEYS = {
    "name": True, "action": True, "tools": False, "command": False, "sql": False, "paths": False,
    "outside_worktree": False, "branches": False, "hosts": False, "repositories": False, "users": False,
    "groups": False,
}  # fmt: skip
_COMMAND_CONDITIONS = ("outside_worktree", "branches")


class Reader(Protocol):
    """What `policy.file` reads nodes with."""

    source: str

    def mapping(self, node: yaml.Node, keys: dict[str, bool], key: str) -> dict[str, yaml.Node]: ...
    def names(self, node: yaml.Node, key: str, read: Callable[[yaml.Node, str], str]) -> list[str]: ...
    def text(self, node: yaml.Node, key: str) -> str: ...
    def scalar(self, node: yaml.Node, key: str) -> str: ...
    def flag(self, node: yaml.Node, key: str) -> bool: ...
    def glob(self, node: yaml.Node, key: str) -> str: ...
    def host(self, node: yaml.Node, key: str) -> str: ...
    def error(self, node: yaml.Node | None, key: str | None, message: str) -> PolicyError: ...


def read_guardrails(reader: Reader, node: yaml.Node | None, key: str, shared: Guardrails) -> Guardrails:
    """The section at `node`; in a tier, `shared` (the top-level section) fills in what the
    tier leaves out, and its rules follow the tier's own."""
    if node is None:
        return shared
    known = {"rules": False, "timeout": False, "self_approval": False, "notify": False, "approvers": False}
    values = reader.mapping(node, known, key)
    timeout = shared.timeout
    if "timeout" in values:
        text = reader.scalar(values["timeout"], f"{key}.timeout")
        try:
            timeout = parse_duration(text)
        except ValueError as e:
            raise reader.error(values["timeout"], f"{key}.timeout", str(e)) from None
    self_approval = shared.self_approval
    if "self_approval" in values:
        self_approval = reader.flag(values["self_approval"], f"{key}.self_approval")
    notify = shared.notify
    if "notify" in values:
        notify = tuple(_items(reader, values["notify"], f"{key}.notify", _webhook))
    approvers = shared.approvers
    if "approvers" in values:
        approvers = _approvers(reader, values["approvers"], f"{key}.approvers")
    rules = tuple(_items(reader, values.get("rules"), f"{key}.rules", _rule))
    names = [rule.name for rule in rules]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise reader.error(values["rules"], f"{key}.rules[{index}].name", f"{name!r} is given twice")
    return Guardrails(rules + shared.rules, timeout, self_approval, notify, approvers)


def _approvers(reader: Reader, node: yaml.Node, key: str) -> Approvers:
    values = reader.mapping(node, {"users": False, "groups": False}, key)
    users = reader.names(values["users"], f"{key}.users", reader.text) if "users" in values else []
    groups = reader.names(values["groups"], f"{key}.groups", reader.text) if "groups" in values else []
    if not users and not groups:
        raise reader.error(node, key, "names no user and no group: nobody could approve a held call")
    return Approvers(frozenset(users), frozenset(groups))


def _items[T](
    reader: Reader, node: yaml.Node | None, key: str, read: Callable[[Reader, yaml.Node, str], T]
) -> list[T]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise reader.error(node, key, "must be a list")
    return [read(reader, item, f"{key}[{index}]") for index, item in enumerate(node.value)]


def _webhook(reader: Reader, node: yaml.Node, key: str) -> Webhook:
    values = reader.mapping(node, {"url": True, "format": False}, key)
    url = reader.text(values["url"], f"{key}.url")
    if not url.startswith(("https://", "http://")):
        raise reader.error(values["url"], f"{key}.url", f"{url!r} is not an http(s) URL")
    kind = reader.scalar(values["format"], f"{key}.format") if "format" in values else "slack"
    if kind not in WEBHOOK_FORMATS:
        raise reader.error(values["format"], f"{key}.format", f"must be one of {', '.join(WEBHOOK_FORMATS)}")
    return Webhook(url, kind)


def _rule(reader: Reader, node: yaml.Node, key: str) -> GuardrailRule:
    values = reader.mapping(node, _RULE_KEYS, key)
    action_text = reader.scalar(values["action"], f"{key}.action")
    try:
        action = Action(action_text)
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise reader.error(
            values["action"], f"{key}.action", f"unknown action {action_text!r} ({known})"
        ) from None

    def globs(name: str, read: Callable[[yaml.Node, str], str] = reader.glob) -> tuple[str, ...]:
        return tuple(reader.names(values[name], f"{key}.{name}", read)) if name in values else ()

    command = _command(reader, values["command"], f"{key}.command") if "command" in values else None
    for condition in _COMMAND_CONDITIONS:
        if condition in values and command is None:
            raise reader.error(values[condition], f"{key}.{condition}", "applies to a `command`; give one")
    if "hosts" in values and "paths" in values and command is None and "sql" not in values:
        raise reader.error(values["hosts"], f"{key}.hosts", "names hosts in commands; a path rule has none")
    return GuardrailRule(
        name=reader.text(values["name"], f"{key}.name"),
        action=action,
        where=Where(reader.source, node.start_mark.line + 1),
        tools=globs("tools", reader.text),
        command=command,
        sql=frozenset(_sql(reader, values["sql"], f"{key}.sql")) if "sql" in values else frozenset(),
        paths=globs("paths"),
        outside_worktree=reader.flag(values["outside_worktree"], f"{key}.outside_worktree")
        if "outside_worktree" in values
        else False,
        branches=globs("branches", reader.text),
        hosts=globs("hosts", reader.host),
        repositories=globs("repositories", reader.text),
        users=globs("users", reader.text),
        groups=globs("groups", reader.text),
    )


def _command(reader: Reader, node: yaml.Node, key: str) -> CommandPattern:
    text = reader.text(node, key)
    try:
        words = shlex.split(text)
    except ValueError as e:
        raise reader.error(node, key, f"{text!r} cannot be read as a command ({e})") from None
    if not words or words[0].startswith("-"):
        raise reader.error(node, key, f"{text!r} must start with the program's name")
    for word in words:
        if not all(valid_glob(part) for part in word.split("|")):
            raise reader.error(node, key, f"{word!r} is not a valid glob")
    positional = tuple(tuple(w.split("|")) for w in words[1:] if not w.startswith("-"))
    options = tuple(tuple(w.split("|")) for w in words[1:] if w.startswith("-"))
    return CommandPattern(text, words[0], positional, options)


def _sql(reader: Reader, node: yaml.Node, key: str) -> list[SqlKind]:
    def kind(item: yaml.Node, item_key: str) -> str:
        value = reader.scalar(item, item_key)
        if value not in set(SqlKind):
            known = ", ".join(k.value for k in SqlKind)
            raise reader.error(item, item_key, f"unknown SQL statement kind {value!r} ({known})")
        return value

    return [SqlKind(value) for value in reader.names(node, key, kind)]
