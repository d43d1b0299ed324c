"""Where a held tool call waits: opened in the store, announced to the policy's webhooks,
decided by an approver (`pretense approvals`) or timed out, and every step written to the
audit trail with the command's keyed HMAC and a preview, never the command itself."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from approvals.errors import ApprovalError
from approvals.notify import Announcement
from approvals.store import ABANDONED, APPROVED, DENIED, Hold, HoldStore
from approvals.webhooks import WebhookSender
from audit.record import GUARDRAIL, Record, timestamp
from detectors import Scanner
from guardrails import explain
from guardrails.answers import RELEASED, FoundCall, Outcome
from guardrails.evidence import preview
from guardrails.judge import Judgement
from installation.fingerprints import fingerprint
from policy.guardrails import Action, Guardrails

logger = logging.getLogger("pretense")

Trail = Callable[[Record], None]


@dataclass(frozen=True, slots=True)
class Scope:
    """The request a call answers: what its hold and its records say about it."""

    flow: str
    user: str
    repository: str | None
    provider: str
    host: str
    tier: str
    guardrails: Guardrails
    contact: str = ""


class ApprovalDesk:
    def __init__(
        self,
        store: HoldStore,
        trail: Trail,
        audit_key: bytes,
        scanner: Scanner,
        webhooks: WebhookSender,
        poll_seconds: float = 0.25,
        clock: Callable[[], float] = time.time,
        groups_of: Callable[[str], frozenset[str]] = lambda user: frozenset(),
    ) -> None:
        """`groups_of`: the groups an approver is a member of (the provisioned directory's),
        for a policy whose approvers name groups."""
        self.store = store
        self.groups_of = groups_of
        self.trail = trail
        self.audit_key = audit_key
        self.scanner = scanner
        self.webhooks = webhooks
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.instance = f"{socket.gethostname()}:{os.getpid()}"

    def first_look(self, found: FoundCall, judgement: Judgement, scope: Scope) -> Outcome | None:
        """What happens to a call at once; None: it must wait for an approver (`hold`)."""
        if judgement.action is Action.ALLOW:
            return RELEASED
        if judgement.action is Action.DENY:
            hold_id = self.store.new_id()
            self._record("refused", hold_id, found, judgement, scope)
            return Outcome(False, explain.refused(found.call.tool, judgement, hold_id, scope.contact))
        grant = self.store.granted(self._fingerprint(judgement), scope.repository, scope.user)
        if grant is None:
            return None
        self._record("granted", grant.hold, found, judgement, scope, approver=grant.approver, grant=grant.id)
        return RELEASED

    async def hold(self, found: FoundCall, judgement: Judgement, scope: Scope) -> Outcome:
        """Wait for a decision on the call; fails closed: any failure refuses it."""
        hold_id = self.store.new_id()
        started = self.clock()
        try:
            return await self._wait(hold_id, found, judgement, scope, started)
        except asyncio.CancelledError:
            self._abandon(hold_id, found, judgement, scope, started)
            raise
        except (ApprovalError, OSError) as e:
            logger.error("guardrails: held call %s could not be decided: %s", hold_id, e)
            self._record("failed", hold_id, found, judgement, scope, error=str(e))
            return Outcome(False, explain.unjudged(found.call.tool, hold_id, str(e)))

    def failed(self, found: FoundCall, scope: Scope, error: Exception) -> Outcome:
        hold_id = self.store.new_id()
        failure = Judgement(Action.HOLD, "", None, f"{type(error).__name__}")
        self._record("failed", hold_id, found, failure, scope, error=type(error).__name__)
        return Outcome(False, explain.unjudged(found.call.tool, hold_id, type(error).__name__))

    async def _wait(
        self, hold_id: str, found: FoundCall, judgement: Judgement, scope: Scope, started: float
    ) -> Outcome:
        rules = scope.guardrails
        rule = judgement.rule.describe() if judgement.rule is not None else "unreadable call"
        hold = Hold(
            id=hold_id, created=started, deadline=started + rules.timeout, tool=found.call.tool,
            command=self._redacted(judgement.subject), fingerprint=self._fingerprint(judgement), rule=rule,
            reason=self._redacted(judgement.reason), user=scope.user, repository=scope.repository,
            provider=scope.provider, host=scope.host, tier=scope.tier, self_approval=rules.self_approval,
            instance=self.instance,
        )  # fmt: skip
        self.store.open(hold)
        sent = preview(found.sent, self.scanner)
        self._record("held", hold_id, found, judgement, scope, preview_text=sent)
        logger.warning("guardrails: holding %s call %s (%s) for approval", found.call.tool, hold_id, rule)
        if rules.notify:
            announcement = Announcement(
                hold_id, found.call.tool, sent, rule, scope.user, scope.repository, rules.timeout
            )
            self.webhooks.announce(rules.notify, announcement)
        while True:
            current = self.store.read(hold_id)
            if current.pending and self.clock() >= hold.deadline:
                current = self.store.time_out(hold_id)
            if not current.pending:
                break
            await asyncio.sleep(self.poll_seconds)
        waited = {"wait_ms": round((self.clock() - started) * 1000), "approver": current.decided_by}
        tool = found.call.tool
        approver = current.decided_by or "?"
        outsider = not rules.admits_approver(approver, self.groups_of)
        if current.status == APPROVED and outsider:
            reason = f"approved by {approver}, who is not among the policy's approvers"
            self._record("denied", hold_id, found, judgement, scope, decision_reason=reason, **waited)
            return Outcome(False, explain.denied(tool, judgement, hold_id, approver, reason))
        if current.status == APPROVED and (current.self_approval or current.decided_by != current.user):
            self._record(
                "approved", hold_id, found, judgement, scope, grant_seconds=current.grant_seconds, **waited
            )
            return RELEASED
        if current.status in (APPROVED, DENIED):
            # An approval by the developer the policy wants someone else for is no approval.
            reason = current.decision_reason if current.status == DENIED else "approved by its own requester"
            self._record("denied", hold_id, found, judgement, scope, decision_reason=reason, **waited)
            return Outcome(False, explain.denied(tool, judgement, hold_id, current.decided_by or "?", reason))
        self._record("timed_out", hold_id, found, judgement, scope, **waited)
        return Outcome(False, explain.timed_out(tool, judgement, hold_id, rules.timeout))

    def _abandon(
        self, hold_id: str, found: FoundCall, judgement: Judgement, scope: Scope, started: float
    ) -> None:
        with contextlib.suppress(ApprovalError, OSError):  # never opened: nothing to close
            self.store.time_out(hold_id, ABANDONED)
        waited = round((self.clock() - started) * 1000)
        self._record("abandoned", hold_id, found, judgement, scope, wait_ms=waited)

    def _fingerprint(self, judgement: Judgement) -> str:
        return fingerprint(self.audit_key, judgement.subject)

    def _redacted(self, text: str) -> str:
        for finding in sorted(self.scanner.scan(text), key=lambda f: f.start, reverse=True):
            text = f"{text[: finding.start]}[{finding.kind}]{text[finding.end :]}"
        return text

    def _record(
        self, event: str, hold_id: str, found: FoundCall, judgement: Judgement, scope: Scope, **extra: Any
    ) -> None:
        record: Record = {
            "type": GUARDRAIL,
            "ts": timestamp(self.clock()),
            "flow": scope.flow,
            "hold": hold_id,
            "decision": event,
            "tool": found.call.tool,
            "command_hmac": self._fingerprint(judgement) if judgement.subject else None,
            "preview": extra.pop("preview_text", None) or preview(found.sent, self.scanner),
            "rule": judgement.rule.describe() if judgement.rule is not None else None,
            "user": scope.user,
            "repository": scope.repository,
            "tier": scope.tier,
            "provider": scope.provider,
            "host": scope.host,
            **{k: v for k, v in extra.items() if v is not None},
        }
        self.trail(record)
