"""The message a webhook gets when a call is held: Slack's incoming-webhook JSON (`text`
and blocks) or a Teams workflow's (an Adaptive Card), with the command that approves it.

It names the call as the provider saw it (`Hold` keeps the restored command for approvers
on the machine; a chat service is not one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from policy.guardrails import describe_duration


@dataclass(frozen=True, slots=True)
class Announcement:
    hold_id: str
    tool: str
    preview: str
    rule: str
    user: str
    repository: str | None
    timeout: float


def _lines(a: Announcement) -> list[str]:
    where = f" in {a.repository}" if a.repository else ""
    return [
        f"Pretense is holding a {a.tool} call by {a.user}{where} for approval: `{a.preview}`",
        f"Rule: {a.rule}.",
        f"Approve: `pretense approvals approve {a.hold_id}` (add `--for 15m` to let a retry through); "
        f"deny: `pretense approvals deny {a.hold_id} --reason ...`. It is refused in "
        f"{describe_duration(a.timeout)} if nobody decides.",
    ]


def payload(announcement: Announcement, kind: str) -> bytes:
    lines = _lines(announcement)
    if kind == "teams":
        card: dict[str, Any] = {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.4",
            "body": [{"type": "TextBlock", "text": line, "wrap": True} for line in lines],
        }
        attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        return orjson.dumps({"type": "message", "text": lines[0], "attachments": [attachment]})
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": line}} for line in lines]
    return orjson.dumps({"text": "\n".join(lines), "blocks": blocks})
