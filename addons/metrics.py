"""Counts each AI request for the admin port's Prometheus metrics once it is over: by
provider, tier and decision, its blocks and detections, and the latency Pretense added."""

from __future__ import annotations

from mitmproxy import http

from addons.exchange import Exchange, Exchanges
from addons.guard import guarded
from gateway.metrics import GatewayMetrics
from providers.routes import RouteTable


class Metrics:
    def __init__(self, routes: RouteTable, exchanges: Exchanges, metrics: GatewayMetrics) -> None:
        self.routes = routes
        self.exchanges = exchanges
        self.metrics = metrics

    @guarded
    def response(self, flow: http.HTTPFlow) -> None:
        if (exchange := self.exchanges.get(flow)) is not None:
            self._count(exchange, failed=False)

    @guarded
    def error(self, flow: http.HTTPFlow) -> None:
        if (exchange := self.exchanges.get(flow)) is not None and flow.response is None:
            self._count(exchange, failed=True)

    def _count(self, exchange: Exchange, failed: bool) -> None:
        metrics, tier = self.metrics, exchange.tier or "none"
        verdict = exchange.verdict
        if exchange.blocked is not None:
            decision = "blocked"
            metrics.blocks.labels(tier).inc()
        elif failed:
            decision = "failed"
        else:
            decision = "rewritten" if verdict is not None and verdict.rewritten else "forwarded"
        metrics.requests.labels(exchange.route.provider, tier, decision).inc()
        if verdict is not None:
            for kind, count in verdict.found.items():
                metrics.detections.labels(kind).inc(count)
        if exchange.added_ms is not None:
            metrics.added.observe(exchange.added_ms / 1000)
