from __future__ import annotations

from unittest import mock

import pytest
from mitmproxy import tls
from mitmproxy.test import taddons, tflow

from addons.flowstate import ROUTE
from addons.router import Router


@pytest.mark.parametrize(
    ("sni", "ignored"),
    [
        ("api.anthropic.com", False),
        ("API.OpenAI.com.", False),
        ("github.com", True),
        ("registry.npmjs.org", True),
    ],
)
def test_only_ai_hosts_are_decrypted(sni: str, ignored: bool) -> None:
    router = Router()
    data = tls.ClientHelloData(mock.Mock(), mock.Mock(sni=sni))
    with taddons.context(router):
        router.tls_clienthello(data)
    assert data.ignore_connection is ignored


@pytest.mark.parametrize(
    ("host", "path", "route"),
    [
        ("api.anthropic.com", "/v1/messages?beta=true", "anthropic:anthropic-messages"),
        ("api.anthropic.com", "/v1/messages/count_tokens", "anthropic:anthropic-messages"),
        ("api.openai.com", "/v1/chat/completions", "openai:openai-chat"),
        ("api.anthropic.com", "/api/event_logging/batch", None),
        ("api.openai.com", "/v1/models", None),
    ],
)
def test_routes_by_host_and_path(host: str, path: str, route: str | None) -> None:
    router = Router()
    flow = tflow.tflow(resp=True)
    flow.client_conn.sni = host
    flow.request.path = path
    flow.request.headers["accept-encoding"] = "gzip, br"
    with taddons.context(router):
        router.requestheaders(flow)
        router.responseheaders(flow)
    assert flow.metadata.get(ROUTE) == route
    if route:
        assert flow.request.headers["accept-encoding"] == "identity"
        assert not flow.request.stream
        assert not flow.response.stream
    else:
        assert flow.request.headers["accept-encoding"] == "gzip, br"
        assert flow.request.stream is True
        assert flow.response.stream is True


@pytest.mark.parametrize(("learning", "ignored"), [(True, False), (False, True)])
def test_the_token_exchange_host_is_decrypted_only_to_learn_copilot_hosts(
    learning: bool, ignored: bool
) -> None:
    router = Router()
    data = tls.ClientHelloData(mock.Mock(), mock.Mock(sni="api.github.com"))
    with taddons.context(router) as tctx:
        tctx.configure(router, pretense_copilot_token_hosts=learning)
        router.tls_clienthello(data)
    assert data.ignore_connection is ignored
