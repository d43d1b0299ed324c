"""The provider's side of the relay: the real request, over TLS verified as mitmproxy would
verify it (its `ssl_verify_upstream_trusted_ca`/`_confdir` and `ssl_insecure` options, else
certifi's CAs), in HTTP/2 or HTTP/1.1 as the provider offers (ALPN); through the upstream
proxy mitmproxy itself goes through, when it runs in `upstream:` mode (a CONNECT tunnel).

The network is httpcore's backend, given to the constructor: a test hands one that dials its
fake provider, while TLS still names and verifies the provider's host.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass

import certifi
import httpcore2 as httpcore

# Headers of one connection, not of the request: the relay's own connection sets them.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te",
                        "trailer", "transfer-encoding", "upgrade", "host", "content-length"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Target:
    """Where the request was going before Pretense sent it through the relay."""

    scheme: str
    host: str
    port: int
    authority: str
    """The Host header (or HTTP/2 authority) the client sent."""
    proxy: str = ""
    """The upstream proxy to go through (`http://proxy.corp:3128`), as mitmproxy's mode for
    this client names it; empty: straight to the provider."""


@dataclass(slots=True)
class ProviderAnswer:
    status: int
    headers: list[tuple[str, str]]
    response: httpcore.Response

    async def chunks(self) -> AsyncIterator[bytes]:
        async for chunk in self.response.aiter_stream():
            yield chunk

    async def close(self) -> None:
        await self.response.aclose()


def tls_context(trusted_ca: str = "", trusted_dir: str = "", insecure: bool = False) -> ssl.SSLContext:
    context = ssl.create_default_context(
        cafile=trusted_ca or (None if trusted_dir else certifi.where()), capath=trusted_dir or None
    )
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


Pool = httpcore.AsyncConnectionPool | httpcore.AsyncHTTPProxy


class ProviderUpstream:
    def __init__(self, network_backend: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._backend = network_backend
        self._context = tls_context()
        self._proxy_auth: tuple[str, str] | None = None
        self._pools: dict[str, Pool] = {}
        self._retired: list[Pool] = []

    def configure(
        self, trusted_ca: str, trusted_dir: str, insecure: bool, proxy_auth: str | None = None
    ) -> None:
        """Verify providers as mitmproxy's options now say, and authenticate to an upstream
        proxy as its `upstream_auth` says (`user:password`); new connections follow."""
        self._context = tls_context(trusted_ca, trusted_dir, insecure)
        user, _, password = (proxy_auth or "").partition(":")
        self._proxy_auth = (user, password) if proxy_auth else None
        self._retired += self._pools.values()
        self._pools = {}

    def _pool(self, proxy: str) -> Pool:
        pool = self._pools.get(proxy)
        if pool is None:
            if proxy:
                pool = httpcore.AsyncHTTPProxy(
                    proxy_url=proxy, proxy_auth=self._proxy_auth, ssl_context=self._context,
                    http1=True, http2=True, network_backend=self._backend, keepalive_expiry=60.0,
                )  # fmt: skip
            else:
                pool = httpcore.AsyncConnectionPool(
                    ssl_context=self._context, http1=True, http2=True, network_backend=self._backend,
                    keepalive_expiry=60.0,
                )  # fmt: skip
            self._pools[proxy] = pool
        return pool

    async def send(
        self, target: Target, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> ProviderAnswer:
        sent = [("host", target.authority)]
        sent += [(name, value) for name, value in headers if name.lower() not in HOP_BY_HOP]
        if body or method in ("POST", "PUT", "PATCH"):
            sent.append(("content-length", str(len(body))))
        url = httpcore.URL(scheme=target.scheme.encode(), host=target.host.encode(), port=target.port,
                           target=path.encode())  # fmt: skip
        request = httpcore.Request(method.encode(), url, headers=[(n.encode(), v.encode()) for n, v in sent],
                                   content=body)  # fmt: skip
        response = await self._pool(target.proxy).handle_async_request(request)
        answer_headers = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in response.headers]
        return ProviderAnswer(response.status, answer_headers, response)

    async def close(self) -> None:
        for pool in [*self._pools.values(), *self._retired]:
            await pool.aclose()
        self._pools, self._retired = {}, []
