"""An AI flow as the suite's earlier addons leave it for the Auditor (its exchange holding
the inspection's verdict), and the facts the Auditor gathers from one: for the audit tests
and `bench.audit_cost`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mitmproxy import http
from mitmproxy.test import tflow

from addons.audit import Auditor
from addons.exchange import Exchange, Exchanges
from addons.state import SuiteState
from audit.device import AuditDevice
from audit.request import RequestFacts
from inspection.request import Verdict
from installation.home import SHIPPED_DEFAULT_POLICY, Home
from policy.model import Tier
from providers.routes import RouteTable

BODY = b'{"model":"claude-sonnet-5-5","messages":[{"role":"user","content":"explain ZqAbcdefghi"}]}'
ROUTES = RouteTable()


@dataclass
class Suite:
    """The parts of the suite the Auditor is built with."""

    home: Home
    exchanges: Exchanges = field(default_factory=Exchanges)
    device: AuditDevice = field(default_factory=AuditDevice)

    def auditor(self) -> Auditor:
        """An Auditor with the state a proxy starts with (the shipped default policy)."""
        state = SuiteState(self.home)
        state.load(Path(str(SHIPPED_DEFAULT_POLICY)))
        return Auditor(state, ROUTES, self.exchanges, self.device)

    def ai_flow(
        self,
        answer: bytes = b"",
        proxyauth: tuple[str, str] | None = None,
        body: bytes = BODY,
        identifiers: tuple[str, ...] = ("ab" * 16,),
        blocked: str | None = None,
        tier: Tier = Tier.RESTRICTED,
    ) -> http.HTTPFlow:
        flow = tflow.tflow(resp=True)
        flow.request.host, flow.request.path = "api.anthropic.com", "/v1/messages?beta=true"
        flow.request.headers["user-agent"] = "claude-cli/2.0.1 (external, cli)"
        flow.request.content = body
        route = ROUTES.match("api.anthropic.com", "/v1/messages")
        assert route is not None
        verdict = Verdict(
            tier,
            raw=body,
            found={"aws_access_key_id": 1},
            fingerprints=(("aws_access_key_id", "cd" * 16),),
            identifiers=identifiers,
        )
        user, source = (proxyauth[0], "proxyauth") if proxyauth else ("bob", "os")
        exchange = Exchange(
            route, "api.anthropic.com", len(body), user, source, verdict=verdict, blocked=blocked
        )
        self.exchanges.open(flow, exchange)
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
