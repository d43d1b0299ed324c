"""What every provider adapter knows: where text lives in its requests and answers, how its
stream carries answer text, and how it says no."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import Any

from mutators.base import JsonPath, Restoration, TextField
from providers.shape import Shape
from providers.sse import SSERewriter

Json = Any


class WireFormat(abc.ABC):
    """One provider API shape (Anthropic Messages, OpenAI Chat Completions, ...)."""

    name: str
    shape: Shape = Shape()
    """What in its bodies is not content; every other string is."""

    @abc.abstractmethod
    def request_fields(self, body: Json) -> list[TextField]:
        """The text fields of a request body the adapter knows the meaning of (a Read result
        linked to its file, tool arguments as JSON text), skipping any shape it does not know:
        every other string of the body is content all the same (`providers.shape`)."""

    @abc.abstractmethod
    def response_fields(self, body: Json) -> list[TextField]:
        """Every field of a non-streamed answer that carries model text."""

    @abc.abstractmethod
    def stream(self, restoration: Restoration) -> SSERewriter:
        """A rewriter for one streamed answer."""

    @abc.abstractmethod
    def error_body(self, status: int, message: str) -> bytes:
        """An error in the provider's own shape, which its clients show to the developer."""

    def error_status(self, status: int) -> int:
        """The status a refusal goes out with (a client may read one status differently)."""
        return status

    def error_headers(self) -> dict[str, str]:
        """Headers a refusal needs besides its content type for the client to show it."""
        return {}


def strings_in(value: Json, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every string value nested in a JSON value (object keys are schema, not content)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, (*path, index))
