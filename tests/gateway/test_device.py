import json
from pathlib import Path
from typing import Any

import jwt
import pytest

from gateway.device import DEVICE_GRANT, DeviceSignIn, Endpoints, TokenFile, current_token, discover, refresh
from gateway.errors import SignInFailed
from tests.gateway.issuer import ISSUER, FakeIssuer

ENDPOINTS = Endpoints(ISSUER, ISSUER + "/device/auth", ISSUER + "/token")


class TokenEndpoint:
    """Answers the polls in the order given, and records them."""

    def __init__(self, *answers: tuple[int, dict[str, Any]]) -> None:
        self.answers = list(answers)
        self.forms: list[dict[str, str]] = []

    def __call__(self, url: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.forms.append(form)
        if url.endswith("/device/auth"):
            return 200, {
                "device_code": "dc-1", "user_code": "WDJB-MJHT", "verification_uri": ISSUER + "/device",
                "verification_uri_complete": ISSUER + "/device?user_code=WDJB-MJHT", "interval": 5,
                "expires_in": 600,
            }  # fmt: skip
        return self.answers.pop(0)


class Sleeper:
    def __init__(self) -> None:
        self.now, self.slept = 0.0, list[float]()

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def _tokens(issuer: FakeIssuer, **claims: Any) -> dict[str, Any]:
    return {
        "id_token": issuer.token(**claims),
        "refresh_token": "rt-1",
        "access_token": "at",
        "token_type": "Bearer",
    }


def test_polling_waits_while_pending_and_slows_down_by_five_seconds_when_told() -> None:
    issuer, sleeper = FakeIssuer(), Sleeper()
    post = TokenEndpoint(
        (400, {"error": "authorization_pending"}),
        (400, {"error": "slow_down"}),
        (400, {"error": "authorization_pending"}),
        (200, _tokens(issuer)),
    )
    signing_in = DeviceSignIn(ENDPOINTS, "pretense", post=post, sleep=sleeper.sleep, clock=sleeper.clock)
    code = signing_in.start()
    assert code.user_code == "WDJB-MJHT"
    tokens = signing_in.wait(code)
    assert sleeper.slept == [5, 5, 10, 10]
    assert tokens.user == "alice@bank.example"
    assert tokens.refresh_token == "rt-1"
    assert post.forms[1] == {"grant_type": DEVICE_GRANT, "device_code": "dc-1", "client_id": "pretense"}


@pytest.mark.parametrize(
    ("answer", "message"),
    [({"error": "access_denied"}, "refused"), ({"error": "expired_token"}, "code expired")],
)
def test_a_refused_or_expired_sign_in_says_so(answer: dict[str, Any], message: str) -> None:
    sleeper = Sleeper()
    signing_in = DeviceSignIn(
        ENDPOINTS, post=TokenEndpoint((400, answer)), sleep=sleeper.sleep, clock=sleeper.clock
    )
    with pytest.raises(SignInFailed, match=message):
        signing_in.wait(signing_in.start())


def test_polling_stops_when_the_code_expires() -> None:
    sleeper = Sleeper()
    pending = [(400, {"error": "authorization_pending"})] * 200
    signing_in = DeviceSignIn(
        ENDPOINTS, post=TokenEndpoint(*pending), sleep=sleeper.sleep, clock=sleeper.clock
    )
    with pytest.raises(SignInFailed, match="code expired"):
        signing_in.wait(signing_in.start())
    assert sleeper.now <= 605


def test_tokens_are_kept_0600_and_refreshed_before_they_run_out(tmp_path: Path) -> None:
    issuer = FakeIssuer()
    file = TokenFile(tmp_path)
    signing_in = DeviceSignIn(
        ENDPOINTS, post=TokenEndpoint((200, _tokens(issuer, lifetime=60))), sleep=lambda s: None
    )
    file.save(signing_in.wait(signing_in.start()))
    assert file.path.stat().st_mode & 0o777 == 0o600
    renewed = _tokens(issuer, sub="alice-2") | {"refresh_token": None}
    post = TokenEndpoint((200, renewed))
    token = current_token(file, post)
    assert token is not None
    assert jwt.decode(token, options={"verify_signature": False})["sub"] == "alice-2"
    assert post.forms == [{"grant_type": "refresh_token", "refresh_token": "rt-1", "client_id": "pretense"}]
    kept = file.load()
    assert kept is not None
    assert kept.refresh_token == "rt-1"  # not rotated by the provider: the old one stays
    assert current_token(file, TokenEndpoint()) == token  # fresh now: no refresh


def test_a_refused_refresh_asks_to_sign_in_again(tmp_path: Path) -> None:
    issuer = FakeIssuer()
    signing_in = DeviceSignIn(
        ENDPOINTS, post=TokenEndpoint((200, _tokens(issuer, lifetime=-10))), sleep=lambda s: None
    )
    tokens = signing_in.wait(signing_in.start())
    with pytest.raises(SignInFailed, match="pretense login"):
        refresh(tokens, TokenEndpoint((400, {"error": "invalid_grant"})))


def test_not_signed_in_presents_nothing(tmp_path: Path) -> None:
    assert current_token(TokenFile(tmp_path)) is None


def test_discovery_needs_the_device_endpoint_and_the_same_issuer() -> None:
    assert discover(ISSUER, lambda url: json.dumps({
        "issuer": ISSUER, "device_authorization_endpoint": ISSUER + "/d", "token_endpoint": ISSUER + "/t",
    }).encode()).device_authorization == ISSUER + "/d"  # fmt: skip
    with pytest.raises(SignInFailed, match="device authorization"):
        discover(ISSUER, lambda url: json.dumps({"issuer": ISSUER, "token_endpoint": "t"}).encode())
    with pytest.raises(SignInFailed, match="use that URL"):
        discover(ISSUER, lambda url: json.dumps({"issuer": ISSUER + "/"}).encode())


def test_an_unreachable_provider_is_a_sign_in_failure() -> None:
    def down(url: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        raise OSError("connection refused")

    with pytest.raises(SignInFailed, match="cannot reach"):
        DeviceSignIn(ENDPOINTS, post=down).start()
