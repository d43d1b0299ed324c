"""Test-only mitmproxy script: every upstream connection goes to the fake provider.

The client still asks for api.anthropic.com (Host, SNI, CONNECT); only the socket goes to
127.0.0.1, whose certificate the test CA signed for those names. Upstream connections are
kept and reused between requests, as they are against a real provider. A request the suite
already sent to a loopback address (its guardrails relay) keeps it: the relay's own upstream
is the one that dials the fake provider (tests/e2e/guarded_suite.py).
"""

import os

from mitmproxy import http
from mitmproxy.proxy import server_hooks

UPSTREAM_HOST, _, UPSTREAM_PORT = os.environ["PRETENSE_TEST_UPSTREAM"].rpartition(":")
UPSTREAM = (UPSTREAM_HOST, int(UPSTREAM_PORT))
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class RedirectToFakeProvider:
    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        # TLS still names the host the client asked for, whatever address the socket uses.
        if data.client.sni:
            data.server.sni = data.client.sni
        if data.server.address is None or data.server.address[0] not in LOOPBACK:
            data.server.address = UPSTREAM

    def request(self, flow: http.HTTPFlow) -> None:
        # mitmproxy reuses an upstream connection only if the request names its address;
        # changing the socket address alone would open (and keep) one per request, and a
        # client's sixth request would wait for a free slot forever. The Host header stays.
        if flow.request.host in LOOPBACK:
            return
        host_header = flow.request.host_header
        flow.request.host, flow.request.port = UPSTREAM
        flow.request.host_header = host_header


addons = [RedirectToFakeProvider()]
