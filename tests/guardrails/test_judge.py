"""Tool calls judged against the shipped rules and rules of a policy's own: the action, the
rule and why, for the tool shapes each agent sends."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrails.calls import ToolCall
from guardrails.judge import CallContext, Judge
from policy.file import load_policy, parse_policy
from policy.guardrails import Action, tier_guardrails
from policy.model import Tier

SHIPPED = Judge(tier_guardrails(load_policy(Path("policies/default.yaml")), Tier.RESTRICTED))
HERE = CallContext("app", "alice", "/home/alice/app")


@pytest.mark.parametrize(
    ("tool", "arguments", "rule"),
    [
        ("Bash", {"command": "rm -rf /tmp/cache", "description": "clean"}, "rm-outside-worktree"),
        ("Bash", {"command": "rm -rf node_modules dist"}, None),
        ("Bash", {"command": "rm -fR ~/"}, "rm-outside-worktree"),
        ("Bash", {"command": "rm --recursive ../other"}, "rm-outside-worktree"),
        ("Bash", {"command": "git push --force origin main"}, "git-force-push-protected"),
        ("Bash", {"command": "git push -f origin feature/x"}, None),
        ("Bash", {"command": "git push --force-with-lease"}, "git-force-push-protected"),
        ("Bash", {"command": "git push origin +release/1.2"}, "git-force-refspec-protected"),
        ("Bash", {"command": "git push origin HEAD:main"}, None),
        ("Bash", {"command": "git reset --hard origin/main"}, "git-reset-hard"),
        ("Bash", {"command": "git reset --soft HEAD~1"}, None),
        ("exec_command", {"cmd": "terraform -chdir=infra destroy"}, "terraform-destroy"),
        ("exec_command", {"cmd": "terraform apply -auto-approve"}, "terraform-auto-approve"),
        ("exec_command", {"cmd": "terraform plan"}, None),
        ("shell", {"command": ["kubectl", "-n", "prod", "delete", "pod", "api-0"]}, "kubectl-delete"),
        ("shell", {"command": ["bash", "-lc", "helm uninstall api"]}, "helm-uninstall"),
        ("local_shell", {"type": "exec", "command": ["aws", "s3", "rm", "s3://b/x", "--recursive"]},
         "s3-recursive-rm"),
        ("run_shell_command", {"command": 'psql "$DB" -c "DROP TABLE accounts"'}, "destructive-sql"),
        ("run_shell_command", {"command": 'psql -c "DELETE FROM accounts WHERE id = 4"'}, None),
        ("run_in_terminal", {"command": "mysql -e 'UPDATE users SET admin = 1'", "isBackground": False},
         "destructive-sql"),
        ("run_in_terminal", {"command": 'git commit -m "drop table support"'}, None),
        ("Bash", {"command": "npx prisma migrate reset --force"}, "prisma-migrate-reset"),
        ("Bash", {"command": "pnpm exec drizzle-kit push --force"}, "drizzle-push-force"),
        ("Bash", {"command": "php artisan migrate:fresh --seed"}, "migrate-fresh"),
        ("Bash", {"command": 'echo ok; bash -c "r\'\'m -rf ~/.ssh"'}, "rm-outside-worktree"),
        ("Bash", {"command": "cat <<EOF | psql\nTRUNCATE ledger;\nEOF"}, "destructive-sql"),
        ("execute_sql", {"sql": "DROP SCHEMA public CASCADE"}, "destructive-sql"),
        ("exec", 'const r = await tools.exec_command({cmd: "rm -rf \\"$HOME\\""});', "rm-outside-worktree"),
        ("Write", {"file_path": "/home/alice/app/src/x.py", "content": "x"}, None),
        ("Read", {"file_path": "/etc/passwd"}, None),
    ],
)  # fmt: skip
def test_shipped_rules(tool: str, arguments: object, rule: str | None) -> None:
    judgement = SHIPPED.judge(ToolCall(tool, arguments), HERE)
    assert judgement.rule_name == rule
    assert judgement.action is (Action.HOLD if rule else Action.ALLOW)


def test_a_command_that_cannot_be_read_is_held() -> None:
    judgement = SHIPPED.judge(
        ToolCall("Bash", "{not json", unreadable="its arguments are not valid JSON"), HERE
    )
    assert judgement.action is Action.HOLD
    assert "not valid JSON" in judgement.reason


POLICY = b"""version: 1
default_tier: restricted
guardrails:
  rules:
    - {name: ci-readonly, action: allow, tools: [Bash], command: "rm -r", users: [ci-bot]}
    - {name: contractors-push, action: hold, command: "git push", groups: ["contractors-*"]}
    - {name: no-rm, action: deny, command: "rm -r"}
    - {name: prod-db, action: hold, sql: [delete_without_where, drop], hosts: ["prod-db.*"]}
    - {name: prod-anything, action: hold, hosts: ["prod-db.*"]}
    - {name: ledger, action: hold, paths: ["src/ledger/**", ".github/workflows/**"], repositories: [wealth]}
    - {name: mcp-any, action: hold, tools: ["mcp__deploy__*"]}
