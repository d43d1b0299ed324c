from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from mitmproxy import tls
from mitmproxy.test import taddons, tflow

from addons.router import Router
from installation.home import Home
from providers.routes import RouteTable
from tests.addons.suite import Parts


@pytest.fixture
def parts(tmp_path: Path) -> Parts:
    return Parts(Home(tmp_path))


@pytest.mark.parametrize(
    ("sni", "ignored"),
    [
        ("api.anthropic.com", False),
        ("API.OpenAI.com.", False),
        ("github.com", True),
        ("registry.npmjs.org", True),
    ],
)
def test_only_ai_hosts_are_decrypted(parts: Parts, sni: str, ignored: bool) -> None:
    router = parts.router()
    data = tls.ClientHelloData(mock.Mock(), mock.Mock(sni=sni))
    with taddons.context(router):
        router.tls_clienthello(data)
    assert data.ignore_connection is ignored


@pytest.mark.parametrize(
    ("host", "method", "path", "route"),
    [
        ("api.anthropic.com", "POST", "/v1/messages?beta=true", "anthropic:anthropic-messages"),
        ("api.anthropic.com", "POST", "/v1/messages/count_tokens", "anthropic:anthropic-messages"),
        ("api.openai.com", "POST", "/v1/chat/completions", "openai:openai-chat"),
        ("api.anthropic.com", "POST", "/api/event_logging/batch", "anthropic:uninspected:api.anthropic.com"),
        ("api.openai.com", "GET", "/v1/models", None),  # nothing to read: passes untouched
        ("registry.npmjs.org", "POST", "/-/npm/v1/security/audits", None),
    ],
)
def test_routes_by_host_and_path(parts: Parts, host: str, method: str, path: str, route: str | None) -> None:
    router = parts.router()
    flow = tflow.tflow(resp=True)
    flow.client_conn.sni = host
    flow.request.host, flow.request.method, flow.request.path = host, method, path
    flow.request.headers["accept-encoding"] = "gzip, br"
    if method == "GET":
        flow.request.content = b""
    with taddons.context(router):
        router.requestheaders(flow)
        router.responseheaders(flow)
    exchange = parts.exchanges.get(flow)
    assert (f"{exchange.route.provider}:{exchange.route.wire.name}" if exchange else None) == route
    if route:
        assert flow.request.headers["accept-encoding"] == "identity"
        assert not flow.request.stream
        assert not flow.response.stream
    else:
        assert flow.request.headers["accept-encoding"] == "gzip, br"
        assert flow.request.stream is True
        assert flow.response.stream is True


@pytest.mark.parametrize(
    ("url_host", "host_header", "sni"),
    [
        ("api.anthropic.com", "example.com", None),  # plain HTTP, a Host header naming another host
        ("example.com", "example.com", "api.anthropic.com"),  # TLS to an AI host, the request elsewhere
        ("api.openai.com", "api.openai.com", "api.anthropic.com"),
    ],
)
def test_a_request_naming_two_hosts_is_refused_and_recorded(
    parts: Parts, url_host: str, host_header: str, sni: str | None
) -> None:
    router = parts.router()
    flow = tflow.tflow()
    flow.client_conn.sni = sni
    flow.request.host, flow.request.path = url_host, "/v1/messages"
    flow.request.headers["host"] = host_header
    with taddons.context(router):
        router.requestheaders(flow)
    assert flow.response is not None
    assert flow.response.status_code == 400
    assert b"names more than one host" in (flow.response.content or b"")
    exchange = parts.exchanges.get(flow)
    assert exchange is not None
    assert exchange.blocked is not None


def test_plain_http_to_an_ai_host_is_routed_like_https(parts: Parts) -> None:
    router = parts.router()
    flow = tflow.tflow()
    flow.client_conn.sni = None
    flow.request.scheme, flow.request.host, flow.request.path = "http", "api.anthropic.com", "/v1/messages"
    flow.request.headers["host"] = "api.anthropic.com"
    with taddons.context(router):
        router.requestheaders(flow)
    exchange = parts.exchanges.get(flow)
    assert exchange is not None
    assert exchange.route.inspected


@pytest.mark.parametrize(("learning", "ignored"), [(True, False), (False, True)])
def test_the_token_exchange_host_is_decrypted_only_to_learn_copilot_hosts(
    parts: Parts, learning: bool, ignored: bool
) -> None:
    router = parts.router()
    data = tls.ClientHelloData(mock.Mock(), mock.Mock(sni="api.github.com"))
    with taddons.context(router) as tctx:
        tctx.configure(router, pretense_copilot_token_hosts=learning)
        router.tls_clienthello(data)
    assert data.ignore_connection is ignored


def test_a_copilot_host_another_instance_learned_is_decrypted_from_the_next_connection(parts: Parts) -> None:
    """Two instances sharing one home: what one learns from a token, the other inspects."""
    learner, other = parts.router(), Router(RouteTable(), parts.exchanges, parts.home.root)
    hello = tls.ClientHelloData(mock.Mock(), mock.Mock(sni="copilot.acme-bank.example"))
    with taddons.context(learner) as tctx:
        tctx.configure(learner, pretense_copilot_token_hosts=True)
        other.running()
        other.tls_clienthello(hello)
        assert hello.ignore_connection is True
        flow = tflow.tflow(resp=True)
        flow.request.host, flow.request.path = "api.github.com", "/copilot_internal/v2/token"
        learner.requestheaders(flow)
        flow.response.content = b'{"token":"tid=1;proxy-ep=copilot.acme-bank.example;exp=1"}'
        learner.response(flow)
        again = tls.ClientHelloData(mock.Mock(), mock.Mock(sni="copilot.acme-bank.example"))
        other.tls_clienthello(again)
    assert again.ignore_connection is False
