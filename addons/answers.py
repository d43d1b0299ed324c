"""Restores the answers to rewritten requests: streamed ones event by event as they arrive
(nothing waits for the end), the others whole. Upstream errors pass unchanged: clients
match their wording. An answer that cannot be restored is not passed on half-restored."""

from __future__ import annotations

import logging
from collections.abc import Callable

from mitmproxy import http

from addons.exchange import Exchange, Exchanges, event_stream
from addons.guard import guarded
from mutators.base import Restoration
from providers.encoding import chunk_decoder
from providers.errors import WireFormatError
from providers.exchange import restore_response
from providers.routes import RouteTable

logger = logging.getLogger("pretense")

Stream = Callable[[bytes], list[bytes]]


class Answers:
    def __init__(self, routes: RouteTable, exchanges: Exchanges) -> None:
        self.routes = routes
        self.exchanges = exchanges

    @guarded
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        response = flow.response
        if exchange is None or response is None:
            return
        restoration = _restoration(exchange)
        if restoration is None or not 200 <= response.status_code < 300:
            # Nothing to restore, or an upstream error that clients match word for word.
            response.stream = True
            return
        if event_stream(response):
            response.stream = self._stream(flow, exchange, restoration)

    @guarded
    def response(self, flow: http.HTTPFlow) -> None:
        exchange = self.exchanges.get(flow)
        response = flow.response
        if exchange is None or response is None or response.stream or exchange.blocked:
            return
        restoration = _restoration(exchange)
        if restoration is None or not 200 <= response.status_code < 300:
            return
        try:
            body = response.get_content()
            restored = restore_response(exchange.route.wire, body, restoration) if body else None
        except (WireFormatError, ValueError) as e:
            # Half the names back and half not would mislead an agent: say so instead.
            exchange.failure = f"the answer could not be restored ({e})"
            logger.warning("answer to %s not restored: %s", flow.request.path, e)
            wire = exchange.route.wire
            message = f"Pretense could not restore the provider's answer ({e}); try again."
            flow.response = http.Response.make(
                502,
                wire.error_body(502, message),
                {"content-type": "application/json", **wire.error_headers()},
            )
            return
        if restored is not None:
            response.content = restored

    def _stream(self, flow: http.HTTPFlow, exchange: Exchange, restoration: Restoration) -> Stream | bool:
        assert flow.response is not None
        headers = flow.response.headers
        decode = chunk_decoder(headers.get("content-encoding", ""))
        if decode is None:
            logger.warning(
                "answer to %s uses unsupported content-encoding %r: passed unrestored",
                flow.request.path,
                headers["content-encoding"],
            )
            return True
        headers.pop("content-encoding", None)
        headers.pop("content-length", None)
        rewriter = exchange.route.wire.stream(restoration)
        broken = False

        def stream(chunk: bytes) -> list[bytes]:
            nonlocal broken
            if broken:
                return []
            try:
                out = rewriter.feed(decode(chunk)) if chunk else rewriter.flush()
            except Exception as e:  # mid-stream: cut it rather than pass it on half-restored
                broken = True
                exchange.failure = exchange.failure or f"{type(e).__name__} while restoring the stream"
                logger.error(
                    "restoring the answer to %s failed; the stream is cut", flow.request.path, exc_info=e
                )
                return []
            # An empty write would end a chunked body early: send nothing instead.
            return [out] if out else []

        return stream


def _restoration(exchange: Exchange) -> Restoration | None:
    verdict = exchange.verdict
    if verdict is None or exchange.blocked or not verdict.restoration.active:
        return None
    return verdict.restoration
