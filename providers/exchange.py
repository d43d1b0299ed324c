"""One AI exchange, sans-IO: a request body through a transform (its content found
default-deny, the changed strings spliced into the original bytes), an answer back through
its restoration. Bodies that nothing changes come back as None: forward the original."""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from mutators.base import RequestTransform, Restoration, Rewrite
from providers.base import Json, WireFormat
from providers.body import parse
from providers.content import RequestContent, request_content
from providers.errors import WireFormatError
from providers.jsonsplice import SpliceMemo, splice


@dataclass(frozen=True, slots=True)
class RequestRewrite:
    body: bytes | None
    """The body to forward, or None when it is unchanged."""
    rewrite: Rewrite
    """What the transform did: texts, restoration, what it found and renamed."""
    content: RequestContent
    """The content the transform was given."""

    @property
    def restoration(self) -> Restoration:
        return self.rewrite.restoration


def rewrite_request(
    wire: WireFormat,
    body: bytes,
    transform: RequestTransform,
    document: Json = None,
    memo: SpliceMemo | None = None,
) -> RequestRewrite:
    """`document`: the body already parsed (by `providers.body.parse`), if it was; `memo`:
    what earlier splices of the same conversation left."""
    if document is None:
        document = parse(body)
    content = request_content(wire, document)
    rewrite = transform.apply(content.fields)
    pairs = zip(content.fields, rewrite.texts, strict=True)
    changes = {field.path: text for field, text in pairs if text != field.text}
    new_body = splice(body.decode(), changes, memo).encode() if changes else None
    return RequestRewrite(new_body, rewrite, content)


def restore_response(wire: WireFormat, body: bytes, restoration: Restoration) -> bytes | None:
    if not restoration.active:
        return None
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise WireFormatError(f"the response body is not valid JSON (UTF-8): {e}") from e
    changes = {}
    for field in wire.response_fields(document):
        restorer = restoration.restorer(field.syntax)
        text = restorer.feed(field.text) + restorer.flush()
        if text != field.text:
            changes[field.path] = text
    return splice(body.decode(), changes).encode() if changes else None
