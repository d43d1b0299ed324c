"""A request's content, default-deny: the adapter's own fields (what it knows the meaning of)
and every other string its shape does not declare non-content, each one a field."""

from __future__ import annotations

from dataclasses import dataclass

from mutators.base import FieldKind, TextField
from providers.base import Json, WireFormat
from providers.shape import Leaf, Role, leaves


@dataclass(frozen=True, slots=True)
class RequestContent:
    fields: tuple[TextField, ...]
    """What the transforms see: the adapter's fields, then every other content string."""
    signed: tuple[Leaf, ...]
    """Text that goes as it came (thinking): checked on the way out, never changed."""
    unknown: int
    """How many content strings were outside the adapter's fields (in shapes it does not walk)."""


def request_content(wire: WireFormat, document: Json) -> RequestContent:
    known = wire.request_fields(document)
    covered = {field.path for field in known}
    fields = list(known)
    signed = []
    for leaf in leaves(document, wire.shape):
        if leaf.role is Role.SIGNED:
            signed.append(leaf)
        elif leaf.role is Role.CONTENT and leaf.path not in covered:
            fields.append(TextField(leaf.path, leaf.text, FieldKind.MESSAGE))
    return RequestContent(tuple(fields), tuple(signed), len(fields) - len(known))
