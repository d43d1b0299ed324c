"""One guard around every Pretense hook: an exception in any of them never lets an AI request
out unread. mitmproxy would log it, skip the later addons' same hook and forward the flow;
the guard instead blocks the request in the provider's error shape, records what failed on
the flow's exchange (the audit trail writes it) and keeps the proxy up.

Every hook of every Pretense addon is wrapped with `guarded`; a test checks that none is not.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, Protocol

from mitmproxy import http

from addons.exchange import Exchange, Exchanges
from providers.base import WireFormat
from providers.openai_chat import OpenAIChat
from providers.routes import Route, RouteTable, host_name
from providers.uninspected import Uninspected

logger = logging.getLogger("pretense")

GUARDED = "__pretense_guarded__"
# The hooks a request still waits on: a failure in them must not let the request out.
REQUEST_HOOKS = frozenset({"requestheaders", "request"})
_PLAIN_ERRORS: WireFormat = OpenAIChat()


class Guarded(Protocol):
    exchanges: Exchanges
    routes: RouteTable


def guarded[Hook: Callable[..., Any]](hook: Hook) -> Hook:
    """Wrap an addon's hook (sync or async) so that no exception escapes it."""
    name = hook.__name__
    if inspect.iscoroutinefunction(hook):

        @functools.wraps(hook)
        async def run_async(self: Guarded, *args: Any) -> Any:
            try:
                return await hook(self, *args)
            except Exception as e:  # the guard's whole purpose: any failure, handled one way
                failed(self, name, args, e)
                return None

        setattr(run_async, GUARDED, True)
        return run_async  # type: ignore[return-value]

    @functools.wraps(hook)
    def run(self: Guarded, *args: Any) -> Any:
        try:
            return hook(self, *args)
        except Exception as e:  # the guard's whole purpose: any failure, handled one way
            failed(self, name, args, e)
            return None

    setattr(run, GUARDED, True)
    return run  # type: ignore[return-value]


def failed(addon: Guarded, hook: str, args: tuple[Any, ...], error: Exception) -> None:
    where = f"{type(addon).__name__}.{hook}"
    flow = args[0] if args and isinstance(args[0], http.HTTPFlow) else None
    logger.error("internal error in %s: %s", where, error, exc_info=error)
    if flow is None:
        return
    try:
        _refuse(addon, hook, flow, f"{type(error).__name__} in {where}")
    except Exception as second:  # the guard's own parts are broken: refuse plainly
        logger.error("the guard could not handle the failure in %s", where, exc_info=second)
        if hook in REQUEST_HOOKS and flow.response is None:
            block(flow, _PLAIN_ERRORS, 403, "an internal error stopped Pretense from inspecting it.", None)


def _refuse(addon: Guarded, hook: str, flow: http.HTTPFlow, description: str) -> None:
    exchange = addon.exchanges.get(flow)
    if exchange is None and hook in REQUEST_HOOKS and _may_be_ai(addon, flow):
        # Routing itself failed: the trail still gets a record of what was refused.
        host = host_name(flow.request.host or flow.request.pretty_host or "unknown")
        exchange = addon.exchanges.open(flow, Exchange(_unrouted(host), host))
    if exchange is not None:
        exchange.failure = exchange.failure or description
    if hook in REQUEST_HOOKS and flow.response is None and exchange is not None:
        wire = exchange.route.wire
        block(
            flow,
            wire,
            403,
            f"an internal error ({description}) stopped Pretense from inspecting it, so nothing was "
            "sent. The proxy's log has the details; tell your security team if it happens again.",
            exchange,
        )


def _unrouted(host: str) -> Route:
    reason = "routing the request failed"
    return Route("unknown", host, frozenset(), Uninspected(f"uninspected:{host}", reason, _PLAIN_ERRORS))


def _may_be_ai(addon: Guarded, flow: http.HTTPFlow) -> bool:
    """Whether a flow whose routing itself failed could be an AI request: if anything about
    it names an AI host, or nothing can be read of it at all."""
    try:
        names = {flow.request.host, flow.request.pretty_host, flow.client_conn.sni or ""}
        return any(addon.routes.is_ai_host(host_name(n)) for n in names if n)
    except Exception:  # a flow too broken to read is treated as the worst case
        return True


def block(flow: http.HTTPFlow, wire: WireFormat, status: int, reason: str, exchange: Exchange | None) -> None:
    """Answer the flow ourselves, in the provider's error shape, with why and what to do."""
    message = f"Pretense blocked this request: {reason}"
    status = wire.error_status(status)
    flow.response = http.Response.make(
        status,
        wire.error_body(status, message),
        {"content-type": "application/json", **wire.error_headers()},
    )
    if exchange is not None:
        exchange.blocked = reason
    logger.warning("blocked %s %s: %s", flow.request.host, flow.request.path.partition("?")[0], reason)
