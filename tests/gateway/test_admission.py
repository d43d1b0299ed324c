import time
from pathlib import Path

from gateway.admission import Admission, Admitted, Refusal
from gateway.claims import SignedIn
from gateway.directory import Directory, DirectoryFile
from gateway.keys import IssuerKeys
from gateway.tokens import SignInSettings, TokenVerifier
from tests.gateway.issuer import AUDIENCE, ISSUER, FakeIssuer

USER = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "meta": {"resourceType": "User"}}


def signed_in(expires: float | None = None) -> SignedIn:
    return SignedIn(
        ISSUER, "00u1", "alice@bank.example", "alice@bank.example", frozenset({"developers"}),
        expires if expires is not None else time.time() + 3600,
    )  # fmt: skip


def verifier() -> TokenVerifier:
    return TokenVerifier(
        SignInSettings(ISSUER, (AUDIENCE,), leeway=0), IssuerKeys(ISSUER, FakeIssuer().fetch)
    )


def directory(tmp_path: Path, *users: dict[str, object], groups: list[dict[str, object]] = ()) -> Directory:  # type: ignore[assignment]
    file = DirectoryFile(tmp_path)
    file.write({"version": 1, "resources": [USER | u for u in users] + list(groups)})
    return Directory(file)


def test_without_sign_in_or_directory_everyone_is_served() -> None:
    assert Admission().admit("alice", None) == Admitted(frozenset())


def test_sign_in_on_and_no_token_asks_to_run_pretense_login() -> None:
    refusal = Admission(verifier()).admit("alice", None)
    assert isinstance(refusal, Refusal)
    assert refusal.status == 407
    assert f"pretense login --issuer {ISSUER}" in refusal.message


def test_an_expired_sign_in_is_refused_at_the_next_request() -> None:
    refusal = Admission(verifier()).admit("alice@bank.example", signed_in(expires=time.time() - 1))
    assert isinstance(refusal, Refusal)
    assert (refusal.status, refusal.reason) == (407, "token_rejected")
    assert "expired" in refusal.message


def test_the_directory_admits_active_provisioned_users_with_their_groups(tmp_path: Path) -> None:
    group = {
        "meta": {"resourceType": "Group"},
        "id": "g",
        "displayName": "payments",
        "members": [{"value": "u1"}],
    }
    people = directory(tmp_path, {"id": "u1", "userName": "alice@bank.example"}, groups=[group])
    assert Admission(verifier(), people).admit("alice@bank.example", signed_in()) == Admitted(
        frozenset({"developers", "payments"})
    )


def test_a_deactivated_user_is_refused_whatever_token_they_hold(tmp_path: Path) -> None:
    people = directory(tmp_path, {"id": "u1", "userName": "alice@bank.example", "active": False})
    refusal = Admission(verifier(), people).admit("alice@bank.example", signed_in())
    assert isinstance(refusal, Refusal)
    assert (refusal.status, refusal.reason) == (403, "deactivated")


def test_an_unprovisioned_user_is_told_to_ask_for_the_application(tmp_path: Path) -> None:
    refusal = Admission(None, directory(tmp_path)).admit("mallory", None)
    assert isinstance(refusal, Refusal)
    assert (refusal.status, refusal.reason) == (403, "not_provisioned")
    assert "assign" in refusal.message


def test_proxy_authenticated_users_are_checked_against_the_directory_too(tmp_path: Path) -> None:
    people = directory(tmp_path, {"id": "u1", "userName": "bob", "active": True})
    assert isinstance(Admission(None, people).admit("bob", None), Admitted)


def test_an_unreadable_directory_refuses_everyone(tmp_path: Path) -> None:
    (tmp_path / "scim.json").write_text("[")
    refusal = Admission(None, Directory(DirectoryFile(tmp_path))).admit("bob", None)
    assert isinstance(refusal, Refusal)
    assert refusal.status == 503
