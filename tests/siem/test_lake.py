"""The Security Lake export: one custom source per OCSF class, partitioned by region, account
and day, Parquet rows that are the OCSF events again (each validated against the schema)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from audit.files import records
from siem.lake import LakeSource, write_lake
from siem.ocsf import ocsf_events
from tests.siem.records import schema_problems, write_every_kind


def without_nulls(value: Any) -> Any:
    """A Parquet row holds a null for each attribute another event of its file has."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def test_each_class_is_a_custom_source_partitioned_as_security_lake_expects(tmp_path: Path) -> None:
    trail = write_every_kind(tmp_path / "trail")
    written = write_lake(records(trail), LakeSource("eu-west-1", "123456789012"), tmp_path / "lake")
    sources = {p.relative_to(tmp_path / "lake").parts[:5] for p in written}
    assert sources == {
        ("ext", f"pretense-{name}", "region=eu-west-1", "accountId=123456789012", "eventDay=20260101")
        for name in ("api-activity", "data-security-finding", "detection-finding")
    } | {("ext", "pretense-event-log-activity", "region=eu-west-1", "accountId=123456789012", path.parts[-2])
         for path in written if "event-log" in str(path)}  # fmt: skip
    expected = [e for r in records(trail) for e, _, _ in ocsf_events(r)]
    rows = [without_nulls(row) for path in written for row in pq.read_table(path).to_pylist()]
    assert len(rows) == len(expected)
    assert sorted(r["metadata"]["uid"] for r in rows) == sorted(e["metadata"]["uid"] for e in expected)
    for path in written:  # one class per file, in time order
        table = pq.read_table(path).to_pylist()
        assert len({row["class_uid"] for row in table}) == 1
        assert [row["time"] for row in table] == sorted(row["time"] for row in table)
    problems = [problem for row in rows for problem in schema_problems(row)]
    assert not problems, problems


@pytest.mark.parametrize(("region", "account"), [("Ireland", "123456789012"), ("eu-west-1", "12 34")])
def test_a_wrong_region_or_account_is_refused(region: str, account: str) -> None:
    with pytest.raises(ValueError, match="is not an"):
        LakeSource(region, account)
