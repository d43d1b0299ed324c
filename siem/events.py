"""Which audit records become SIEM events, with what name and severity (0-10, CEF's
scale; LEEF uses the same numbers, 1-10)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from audit.record import (
    CHECKPOINT,
    EXCEPTION,
    GAP,
    GUARDRAIL,
    POLICY,
    REQUEST,
    SIEM_DROPPED,
    parse_timestamp,
)

CLIENT_DATA = frozenset({"card_number", "iban", "us_ssn", "aba_routing_number", "account_number"})
# A guardrail record's decision: the event it raises.
GUARDRAIL_EVENTS = {
    "held": ("tool_call_held", "Agent tool call held for approval", 6),
    "approved": ("tool_call_approved", "Held agent tool call approved", 5),
    "granted": ("tool_call_granted", "Agent tool call let through by an approval's grant", 5),
    "denied": ("tool_call_denied", "Held agent tool call denied", 6),
    "timed_out": ("tool_call_timed_out", "Held agent tool call timed out unapproved", 6),
    "abandoned": ("tool_call_abandoned", "Held agent tool call abandoned by its client", 4),
    "refused": ("tool_call_refused", "Agent tool call refused by the policy", 7),
    "failed": ("tool_call_unjudged", "Agent tool call could not be judged and was refused", 7),
}


@dataclass(frozen=True, slots=True)
class SiemEvent:
    signature: str  # stable event class id: CEF's Signature ID, LEEF's Event ID
    name: str
    severity: int
    epoch_ms: int
    fields: Mapping[str, Any] = field(default_factory=dict)  # audit record fields worth sending


def event_for(record: Mapping[str, Any]) -> SiemEvent | None:
    """The event an audit record raises, or None for routine records (a plain request,
    start, stop)."""
    kind = record.get("type")
    try:
        epoch_ms = int(parse_timestamp(str(record.get("ts"))).timestamp() * 1000)
    except ValueError:
        return None
    classified = _classify(kind, record)
    if classified is None:
        return None
    signature, name, severity = classified
    return SiemEvent(signature, name, severity, epoch_ms, record)


def _classify(kind: object, record: Mapping[str, Any]) -> tuple[str, str, int] | None:
    if kind == CHECKPOINT:
        return "audit_checkpoint", "Audit trail checkpoint signed", 1
    if kind == POLICY:
        return "policy_loaded", "Policy loaded", 3
    if kind == GAP:
        return "audit_gap", "Audit trail not closed by the previous run", 6
    if kind == EXCEPTION:
        return "exception_used", "Policy exception used", 6
    if kind == SIEM_DROPPED:
        return "siem_events_dropped", "SIEM queue full: events dropped (the audit trail holds them)", 7
    if kind == GUARDRAIL:
        return GUARDRAIL_EVENTS.get(str(record.get("decision")))
    if kind != REQUEST:
        return None
    detections = record.get("detections") or {}
    if record.get("decision") == "blocked":
        return "request_blocked", "AI request blocked", 8 if detections else 7
    if detections and record.get("secrets_action") == "passed":
        return "secret_passed", "Secret or client data let through by the policy (secrets.allow)", 5
    if detections:
        if CLIENT_DATA & detections.keys():
            return "client_data_redacted", "Client data redacted from an AI request", 6
        return "secret_redacted", "Secret redacted from an AI request", 5
    if record.get("identifiers_mutated"):
        return "identifiers_mutated", "Proprietary identifiers mutated", 2
    return None
