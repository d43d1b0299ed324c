"""Records out of the trail, as JSON lines or CSV (one row per record, nested fields as
compact JSON) for a spreadsheet or another tool."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

import orjson

from audit.record import Record

CSV_COLUMNS = (
    "seq", "ts", "type", "user", "client", "provider", "host", "path", "model", "repository",
    "attribution", "tier", "decision", "identifiers_mutated", "detections", "secrets_action",
    "request_bytes", "sent_bytes", "response_bytes", "tokens", "added_ms", "status", "block_reason",
    "exception", "hash",
)  # fmt: skip


def as_json_lines(records: Iterable[Record]) -> Iterator[str]:
    for record in records:
        yield orjson.dumps(record, option=orjson.OPT_SORT_KEYS).decode() + "\n"


def as_csv(records: Iterable[Record]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield _drain(buffer)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in CSV_COLUMNS])
        yield _drain(buffer)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    return str(value)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
