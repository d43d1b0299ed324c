"""OCSF events as AWS Security Lake takes them from a custom source: Parquet, one source per
OCSF class, partitioned `ext/{source}/region={region}/accountId={account}/eventDay={YYYYMMDD}/`,
each file sorted by time. The folder written is what gets copied to the lake's bucket."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from siem.ocsf import CLASS_NAMES, OcsfEvent, ocsf_events


@dataclass(frozen=True, slots=True)
class LakeSource:
    """Where the custom sources were registered: their name prefix, region and account."""

    region: str
    account: str
    prefix: str = "pretense"

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", self.region):
            raise ValueError(f"{self.region!r} is not an AWS region (us-east-1)")
        if not re.fullmatch(r"\d{12}|[A-Za-z0-9_-]+", self.account):
            raise ValueError(f"{self.account!r} is not an account id or external id")

    def name(self, class_uid: int) -> str:
        return f"{self.prefix}-{CLASS_NAMES[class_uid].lower().replace(' ', '-')}"


def write_lake(records: Iterable[Mapping[str, Any]], source: LakeSource, folder: Path) -> list[Path]:
    """Write the records' OCSF events under `folder`; the files written."""
    partitions: dict[tuple[int, str], list[OcsfEvent]] = defaultdict(list)
    for record in records:
        for event, _, epoch_ms in ocsf_events(record):
            day = datetime.datetime.fromtimestamp(epoch_ms / 1000, datetime.UTC).strftime("%Y%m%d")
            partitions[(event["class_uid"], day)].append(event)
    written = []
    for (class_uid, day), events in sorted(partitions.items()):
        events.sort(key=lambda e: (e["time"], e["metadata"]["sequence"]))
        directory = (
            folder / "ext" / source.name(class_uid) / f"region={source.region}"
            / f"accountId={source.account}" / f"eventDay={day}"
        )  # fmt: skip
        directory.mkdir(parents=True, exist_ok=True)
        numbers = [e["metadata"]["sequence"] for e in events]
        first, last = min(numbers), max(numbers)
        path = (
            directory / f"{source.prefix}-{first:012d}-{last:012d}.parquet"
        )  # the same export, the same file
        pq.write_table(pa.Table.from_pylist(events), path, compression="zstd")
        written.append(path)
    return written
