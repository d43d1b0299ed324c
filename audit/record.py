"""The shape of an audit record and its canonical bytes (what is hashed and signed).

A record is a flat JSON object; `seq`, `prev` and `hash` are added by the chain. Canonical
JSON is sorted keys, no spaces, UTF-8: the same record always gives the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import orjson

VERSION = 1

# Record types.
START = "start"
STOP = "stop"
POLICY = "policy"
REQUEST = "request"
EXCEPTION = "exception"
CHECKPOINT = "checkpoint"
GAP = "gap"
RELOAD_FAILED = "reload_failed"  # a changed policy, key or inventory that could not be used
SIEM_DROPPED = "siem_dropped"  # a full SIEM queue dropped the events of these records
GUARDRAIL = "guardrail"  # an agent's tool call held, approved, denied, timed out or refused
ATTESTATION = "attestation"  # a commit's tree attested to its hook (what was signed, by digest)
COMMIT = "commit"  # a commit made, by id, with the attestation it carries

Record = dict[str, Any]


def canonical(record: Mapping[str, Any]) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def timestamp(epoch: float) -> str:
    """RFC 3339 in UTC with milliseconds: `2025-01-31T09:12:03.418Z`."""
    moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
