import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.admin import AdminServer, parse_listen
from gateway.directory import Directory, DirectoryFile
from gateway.metrics import GatewayMetrics, Probes
from gateway.scim import ScimEndpoint
from tests.gateway.scim_client import ScimClient

TOKEN = "s" * 48


class Health:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def __call__(self) -> tuple[bool, dict[str, object]]:
        return not self.problems, {"problems": self.problems}


@pytest.fixture
def admin(tmp_path: Path) -> Iterator[tuple[AdminServer, Health, GatewayMetrics, DirectoryFile]]:
    health, metrics, file = Health(), GatewayMetrics(), DirectoryFile(tmp_path / "directory")
    server = AdminServer(("127.0.0.1", 0), health, metrics.registry, ScimEndpoint(file, TOKEN))
    server.start()
    yield server, health, metrics, file
    server.stop()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_health_answers_200_while_healthy_and_503_with_the_problem(admin: tuple) -> None:
    server, health, _, _ = admin
    url = f"http://127.0.0.1:{server.port}/healthz"
    assert _get(url)[0] == 200
    health.problems.append("the audit trail cannot record")
    status, body = _get(url)
    assert status == 503
    assert json.loads(body)["problems"] == ["the audit trail cannot record"]


def test_metrics_are_prometheus_text(admin: tuple) -> None:
    server, _, metrics, _ = admin
    metrics.requests.labels("anthropic", "restricted", "rewritten").inc(3)
    metrics.probes = Probes(workers=lambda: 2, worker_busy_seconds=lambda: 1.5)
    status, body = _get(f"http://127.0.0.1:{server.port}/metrics")
    text = body.decode()
    assert status == 200
    assert 'pretense_requests_total{decision="rewritten",provider="anthropic",tier="restricted"} 3.0' in text
    assert "pretense_inspection_workers 2.0" in text
    assert "pretense_inspection_worker_busy_seconds_total 1.5" in text
    assert "pretense_added_latency_seconds_bucket" in text


def test_scim_users_as_entra_id_provisions_them(admin: tuple) -> None:
    server, _, _, file = admin
    scim = ScimClient(f"http://127.0.0.1:{server.port}/scim/v2", TOKEN)
    assert scim.find_user("userName", "alice@bank.example") == []  # Entra asks before it creates
    user_id = scim.create_user("alice@bank.example", external_id="5f1c-alice")
    assert [u["id"] for u in scim.find_user("userName", "Alice@Bank.example")] == [user_id]
    assert [u["id"] for u in scim.find_user("externalId", "5f1c-alice")] == [user_id]
    assert Directory(file).standing(["alice@bank.example"]).admitted
    assert scim.deactivate(user_id) in (200, 204)
    assert not Directory(file).standing(["alice@bank.example"]).active
    status, _ = scim.call("DELETE", f"/Users/{user_id}")
    assert status == 204
    assert not Directory(file).standing(["alice@bank.example"]).provisioned


def test_scim_groups_give_their_members_groups(admin: tuple) -> None:
    server, _, _, file = admin
    scim = ScimClient(f"http://127.0.0.1:{server.port}/scim/v2", TOKEN)
    alice = scim.create_user("alice@bank.example")
    scim.create_group("payments-leads", [alice])
    assert Directory(file).standing(["alice@bank.example"]).groups == {"payments-leads"}


def test_scim_needs_the_bearer_token_but_its_configuration_does_not(admin: tuple) -> None:
    server, _, _, _ = admin
    scim = ScimClient(f"http://127.0.0.1:{server.port}/scim/v2", TOKEN)
    assert scim.call("GET", "/Users", token="wrong")[0] == 401
    status, config = scim.call("GET", "/ServiceProviderConfig", token="wrong")
    assert status == 200
    assert config["patch"]["supported"] is True
    assert [s["type"] for s in config["authenticationSchemes"]] == ["oauthbearertoken"]
    assert {t["name"] for t in scim.call("GET", "/ResourceTypes")[1]["Resources"]} >= {"User", "Group"}
    assert scim.call("GET", "/Schemas")[0] == 200


def test_other_paths_are_not_found(admin: tuple) -> None:
    server, _, _, _ = admin
    assert _get(f"http://127.0.0.1:{server.port}/")[0] == 404


@pytest.mark.parametrize(
    ("text", "address"),
    [("9090", ("127.0.0.1", 9090)), ("0.0.0.0:9090", ("0.0.0.0", 9090)), ("[::1]:9", ("::1", 9))],
)
def test_listen_addresses(text: str, address: tuple[str, int]) -> None:
    assert parse_listen(text) == address


def test_a_bad_listen_address_is_refused() -> None:
    with pytest.raises(ValueError, match="HOST:PORT"):
        parse_listen("localhost:http")
