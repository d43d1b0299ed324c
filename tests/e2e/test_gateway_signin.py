"""The gateway with OIDC sign-in against a real OpenID provider (oidc-provider, run by node):
`pretense login` through the device flow, the token presented by `pretense env`, checked
by the gateway; expired, wrong-audience, wrong-issuer and rotated-away tokens refused with
407; the person named in the trail; a SCIM deactivation refusing the next request."""

from __future__ import annotations

import re
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import anthropic
import pytest

from gateway.device import DeviceSignIn, discover
from tests import cli
from tests.e2e.conftest import Proxies, Proxy
from tests.e2e.gateway import admin_port, connect, requests_recorded, trail
from tests.e2e.idp import OpenIDProvider, approve, installed, signing_key
from tests.gateway.scim_client import ScimClient

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.gateway,
    pytest.mark.skipif(not installed(), reason="oidc-provider is not installed: make gateway-deps"),
]
SCOPE = "openid profile email groups offline_access"
SCIM_TOKEN = "scim-" + "x" * 40


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenIDProvider]:
    provider = OpenIDProvider(tmp_path_factory.mktemp("idp")).start([signing_key("k1")])
    yield provider
    provider.stop()


def token_for(idp: OpenIDProvider, account: str = "alice", client_id: str = "pretense") -> str:
    """A person signs in with the device flow, as `pretense login` drives it."""
    signing_in = DeviceSignIn(discover(idp.issuer), client_id, SCOPE)
    code = signing_in.start()
    assert code.verification_uri_complete is not None
    browser = threading.Thread(target=approve, args=(code.verification_uri_complete, account))
    browser.start()
    tokens = signing_in.wait(code)
    browser.join(30)
    return tokens.id_token


def gateway(proxies: Proxies, idp: OpenIDProvider, tmp_path: Path, scim: bool = False) -> Proxy:
    options = {
        "pretense_oidc_issuer": idp.issuer,
        "pretense_oidc_audience": "pretense",
        "pretense_oidc_leeway": "0",
        "pretense_admin": "127.0.0.1:0",
    }
    if scim:
        token_file = tmp_path / "scim-token"
        token_file.write_text(SCIM_TOKEN)
        options["pretense_scim_token_file"] = str(token_file)
    return proxies.get("internal", options=options)


