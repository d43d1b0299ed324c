from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from providers.sse import SSERewriter, SSESplitter, format_event, parse_event

STREAM = (
    b'event: message_start\r\ndata: {"a": "\xc3\xa9\xf0\x9f\x9a\x80"}\r\n\r\n'
    b": keep-alive comment\n\n"
    b"data: line one\ndata: line two\n\n"
    b"id: 7\rdata: cr only\r\r"
    b"data: [DONE]\n\n"
)


def split_at(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({min(c, len(data)) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=12))
def test_any_chunking_gives_the_same_events(cuts: list[int]) -> None:
    splitter = SSESplitter()
    events = [e for piece in split_at(STREAM, cuts) for e in splitter.feed(piece)]
    assert splitter.flush() == b""
    assert b"".join(events) == STREAM
    assert [parse_event(e).data for e in events] == [
        '{"a": "é🚀"}',
        None,
        "line one\nline two",
        "cr only",
        "[DONE]",
    ]


def test_an_unfinished_event_is_given_back_at_the_end() -> None:
    splitter = SSESplitter()
    assert list(splitter.feed(b"data: 1\n\ndata: 2\n")) == [b"data: 1\n\n"]
    assert splitter.flush() == b"data: 2\n"


@pytest.mark.parametrize(
    ("raw", "event", "data"),
    [
        (b"event: ping\ndata: {}\n\n", "ping", "{}"),
        (b"data:no-space\n\n", None, "no-space"),
        (b"data:  two spaces\n\n", None, " two spaces"),
        (b"event: x\n\n", "x", None),
        (b"data: \xff\n\n", None, None),
    ],
)
def test_parse_event(raw: bytes, event: str | None, data: str | None) -> None:
    parsed = parse_event(raw)
    assert (parsed.raw, parsed.event, parsed.data) == (raw, event, data)


def test_format_event_splits_multiline_data() -> None:
    assert format_event("e", "a\nb") == b"event: e\ndata: a\ndata: b\n\n"


@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=12))
def test_a_rewriter_that_changes_nothing_is_byte_exact(cuts: list[int]) -> None:
    rewriter = SSERewriter(lambda event: None)
    out = b"".join(rewriter.feed(piece) for piece in split_at(STREAM, cuts)) + rewriter.flush()
    assert out == STREAM
