"""AI endpoints Pretense recognises but does not rewrite: their bodies are signed (Bedrock's
SigV4), binary (Cursor's and Windsurf's protobuf), or in a shape no adapter reads yet.

They are never forwarded as if inspected: the tier decides (blocked where rewriting is
required; elsewhere passed, scanned for secrets where the tier redacts them, and audited as
uninspected), and reading one as if it were readable raises `NotInspected`.
"""

from __future__ import annotations

import orjson

from mutators.base import Restoration, TextField
from providers.base import Json, WireFormat
from providers.errors import WireFormatError
from providers.sse import SSERewriter


class NotInspected(WireFormatError):
    """The request goes to an AI endpoint whose bodies Pretense cannot rewrite."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Uninspected(WireFormat):
    def __init__(self, name: str, reason: str, error_shape: str | WireFormat = "openai") -> None:
        """`error_shape`: how a refusal is written: like another wire format (the host's own),
        or `openai`, `google`, `aws`."""
        self.name = name
        self.reason = reason
        self._error_shape = error_shape

    def request_fields(self, body: Json) -> list[TextField]:
        raise NotInspected(self.reason)

    def response_fields(self, body: Json) -> list[TextField]:
        return []

    def stream(self, restoration: Restoration) -> SSERewriter:
        raise NotInspected(self.reason)

    def error_body(self, status: int, message: str) -> bytes:
        if isinstance(self._error_shape, WireFormat):
            return self._error_shape.error_body(status, message)
        if self._error_shape == "google":
            return orjson.dumps(
                {"error": {"code": status, "message": message, "status": "PERMISSION_DENIED"}}
            )
        if self._error_shape == "aws":
            return orjson.dumps({"message": message})
        return orjson.dumps(
            {
                "error": {
                    "message": message,
                    "type": "permission_error",
                    "param": None,
                    "code": "pretense_blocked",
                }
            }
        )

    def error_status(self, status: int) -> int:
        if isinstance(self._error_shape, WireFormat):
            return self._error_shape.error_status(status)
        return status

    def error_headers(self) -> dict[str, str]:
        if isinstance(self._error_shape, WireFormat):
            return self._error_shape.error_headers()
        return {}
