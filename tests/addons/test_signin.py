import asyncio
import base64
import json
import time
from pathlib import Path

import pytest
from mitmproxy import http
from mitmproxy.test import taddons, tflow

from addons.exchange import Exchange, Exchanges
from addons.signin import ACCESS_REFUSED, SignIn
from audit.record import Record
from gateway.admission import Admission
from gateway.directory import DirectoryFile, directory_folder
from policy.attribution import tag_credentials
from providers.routes import RouteTable
from tests.gateway.issuer import AUDIENCE, ISSUER, FakeIssuer

USER = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "meta": {"resourceType": "User"}}


class Gateway:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.issuer = FakeIssuer()
        self.routes, self.exchanges, self.records = RouteTable(), Exchanges(), list[Record]()
        self.refused: list[str] = []
        self.addon = SignIn(
            self.routes, self.exchanges, Admission(), home, self.records.append, self.issuer.fetch
        )
        self.addon.refused = self.refused.append

    def provision(self, *users: dict[str, object]) -> None:
        DirectoryFile(directory_folder(self.home)).write(
            {"version": 1, "resources": [USER | u for u in users]}
        )


def _credentials(token: str, repository: str | None = None) -> str:
    user, password = tag_credentials(repository, token)
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _connect(token: str | None) -> http.HTTPFlow:
    flow = tflow.tflow()
    flow.request.method, flow.request.host, flow.request.port = "CONNECT", "api.anthropic.com", 443
    if token is not None:
        flow.request.headers["proxy-authorization"] = _credentials(token)
    return flow


def _inner(gateway: Gateway, connect: http.HTTPFlow) -> http.HTTPFlow:
    flow = tflow.tflow()
    flow.client_conn = connect.client_conn
    flow.request.host, flow.request.path = "api.anthropic.com", "/v1/messages"
    route = gateway.routes.match("api.anthropic.com", "/v1/messages")
    assert route is not None
    gateway.exchanges.open(flow, Exchange(route, "api.anthropic.com"))
    return flow


@pytest.fixture
def gateway(tmp_path: Path) -> Gateway:
    return Gateway(tmp_path)


def _options(tctx: taddons.context, **extra: object) -> None:
    tctx.configure(
        tctx.master.addons.get("signin"),
        pretense_oidc_issuer=ISSUER,
        pretense_oidc_audience=[AUDIENCE],
        **extra,
    )


def test_a_tunnel_without_a_token_is_refused_407_saying_to_sign_in_and_audited(gateway: Gateway) -> None:
    with taddons.context(gateway.addon) as tctx:
        _options(tctx)
        flow = _connect(None)
        asyncio.run(gateway.addon.http_connect(flow))
    assert flow.response is not None
    assert flow.response.status_code == 407
    assert flow.response.headers["proxy-authenticate"].startswith("Basic")
    assert f"pretense login --issuer {ISSUER}" in flow.response.text
    assert [(r["type"], r["reason"]) for r in gateway.records] == [(ACCESS_REFUSED, "no_sign_in")]
    assert gateway.refused == ["no_sign_in"]


@pytest.mark.parametrize(
    ("claims", "why"), [({"aud": "other"}, "not for this gateway"), ({"iss": "https://evil"}, "issued by")]
)
def test_tokens_for_other_audiences_or_issuers_are_refused(gateway: Gateway, claims: dict, why: str) -> None:
    with taddons.context(gateway.addon) as tctx:
        _options(tctx)
        flow = _connect(gateway.issuer.token(**claims))
        asyncio.run(gateway.addon.http_connect(flow))
    assert flow.response is not None
    assert flow.response.status_code == 407
    assert why in flow.response.text


def test_a_signed_in_tunnel_names_the_person_on_each_ai_request(gateway: Gateway) -> None:
    with taddons.context(gateway.addon) as tctx:
        _options(tctx)
        connect = _connect(gateway.issuer.token())
        asyncio.run(gateway.addon.http_connect(connect))
        assert connect.response is None
        flow = _inner(gateway, connect)
        asyncio.run(gateway.addon.requestheaders(flow))
    exchange = gateway.exchanges.get(flow)
    assert flow.response is None
    assert exchange is not None
    assert (exchange.user, exchange.user_source) == ("alice@bank.example", "oidc")
    assert (exchange.subject, exchange.email) == ("00u1alice", "alice@bank.example")
    assert exchange.groups == {"developers", "payments"}


def test_a_token_that_expires_inside_a_tunnel_refuses_the_next_request_in_the_providers_shape(
    gateway: Gateway,
) -> None:
    with taddons.context(gateway.addon) as tctx:
        _options(tctx, pretense_oidc_leeway=0)
        connect = _connect(gateway.issuer.token(exp=int(time.time()) + 1))
        asyncio.run(gateway.addon.http_connect(connect))
        assert connect.response is None
        time.sleep(1.2)
        flow = _inner(gateway, connect)
        asyncio.run(gateway.addon.requestheaders(flow))
    assert flow.response is not None
    assert flow.response.status_code == 407
    assert json.loads(flow.response.content)["type"] == "error"  # Anthropic's error shape
    assert "expired" in flow.response.text


def test_an_unreachable_issuer_refuses_503_and_forwards_nothing(gateway: Gateway) -> None:
    gateway.issuer.down = True
    with taddons.context(gateway.addon) as tctx:
        _options(tctx)
        flow = _connect(gateway.issuer.token())
        asyncio.run(gateway.addon.http_connect(flow))
    assert flow.response is not None
    assert flow.response.status_code == 503
    assert "cannot check sign-ins" in flow.response.text


def test_a_user_deactivated_in_the_directory_is_refused_at_the_next_request(gateway: Gateway) -> None:
    gateway.provision({"id": "u1", "userName": "alice@bank.example"})
    with taddons.context(gateway.addon) as tctx:
        _options(tctx, pretense_scim_token_file="/run/scim-token")
        connect = _connect(gateway.issuer.token())
        asyncio.run(gateway.addon.http_connect(connect))
        assert connect.response is None
        first = _inner(gateway, connect)
        asyncio.run(gateway.addon.requestheaders(first))
        assert first.response is None
        gateway.provision({"id": "u1", "userName": "alice@bank.example", "active": False})
        second = _inner(gateway, connect)
        asyncio.run(gateway.addon.requestheaders(second))
    assert second.response is not None
    assert second.response.status_code == 403
    assert "deactivated" in second.response.text
    exchange = gateway.exchanges.get(second)
    assert exchange is not None
    assert exchange.blocked is not None  # audited with its request record


def test_proxy_authenticated_users_are_held_to_the_directory(gateway: Gateway) -> None:
    gateway.provision({"id": "u1", "userName": "bob", "active": False})
    with taddons.context(gateway.addon) as tctx:
        tctx.configure(gateway.addon, pretense_scim_token_file="/run/scim-token")
        flow = _connect(None)
        flow.metadata["proxyauth"] = ("bob", "hunter2")
        asyncio.run(gateway.addon.http_connect(flow))
    assert flow.response is not None
    assert flow.response.status_code == 403
    assert gateway.records[0]["user"] == "bob"


def test_oidc_and_proxyauth_together_are_refused(gateway: Gateway) -> None:
    from mitmproxy import exceptions
    from mitmproxy.addons.proxyauth import ProxyAuth

    with (
        taddons.context(ProxyAuth(), gateway.addon) as tctx,
        pytest.raises(exceptions.OptionsError, match="set one"),
    ):
        tctx.configure(
            gateway.addon, proxyauth="any", pretense_oidc_issuer=ISSUER, pretense_oidc_audience=["a"]
        )
