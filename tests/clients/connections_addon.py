"""Test-only mitmproxy script: writes down each host a client asks the proxy to reach, one per
line, so a test can tell that a CLI reached its model API and nothing else."""

from mitmproxy import addonmanager, ctx, http


class ConnectionLog:
    def load(self, loader: addonmanager.Loader) -> None:
        loader.add_option("connection_log", str, "", "File that gets each host a client asks for.")

    def http_connect(self, flow: http.HTTPFlow) -> None:
        # Every HTTPS connection through the proxy starts with a CONNECT naming its host,
        # whether the proxy then decrypts it or tunnels it.
        self._write(flow.request.host)

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.request.scheme == "http":  # plain HTTP through the proxy has no CONNECT
            self._write(flow.request.host)

    def _write(self, host: str) -> None:
        with open(ctx.options.connection_log, "a") as log:
            log.write(f"{host}\n")


addons = [ConnectionLog()]
