"""in-toto Statement v1 for a commit: the subjects (the git tree it records, and once it
exists the commit) and our predicate, read back with the in-toto parsing rules (unknown
fields are ignored; a subject is matched by digest)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from attestations.errors import MalformedAttestation

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
"""The DSSE payload type in-toto prescribes for a statement."""
PREDICATE_TYPE = "https://pretense.dev/attestations/commit/v1"
"""Ours, versioned: a reader refuses a version it does not know rather than guess."""
# in-toto's digest set names for git objects (SHA-1 or SHA-256 repositories alike).
GIT_TREE = "gitTree"
GIT_COMMIT = "gitCommit"

Json = Any


@dataclass(frozen=True, slots=True)
class Statement:
    digests: Mapping[str, str]
    """Each subject's digest by algorithm (`gitTree`, `gitCommit`)."""
    predicate: Mapping[str, Json]


def statement_bytes(tree: str, predicate: Mapping[str, Json], commit: str | None = None) -> bytes:
    subjects = [{"name": "tree", "digest": {GIT_TREE: tree}}]
    if commit is not None:
        subjects.insert(0, {"name": "commit", "digest": {GIT_COMMIT: commit}})
    document = {
        "_type": STATEMENT_TYPE,
        "subject": subjects,
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def parse_statement(payload: bytes) -> Statement:
    try:
        document = orjson.loads(payload)
    except orjson.JSONDecodeError as e:
        raise MalformedAttestation(f"the statement is not JSON ({e})") from None
    if not isinstance(document, dict) or document.get("_type") != STATEMENT_TYPE:
        raise MalformedAttestation(f"the payload is not an in-toto statement ({STATEMENT_TYPE})")
    kind = document.get("predicateType")
    if kind != PREDICATE_TYPE:
        raise MalformedAttestation(f"unsupported predicate type {kind!r} (this build reads {PREDICATE_TYPE})")
    subjects = document.get("subject")
    if not isinstance(subjects, list) or not subjects:
        raise MalformedAttestation("the statement has no subject")
    digests: dict[str, str] = {}
    for subject in subjects:
        digest = subject.get("digest") if isinstance(subject, dict) else None
        if not isinstance(digest, dict) or not digest:
            raise MalformedAttestation("a subject of the statement has no digest")
        for algorithm, value in digest.items():
            if isinstance(value, str):
                digests.setdefault(algorithm, value.lower())
    predicate = document.get("predicate")
    if not isinstance(predicate, dict):
        raise MalformedAttestation("the statement has no predicate")
    return Statement(digests, predicate)
