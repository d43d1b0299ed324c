"""One AI exchange, sans-IO: a request body through a transform, an answer back through
its restoration. Bodies that nothing changes come back as None: forward the original."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import orjson

from mutators.base import RequestTransform, Restoration
from providers.base import WireFormat
from providers.errors import WireFormatError
from providers.jsonsplice import splice
from providers.uninspected import NotInspected, Uninspected


@dataclass(frozen=True, slots=True)
class RequestRewrite:
    body: bytes | None
    """The body to forward, or None when it is unchanged."""
    restoration: Restoration
    fields: int
    found: Mapping[str, int]
    """What the transform found and replaced, counted by kind."""
    fingerprints: Sequence[tuple[str, str]]
    """(kind, keyed HMAC) of each distinct value found."""
    renamed: frozenset[str]
    """The proprietary names renamed."""
    passed: Mapping[str, int]
    """Of what was found, what the policy lets through as it is, counted by kind."""


def rewrite_request(wire: WireFormat, body: bytes, transform: RequestTransform) -> RequestRewrite:
    if isinstance(wire, Uninspected):
        raise NotInspected(wire.reason)  # whatever the body: signed, binary, or not JSON at all
    document = _load(body, "request")
    fields = wire.request_fields(document)
    rewrite = transform.apply(fields)
    changes = {
        field.path: text for field, text in zip(fields, rewrite.texts, strict=True) if text != field.text
    }
    new_body = splice(body.decode(), changes).encode() if changes else None
    return RequestRewrite(
        new_body,
        rewrite.restoration,
        len(fields),
        rewrite.found,
        rewrite.fingerprints,
        rewrite.renamed,
        rewrite.passed,
    )


def restore_response(wire: WireFormat, body: bytes, restoration: Restoration) -> bytes | None:
    if not restoration.active:
        return None
    changes = {}
    for field in wire.response_fields(_load(body, "response")):
        restorer = restoration.restorer(field.syntax)
        text = restorer.feed(field.text) + restorer.flush()
        if text != field.text:
            changes[field.path] = text
    return splice(body.decode(), changes).encode() if changes else None


def _load(body: bytes, what: str) -> object:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise WireFormatError(f"the {what} body is not valid JSON (UTF-8): {e}") from e
