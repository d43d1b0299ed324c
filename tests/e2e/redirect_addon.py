"""Test-only mitmproxy script: every upstream connection goes to the fake provider.

The client still asks for api.anthropic.com (Host, SNI, CONNECT); only the socket goes to
127.0.0.1, whose certificate the test CA signed for those names.
"""

import os

from mitmproxy.proxy import server_hooks

UPSTREAM = os.environ["PRETENSE_TEST_UPSTREAM"]


class RedirectToFakeProvider:
    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        host, port = UPSTREAM.rsplit(":", 1)
        data.server.address = (host, int(port))


addons = [RedirectToFakeProvider()]
