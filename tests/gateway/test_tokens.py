import time

import pytest

from gateway.claims import ClaimNames
from gateway.errors import KeysUnavailable, TokenRejected
from gateway.keys import IssuerKeys
from gateway.tokens import SignInSettings, TokenVerifier, audiences
from tests.gateway.issuer import AUDIENCE, ISSUER, FakeIssuer, new_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def verifier(issuer: FakeIssuer, clock: Clock | None = None, leeway: float = 60) -> TokenVerifier:
    keys = IssuerKeys(ISSUER, issuer.fetch, clock or Clock())
    return TokenVerifier(SignInSettings(ISSUER, (AUDIENCE,), ClaimNames(), leeway), keys)


def test_a_valid_token_names_the_user_and_groups() -> None:
    issuer = FakeIssuer()
    identity = verifier(issuer).verify(issuer.token())
    assert identity.user == "alice@bank.example"
    assert identity.subject == "00u1alice"
    assert identity.email == "alice@bank.example"
    assert identity.groups == {"developers", "payments"}


def test_a_token_is_verified_once_and_then_answered_from_the_cache() -> None:
    issuer = FakeIssuer()
    check = verifier(issuer)
    token = issuer.token()
    assert check.cached(token) is None
    identity = check.verify(token)
    assert check.cached(token) == identity
    assert len(issuer.fetched) == 2  # discovery and JWKS, once


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "another-app"}, "not for this gateway"),
        ({"iss": "https://evil.example"}, "issued by 'https://evil.example'"),
        ({"exp": int(time.time()) - 120}, "expired"),
    ],
)
def test_tokens_for_another_audience_issuer_or_past_their_expiry_are_refused(
    claims: dict[str, object], reason: str
) -> None:
    issuer = FakeIssuer()
    with pytest.raises(TokenRejected, match=reason):
        verifier(issuer).verify(issuer.token(**claims))


def test_another_issuers_key_ids_never_cause_a_fetch() -> None:
    issuer = FakeIssuer()
    with pytest.raises(TokenRejected):
        verifier(issuer).verify(issuer.token(iss="https://evil.example", kid="k1"))
    assert issuer.fetched == []


def test_the_allowed_skew_lets_a_just_expired_token_pass() -> None:
    issuer = FakeIssuer()
    token = issuer.token(exp=int(time.time()) - 30)
    assert verifier(issuer, leeway=60).verify(token).user == "alice@bank.example"
    with pytest.raises(TokenRejected, match="expired"):
        verifier(issuer, leeway=0).verify(token)


def test_a_forged_signature_is_refused() -> None:
    issuer = FakeIssuer()
    with pytest.raises(TokenRejected, match="signature"):
        verifier(issuer).verify(issuer.token(key=new_key()))


def test_after_a_rotation_the_old_keys_tokens_are_refused_even_if_verified_before() -> None:
    issuer, clock = FakeIssuer(), Clock()
    check = verifier(issuer, clock)
    old = issuer.token("k1")
    check.verify(old)
    issuer.keys = {"k2": new_key()}  # the issuer rotates: k1 is no longer published
    clock.now += 2
    assert check.verify(issuer.token("k2")).user == "alice@bank.example"  # unknown kid: refetched
    assert check.cached(old) is None
    clock.now += 2
    with pytest.raises(TokenRejected, match="does not publish"):
        check.verify(old)


def test_unknown_key_ids_refetch_at_most_once_a_second() -> None:
    issuer, clock = FakeIssuer(), Clock()
    check = verifier(issuer, clock)
    check.verify(issuer.token())
    fetched = len(issuer.fetched)
    clock.now += 2
    stranger = new_key()
    for _ in range(5):
        with pytest.raises(TokenRejected):
            check.verify(issuer.token("k9", key=stranger))
    assert len(issuer.fetched) == fetched + 1


def test_an_unreachable_issuer_keeps_the_cached_keys_for_their_lifetime_then_fails_closed() -> None:
    issuer, clock = FakeIssuer(), Clock()
    check = verifier(issuer, clock)
    check.verify(issuer.token())
    issuer.down = True
    clock.now += 3600  # past the refresh, within the keys' lifetime
    assert check.verify(issuer.token(sub="bob")).subject == "bob"
    clock.now += 86400
    with pytest.raises(KeysUnavailable, match="cannot be fetched"):
        check.verify(issuer.token(sub="carol"))


def test_an_issuer_never_reached_verifies_nothing() -> None:
    issuer = FakeIssuer(down=True)
    with pytest.raises(KeysUnavailable):
        verifier(issuer).verify(issuer.token())


def test_a_discovery_document_for_another_issuer_is_not_followed() -> None:
    issuer = FakeIssuer()
    keys = IssuerKeys("https://idp.example/other", issuer.fetch)
    with pytest.raises(KeysUnavailable, match="names issuer"):
        keys.key("k1")


def test_the_user_name_falls_back_to_the_email_then_the_subject() -> None:
    issuer = FakeIssuer()
    check = verifier(issuer)
    assert check.verify(issuer.token(preferred_username=None)).user == "alice@bank.example"
    assert check.verify(issuer.token(preferred_username=None, email=None, sub="s-1")).user == "s-1"


def test_audiences_are_given_one_per_value_or_comma_separated() -> None:
    assert audiences(["a, b", "c"]) == ("a", "b", "c")
