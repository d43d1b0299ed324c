"""A request body as Pretense reads it: content encoding undone within a size bound, then
JSON with one meaning only (no duplicate keys, no lone surrogates, no NaN), or an error that
says why it cannot be read."""

from __future__ import annotations

import json
import re
import sys
import zlib
from collections.abc import Callable
from typing import Any

import brotli
import orjson

from providers.errors import WireFormatError

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

Json = Any
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]", re.ASCII)


class BodyTooLarge(WireFormatError):
    """The body (once decoded) is larger than the policy lets Pretense read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit >> 20} MiB once decoded")
        self.limit = limit


class AmbiguousJson(WireFormatError):
    """The body could mean two things to two parsers: Pretense will not guess which."""


def decoded(raw: bytes, encoding: str, limit: int) -> bytes:
    """`raw` with its content encodings undone (the last applied first), never holding more
    than `limit` bytes: a compressed body that expands past it is refused, not decoded."""
    data = raw
    for name in reversed([e.strip().lower() for e in encoding.split(",") if e.strip()]):
        data = _decoder(name)(data, limit)
    if len(data) > limit:
        raise BodyTooLarge(limit)
    return data


def _decoder(name: str) -> Callable[[bytes, int], bytes]:
    if name == "identity":
        return lambda data, limit: data
    if name in ("gzip", "x-gzip"):
        return lambda data, limit: _zlib(data, limit, 16 + zlib.MAX_WBITS)
    if name == "deflate":
        return _deflate
    if name == "br":
        return _brotli
    if name == "zstd":
        return _zstd
    raise WireFormatError(f"the request body uses an encoding Pretense cannot read ({name!r})")


def _zlib(data: bytes, limit: int, wbits: int) -> bytes:
    decoder = zlib.decompressobj(wbits=wbits)
    try:
        out = decoder.decompress(data, limit + 1)
    except zlib.error as e:
        raise WireFormatError(f"the request body is not valid compressed data ({e})") from e
    if len(out) > limit or decoder.unconsumed_tail:
        raise BodyTooLarge(limit)
    if not decoder.eof:
        raise WireFormatError("the compressed request body is cut short")
    return out


def _deflate(data: bytes, limit: int) -> bytes:
    # "deflate" is zlib-wrapped by the standard, raw in the wild: accept both, as browsers do.
    try:
        return _zlib(data, limit, zlib.MAX_WBITS)
    except BodyTooLarge:
        raise
    except WireFormatError:
        return _zlib(data, limit, -zlib.MAX_WBITS)


def _brotli(data: bytes, limit: int) -> bytes:
    decoder = brotli.Decompressor()
    out = b""
    try:
        # Feed in slices so a small input that expands hugely is stopped near the bound.
        for start in range(0, len(data), 16384):
            out += decoder.process(data[start : start + 16384])
            if len(out) > limit:
                raise BodyTooLarge(limit)
    except brotli.error as e:
        raise WireFormatError(f"the request body is not valid brotli data ({e})") from e
    if not decoder.is_finished():
        raise WireFormatError("the compressed request body is cut short")
    return out


def _zstd(data: bytes, limit: int) -> bytes:
    out = b""
    while data:  # a body may hold several frames, one after the other
        decoder = zstd.ZstdDecompressor()
        try:
            out += decoder.decompress(data, max_length=limit + 1 - len(out))
        except zstd.ZstdError as e:
            raise WireFormatError(f"the request body is not valid zstd data ({e})") from e
        if len(out) > limit or (not decoder.eof and not decoder.needs_input):
            raise BodyTooLarge(limit)
        if not decoder.eof:
            raise WireFormatError("the compressed request body is cut short")
        data = decoder.unused_data
    return out


def parse(body: bytes) -> Json:
    """The JSON document in `body`, which must be UTF-8 and mean one thing only."""
    try:
        text = body.decode()
    except UnicodeDecodeError as e:
        raise WireFormatError(f"the request body is not UTF-8 text ({e.reason} at byte {e.start})") from e
    try:
        document = json.loads(text, object_pairs_hook=_unique, parse_constant=_no_constant)
    except AmbiguousJson:
        raise
    except (ValueError, RecursionError) as e:
        raise WireFormatError(f"the request body is not valid JSON ({e})") from e
    if _SURROGATE_ESCAPE.search(text):
        try:
            orjson.loads(body)  # rejects a lone surrogate, which no UTF-8 text can carry
        except orjson.JSONDecodeError as e:
            raise WireFormatError(f"the request body holds text that is not valid Unicode ({e})") from e
    return document


def _unique(pairs: list[tuple[str, Json]]) -> dict[str, Json]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise AmbiguousJson(
                    f"the request body names the key {key!r} twice in one object; providers read "
                    "one copy and Pretense cannot know which"
                )
            seen.add(key)
    return document


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def encoded(data: bytes, encoding: str) -> bytes:
    """`data` with the content encodings of `encoding` applied, in order: what a changed body
    is forwarded as, so the provider reads it as the client sent it."""
    for name in [e.strip().lower() for e in encoding.split(",") if e.strip()]:
        if name in ("gzip", "x-gzip"):
            packer = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
            data = packer.compress(data) + packer.flush()
        elif name == "deflate":
            data = zlib.compress(data)
        elif name == "br":
            data = brotli.compress(data)
        elif name == "zstd":
            data = zstd.compress(data)
        elif name != "identity":
            raise WireFormatError(f"the request body uses an encoding Pretense cannot write ({name!r})")
    return data
