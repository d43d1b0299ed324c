"""Test-only mitmproxy script for a corporate proxy in front of the internet: it lets CONNECT
tunnels through untouched (run with `--ignore-hosts '.*'`), writes each tunnel's host to
PARENT_PROXY_LOG, and sends every tunnel to the fake provider (PRETENSE_TEST_UPSTREAM), whose
certificate the test CA signed for the providers' names."""

import os

from mitmproxy import http
from mitmproxy.proxy import server_hooks

UPSTREAM_HOST, _, UPSTREAM_PORT = os.environ["PRETENSE_TEST_UPSTREAM"].rpartition(":")
LOG = os.environ["PARENT_PROXY_LOG"]


class ParentProxy:
    def http_connect(self, flow: http.HTTPFlow) -> None:
        with open(LOG, "a") as log:
            log.write(f"{flow.request.host}:{flow.request.port}\n")

    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        data.server.address = (UPSTREAM_HOST, int(UPSTREAM_PORT))


addons = [ParentProxy()]
