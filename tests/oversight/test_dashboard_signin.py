"""`pretense dashboard --htpasswd FILE`: every request signs in with HTTP Basic against an
htpasswd file of hashes made by bcrypt (the library mitmproxy checks them with) or Apache's
`{SHA}` scheme, and only the policy's approvers decide, as themselves, through the approvals
store; the command refuses a file it cannot read in one line."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import bcrypt
import pytest
from starlette.testclient import TestClient

from approvals.store import APPROVED, PENDING, HoldStore
from detectors import default_scanner
from oversight.dashboard import DashboardSetup, dashboard_app
from oversight.signin import Passwords, PolicyApprovers, SignIn
from oversight.trails import Trails
from tests.approvals.test_store import hold
from tests.cli import pretense

PASSWORDS = {"carol": "carol-secret", "alice": "alice-secret", "bob": "bob-secret"}
CHALLENGE = 'Basic realm="Pretense dashboard"'
NOT_HTPASSWD = "is not an htpasswd file of bcrypt or {SHA} lines"


def bcrypt_line(user: str, password: str) -> str:
    # Cost 4, bcrypt's least: the check is the same, the tests faster.
    return f"{user}:{bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()}"


def sha_line(user: str, password: str) -> str:
    """Apache's `{SHA}`: the base64 of the password's SHA-1 (`htpasswd -s`)."""
    return f"{user}:{{SHA}}{base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()}"


def policy(tmp_path: Path, approvers: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "version: 1\ndefault_tier: restricted\nguardrails:\n  self_approval: false\n"
        f"{approvers}  rules:\n    - {{name: rm, action: hold, command: 'rm -r'}}\n"
    )
    return path


class Desk:
    """A dashboard with sign-in over an approvals store with calls held for alice."""

    def __init__(
        self,
        tmp_path: Path,
        approvers: str = "  approvers: {users: [carol, alice]}\n",
        groups_of: Callable[[str], frozenset[str]] = lambda user: frozenset(),
        lines: tuple[str, ...] = (),
    ) -> None:
        htpasswd = tmp_path / "htpasswd"
        htpasswd.write_text("\n".join(lines or [bcrypt_line(u, p) for u, p in PASSWORDS.items()]) + "\n")
        self.store = HoldStore.at(tmp_path)
        self.held = hold(self.store, self_approval=False, user="alice")
        sign_in = SignIn(Passwords.read(htpasswd), PolicyApprovers(policy(tmp_path, approvers), groups_of))
        setup = DashboardSetup(
            trails=Trails.of([tmp_path / "audit-trail"]),
            holds=self.store,
            approver="the-process-user",
            approvals_enabled=True,
            public_key=lambda: pytest.fail("the approvals page needs no key"),
            audit_key=lambda: b"k" * 32,
            scanner=default_scanner(),
            hosts=("testserver",),
            sign_in=sign_in,
        )
        self.client = TestClient(dashboard_app(setup))

    def sign_in(self, user: str, password: str | None = None) -> None:
        self.client.auth = (user, PASSWORDS[user] if password is None else password)

    def page(self) -> str:
        response = self.client.get("/approvals")
        assert response.status_code == 200
        return response.text

    def decide(self, action: str, reason: str = "") -> tuple[int, str]:
        """Post the page's form (where it shows none, with the token of its CSRF cookie)."""
        found = re.search(r'name="csrf" value="([^"]+)"', self.page())
        token = found.group(1) if found else self.client.cookies["pretense_csrf"]
        form = {"csrf": token, "action": action, "reason": reason, "for": ""}
        response = self.client.post(f"/approvals/{self.held.id}", data=form, follow_redirects=False)
        return response.status_code, response.headers.get("location", "") or response.text


@pytest.mark.parametrize("path", ["/", "/approvals", "/static/charts.js"])
def test_without_credentials_every_request_is_asked_to_sign_in(tmp_path: Path, path: str) -> None:
    desk = Desk(tmp_path)
    response = desk.client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == CHALLENGE
    assert "Sign in to the Pretense dashboard" in response.text


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(tmp_path: Path) -> None:
    desk = Desk(tmp_path)
    desk.sign_in("carol", "not-her-password")
    wrong = desk.client.get("/approvals")
    desk.client.auth = ("mallory", "carol-secret")
    unknown = desk.client.get("/approvals")
    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert wrong.headers["www-authenticate"] == unknown.headers["www-authenticate"] == CHALLENGE
    assert wrong.text == unknown.text


