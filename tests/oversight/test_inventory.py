"""The AI tool inventory from request records: one entry per tool, counted as used, and its
CSV read back by a spreadsheet's reader whatever the values hold."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from oversight.inventory import CSV_COLUMNS, as_csv, build_inventory, render
from tests.oversight.records import request

CLAUDE = {"tool": "claude-code", "tool_approved": True}
RECORDS = [
    request(1, "2026-01-05T09:00:00.000Z", tool_version="2.1.3", user="alice", repository="ledger", **CLAUDE),
    request(2, "2026-01-06T09:00:00.000Z", tool_version="2.1.4", user="bob", **CLAUDE),
    request(3, "2026-01-07T09:00:00.000Z", tool="cursor", provider="cursor", host="api2.cursor.sh",
            inspected=False, tool_approved=False, blocked="not approved"),
    {"type": "checkpoint", "seq": 4, "ts": "2026-01-07T09:00:01.000Z"},
]  # fmt: skip


def test_each_tool_is_counted_with_who_used_it_and_how_it_was_treated() -> None:
    claude, cursor = build_inventory(RECORDS)
    row = claude.as_dict()
    assert (claude.tool, claude.requests, claude.approval) == ("claude-code", 2, "approved")
    assert row["versions"] == {"2.1.3": 1, "2.1.4": 1}
    assert row["users"] == {"alice": 1, "bob": 1}
    assert (claude.first_seen, claude.last_seen) == ("2026-01-05T09:00:00.000Z", "2026-01-06T09:00:00.000Z")
    assert (cursor.inspected, cursor.uninspected, cursor.approval) == (0, 1, "unapproved")
    assert cursor.as_dict()["decisions"] == {"blocked": 1}
    assert "Cursor (cursor): 1 requests" in render([claude, cursor])


@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=4))
def test_csv_cells_come_back_as_written_whatever_they_hold(users: list[str]) -> None:
    records = [request(n, "2026-01-05T09:00:00.000Z", user=user, tool="curl") for n, user in enumerate(users)]
    rows = list(csv.reader(io.StringIO("".join(as_csv(build_inventory(records))), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    (row,) = rows[1:]
    cell = dict(zip(CSV_COLUMNS, row, strict=True))
    expected = build_inventory(records)[0].as_dict()["users"]
    assert cell["users"] == "; ".join(f"{name} ({count})" for name, count in expected.items())
    assert cell["requests"] == str(len(users))
