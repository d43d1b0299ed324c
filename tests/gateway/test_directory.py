import os
import threading
from pathlib import Path

import pytest
from scim2_server.utils import load_default_provider

from gateway.directory import NOT_PROVISIONED, Directory, DirectoryFile, DirectoryStorage
from gateway.errors import DirectoryError
from gateway.scim import ScimEndpoint
from tests.gateway.scim_client import PATCH


def _serve(folder: Path) -> tuple[ScimEndpoint, DirectoryFile]:
    file = DirectoryFile(folder)
    return ScimEndpoint(file, "t" * 40), file


def test_a_missing_directory_provisions_nobody(tmp_path: Path) -> None:
    assert Directory(DirectoryFile(tmp_path)).standing(["alice"]) == NOT_PROVISIONED


def test_a_corrupt_directory_is_an_error_not_an_empty_one(tmp_path: Path) -> None:
    (tmp_path / "scim.json").write_text("{not json")
    with pytest.raises(DirectoryError, match="cannot be read"):
        Directory(DirectoryFile(tmp_path)).standing(["alice"])


def test_what_one_storage_writes_another_reads_and_extends(tmp_path: Path) -> None:
    """Two instances' SCIM endpoints over one shared file never lose each other's changes."""
    provider = load_default_provider()
    first, second = (DirectoryStorage(DirectoryFile(tmp_path), provider) for _ in range(2))
    user_type = next(t for t in provider.resource_types if t.name == "User")
    model = provider.model_for("User")
    assert model is not None
    with first.operation():
        first.create(user_type, model(user_name="alice@bank.example"))
    with second.operation():
        second.create(user_type, model(user_name="bob@bank.example"))
    with first.operation():
        names = sorted(getattr(r, "user_name", "") for r in first.resources)
        versions = {r.meta.version for r in first.resources if r.meta is not None}
    assert names == ["alice@bank.example", "bob@bank.example"]
    assert len(versions) == 2  # the second instance counted on from the first's version
    assert os.stat(tmp_path / "scim.json").st_mode & 0o077 == 0


def test_concurrent_writers_each_keep_their_user(tmp_path: Path) -> None:
    provider = load_default_provider()
    user_type = next(t for t in provider.resource_types if t.name == "User")
    model = provider.model_for("User")
    assert model is not None

    def add(number: int) -> None:
        storage = DirectoryStorage(DirectoryFile(tmp_path), provider)
        for index in range(5):
            with storage.operation():
                storage.create(user_type, model(user_name=f"user{number}-{index}"))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    directory = Directory(DirectoryFile(tmp_path))
    directory.refresh()
    assert directory.users == 20


def test_standing_follows_the_file_at_the_next_check(tmp_path: Path) -> None:
    endpoint, file = _serve(tmp_path)
    directory = Directory(file)
    storage = endpoint.storage
    provider = endpoint.provider
    user_type = next(t for t in provider.resource_types if t.name == "User")
    model = provider.model_for("User")
    assert model is not None
    with storage.operation():
        created = storage.create(user_type, model(user_name="Alice@Bank.example", external_id="00u1"))
    assert directory.standing(["alice@bank.example"]).admitted
    assert directory.standing(["someone"], subject="00u1").admitted
    with storage.operation():
        created.active = False  # type: ignore[attr-defined]
        storage.update(user_type, created)
    assert not directory.standing(["alice@bank.example"]).active
    assert not directory.standing(["alice@bank.example"]).admitted


def test_a_deactivated_record_wins_over_an_active_one_with_the_same_name(tmp_path: Path) -> None:
    file = DirectoryFile(tmp_path)
    user = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "meta": {"resourceType": "User"}}
    file.write(
        {
            "version": 2,
            "resources": [
                user | {"id": "1", "userName": "alice", "active": False},
                user | {"id": "2", "userName": "ALICE", "active": True},
            ],
        }
    )
    assert not Directory(file).standing(["alice"]).admitted


def test_patch_ops_as_okta_sends_them(tmp_path: Path) -> None:
    """Okta: `replace` with a value object."""
    from scim2_server.requests import ScimRequest

    endpoint, file = _serve(tmp_path)

    def call(method: str, path: str, body: bytes = b"") -> object:
        headers = {"Authorization": "Bearer " + "t" * 40, "Content-Type": "application/scim+json"}
        return endpoint.serve(ScimRequest(method, "http://gw/scim/v2", path, {}, headers, body)).body

    created = call(
        "POST", "/Users", b'{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"c"}'
    )
    assert isinstance(created, dict)
    operation = b'{"op":"replace","value":{"active":false}}'
    call(
        "PATCH",
        f"/Users/{created['id']}",
        b'{"schemas":["' + PATCH.encode() + b'"],"Operations":[' + operation + b"]}",
    )
    assert not Directory(file).standing(["c"]).active
