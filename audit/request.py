"""The audit record of one AI request, built from facts the proxy gathered on its flow.

The proxy's event loop only collects references (`RequestFacts`); the writer thread
turns them into the record: model and token usage read from the bodies, secrets and
renamed identifiers replaced by keyed HMACs, the body sent and the answer the client got
fingerprinted (keyed HMACs too: an answer holds the restored names and values), the sent
body captured if asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from audit.capture import BlobStore
from audit.record import REQUEST, Record, timestamp
from installation.fingerprints import body_fingerprint
from providers.model import requested_model

_COUNTS = {
    "input": re.compile(rb'"(?:input_tokens|prompt_tokens)"\s*:\s*(\d+)'),
    "output": re.compile(rb'"(?:output_tokens|completion_tokens)"\s*:\s*(\d+)'),
}


@dataclass(slots=True)
class RequestFacts:
    """What the proxy knows about one AI request; bodies are references, not copies."""

    started: float
    flow_id: str
    user: str
    user_source: str
    client: str
    """The user agent, cut short."""
    client_address: str | None
    provider: str
    host: str
    path: str
    tool: str = "unknown"
    """The AI tool the headers name (`providers.clients`), and its version."""
    tool_version: str = ""
    tool_approved: bool | None = None
    """Whether the tier approves that tool; None: the tier names no tools."""
    client_hints: dict[str, str] = field(default_factory=dict)
    """The other identifying headers (`x-app`, Copilot's editor headers, Codex's `originator`)."""
    tier: str | None = None
    repository: str | None = None
    attribution: str = "default"
    rule: str | None = None
    inspected: bool = True
    exception: Any = None
    blocked: str | None = None
    rewritten: bool = False
    found: dict[str, int] = field(default_factory=dict)
    passed: dict[str, int] = field(default_factory=dict)
    """Of `found`, what the policy lets through as it is (`secrets.allow`)."""
    fingerprints: Sequence[tuple[str, str]] = ()
    identifiers: Sequence[str] = ()
    """Keyed HMACs of the names renamed (the names themselves never reach the trail)."""
    files: Sequence[str] = ()
    """Keyed HMACs of the file paths the request names."""
    unknown_fields: int = 0
    leak: str | None = None
    """What the egress check caught, if anything: an internal failure, never forwarded."""
    failure: str | None = None
    """An internal error on the way, in words."""
    received_bytes: int | None = None
    sent_body: bytes = b""
    sent_fingerprint: str | None = None
    """Of `sent_body`, if the inspection made it already."""
    model: str | None = None
    """The model the request names, if the inspection read it already."""
    status: int | None = None
    response_head: bytes = b""
    response_tail: bytes = b""
    response_bytes: int = 0
    delivered: Sequence[bytes] = ()
    """The answer as the client got it (after restoration), in the chunks it went out in."""
    added_ms: float | None = None
    error: str | None = None
    subject: str | None = None
    """The signed-in person's subject, e-mail and groups (a gateway with OIDC sign-in)."""
    email: str | None = None
    groups: Sequence[str] = ()


def request_record(facts: RequestFacts, audit_key: bytes, capture: BlobStore | None = None) -> Record:
    forwarded = facts.blocked is None and facts.error is None
    record: Record = {
        "type": REQUEST,
        "ts": timestamp(facts.started),
        "flow": facts.flow_id,
        "user": facts.user,
        "user_source": facts.user_source,
        "client": facts.client,
        "client_address": facts.client_address,
        "tool": facts.tool,
        "tool_version": facts.tool_version,
        "tool_approved": facts.tool_approved,
        "client_hints": facts.client_hints,
        "provider": facts.provider,
        "host": facts.host,
        "path": facts.path,
        "model": (facts.model if facts.model is not None else requested_model(facts.path, facts.sent_body))
        or None,
        "repository": facts.repository,
        "attribution": facts.attribution,
        "tier": facts.tier,
        "rule": facts.rule,
        "inspected": facts.inspected,
        "decision": _decision(facts),
        "identifiers_mutated": len(facts.identifiers),
        "identifiers": sorted(facts.identifiers),
        "files": sorted(facts.files),
        "detections": dict(sorted(facts.found.items())),
        "secrets": sorted({(kind, digest) for kind, digest in facts.fingerprints}),
        "secrets_passed": dict(sorted(facts.passed.items())),
        "secrets_action": _secrets_action(facts),
        "request_bytes": facts.received_bytes,
        "sent_bytes": len(facts.sent_body) if forwarded else 0,
        "sent_fingerprint": (facts.sent_fingerprint or body_fingerprint(audit_key, (facts.sent_body,)))
        if forwarded
        else None,
        "response_bytes": facts.response_bytes,
        "answer_fingerprint": body_fingerprint(audit_key, facts.delivered) if facts.status else None,
        "tokens": _usage(facts.response_head, facts.response_tail),
        "added_ms": None if facts.added_ms is None else round(facts.added_ms, 3),
        "status": facts.status,
    }
    if facts.subject is not None:
        record |= {"subject": facts.subject, "email": facts.email}
    if facts.groups:
        record["groups"] = sorted(facts.groups)
    if facts.blocked:
        record["block_reason"] = facts.blocked
    if facts.exception is not None:
        record["exception"] = facts.exception
    if facts.error:
        record["error"] = facts.error
    if facts.failure:
        record["internal_error"] = facts.failure
    if facts.leak:
        record["egress_leak"] = facts.leak
    if facts.unknown_fields:
        record["unknown_fields"] = facts.unknown_fields
    if capture is not None and forwarded and facts.sent_body:
        record["sent_blocks"] = capture.store(facts.sent_body)
    return record


def _decision(facts: RequestFacts) -> str:
    if facts.blocked:
        return "blocked"
    if facts.error:
        return "failed"
    return "rewritten" if facts.rewritten else "forwarded"


def _secrets_action(facts: RequestFacts) -> str | None:
    if not facts.found:
        return None
    if facts.blocked:
        return "blocked"
    redacted = any(count > facts.passed.get(kind, 0) for kind, count in facts.found.items())
    return "redacted" if redacted else "passed"


def _usage(head: bytes, tail: bytes) -> dict[str, int] | None:
    """Token counts as the provider reported them (the last report wins: stream deltas are
    cumulative); None when the answer held none (a stream without usage, an error)."""
    usage = {}
    for name, pattern in _COUNTS.items():
        counts = [int(m) for part in (head, tail) for m in pattern.findall(part)]
        if counts:
            usage[name] = counts[-1] if name == "output" else max(counts)
    return usage or None


def deferred(facts: RequestFacts, audit_key: bytes, capture: BlobStore | None) -> Callable[[], Record]:
    return lambda: request_record(facts, audit_key, capture)
