"""A SCIM client as Entra ID and Okta provisioning speak it, for the tests: JSON over HTTP
with the bearer token, against the admin port."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class ScimClient:
    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data, method=method)
        request.add_header("Authorization", f"Bearer {token or self.token}")
        request.add_header("Content-Type", "application/scim+json")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, json.loads(raw) if raw else None

    def create_user(self, user_name: str, external_id: str | None = None, active: bool = True) -> str:
        body: dict[str, Any] = {"schemas": [USER], "userName": user_name, "active": active}
        body["emails"] = [{"value": user_name, "primary": True, "type": "work"}]
        if external_id is not None:
            body["externalId"] = external_id
        status, created = self.call("POST", "/Users", body)
        assert status == 201, created
        return str(created["id"])

    def find_user(self, attribute: str, value: str) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({"filter": f'{attribute} eq "{value}"'})
        status, found = self.call("GET", f"/Users?{query}")
        assert status == 200, found
        return list(found.get("Resources", []))

    def deactivate(self, user_id: str) -> int:
        """As Entra ID sends it: `Replace` with a string value."""
        operation = {"op": "Replace", "path": "active", "value": "False"}
        status, _ = self.call("PATCH", f"/Users/{user_id}", {"schemas": [PATCH], "Operations": [operation]})
        return status

    def create_group(self, name: str, members: list[str]) -> str:
        body = {"schemas": [GROUP], "displayName": name, "members": [{"value": m} for m in members]}
        status, created = self.call("POST", "/Groups", body)
        assert status == 201, created
        return str(created["id"])
