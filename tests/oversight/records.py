"""Records for the views' tests, built by the audit trail's and the attestations' own record
builders."""

from __future__ import annotations

from typing import Any

from attestations.attest import attestation_record, commit_record, signed
from attestations.compact import decode, encode
from attestations.dsse import Envelope
from audit.record import Record
from audit.request import request_record
from tests.attestations.builders import KEY, claim
from tests.audit.builders import request_facts

AUDIT_KEY = b"a" * 32


def request(seq: int, ts: str, **facts: Any) -> Record:
    record = request_record(request_facts(**facts), AUDIT_KEY)
    record.update(seq=seq, ts=ts)
    return record


def attestation(seq: int, ts: str, **changes: Any) -> tuple[Record, Envelope]:
    """The record of an attestation of the claim with these changes, and what was signed."""
    envelope, _ = signed(claim(**changes), KEY)
    record = attestation_record(claim(**changes), envelope, 0.0)
    record.update(seq=seq, ts=ts)
    return record, envelope


def commit(
    seq: int, ts: str, commit: str, tree: str, carried: tuple[Record, Envelope] | None = None
) -> Record:
    """The record of a commit made, carrying that attestation (None: none of ours), whose
    envelope the proxy reads back from the commit's trailer, as it does."""
    attested, envelope = (carried[0]["tree"], decode(encode(carried[1]))) if carried else (None, None)
    record = commit_record(commit, tree, attested, envelope, 0.0)
    record.update(seq=seq, ts=ts)
    return record
