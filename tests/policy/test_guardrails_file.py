"""The guardrails section as a policy file writes it: per tier before the shared rules, and
each mistake one line naming the file, line and key."""

from __future__ import annotations

import re

import pytest

from policy.errors import PolicyError
from policy.file import parse_policy
from policy.guardrails import Action, CommandPattern, parse_duration, tier_guardrails
from policy.model import Tier

HEAD = "version: 1\ndefault_tier: restricted\n"


def test_a_tier_s_own_rules_come_first_and_its_settings_replace_the_shared_ones() -> None:
    policy = parse_policy(
        (
            HEAD
            + "guardrails:\n  timeout: 10m\n  rules:\n    - {name: rm, action: hold, command: 'rm -r|-R'}\n"
            "tiers:\n  public:\n    guardrails:\n      timeout: 30s\n      self_approval: true\n"
            "      rules:\n        - {name: everything, action: allow}\n"
        ).encode(),
        "p.yaml",
    )
    public, restricted = tier_guardrails(policy, Tier.PUBLIC), tier_guardrails(policy, Tier.RESTRICTED)
    assert [r.name for r in public.rules] == ["everything", "rm"]
    assert (public.timeout, public.self_approval) == (30.0, True)
    assert [r.name for r in restricted.rules] == ["rm"]
    assert (restricted.timeout, restricted.self_approval) == (600.0, False)
    assert restricted.rules[0].command == CommandPattern("rm -r|-R", "rm", (), (("-r", "-R"),))
    assert restricted.rules[0].action is Action.HOLD
    assert str(restricted.rules[0].where) == "p.yaml:6"


def test_without_the_section_nothing_is_held() -> None:
    assert not tier_guardrails(parse_policy(HEAD.encode(), "p.yaml"), Tier.RESTRICTED).active


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "  rules:\n    - {name: a, action: pause}",
            "p.yaml:5: guardrails.rules[0].action: unknown action 'pause'",
        ),
        ("  rules:\n    - {name: a, action: hold, command: '-rf'}", "must start with the program's name"),
        ("  rules:\n    - {name: a, action: hold, command: 'rm \"x'}", "cannot be read as a command"),
        ("  rules:\n    - {name: a, action: hold, sql: [drop_all]}", "unknown SQL statement kind 'drop_all'"),
        ("  rules:\n    - {name: a, action: hold, outside_worktree: true}", "applies to a `command`"),
        ("  rules:\n    - {name: a, action: hold}\n    - {name: a, action: deny}", "'a' is given twice"),
        ("  rules:\n    - {name: a, action: hold, colour: red}", "guardrails.rules[0].colour: unknown key"),
        ("  timeout: soon", "guardrails.timeout: 'soon' is not a duration"),
        ("  notify: [{url: 'ftp://x'}]", "is not an http(s) URL"),
        ("  notify: [{url: 'https://x', format: email}]", "must be one of slack, teams"),
    ],
)
def test_mistakes_name_the_line_and_key(section: str, message: str) -> None:
    with pytest.raises(PolicyError, match=re.escape(message)):
        parse_policy(f"{HEAD}guardrails:\n{section}\n".encode(), "p.yaml")


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), ("45", 45)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "5x", "-3m", "1.5h"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)
