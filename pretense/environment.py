"""The environment a tool needs to send its traffic through Pretense and trust its CA."""

from __future__ import annotations

import ipaddress
import shlex

from installation.home import Home
from policy.attribution import tag_credentials

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def proxy_url(host: str, port: int, repository: str | None = None, token: str | None = None) -> str:
    """The proxy's URL; with `repository`, carrying the credentials that tag the traffic
    with it, and with `token`, the sign-in token a gateway asks for (the proxy removes them
    before anything goes upstream)."""
    shown = f"[{host}]" if ":" in host else host
    userinfo = ""
    if repository is not None or token is not None:
        user, password = tag_credentials(repository, token)
        userinfo = f"{user}:{password}@"
    return f"http://{userinfo}{shown}:{port}"


def proxy_environment(
    home: Home, host: str, port: int, repository: str | None = None, token: str | None = None
) -> dict[str, str]:
    """Every variable the common AI tools, SDKs and HTTP clients read for proxy and CA."""
    url = proxy_url(host, port, repository, token)
    bundle = str(home.ca_bundle)
    return {
        "HTTPS_PROXY": url,
        "HTTP_PROXY": url,
        "https_proxy": url,
        "http_proxy": url,
        "NO_PROXY": "localhost,127.0.0.1,::1",
        "no_proxy": "localhost,127.0.0.1,::1",
        # Node adds this CA to its built-in store; the others replace the store, so they
        # get the system's CAs plus ours.
        "NODE_EXTRA_CA_CERTS": str(home.ca_cert),
        "SSL_CERT_FILE": bundle,
        "REQUESTS_CA_BUNDLE": bundle,
        "CURL_CA_BUNDLE": bundle,
        "CODEX_CA_CERTIFICATE": bundle,
    }


def export_lines(environment: dict[str, str]) -> str:
    return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in environment.items())
