"""The users and groups the firm's identity provider provisions over SCIM, kept in one file
in the Pretense home (`directory/scim.json`) that every gateway instance sharing the home
reads, and who the gateway admits by it.

Writes (the SCIM endpoint, on any instance) happen under an exclusive `flock` and land by an
atomic rename, so instances never lose each other's changes and readers never see half a
file. Readers look at the file's stamp on every check (one `stat`) and reload it when it
changed: a user deactivated through one instance is refused by all at their next request.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scim2_models import Resource, ScimProvider
from scim2_server.memory import InMemoryStorage

from gateway.errors import DirectoryError

FILE_NAME = "scim.json"


def directory_folder(home_root: Path) -> Path:
    return home_root / "directory"


class DirectoryFile:
    """The directory's file: `{"version": N, "resources": [...]}` (SCIM JSON of each resource)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / FILE_NAME

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with (self.folder / ".lock").open("ab") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def stamp(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise DirectoryError(f"the directory {self.path} cannot be read ({e.strerror})") from e
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def read(self) -> dict[str, Any]:
        try:
            document = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {"version": 0, "resources": []}
        except (OSError, ValueError) as e:
            raise DirectoryError(f"the directory {self.path} cannot be read ({e})") from e
        if not isinstance(document, dict) or not isinstance(document.get("resources"), list):
            raise DirectoryError(f"the directory {self.path} is not a directory file")
        return document

    def write(self, document: dict[str, Any]) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = self.path.with_name(f".{FILE_NAME}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(json.dumps(document, sort_keys=True).encode())
            out.flush()
            os.fsync(out.fileno())
        partial.replace(self.path)


class DirectoryStorage(InMemoryStorage):
    """scim2-server's storage over the directory file: each SCIM operation runs under the
    file's lock on what the file holds, and what it changed is written back before the lock
    is released. Versions (ETags) count on from the file's, so instances never reuse one."""

    def __init__(self, file: DirectoryFile, provider: ScimProvider) -> None:
        super().__init__()
        self.file = file
        self.provider = provider
        self._stamp: tuple[int, int, int] | None = None
        self._version = 0
        self._deleted = False

    def next_version(self) -> str:
        self._version += 1
        return f'W/"{self._version}"'

    @contextlib.contextmanager
    def operation(self) -> Iterator[None]:
        with self.lock, self.file.locked():
            self._load()
            before = self._version
            yield
            if self._version != before or self._deleted:
                self._save()

    def delete(self, resource_type: Any, resource_id: str, *, expected_version: str | None = None) -> None:
        super().delete(resource_type, resource_id, expected_version=expected_version)
        self._deleted = True

    def _load(self) -> None:
        self._deleted = False
        stamp = self.file.stamp()
        if stamp == self._stamp and stamp is not None:
            return
        document = self.file.read()
        self.resources = [self._resource(entry) for entry in document["resources"]]
        self._version = int(document.get("version", 0))
        self._stamp = stamp

    def _resource(self, entry: dict[str, Any]) -> Resource[Any]:
        kind = (entry.get("meta") or {}).get("resourceType", "")
        model = self.provider.model_for(kind)
        if model is None or not issubclass(model, Resource):
            raise DirectoryError(f"the directory {self.file.path} holds a {kind!r}, not a User or Group")
        return model.model_validate(entry)

    def _save(self) -> None:
        resources = [resource.model_dump() for resource in self.resources]
        self.file.write({"version": self._version, "resources": resources})
        self._stamp = self.file.stamp()


@dataclass(frozen=True, slots=True)
class Standing:
    """What the directory says of one person."""

    provisioned: bool
    active: bool
    groups: frozenset[str] = frozenset()
    """The display names of the provisioned groups they are a member of."""

    @property
    def admitted(self) -> bool:
        return self.provisioned and self.active


NOT_PROVISIONED = Standing(False, False)


@dataclass(frozen=True, slots=True)
class _Person:
    active: bool
    groups: frozenset[str]


class Directory:
    """Who the provisioned directory admits, read from the file (reloaded when it changes)."""

    def __init__(self, file: DirectoryFile) -> None:
        self.file = file
        self._stamp: tuple[int, int, int] | bool | None = False  # False: never read
        self._by_name: dict[str, _Person] = {}
        self._by_external_id: dict[str, _Person] = {}
        self.users = 0

    def standing(self, names: Iterable[str | None], subject: str | None = None) -> Standing:
        """The standing of the person known by any of `names` (user name, e-mail: matched
        with `userName` or an e-mail, case-insensitively) or by `subject` (with `externalId`);
        raises DirectoryError when the directory cannot be read."""
        self.refresh()
        person = next(
            (p for n in names if n and (p := self._by_name.get(n.casefold())) is not None),
            None,
        )
        if person is None:
            for key in (subject, *names):
                if key and (person := self._by_external_id.get(key)) is not None:
                    break
        if person is None:
            return NOT_PROVISIONED
        return Standing(True, person.active, person.groups)

    def refresh(self) -> None:
        stamp = self.file.stamp()
        if stamp == self._stamp:
            return
        self._index(self.file.read()["resources"])
        self._stamp = stamp

    def _index(self, resources: list[dict[str, Any]]) -> None:
        users = [r for r in resources if (r.get("meta") or {}).get("resourceType") == "User"]
        groups: dict[str, set[str]] = {}
        for group in resources:
            if (group.get("meta") or {}).get("resourceType") != "Group" or not group.get("displayName"):
                continue
            for member in group.get("members") or ():
                if isinstance(member, dict) and member.get("value"):
                    groups.setdefault(str(member["value"]), set()).add(str(group["displayName"]))
        by_name: dict[str, _Person] = {}
        by_external_id: dict[str, _Person] = {}
        for user in users:
            person = _Person(user.get("active", True) is not False, frozenset(groups.get(user["id"], ())))
            names = [user.get("userName")] + [
                e.get("value") for e in user.get("emails") or () if isinstance(e, dict)
            ]
            keys = [(by_name, n.casefold()) for n in names if isinstance(n, str) and n]
            if isinstance(user.get("externalId"), str) and user["externalId"]:
                keys.append((by_external_id, user["externalId"]))
            for index, key in keys:
                existing = index.get(key)
                if existing is None or existing.active:  # two records for one name: a deactivated one wins
                    index[key] = person
        self._by_name, self._by_external_id, self.users = by_name, by_external_id, len(users)
