"""Agent guardrails: the answer to an AI request whose tier has guardrail rules, and which
declares tools, goes through the relay (`relay/`), where each tool call is judged once its
arguments are complete and held, refused or released.

mitmproxy cannot add bytes to a streamed answer once the provider's side has ended, so it
cannot hold a call past the end of the answer nor keep the client's stream alive while an
approver decides. The relay can: this addon points the flow's upstream at it (on 127.0.0.1,
with a one-time ticket), and the relay makes the real request. The answer then comes back
through mitmproxy and `Answers` restores it as any other.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from mitmproxy import connection, ctx, exceptions, http
from mitmproxy.addonmanager import Loader
from mitmproxy.proxy.mode_specs import UpstreamMode

from addons.exchange import Exchange, Exchanges
from addons.guard import guarded
from addons.state import SuiteState
from approvals.desk import ApprovalDesk, Scope, Trail
from approvals.store import HoldStore
from approvals.webhooks import WebhookSender
from detectors import default_scanner
from guardrails.answers import restored_text
from guardrails.judge import CallContext, Judge
from guardrails.wires import may_get_calls
from installation.fingerprints import fingerprint_key
from policy.attribution import hints_in
from policy.guardrails import Guardrails as TierGuardrails
from policy.guardrails import parse_duration, tier_guardrails
from policy.model import Tier
from providers.routes import RouteTable
from relay.guard import AnswerGuard
from relay.server import TICKET_HEADER, Relay, Ticket
from relay.upstream import ProviderUpstream, Target

logger = logging.getLogger("pretense")

RELAYED = "pretense.guardrails"
"""The `flow.metadata` key set on a flow whose answer goes through the relay."""
_TLS_OPTIONS = ("ssl_verify_upstream_trusted_ca", "ssl_verify_upstream_trusted_confdir", "ssl_insecure")
_UPSTREAM_OPTIONS = (*_TLS_OPTIONS, "upstream_auth")


class Guardrails:
    def __init__(
        self,
        state: SuiteState,
        routes: RouteTable,
        exchanges: Exchanges,
        trail: Trail,
        upstream: ProviderUpstream | None = None,
        webhooks: WebhookSender | None = None,
        groups_of: Callable[[str], frozenset[str]] = lambda user: frozenset(),
    ) -> None:
        """`upstream`: how the relay reaches providers (a test gives one that dials its fake);
        `groups_of`: an approver's groups, where the policy's approvers name groups."""
        self.groups_of = groups_of
        self.state = state
        self.routes = routes
        self.exchanges = exchanges
        self.relay = Relay(upstream or ProviderUpstream())
        self.store = HoldStore.at(state.home.root)
        self.trail = trail
        self.webhooks = webhooks or WebhookSender()
        self.keepalive = 10.0
        self._desk: ApprovalDesk | None = None
        self._judges: dict[tuple[int, Tier], Judge] = {}
        self._tickets: weakref.WeakKeyDictionary[http.HTTPFlow, str] = weakref.WeakKeyDictionary()

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_guardrails_keepalive",
            str,
            "10s",
            "How often a held tool call's stream gets the provider's keep-alive (15s, 1m).",
        )

    def configure(self, updated: set[str]) -> None:
        if "pretense_guardrails_keepalive" in updated:
            try:
                self.keepalive = parse_duration(ctx.options.pretense_guardrails_keepalive)
            except ValueError as e:
                raise exceptions.OptionsError(f"pretense_guardrails_keepalive: {e}") from e
        if updated & set(_UPSTREAM_OPTIONS):
            self.relay.upstream.configure(
                ctx.options.ssl_verify_upstream_trusted_ca or "",
                ctx.options.ssl_verify_upstream_trusted_confdir or "",
                ctx.options.ssl_insecure,
                ctx.options.upstream_auth,
            )

    @guarded
    async def running(self) -> None:
        await self.relay.start()

    @guarded
    async def done(self) -> None:
        await self.relay.stop()
        await self.webhooks.close()

    @guarded
    def request(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        verdict = exchange.verdict if exchange is not None else None
        if exchange is None or verdict is None or flow.response is not None or exchange.blocked:
            return
        rules = self._rules(verdict.tier)
        if not rules.active or not may_get_calls(exchange.route.wire.name, flow.request.content or b""):
            return
        guard = self._guard(flow, exchange, rules)
        request = flow.request
        proxy = _proxy(flow)
        target = Target(
            request.scheme, request.host, request.port, request.host_header or request.host, proxy
        )
        token = self.relay.admit(Ticket(target, guard))
        self._tickets[flow] = token
        host_header = request.host_header
        request.scheme, request.host, request.port = "http", self.relay.host, self.relay.port
        request.host_header = host_header
        request.headers[TICKET_HEADER] = token
        if proxy:
            # The relay is on this machine: mitmproxy must not go through the upstream proxy
            # to reach it (the relay goes through it to the provider).
            flow.server_conn = connection.Server(address=(self.relay.host, self.relay.port))
        flow.metadata[RELAYED] = True

    @guarded
    def error(self, flow: http.HTTPFlow) -> None:
        token = self._tickets.pop(flow, None)
        if token is not None:
            self.relay.withdraw(token)

    def _rules(self, tier: Tier) -> TierGuardrails:
        policy = self.state.policy
        assert policy is not None, "configure() loads the policy before any flow"
        return tier_guardrails(policy, tier)

    def _guard(self, flow: http.HTTPFlow, exchange: Exchange, rules: TierGuardrails) -> AnswerGuard:
        verdict, policy = exchange.verdict, self.state.policy
        assert verdict is not None
        assert policy is not None
        decision = verdict.decision
        repository = decision.repository if decision is not None else None
        root = decision.attribution.root if decision is not None else None
        if root is None:
            # The working directory the client states, in the names it knows.
            hints = hints_in(flow.request.content or b"")
            root = restored_text(verdict.restoration, hints[0]) if hints else None
        scope = Scope(
            flow.id, exchange.user or "unknown", repository, exchange.route.provider, exchange.host,
            verdict.tier.value, rules, policy.exception_contact,
        )  # fmt: skip
        context = CallContext(repository, exchange.user, root, exchange.groups)
        judge = self._judge(verdict.tier, rules)
        return AnswerGuard(
            exchange.route.wire, verdict.restoration, judge, context, self._desk_now(), scope, self.keepalive
        )

    def _judge(self, tier: Tier, rules: TierGuardrails) -> Judge:
        key = (self.state.generation, tier)
        if key not in self._judges:
            self._judges = {k: j for k, j in self._judges.items() if k[0] == self.state.generation}
            self._judges[key] = Judge(rules)
        return self._judges[key]

    def _desk_now(self) -> ApprovalDesk:
        if self._desk is None:
            audit_key = fingerprint_key(self.state.key)
            self._desk = ApprovalDesk(
                self.store, self.trail, audit_key, default_scanner(), self.webhooks, groups_of=self.groups_of
            )
        return self._desk


def _proxy(flow: http.HTTPFlow) -> str:
    """The upstream proxy mitmproxy would take this flow through (`upstream:` mode): the relay
    goes the same way."""
    mode = flow.client_conn.proxy_mode
    if not isinstance(mode, UpstreamMode):
        return ""
    host, port = mode.address
    return f"{mode.scheme}://{f'[{host}]' if ':' in host else host}:{port}"
