"""Undo a response's content encoding chunk by chunk, for streams read as they arrive."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import brotli
import zstandard

ChunkDecoder = Callable[[bytes], bytes]


def chunk_decoder(encoding: str) -> ChunkDecoder | None:
    """A decoder for one stream in `encoding`, or None if the encoding is not supported."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk: chunk
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress
    if encoding == "deflate":
        return zlib.decompressobj().decompress
    if encoding == "br":
        return brotli.Decompressor().process  # type: ignore[no-any-return]
    if encoding == "zstd":
        return zstandard.ZstdDecompressor().decompressobj().decompress
    return None
