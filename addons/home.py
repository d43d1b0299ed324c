"""Makes sure Pretense's local state exists, and sets the mitmproxy options the suite needs
wherever the user left mitmproxy's default."""

from __future__ import annotations

import ipaddress
import logging
import os

from mitmproxy import connection, ctx
from mitmproxy.addonmanager import Loader

from addons.exchange import Exchanges
from addons.guard import guarded
from installation.home import Home, ensure_home
from providers.routes import RouteTable

logger = logging.getLogger("pretense")

LOOPBACK = "127.0.0.1"


class PretenseHome:
    def __init__(self, home: Home, routes: RouteTable, exchanges: Exchanges) -> None:
        self.home = home
        self.routes = routes  # what the guard needs to know of every addon
        self.exchanges = exchanges
        self.loopback_only = False
        """The listen address was left to us: only this machine's tools may connect."""

    def load(self, loader: Loader) -> None:
        # Everything the proxy writes (trail, queue, inventories, learned hosts) holds what
        # only its user should read: private from the first byte, not chmod-ed afterwards.
        os.umask(0o077)
        for made in ensure_home(self.home):
            logger.info("created %s", made)

    def configure(self, updated: set[str]) -> None:
        # Plain `mitmdump -s addons/pretense.py` would otherwise mint a second CA in
        # ~/.mitmproxy that no tool trusts.
        if "confdir" in updated and ctx.options.confdir == "~/.mitmproxy":
            ctx.options.update(confdir=str(self.home.certs))
        # mitmproxy listens on every interface by default: a workstation proxy should not be
        # reachable from the network unless someone asks for it.
        if "listen_host" in updated:
            if not ctx.options.listen_host:
                self.loopback_only = True
                ctx.options.update(listen_host=LOOPBACK)
            elif ctx.options.listen_host not in (LOOPBACK, "localhost", "::1") and not ctx.options.proxyauth:
                logger.warning(
                    "listening on %s without proxy authentication: anyone who can reach this port "
                    "can use the proxy (add --proxyauth)",
                    ctx.options.listen_host,
                )
        # Connect upstream only when a request goes there: a blocked request never opens a
        # connection to the provider, and a blocked host needs no DNS.
        if "connection_strategy" in updated and ctx.options.connection_strategy == "eager":
            ctx.options.update(connection_strategy="lazy")
        # mitmproxy's root logger takes everything and its handlers drop what the verbosity
        # hides; a per-request line nobody sees would still cost a record and a dispatch.
        if "termlog_verbosity" in updated:
            logger.setLevel(ctx.options.termlog_verbosity.upper())

    @guarded
    def running(self) -> None:
        if self.loopback_only:
            # mitmdump starts listening before it loads scripts: listen again, on loopback.
            ctx.options.update(server=False)
            ctx.options.update(server=True)

    @guarded
    def client_connected(self, client: connection.Client) -> None:
        """Until the listener is back on loopback (and after), a connection from another
        machine to a proxy nobody asked to serve the network is refused."""
        if (
            self.loopback_only
            and client.peername
            and not ipaddress.ip_address(client.peername[0]).is_loopback
        ):
            client.error = "Pretense serves this machine only: start it with --listen-host to serve others"
