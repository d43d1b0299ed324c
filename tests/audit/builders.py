"""An AI flow as the suite's earlier addons leave it for the Auditor, and the facts the
Auditor gathers from one: for the audit tests and `bench.audit_cost`."""

from __future__ import annotations

from mitmproxy import http
from mitmproxy.test import tflow

from addons.flowstate import FINGERPRINTS, FOUND, RENAMED, REWRITTEN, ROUTE, TIER
from audit.request import RequestFacts

BODY = b'{"model":"claude-sonnet-5-5","messages":[{"role":"user","content":"explain ZqAbcdefghi"}]}'


def ai_flow(
    answer: bytes = b"",
    proxyauth: tuple[str, str] | None = None,
    body: bytes = BODY,
    renamed: frozenset[str] = frozenset({"AccountHolder"}),
) -> http.HTTPFlow:
    flow = tflow.tflow(resp=True)
    flow.request.host, flow.request.path = "api.anthropic.com", "/v1/messages?beta=true"
    flow.request.headers["user-agent"] = "claude-cli/2.0.1 (external, cli)"
    flow.request.content = body
    flow.metadata |= {
        ROUTE: "anthropic:anthropic-messages",
        TIER: "restricted",
        REWRITTEN: True,
        FOUND: {"aws_access_key_id": 1},
        FINGERPRINTS: [("aws_access_key_id", "ab" * 16)],
        RENAMED: renamed,
    }
    if proxyauth:
        flow.metadata["proxyauth"] = proxyauth
    assert flow.response is not None
    flow.response.content = answer
    return flow


def request_facts(**changes: object) -> RequestFacts:
    facts = RequestFacts(
        started=1_767_225_600.25,
        flow_id="f1",
        user="alice",
        user_source="os",
        client="claude-cli/2.0.1",
        client_address="127.0.0.1",
        provider="anthropic",
        host="api.anthropic.com",
        path="/v1/messages",
        tier="restricted",
        sent_body=b'{"model":"claude-sonnet-5-5","messages":[{"role":"user","content":"hi"}]}',
    )
    for name, value in changes.items():
        setattr(facts, name, value)
    return facts
