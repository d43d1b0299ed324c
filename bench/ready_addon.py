"""Benchmark-only mitmproxy script, loaded last: says when the proxy listens with every script loaded.

It logs at warning level because the benchmark runs mitmdump with termlog_verbosity=warn.
"""

import logging

READY_LINE = "bench: proxy ready"

logger = logging.getLogger("bench")


class Ready:
    def running(self) -> None:
        # mitmproxy calls this once servers listen and this script is loaded; scripts load in
        # command-line order, so every earlier script is loaded by now.
        logger.warning(READY_LINE)


addons = [Ready()]