def test_pretense_login_then_env_signs_a_tool_in_and_the_trail_names_the_person(
    proxies: Proxies, idp: OpenIDProvider, fake: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = gateway(proxies, idp, tmp_path)
    user_home = tmp_path / "developer"
    login = subprocess.Popen(
        [cli.PRETENSE, "login", "--issuer", idp.issuer, "--scope", SCOPE],
        env=cli.os.environ | {"PRETENSE_HOME": str(user_home)},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert login.stderr is not None
    shown = login.stderr.readline()
    address = re.search(r"open (\S+)", shown)
    assert address is not None, shown
    approve(address.group(1), "alice")
    assert login.wait(30) == 0, login.stderr.read()
    assert (user_home / "sign-in.json").stat().st_mode & 0o777 == 0o600
    exports = cli.pretense(user_home, "env", "--port", str(proxy.port)).stdout
    for name, value in re.findall(r"export (\w+)=(\S+)", exports):
        monkeypatch.setenv(name, value.strip("'"))
    monkeypatch.setenv("SSL_CERT_FILE", str(proxy.home.ca_bundle))
    reply = anthropic.Anthropic(api_key="sk-ant-test", max_retries=0).messages.create(
        model="claude-sonnet-5-5", max_tokens=64, messages=[{"role": "user", "content": "hello"}]
    )
    assert reply.content
    record = requests_recorded(proxy.home.root)[-1]
    assert (record["user"], record["user_source"]) == ("alice@bank.example", "oidc")
    assert (record["subject"], record["email"]) == ("alice", "alice@bank.example")
    assert record["groups"] == ["developers", "payments"]


def test_no_token_is_refused_407_saying_to_run_pretense_login(
    proxies: Proxies, idp: OpenIDProvider, tmp_path: Path
) -> None:
    status, body = connect(gateway(proxies, idp, tmp_path).port, None)
    assert status == 407
    assert f"pretense login --issuer {idp.issuer}" in body


def test_tokens_for_another_audience_or_from_another_issuer_are_refused(
    proxies: Proxies, idp: OpenIDProvider, tmp_path: Path
) -> None:
    proxy = gateway(proxies, idp, tmp_path)
    status, body = connect(proxy.port, token_for(idp, client_id="another-app"))
    assert (status, "not for this gateway" in body) == (407, True), body
    stranger = OpenIDProvider(tmp_path / "stranger").start([signing_key("k1")])  # same key id, other issuer
    try:
        status, body = connect(proxy.port, token_for(stranger))
    finally:
        stranger.stop()
    assert (status, f"issued by '{stranger.issuer}'" in body) == (407, True), body


def test_an_expired_token_is_refused(proxies: Proxies, idp: OpenIDProvider, tmp_path: Path) -> None:
    proxy = gateway(proxies, idp, tmp_path)
    short = token_for(idp, client_id="short-lived")  # expires 4 s after it is issued
    time.sleep(5)
    status, body = connect(proxy.port, short)
    assert (status, "expired" in body) == (407, True), body


def test_after_a_key_rotation_the_old_keys_tokens_are_refused(
    proxies: Proxies, idp: OpenIDProvider, tmp_path: Path
) -> None:
    proxy = gateway(proxies, idp, tmp_path)
    old = token_for(idp)
    assert connect(proxy.port, old)[0] == 200
    idp.start([signing_key("k2")])  # the provider rotates: k1 is no longer published
    try:
        new = token_for(idp)
        assert connect(proxy.port, new)[0] == 200  # an unknown key id: the gateway refetches the keys
        status, body = connect(proxy.port, old)
        assert (status, "does not publish" in body) == (407, True), body
    finally:
        idp.start([signing_key("k1")])


def test_a_user_deactivated_over_scim_is_refused_at_the_next_request(
    proxies: Proxies, idp: OpenIDProvider, fake: object, tmp_path: Path
) -> None:
    proxy = gateway(proxies, idp, tmp_path, scim=True)
    scim = ScimClient(f"http://127.0.0.1:{admin_port(proxy.log)}/scim/v2", SCIM_TOKEN)
    token = token_for(idp)
    status, body = connect(proxy.port, token)
    assert (status, "not provisioned" in body) == (403, True), body
    user = scim.create_user("alice@bank.example", external_id="alice")
    assert connect(proxy.port, token)[0] == 200
    client = anthropic.Anthropic(
        api_key="sk-ant-test",
        max_retries=0,
        http_client=anthropic.DefaultHttpxClient(
            proxy=_proxy_url(proxy, token), verify=ssl.create_default_context(cafile=proxy.home.ca_bundle)
        ),
    )
    ask = {"model": "claude-sonnet-5-5", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}
    client.messages.create(**ask)  # type: ignore[call-overload]
    assert scim.deactivate(user) in (200, 204)
    with pytest.raises(anthropic.PermissionDeniedError, match="deactivated"):
        client.messages.create(**ask)  # type: ignore[call-overload]  # the same tunnel, the next request
    assert connect(proxy.port, token)[0] == 403
    refused = [r for r in trail(proxy.home.root) if r.get("decision") == "blocked"]
    assert refused[-1]["user"] == "alice@bank.example"
    assert "deactivated" in refused[-1]["block_reason"]
    deadline = time.monotonic() + 5  # a refused tunnel's record is written just after the refusal
    while not any(
        r["type"] == "access_refused" and r["reason"] == "deactivated" for r in trail(proxy.home.root)
    ):
        assert time.monotonic() < deadline, "no access_refused record"
        time.sleep(0.05)


def _proxy_url(proxy: Proxy, token: str) -> str:
    from pretense.environment import proxy_url

    return proxy_url("127.0.0.1", proxy.port, None, token)
