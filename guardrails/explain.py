"""What the agent (and through it the developer) reads in place of a tool call that was not
passed on: what was held, why, the request id, and how to have it approved."""

from __future__ import annotations

from guardrails.judge import Judgement
from policy.guardrails import describe_duration

GRANT_HINT = "15m"


def _what(tool: str, judgement: Judgement) -> str:
    rule = f" ({judgement.rule.describe()})" if judgement.rule is not None else ""
    return f"the {tool} call `{_cut(judgement.subject)}`: {judgement.reason}{rule}"


def _ask(hold_id: str) -> str:
    return (
        f"To have it approved, ask an approver to run `pretense approvals approve {hold_id} "
        f"--for {GRANT_HINT}`, then ask for it again."
    )


def refused(tool: str, judgement: Judgement, hold_id: str, contact: str) -> str:
    who = contact or "your security team"
    return (
        f"Pretense did not pass on {_what(tool, judgement)}. The policy refuses it; ask {who} if it "
        f"must run. Request id: {hold_id}."
    )


def denied(tool: str, judgement: Judgement, hold_id: str, approver: str, reason: str) -> str:
    why = f": {reason}" if reason else ""
    return (
        f"Pretense held {_what(tool, judgement)}. {approver} denied it{why}. It was not run. "
        f"Request id: {hold_id}."
    )


def timed_out(tool: str, judgement: Judgement, hold_id: str, timeout: float) -> str:
    return (
        f"Pretense held {_what(tool, judgement)}. Nobody decided within {describe_duration(timeout)}, "
        f"so it was not run. Request id: {hold_id}. {_ask(hold_id)}"
    )


def unjudged(tool: str, hold_id: str, error: str) -> str:
    return (
        f"Pretense could not judge this {tool} call ({error}), so it was not passed on. Request id: "
        f"{hold_id}. Ask again; if it happens again, tell your security team."
    )


def _cut(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
