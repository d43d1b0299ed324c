"""The gateway's admin port: `/healthz` for the load balancer, `/metrics` for Prometheus,
`/scim/v2/...` for the identity provider's provisioning. A small threaded WSGI server of its
own (the standard library's), so that a busy or stuck proxy event loop is what the health
check sees, not what answers it."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger("pretense")

Health = Callable[[], tuple[bool, dict[str, object]]]
"""Whether this instance should get traffic, and what it found (shown as JSON)."""
SCIM_PREFIX = "/scim"


def parse_listen(text: str) -> tuple[str, int]:
    """`host:port` (`[::1]:9090`, `0.0.0.0:9090`) or a bare port (on 127.0.0.1; 0: any free
    one); raises ValueError."""
    host, _, port = text.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 <= int(port) < 65536:
        raise ValueError(f"{text!r} is not HOST:PORT")
    return host, int(port)


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("admin: " + format, *args)


class AdminServer:
    def __init__(
        self,
        address: tuple[str, int],
        health: Health,
        registry: CollectorRegistry,
        scim: WSGIApplication | None = None,
    ) -> None:
        self.health = health
        self.registry = registry
        self.scim = scim
        self._server = make_server(
            address[0], address[1], self._app, server_class=_Threading, handler_class=_Quiet
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="pretense-admin", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _app(self, environ: WSGIEnvironment, start: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path in ("/healthz", "/health"):
            healthy, details = self.health()
            body = json.dumps({"healthy": healthy, **details}, sort_keys=True).encode()
            return _answer(
                start, "200 OK" if healthy else "503 Service Unavailable", "application/json", body
            )
        if path == "/metrics":
            return _answer(start, "200 OK", CONTENT_TYPE_LATEST, generate_latest(self.registry))
        if self.scim is not None and (path == SCIM_PREFIX or path.startswith(SCIM_PREFIX + "/")):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + SCIM_PREFIX
            environ["PATH_INFO"] = path.removeprefix(SCIM_PREFIX)
            return self.scim(environ, start)
        return _answer(start, "404 Not Found", "text/plain", b"not found\n")


def _answer(start: StartResponse, status: str, kind: str, body: bytes) -> Iterable[bytes]:
    start(status, [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-cache")])
    return [body]
