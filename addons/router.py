"""Selects AI traffic by host and path; everything else passes through untouched.

Connections to hosts that serve no AI endpoint are not even decrypted: their TLS is
tunnelled as is, so tools that do not trust Pretense's CA keep working. The one exception
is where GitHub hands out Copilot tokens: the answer is read (never changed) for the hosts
the token names, which are AI hosts from then on, and remembered across restarts (Copilot
keeps its token for half an hour).

A request to an AI host opens the flow's exchange: every path there has a route (default
deny), plain HTTP included, and a request whose host is named two ways (TLS name, Host
header, URL) is refused rather than guessed at.
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from mitmproxy import ctx, http, tls
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchange, Exchanges
from addons.guard import block, guarded
from providers.copilot import is_host_name, token_hosts
from providers.routes import RouteTable, host_name, is_token_exchange

logger = logging.getLogger("pretense")

TOKEN_EXCHANGE = "pretense.token_exchange"
LEARNED_HOSTS_FILE = "copilot-hosts"


class Router:
    def __init__(self, routes: RouteTable, exchanges: Exchanges, home_root: Path) -> None:
        self.routes = routes
        self.exchanges = exchanges
        self._learned_file = home_root / LEARNED_HOSTS_FILE
        self._learned_stamp: tuple[int, int] | None = None

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_copilot_token_hosts",
            bool,
            True,
            "Decrypt GitHub's Copilot token exchange (api.github.com) to learn the AI hosts the "
            "token names; off: api.github.com is tunnelled untouched and only Copilot's known "
            "hosts are inspected.",
        )

    @guarded
    def running(self) -> None:
        self._remembered()

    def _remembered(self) -> None:
        """Learn the hosts in the file if it changed since the last look (one `stat`): what
        another instance sharing the home learned counts here from its next connection on."""
        try:
            stat = self._learned_file.stat()
            if (stat.st_mtime_ns, stat.st_size) == self._learned_stamp:
                return
            self._learned_stamp = stat.st_mtime_ns, stat.st_size
            remembered = self._learned_file.read_text().split()
        except OSError:
            return
        learned = [host for host in remembered if is_host_name(host) and self.routes.learn("copilot", host)]
        if learned:
            logger.info("Copilot hosts remembered: %s", ", ".join(learned))

    @guarded
    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        address = data.context.server.address
        host = data.client_hello.sni or (address[0] if address else "")
        learning = ctx.options.pretense_copilot_token_hosts
        intercepted = self.routes.is_intercepted if learning else self.routes.is_ai_host
        if not intercepted(host):
            self._remembered()
            if not intercepted(host):
                data.ignore_connection = True

    @guarded
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        request = flow.request
        host = host_name(request.host)
        if ctx.options.pretense_copilot_token_hosts and is_token_exchange(host, request.path):
            flow.metadata[TOKEN_EXCHANGE] = True  # its answer is read whole (a few hundred bytes)
            return
        named = {host_name(n) for n in (request.host, request.pretty_host, flow.client_conn.sni) if n}
        ai_named = sorted(n for n in named if self.routes.is_ai_host(n))
        if ai_named and len(named) > 1:
            # mitmproxy connects to the URL's (or Host header's) host whatever the TLS name said.
            route = self.routes.match(ai_named[0], request.path)
            assert route is not None  # an AI host always has a route
            exchange = self.exchanges.open(flow, Exchange(route, host, received_bytes=_length(request)))
            block(
                flow,
                route.wire,
                400,
                f"the request names more than one host ({', '.join(sorted(named))}); Pretense does "
                "not guess which one the request goes to.",
                exchange,
            )
            return
        route = self.routes.match(host, request.path)
        if route is None or not _carries_text(request):
            request.stream = True  # not ours, or nothing to read (a model list, a health check)
            return
        self.exchanges.open(flow, Exchange(route, host, received_bytes=_length(request)))
        # The answer is read as it streams; compressed bytes would have to be undone first.
        request.headers["accept-encoding"] = "identity"

    @guarded
    def responseheaders(self, flow: http.HTTPFlow) -> None:
        response = flow.response
        if response is not None and self.exchanges.get(flow) is None and TOKEN_EXCHANGE not in flow.metadata:
            response.stream = True

    @guarded
    def response(self, flow: http.HTTPFlow) -> None:
        if TOKEN_EXCHANGE not in flow.metadata or flow.response is None:
            return
        if flow.response.status_code != 200:
            return
        try:
            body = flow.response.get_content() or b""
        except ValueError:
            return
        learned = [host for host in token_hosts(body) if self.routes.learn("copilot", host)]
        if not learned:
            return
        logger.info("Copilot token names new AI hosts: %s", ", ".join(learned))
        try:
            # One write under the file's lock: instances sharing the home append whole lines.
            with self._learned_file.open("a") as remembered:
                fcntl.flock(remembered, fcntl.LOCK_EX)
                remembered.write("".join(f"{host}\n" for host in learned))
        except OSError as e:
            logger.warning("cannot remember Copilot hosts in %s: %s", self._learned_file, e)


def _carries_text(request: http.Request) -> bool:
    """Whether a request can carry text: a body, or a WebSocket upgrade (frames follow)."""
    if request.headers.get("upgrade", "").lower() == "websocket":
        return True
    if request.method in ("POST", "PUT", "PATCH"):
        return True
    return "transfer-encoding" in request.headers or (_length(request) or 0) > 0


def _length(request: http.Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None
