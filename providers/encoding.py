"""Undo a response's content encoding chunk by chunk, for streams read as they arrive."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable

import brotli

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

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
        return zstd.ZstdDecompressor().decompress
    return None
