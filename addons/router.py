"""Selects AI traffic by host and path; everything else passes through untouched.

Connections to hosts that serve no AI endpoint are not even decrypted: their TLS is
tunnelled as is, so tools that do not trust Pretense's CA keep working.
"""

from __future__ import annotations

from mitmproxy import http, tls

from addons.flowstate import ROUTE, route_name
from providers import routes


class Router:
    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        address = data.context.server.address
        host = data.client_hello.sni or (address[0] if address else "")
        if not routes.is_ai_host(host):
            data.ignore_connection = True

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # The name the client connected to (TLS SNI) is where the bytes go; the Host header
        # only stands in for plain HTTP.
        host = flow.client_conn.sni or flow.request.pretty_host
        route = routes.match(host, flow.request.path)
        if route is not None and not route.inspected and not _may_carry_code(flow.request):
            route = None  # a model list or a health check: nothing to inspect
        if route is None:
            flow.request.stream = True
            return
        flow.metadata[ROUTE] = route_name(route)
        # The answer is read as it streams; compressed bytes would have to be undone first.
        flow.request.headers["accept-encoding"] = "identity"

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        if ROUTE not in flow.metadata and flow.response is not None:
            flow.response.stream = True


def _may_carry_code(request: http.Request) -> bool:
    upgrade = request.headers.get("upgrade", "").lower() == "websocket"
    return request.method in ("POST", "PUT", "PATCH") or upgrade