"""
JUDGE = Judge(tier_guardrails(parse_policy(POLICY, "p.yaml"), Tier.RESTRICTED))
WEALTH = CallContext("wealth", "alice", "/src/wealth")
CONTRACTOR = CallContext("wealth", "eve", "/src/wealth", frozenset({"contractors-emea"}))
LEDGER_EDIT = {"file_path": "/src/wealth/src/ledger/book.py", "old_string": "a", "new_string": "b"}


@pytest.mark.parametrize(
    ("tool", "arguments", "context", "action", "rule"),
    [
        ("Bash", {"command": "rm -r tmp"}, WEALTH, Action.DENY, "no-rm"),
        ("Bash", {"command": "rm -r tmp"}, CallContext("wealth", "ci-bot"), Action.ALLOW, "ci-readonly"),
        ("Bash", {"command": "ls && rm -r tmp"}, WEALTH, Action.DENY, "no-rm"),
        ("Bash", {"command": 'psql -h prod-db.acme.internal -c "DELETE FROM t"'}, WEALTH, Action.HOLD,
         "prod-db"),
        ("Bash", {"command": 'psql -h staging-db -c "DELETE FROM t"'}, WEALTH, Action.ALLOW, None),
        ("Bash", {"command": "psql postgres://u@prod-db.acme.internal/app -c 'DROP TABLE t'"}, WEALTH,
         Action.HOLD, "prod-db"),
        ("Bash", {"command": "ssh prod-db.acme.internal uptime"}, WEALTH, Action.HOLD, "prod-anything"),
        ("Edit", LEDGER_EDIT, WEALTH, Action.HOLD, "ledger"),
        ("Bash", {"command": "git push origin x"}, WEALTH, Action.ALLOW, None),
        ("Bash", {"command": "git push origin x"}, CONTRACTOR, Action.HOLD, "contractors-push"),
        ("Edit", LEDGER_EDIT, CallContext("other", "alice", "/src/other"), Action.ALLOW, None),
        ("apply_patch", "*** Begin Patch\n*** Update File: .github/workflows/ci.yml\n-a\n+b\n*** End Patch",
         WEALTH, Action.HOLD, "ledger"),
        ("Bash", {"command": "echo x > .github/workflows/release.yml"}, WEALTH, Action.HOLD, "ledger"),
        ("mcp__deploy__rollout", {"service": "api"}, WEALTH, Action.HOLD, "mcp-any"),
    ],
)  # fmt: skip
def test_policy_rules(
    tool: str, arguments: object, context: CallContext, action: Action, rule: str | None
) -> None:
    judgement = JUDGE.judge(ToolCall(tool, arguments), context)
    assert (judgement.action, judgement.rule_name) == (action, rule)


def test_the_reason_says_what_matched() -> None:
    judgement = SHIPPED.judge(ToolCall("Bash", {"command": "cd / && rm -rf srv"}), HERE)
    assert (
        judgement.reason
        == "`rm -rf srv` matches `rm -r|-R|--recursive` and names srv outside the working tree"
    )
    assert judgement.subject == "cd / && rm -rf srv"
