"""What in a wire format's bodies is *not* content, so that everything else is.

An adapter lists the places a provider's body holds no text of the firm's: protocol tokens
(types, roles, ids, tool names), signed text that must go as it came (thinking), opaque data
(signatures, encrypted content, base64 media, tool schemas). Every other string, at any
depth, under any key, of any type, is content: the transforms see it, and the egress check
reads it. An unknown shape is therefore content, never skipped.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from mutators.base import JsonPath

Json = Any
# A protocol token: an id, a type, a media type, a tool's name. Anything with a space, a
# newline or punctuation of prose in it is not one, whatever key holds it.
_TOKEN = re.compile(r"[A-Za-z0-9_.:/@+=-]{1,256}")
# Opaque data as providers write it: base64 (url-safe or not, wrapped or not), hex, ids.
# Text under an opaque key (prose, code) is content: an unknown use of the key is read.
_OPAQUE = re.compile(r"[A-Za-z0-9_.:/@+=\n-]*")


class Role(enum.Enum):
    CONTENT = "content"
    """The firm's text, or text Pretense cannot rule out: rewritten and checked."""
    TOKEN = "token"
    """A protocol token (an id): never rewritten, still checked for names on the way out."""
    DISPATCH = "dispatch"
    """A token the client or provider dispatches on (a type, a role, a tool's name): never
    rewritten and not checked (a firm class named `Read` must not block Claude Code's tool)."""
    SIGNED = "signed"
    """Text the provider wrote and signed (thinking): it goes back as it came (the provider
    only ever saw pseudonyms, so it holds nothing new to it), checked for secrets only."""
    OPAQUE = "opaque"
    """Not text at all, or bound to bytes elsewhere (signatures, encrypted content, base64
    media, the tokens of tool schemas): never rewritten, checked for secrets only. Only data
    that looks opaque is: prose or code under an opaque key is content."""


@dataclass(frozen=True, slots=True)
class Keys:
    """Roles of the keys of one kind of object (by its `type`, or any object)."""

    tokens: frozenset[str] = frozenset()
    dispatch: frozenset[str] = frozenset()
    signed: frozenset[str] = frozenset()
    opaque: frozenset[str] = frozenset()

    def role(self, key: str) -> Role | None:
        if key in self.opaque:
            return Role.OPAQUE
        if key in self.signed:
            return Role.SIGNED
        if key in self.dispatch:
            return Role.DISPATCH
        if key in self.tokens:
            return Role.TOKEN
        return None


@dataclass(frozen=True, slots=True)
class Shape:
    """A wire format's non-content, as data."""

    top: Keys = Keys()
    """Keys of the body itself (`model`, `tools`)."""
    anywhere: Keys = Keys()
    """Keys of any object at any depth (`type`, `id`, `signature`)."""
    by_type: Mapping[str, Keys] = field(default_factory=dict)
    """Keys of objects whose `type` is the given one (`thinking`: its `thinking` is signed)."""
    under: Mapping[str, Keys] = field(default_factory=dict)
    """Keys of objects found under the given key (`functionCall`: its `name` is dispatch)."""
    flagged: Mapping[str, Keys] = field(default_factory=dict)
    """Keys of objects where the given key is true (Gemini's `thought` parts)."""
    wrapped: str | None = None
    """The key the whole request sits in, if any (Gemini CLI's `request`)."""


@dataclass(frozen=True, slots=True)
class Leaf:
    """One string of a body, where it is and what it is."""

    path: JsonPath
    text: str
    role: Role


def leaves(document: Json, shape: Shape) -> Iterator[Leaf]:
    """Every string of `document` (object keys are structure, not strings), with its role."""
    stack: list[tuple[Json, JsonPath, Role]] = [(document, (), Role.CONTENT)]
    while stack:
        value, path, inherited = stack.pop()
        if isinstance(value, str):
            yield Leaf(path, value, _settled(inherited, value))
        elif isinstance(value, dict):
            kinds = _kinds(value, path, shape)
            for key, item in value.items():
                stack.append((item, (*path, key), _role(key, kinds) or inherited))
        elif isinstance(value, list):
            stack.extend((item, (*path, index), inherited) for index, item in enumerate(value))


def _kinds(value: dict[str, Json], path: JsonPath, shape: Shape) -> list[Keys]:
    kinds = []
    if path == () or (shape.wrapped is not None and path == (shape.wrapped,)):
        kinds.append(shape.top)
    kind = value.get("type")
    if isinstance(kind, str) and kind in shape.by_type:
        kinds.append(shape.by_type[kind])
    parent = next((step for step in reversed(path) if isinstance(step, str)), None)
    if parent is not None and parent in shape.under:
        kinds.append(shape.under[parent])
    kinds += [keys for flag, keys in shape.flagged.items() if value.get(flag) is True]
    kinds.append(shape.anywhere)
    return kinds


def _role(key: str, kinds: list[Keys]) -> Role | None:
    for keys in kinds:
        role = keys.role(key)
        if role is not None:
            return role
    return None


def _settled(role: Role, text: str) -> Role:
    # A token or dispatch key holding anything but a token, an opaque key holding anything
    # but opaque data, holds content.
    if role in (Role.TOKEN, Role.DISPATCH) and not _TOKEN.fullmatch(text):
        return Role.CONTENT
    if role is Role.OPAQUE and not _OPAQUE.fullmatch(text):
        return Role.CONTENT
    return role