def test_a_post_without_credentials_decides_nothing(tmp_path: Path) -> None:
    desk = Desk(tmp_path)
    response = desk.client.post(f"/approvals/{desk.held.id}", data={"action": "approve"})
    assert response.status_code == 401
    assert desk.store.read(desk.held.id).status == PENDING


def test_an_approver_signed_in_approves_as_themselves(tmp_path: Path) -> None:
    desk = Desk(tmp_path)
    desk.sign_in("carol")
    page = desk.page()
    assert "Signed in as carol" in page
    assert 'class="approve"' in page
    status, location = desk.decide("approve")
    assert status == 303
    assert "approved" in location
    decided = desk.store.read(desk.held.id)
    assert (decided.status, decided.decided_by) == (APPROVED, "carol")


def test_a_user_the_policy_does_not_name_reads_but_cannot_decide(tmp_path: Path) -> None:
    desk = Desk(tmp_path)
    desk.sign_in("bob")
    page = desk.page()
    assert "Signed in as bob" in page
    assert "<form" not in page
    assert desk.held.id in page
    for action, reason in (("approve", ""), ("deny", "no")):
        assert desk.decide(action, reason) == (403, "bob may not approve held calls under the policy")
    assert desk.store.read(desk.held.id).status == PENDING


def test_the_requester_cannot_approve_their_own_call(tmp_path: Path) -> None:
    desk = Desk(tmp_path)
    desk.sign_in("alice")
    status, location = desk.decide("approve")
    assert status == 303
    assert "alice+asked+for+the+call" in location
    assert "separation+of+duties" in location
    assert desk.store.read(desk.held.id).status == PENDING


def test_a_member_of_an_approver_group_decides(tmp_path: Path) -> None:
    groups = {"bob": frozenset({"platform-leads"})}
    leads = "  approvers: {groups: [platform-leads]}\n"
    desk = Desk(tmp_path, leads, lambda user: groups.get(user, frozenset()))
    desk.sign_in("bob")
    assert desk.decide("deny", "not today")[0] == 303
    decided = desk.store.read(desk.held.id)
    assert (decided.status, decided.decided_by, decided.decision_reason) == ("denied", "bob", "not today")


def test_a_policy_naming_no_approvers_lets_any_signed_in_user_decide(tmp_path: Path) -> None:
    desk = Desk(tmp_path, approvers="")
    desk.sign_in("bob")
    assert desk.decide("approve")[0] == 303
    assert desk.store.read(desk.held.id).decided_by == "bob"


def test_a_sha_entry_signs_in_as_mitmproxy_reads_it(tmp_path: Path) -> None:
    desk = Desk(tmp_path, lines=(sha_line("carol", "carol-secret"), bcrypt_line("bob", "bob-secret")))
    desk.sign_in("carol")
    assert "Signed in as carol" in desk.page()
    desk.sign_in("carol", "carol-secret!")
    assert desk.client.get("/approvals").status_code == 401


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "cannot be read (not found)"),
        ("carol secret-in-clear\n", f"{NOT_HTPASSWD} (Malformed htpasswd line)"),
        ("carol:$apr1$x$y\n", f"{NOT_HTPASSWD} (Unsupported htpasswd format for user 'carol')"),
        ("# nobody\n", "names no user: nobody could sign in"),
    ],
)
def test_a_htpasswd_file_the_dashboard_cannot_use_is_one_line_and_status_2(
    tmp_path: Path, content: str | None, why: str
) -> None:
    htpasswd = tmp_path / "htpasswd"
    if content is not None:
        htpasswd.write_text(content)
    result = pretense(tmp_path, "dashboard", "--htpasswd", str(htpasswd), "--port", "1", timeout=30)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"pretense: {htpasswd}: {why}")
    assert "secret-in-clear" not in result.stderr
