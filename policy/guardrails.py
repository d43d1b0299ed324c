"""The `guardrails` section of a policy: rules that allow, hold or deny an agent's tool calls
by what they would do (the commands they run, the SQL in them, the files they write)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from policy.model import Policy, Tier, Where


class Action(enum.StrEnum):
    ALLOW = "allow"
    HOLD = "hold"
    """The call waits in the answer until an approver decides, or the timeout passes."""
    DENY = "deny"

    @property
    def severity(self) -> int:
        return list(Action).index(self)


class SqlKind(enum.StrEnum):
    """Destructive SQL statements, found in the commands an agent runs or its SQL tools."""

    DROP = "drop"
    TRUNCATE = "truncate"
    DELETE_WITHOUT_WHERE = "delete_without_where"
    UPDATE_WITHOUT_WHERE = "update_without_where"
    ALTER_DROP = "alter_drop"


@dataclass(frozen=True, slots=True)
class CommandPattern:
    """A command as a rule writes it (`git push --force|-f`): the program, then words the
    command must carry in that order (other words may stand between), then options it must
    carry anywhere; each word and option is one of its `|` alternatives, each a glob."""

    text: str
    program: str
    words: tuple[tuple[str, ...], ...] = ()
    options: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class GuardrailRule:
    """One rule: which calls it matches and what happens to them. Every condition given
    must hold; a rule with no `command`, `sql` or `paths` matches the call as a whole."""

    name: str
    action: Action
    where: Where
    tools: tuple[str, ...] = ()
    """Globs of tool names (`Bash`, `mcp__*`); empty: any tool."""
    command: CommandPattern | None = None
    sql: frozenset[SqlKind] = frozenset()
    paths: tuple[str, ...] = ()
    """Globs of files the call writes, relative to the repository root (`src/ledger/**`)."""
    outside_worktree: bool = False
    """The command names a path outside the working tree (`rm -rf ~/`)."""
    branches: tuple[str, ...] = ()
    """Globs of the branches a `git push` updates; a push naming none counts as matching."""
    hosts: tuple[str, ...] = ()
    """Globs of hosts the command names (`prod-db.*`): the rule applies only then."""
    repositories: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    """Globs of the groups of the developer whose call it is: the rule applies only to them."""

    def describe(self) -> str:
        return f"rule {self.name} ({self.where})"


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where a held call is announced: a Slack or Teams incoming webhook."""

    url: str
    format: str = "slack"


WEBHOOK_FORMATS = ("slack", "teams")
DEFAULT_TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Approvers:
    """The users, and the members of the groups, whose approval releases a held call."""

    users: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()

    def admit(self, user: str, groups: frozenset[str]) -> bool:
        return user in self.users or bool(self.groups & groups)


@dataclass(frozen=True, slots=True)
class Guardrails:
    """What one tier does to tool calls; no rules: every call passes unread."""

    rules: tuple[GuardrailRule, ...] = ()
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    """Seconds a held call waits for an approver before it is refused."""
    self_approval: bool = False
    """Whether the developer whose call is held may approve it (separation of duties: no)."""
    notify: tuple[Webhook, ...] = ()
    approvers: Approvers | None = None
    """Who may approve a held call; None: whoever can run `pretense approvals`."""

    @property
    def active(self) -> bool:
        return any(rule.action is not Action.ALLOW for rule in self.rules)

    def admits_approver(self, user: str, groups_of: Callable[[str], frozenset[str]]) -> bool:
        """Whether an approval by `user` releases a call held under these guardrails: the
        proxy holding it and the dashboard's sign-in ask the same. `groups_of` is asked only
        when the policy names approvers."""
        return self.approvers is None or self.approvers.admit(user, groups_of(user))


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in `90s`, `15m`, `2h`, `1d` or a bare number of seconds; raises ValueError."""
    value = text.strip().lower()
    unit = _UNITS.get(value[-1:], 0)
    number = value[:-1] if unit else value
    unit = unit or 1
    if not number.isdigit() or int(number) == 0:
        raise ValueError(f"{text!r} is not a duration (90s, 15m, 2h, 1d)")
    return float(int(number) * unit)


def describe_duration(seconds: float) -> str:
    for name, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{name}"
    return f"{int(seconds)}s"


NO_GUARDRAILS = Guardrails()


def tier_guardrails(policy: Policy, tier: Tier) -> Guardrails:
    return policy.guardrails.get(tier, NO_GUARDRAILS)
