"""Makes sure Pretense's local state exists, and sets the mitmproxy options the suite needs
wherever the user left mitmproxy's default."""

from __future__ import annotations

import logging

from mitmproxy import ctx
from mitmproxy.addonmanager import Loader

from installation.home import Home, ensure_home

logger = logging.getLogger("pretense")

LOOPBACK = "127.0.0.1"


class PretenseHome:
    def __init__(self, home: Home) -> None:
        self.home = home

    def load(self, loader: Loader) -> None:
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
