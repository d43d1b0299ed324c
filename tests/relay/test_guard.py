"""One flow's answer through the guard: held calls wait with keep-alives and come out as the
approver decides; anything that cannot be judged is never passed on."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from approvals.desk import ApprovalDesk, Scope
from approvals.store import HoldStore
from approvals.webhooks import WebhookSender
from detectors import default_scanner
from guardrails.calls import ToolCall
from guardrails.judge import CallContext, Judge
from mutators.base import NO_RESTORATION
from policy.file import parse_policy
from policy.guardrails import Guardrails, tier_guardrails
from policy.model import Tier
from providers.routes import ANTHROPIC, OPENAI_CHAT
from relay.guard import AnswerGuard
from tests.e2e import shapes

RULES = tier_guardrails(
    parse_policy(
        b"version: 1\ndefault_tier: restricted\nguardrails:\n  timeout: 30s\n  self_approval: true\n"
        b"  rules:\n    - {name: rm, action: hold, command: 'rm -r'}\n"
        b"    - {name: kill, action: deny, command: 'kill'}\n",
        "p.yaml",
    ),
    Tier.RESTRICTED,
)
HELD = shapes.anthropic_stream("Sure.", {"command": "rm -r /srv"}, "Bash")
PING = b'event: ping\ndata: {"type": "ping"}\n\n'


class Parts:
    def __init__(self, root: Path, judge: Judge | None = None, rules: Guardrails = RULES) -> None:
        self.store = HoldStore.at(root)
        self.records: list[dict[str, Any]] = []
        directory = {"bob": frozenset({"platform-leads"}), "carol": frozenset({"developers"})}
        desk = ApprovalDesk(
            self.store, self.records.append, b"k" * 32, default_scanner(), WebhookSender(), 0.01,
            groups_of=lambda user: directory.get(user, frozenset()),
        )  # fmt: skip
        scope = Scope("flow-1", "alice", "app", "anthropic", "api.anthropic.com", "restricted", rules)
        self.guard = AnswerGuard(
            ANTHROPIC, NO_RESTORATION, judge or Judge(rules), CallContext(), desk, scope, 0.05
        )
        self.sent: list[bytes] = []

    async def send(self, data: bytes) -> None:
        self.sent.append(data)

    async def approve_when_held(self, approved: bool = True, approver: str = "bob") -> None:
        while not any(h.pending for h in self.store.holds()):
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)  # a few keep-alives' worth
        hold = next(self.store.holds())
        self.store.decide(hold.id, approved, approver, "" if approved else "not today")


async def chunks(body: bytes, size: int = 13) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_held_call_waits_with_keepalives_and_comes_out_as_sent_once_approved(tmp_path: Path) -> None:
    parts = Parts(tmp_path)

    async def main() -> None:
        await asyncio.gather(parts.guard.stream(chunks(HELD), parts.send), parts.approve_when_held())

    asyncio.run(main())
    out = b"".join(parts.sent)
    assert out.count(PING) > HELD.count(PING)
    assert out.replace(PING, b"") == HELD.replace(PING, b"")
    assert [r["decision"] for r in parts.records] == ["held", "approved"]
    assert parts.records[1]["approver"] == "bob"
    assert "rm -r /srv" not in json.dumps(parts.records[0]["command_hmac"])


def test_a_denied_call_is_replaced_with_the_approvers_reason(tmp_path: Path) -> None:
    parts = Parts(tmp_path)

    async def main() -> None:
        await asyncio.gather(parts.guard.stream(chunks(HELD), parts.send), parts.approve_when_held(False))

    asyncio.run(main())
    out = b"".join(parts.sent).decode()
    assert "bob denied it: not today" in out
    assert '"stop_reason": "end_turn"' in out
    assert "tool_use" not in out


def test_a_call_that_cannot_be_judged_is_refused(tmp_path: Path) -> None:
    class Broken(Judge):
        def judge(self, call: ToolCall, context: CallContext) -> Any:
            raise RuntimeError("boom")

    parts = Parts(tmp_path, Broken(RULES))
    asyncio.run(parts.guard.stream(chunks(HELD), parts.send))
    out = b"".join(parts.sent).decode()
    assert "could not judge this Bash call" in out
    assert "rm -r /srv" not in out
    assert [r["decision"] for r in parts.records] == ["failed"]


def test_a_stream_that_cannot_be_read_is_cut_before_the_call(tmp_path: Path) -> None:
    parts = Parts(tmp_path)
    parts.guard.wire = OPENAI_CHAT
    two_choices = {
        "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0}]}}, {"index": 1, "delta": {}}]
    }
    body = shapes.openai_chat_stream("hi").replace(
        b"data: [DONE]", b"data: " + json.dumps(two_choices).encode()
    )
    with pytest.raises(Exception, match="several choices"):
        asyncio.run(parts.guard.stream(chunks(body), parts.send))
    assert b"tool_calls" not in b"".join(parts.sent)


def test_a_refused_call_in_a_whole_answer_and_a_benign_one_released(tmp_path: Path) -> None:
    parts = Parts(tmp_path)
    refused = json.dumps(shapes.anthropic_message("ok", {"command": "kill -9 1"}, "Bash")).encode()
    out = json.loads(asyncio.run(parts.guard.whole(refused)))
    assert out["content"][1]["type"] == "text"
    assert "The policy refuses it" in out["content"][1]["text"]
    assert out["stop_reason"] == "end_turn"
    benign = json.dumps(shapes.anthropic_message("ok", {"command": "ls"}, "Bash")).encode()
    assert asyncio.run(parts.guard.whole(benign)) == benign


APPROVERS = tier_guardrails(
    parse_policy(
        b"version: 1\ndefault_tier: restricted\nguardrails:\n  timeout: 30s\n"
        b"  approvers: {groups: [platform-leads]}\n"
        b"  rules:\n    - {name: rm, action: hold, command: 'rm -r'}\n",
        "p.yaml",
    ),
    Tier.RESTRICTED,
)


@pytest.mark.parametrize(("approver", "released"), [("bob", True), ("carol", False)])
def test_only_the_policys_approvers_release_a_held_call(
    tmp_path: Path, approver: str, released: bool
) -> None:
    parts = Parts(tmp_path, rules=APPROVERS)

    async def main() -> None:
        await asyncio.gather(
            parts.guard.stream(chunks(HELD), parts.send), parts.approve_when_held(True, approver)
        )

    asyncio.run(main())
    decisions = [r["decision"] for r in parts.records]
    assert decisions == ["held", "approved" if released else "denied"]
    if not released:
        assert "carol, who is not among the policy's approvers" in b"".join(parts.sent).decode()
