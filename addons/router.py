"""Selects AI traffic by host and path; everything else passes through untouched.

Connections to hosts that serve no AI endpoint are not even decrypted: their TLS is
tunnelled as is, so tools that do not trust Pretense's CA keep working. The one exception
is where GitHub hands out Copilot tokens: the answer is read (never changed) for the hosts
the token names, which are AI hosts from then on, and remembered across restarts (Copilot
keeps its token for half an hour).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mitmproxy import ctx, http, tls
from mitmproxy.addonmanager import Loader

from addons.flowstate import ROUTE, destination, route_name
from installation.home import locate_home
from providers import routes
from providers.copilot import is_host_name, token_hosts

logger = logging.getLogger("pretense")

TOKEN_EXCHANGE = "pretense.token_exchange"
LEARNED_HOSTS_FILE = "copilot-hosts"


class Router:
    def __init__(self) -> None:
        self._learned_file: Path | None = None

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "pretense_copilot_token_hosts",
            bool,
            True,
            "Decrypt GitHub's Copilot token exchange (api.github.com) to learn the AI hosts the "
            "token names; off: api.github.com is tunnelled untouched and only Copilot's known "
            "hosts are inspected.",
        )

    def running(self) -> None:
        self._learned_file = locate_home().root / LEARNED_HOSTS_FILE
        try:
            remembered = self._learned_file.read_text().split()
        except OSError:
            remembered = []
        learned = [host for host in remembered if is_host_name(host) and routes.learn("copilot", host)]
        if learned:
            logger.info("Copilot hosts remembered: %s", ", ".join(learned))

    def tls_clienthello(self, data: tls.ClientHelloData) -> None:
        address = data.context.server.address
        host = data.client_hello.sni or (address[0] if address else "")
        learning = ctx.options.pretense_copilot_token_hosts
        if not (routes.is_intercepted(host) if learning else routes.is_ai_host(host)):
            data.ignore_connection = True

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        host = destination(flow)
        if ctx.options.pretense_copilot_token_hosts and routes.is_token_exchange(host, flow.request.path):
            flow.metadata[TOKEN_EXCHANGE] = True  # its answer is read whole (a few hundred bytes)
            return
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
        if ROUTE not in flow.metadata and TOKEN_EXCHANGE not in flow.metadata and flow.response is not None:
            flow.response.stream = True

    def response(self, flow: http.HTTPFlow) -> None:
        if TOKEN_EXCHANGE not in flow.metadata or flow.response is None:
            return
        if flow.response.status_code != 200:
            return
        try:
            body = flow.response.get_content() or b""
        except ValueError:
            return
        learned = [host for host in token_hosts(body) if routes.learn("copilot", host)]
        if not learned:
            return
        logger.info("Copilot token names new AI hosts: %s", ", ".join(learned))
        if self._learned_file is not None:
            try:
                with self._learned_file.open("a") as remembered:
                    remembered.write("".join(f"{host}\n" for host in learned))
            except OSError as e:
                logger.warning("cannot remember Copilot hosts in %s: %s", self._learned_file, e)


def _may_carry_code(request: http.Request) -> bool:
    upgrade = request.headers.get("upgrade", "").lower() == "websocket"
    return request.method in ("POST", "PUT", "PATCH") or upgrade
