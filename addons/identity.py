"""Who sent an AI request: the proxy-authenticated user on a gateway (else the local user),
and the repository `pretense run --repo` tagged the tool's connection with. Both come from
places the developer cannot type into a prompt, so both may choose a lower tier."""

from __future__ import annotations

import getpass
import os

from mitmproxy import connection, http

from addons.exchange import Exchanges
from addons.guard import guarded
from policy.attribution import sign_in_token, tagged_repository
from providers.clients import hints, identify
from providers.routes import RouteTable


def local_user() -> str:
    try:
        return os.environ.get("PRETENSE_USER") or getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


class Identity:
    def __init__(self, routes: RouteTable, exchanges: Exchanges) -> None:
        self.routes = routes
        self.exchanges = exchanges
        self._tags: dict[str, str] = {}  # client connection id -> repository path
        self._local_user = local_user()

    @guarded
    def http_connect(self, flow: http.HTTPFlow) -> None:
        """`pretense run --repo` tags a tool's traffic in the proxy credentials of its CONNECT."""
        repository = tagged_repository(flow.request.headers.get("proxy-authorization", ""))
        if repository is not None:
            self._tags[flow.client_conn.id] = repository

    @guarded
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # Plain-HTTP proxying carries the credentials on each request: they never go upstream.
        header = flow.request.headers.get("proxy-authorization")
        if header is not None:
            repository = tagged_repository(header)
            if repository is not None:
                self._tags[flow.client_conn.id] = repository
            if repository is not None or sign_in_token(header) is not None:
                del flow.request.headers["proxy-authorization"]
        exchange = self.exchanges.get(flow)
        if exchange is None:
            return
        exchange.tagged = self._tags.get(flow.client_conn.id)
        exchange.client = identify(flow.request.headers)
        exchange.client_hints = hints(flow.request.headers)
        if exchange.user is not None:
            return  # the gateway's sign-in named them (addons/signin.py)
        credentials = flow.metadata.get("proxyauth")
        if isinstance(credentials, tuple) and credentials and isinstance(credentials[0], str):
            exchange.user, exchange.user_source = credentials[0], "proxyauth"  # never the password
        else:
            exchange.user, exchange.user_source = self._local_user, "os"

    @guarded
    def client_disconnected(self, client: connection.Client) -> None:
        self._tags.pop(client.id, None)
