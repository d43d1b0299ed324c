"""What the addons record on a flow (`flow.metadata`), and answering a flow with a block."""

from __future__ import annotations

import logging

from mitmproxy import http

from providers.routes import ROUTES, Route

logger = logging.getLogger("pretense")

ROUTE = "pretense.route"
TIER = "pretense.tier"
REPOSITORY = "pretense.repository"  # the repository the request was attributed to, or None
ATTRIBUTION = "pretense.attribution"  # which attribution source answered
RULE = "pretense.rule"  # the policy rule that chose the tier, in words
EXCEPTION = "pretense.exception"  # the policy exception used, in words, if any
USER = "pretense.user"  # the proxy-authenticated or local user
BLOCKED = "pretense.blocked"
REWRITTEN = "pretense.rewritten"
INSPECTED = "pretense.inspected"  # False for an AI endpoint Pretense recognises but cannot read
FOUND = "pretense.found"  # secrets and client data found, counted by kind (never the values)
PASSED = "pretense.passed"  # of what was found, what the policy lets through, by kind
FINGERPRINTS = "pretense.fingerprints"  # (kind, keyed HMAC) of each value found, for the audit
RENAMED = "pretense.renamed"  # the proprietary names renamed (in memory only: never logged)

_BY_NAME = {f"{route.provider}:{route.wire.name}": route for route in ROUTES}


def route_name(route: Route) -> str:
    return f"{route.provider}:{route.wire.name}"


def destination(flow: http.HTTPFlow) -> str:
    """The host the request's bytes go to: the name the client connected to (TLS SNI); the
    Host header only stands in for plain HTTP (it could name another host than the one the
    connection goes to)."""
    return flow.client_conn.sni or flow.request.pretty_host


def route_of(flow: http.HTTPFlow) -> Route | None:
    name = flow.metadata.get(ROUTE)
    return _BY_NAME.get(name) if isinstance(name, str) else None


def block(flow: http.HTTPFlow, route: Route, status: int, reason: str) -> None:
    """Answer the flow ourselves, in the provider's error shape, with why and what to do."""
    message = f"Pretense blocked this request: {reason}"
    status = route.wire.error_status(status)
    flow.response = http.Response.make(
        status,
        route.wire.error_body(status, message),
        {"content-type": "application/json", **route.wire.error_headers()},
    )
    flow.metadata[BLOCKED] = reason
    logger.warning("blocked %s %s: %s", flow.request.host, flow.request.path.partition("?")[0], reason)
