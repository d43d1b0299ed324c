"""Request records for the views' tests, built by the audit trail's own record builder."""

from __future__ import annotations

from typing import Any

from audit.record import Record
from audit.request import request_record
from tests.audit.builders import request_facts

AUDIT_KEY = b"a" * 32


def request(seq: int, ts: str, **facts: Any) -> Record:
    record = request_record(request_facts(**facts), AUDIT_KEY)
    record.update(seq=seq, ts=ts)
    return record
