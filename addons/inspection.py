"""Inspects every AI request before it leaves: the inspector decides its tier, rewrites its
text and checks what is about to leave; the request is then forwarded as rewritten, or
refused in the provider's error shape. Loads the policy, key and inventories it needs.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mitmproxy import ctx, exceptions, http
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchange, Exchanges
from addons.guard import block, guarded
from addons.state import SuiteState
from audit.device import AuditDevice
from inspection.request import Request, Verdict
from installation.errors import PretenseError
from installation.home import SHIPPED_DEFAULT_POLICY
from policy.model import Tier
from providers.routes import RouteTable

logger = logging.getLogger("pretense")


class Inspection:
    def __init__(
        self, state: SuiteState, routes: RouteTable, exchanges: Exchanges, audit: AuditDevice | None = None
    ) -> None:
        self.state = state
        self.routes = routes
        self.exchanges = exchanges
        self.audit = audit or AuditDevice()  # shared with the Auditor; one never attached refuses nothing

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_policy",
            str,
            "",
            "Pretense policy file (YAML); default: policy.yaml in the Pretense home.",
        )

    def configure(self, updated: set[str]) -> None:
        if "pretense_policy" not in updated:
            return
        path = Path(ctx.options.pretense_policy or self.state.home.policy_file)
        if not ctx.options.pretense_policy and not path.exists():
            path = Path(str(SHIPPED_DEFAULT_POLICY))
        try:
            self.state.load(path)
        except PretenseError as e:
            raise exceptions.OptionsError(str(e)) from e

    @guarded
    def request(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        if exchange is None or flow.response is not None:
            return
        self.state.refresh()
        inspector = self.state.inspector
        assert inspector is not None, "configure() loads the inspector before any flow"
        request = flow.request
        upgrade = request.headers.get("upgrade", "").lower() == "websocket"
        asked = Request(
            exchange.route,
            exchange.host,
            request.path,
            request.raw_content or b"",
            request.headers.get("content-encoding", ""),
            exchange.tagged,
            exchange.user,
        )
        verdict = inspector.without_body(asked) if upgrade else inspector.inspect(asked)
        exchange.verdict = verdict
        if verdict.leak is not None:
            logger.error("internal leak caught by the egress check, request refused: %s", verdict.leak)
        if verdict.decision is not None and verdict.decision.exception is not None:
            logger.info(
                "exception used by %s for %s: %s",
                exchange.user,
                verdict.decision.repository,
                verdict.decision.exception.describe(),
            )
        if verdict.blocked is not None:
            block(flow, exchange.route.wire, verdict.status, verdict.blocked, exchange)
        elif (unrecorded := self._unrecorded(verdict)) is not None:
            block(flow, exchange.route.wire, 503, unrecorded, exchange)
        elif upgrade and verdict.tier is not Tier.PUBLIC:
            self._refuse_websocket(flow, exchange)
        elif verdict.raw is not None:
            request.raw_content = verdict.raw
            if "content-length" in request.headers:
                request.headers["content-length"] = str(len(verdict.raw))
        if verdict.note is not None and verdict.blocked is None:
            path = request.path.partition("?")[0]
            logger.warning("forwarding %s unchanged (%s tier): %s", path, verdict.tier, verdict.note)
        if request.timestamp_end:
            exchange.added_ms = (time.time() - request.timestamp_end) * 1000
        self.exchanges.publish(flow)
        _log(flow, verdict)

    def _unrecorded(self, verdict: Verdict) -> str | None:
        """Vault's rule for the audit device: why the request must not leave while the audit
        trail cannot record it or the SIEM cannot take its events, as its tier and the policy say."""
        policy = self.state.policy
        if policy is None:
            return None
        return self.audit.refusal(policy.needs_record(verdict.tier), policy.needs_siem(verdict.tier))

    def _refuse_websocket(self, flow: http.HTTPFlow, exchange: Exchange) -> None:
        """Frames of an open WebSocket are not read: answer 426, and the client (Codex) falls
        back to HTTP with server-sent events, which are."""
        wire = exchange.route.wire
        flow.response = http.Response.make(
            426,
            wire.error_body(426, "Pretense reads AI traffic over HTTP only; use server-sent events."),
            {"content-type": "application/json", **wire.error_headers()},
        )
        exchange.blocked = "a WebSocket upgrade (answered 426: the client falls back to HTTP)"


def _log(flow: http.HTTPFlow, verdict: Verdict) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    logger.info(
        "%s %s tier=%s fields=%d rewritten=%s found=%s %s",
        flow.request.host,
        flow.request.path.partition("?")[0],
        verdict.tier,
        verdict.fields,
        "yes" if verdict.rewritten else "no",
        ",".join(f"{kind}:{count}" for kind, count in sorted(verdict.found.items())) or "-",
        " ".join(f"{stage}={ms:.2f}ms" for stage, ms in verdict.stages.items()),
    )
