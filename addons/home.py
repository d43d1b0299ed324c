"""Makes sure Pretense's local state exists and that mitmproxy uses its CA."""

from __future__ import annotations

import logging

from mitmproxy import ctx
from mitmproxy.addonmanager import Loader

from pretense.home import Home, ensure_home, locate_home

logger = logging.getLogger("pretense")

MITMPROXY_DEFAULT_CONFDIR = "~/.mitmproxy"


class PretenseHome:
    def __init__(self) -> None:
        self.home: Home | None = None

    def load(self, loader: Loader) -> None:
        self.home = locate_home()
        for made in ensure_home(self.home):
            logger.info("created %s", made)

    def configure(self, updated: set[str]) -> None:
        # Plain `mitmdump -s addons/pretense.py` would otherwise mint a second CA in
        # ~/.mitmproxy that no tool trusts; an explicit confdir is respected.
        if self.home and "confdir" in updated and ctx.options.confdir == MITMPROXY_DEFAULT_CONFDIR:
            ctx.options.update(confdir=str(self.home.certs))
