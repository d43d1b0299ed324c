"""What the proxy answers a commit's hook with, sans-IO: the hook's request read strictly,
the claim signed into a bounded trailer, the `Assisted-by` trailers, and the audit records
that tie each attestation (and later the commit) to the trail."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from attestations.agents import safe
from attestations.compact import decode, encode
from attestations.dsse import Envelope, envelope_json, sign
from attestations.errors import AttestationError, MalformedAttestation
from attestations.git import OBJECT_ID
from attestations.predicate import Claim, Provenance, claim_of, predicate
from attestations.statement import PAYLOAD_TYPE, parse_statement, statement_bytes
from attestations.trailers import ASSISTED_BY, ATTESTATION, Trailer, values
from audit.record import ATTESTATION as ATTESTATION_RECORD
from audit.record import COMMIT as COMMIT_RECORD
from audit.record import Record, timestamp

MAX_TABLE = 8
"""Entries kept of each count table (agents, models, ...): the most frequent."""

Json = Any


class BadRequest(MalformedAttestation):
    """What the hook sent cannot be read: answered 400, saying which field."""


@dataclass(frozen=True, slots=True)
class CommitRequest:
    """What the commit-msg hook asks: attest this tree, made from this parent, in this
    repository; the exchanges to summarise are those since `since` (the parent's time)."""

    root: str
    tree: str
    parent: str | None
    since: float | None


@dataclass(frozen=True, slots=True)
class CommittedRequest:
    """What the post-commit hook tells: the commit now exists."""

    root: str
    commit: str


def parse_commit_request(body: bytes) -> CommitRequest:
    document = _document(body)
    since = document.get("since")
    if since is not None and (
        isinstance(since, bool) or not isinstance(since, int | float) or not math.isfinite(since)
    ):
        raise BadRequest("since: must be a time in seconds since the epoch, or null")
    parent = document.get("parent")
    return CommitRequest(
        root=_root(document),
        tree=_object(document.get("tree"), "tree"),
        parent=None if parent is None else _object(parent, "parent"),
        since=None if since is None else float(since),
    )


def parse_committed_request(body: bytes) -> CommittedRequest:
    document = _document(body)
    return CommittedRequest(_root(document), _object(document.get("commit"), "commit"))


def signed(claim: Claim, key: Ed25519PrivateKey) -> tuple[Envelope, str]:
    """The envelope and its trailer value; detail is left out (the files with the fewest AI
    lines first, then the count tables' rarest entries) until the trailer fits."""
    attempt = _trimmed_tables(claim)
    files = sorted(attempt.provenance.files, key=lambda f: (-f.ai, f.path))
    keep = len(files)
    while True:
        kept = tuple(sorted(files[:keep], key=lambda f: f.path))
        provenance = Provenance(
            attempt.provenance.added,
            attempt.provenance.ai,
            kept,
            attempt.provenance.omitted + len(files) - keep,
        )
        candidate = dataclasses.replace(attempt, provenance=provenance)
        envelope = sign(PAYLOAD_TYPE, statement_bytes(candidate.tree, predicate(candidate)), key)
        try:
            return envelope, encode(envelope)
        except MalformedAttestation:
            if keep == 0:
                raise
            keep //= 2


def commit_trailers(claim: Claim, value: str) -> list[Trailer]:
    """`Pretense-Attestation`, then one `Assisted-by: AGENT:MODEL` per agent whose answers
    the commit's added lines came from."""
    return [Trailer(ATTESTATION, value), *assisted_by(claim)]


def assisted_by(claim: Claim) -> list[Trailer]:
    return [Trailer(ASSISTED_BY, _assisted(label)) for label in claim.provenance.agents]


def given_before(message: str) -> list[Trailer]:
    """The `Assisted-by` trailers the message's earlier attestations gave: an amend replaces
    them with the new attestation's, and leaves those a person wrote."""
    given: list[Trailer] = []
    for value in values(message, ATTESTATION):
        try:
            given += assisted_by(claim_of(parse_statement(decode(value).payload)))
        except AttestationError:
            continue
    return given


def envelope_digest(envelope: Envelope) -> str:
    """The SHA-256 of the envelope with each key id as a trailer carries it (16 hex digits):
    the same whether made from the envelope signed or read back from a commit's trailer."""
    hinted = tuple(dataclasses.replace(s, keyid=s.keyid[:16]) for s in envelope.signatures)
    return hashlib.sha256(envelope_json(dataclasses.replace(envelope, signatures=hinted))).hexdigest()


def attestation_record(claim: Claim, envelope: Envelope, epoch: float) -> Record:
    """The audit record of an attestation given: the trail then says which tree was attested,
    where the chain stood, and the digest of exactly what was signed."""
    return {
        "type": ATTESTATION_RECORD,
        "ts": timestamp(epoch),
        "tree": claim.tree,
        "parent": claim.parent,
        "patch_id": claim.change,
        "repository": claim.repository,
        "tier": claim.tier.value,
        "cites_seq": claim.chain_seq,
        "envelope_sha256": envelope_digest(envelope),
        "added_lines": claim.provenance.added,
        "ai_lines": claim.provenance.ai,
        "exchanges": claim.exchanges.count,
        "key_id": claim.key_id[:16],
    }


def commit_record(
    commit: str, tree: str, attested: str | None, envelope: Envelope | None, epoch: float
) -> Record:
    """The audit record of a commit made: its id (which the commit itself cannot hold), its
    tree, and the attestation it carries, if one of ours."""
    return {
        "type": COMMIT_RECORD,
        "ts": timestamp(epoch),
        "commit": commit,
        "tree": tree,
        "attested_tree": attested,
        "envelope_sha256": envelope_digest(envelope) if envelope is not None else None,
    }


def _assisted(label: str) -> str:
    agent, _, model = label.partition(":")
    return f"{safe(agent) or 'unknown'}:{safe(model) or 'unknown'}"


def _trimmed_tables(claim: Claim) -> Claim:
    def top(table: Mapping[str, int]) -> dict[str, int]:
        return dict(sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TABLE])

    x = claim.exchanges
    trimmed = dataclasses.replace(
        x, agents=top(x.agents), models=top(x.models), tiers=top(x.tiers), detections=top(x.detections)
    )
    return dataclasses.replace(claim, exchanges=trimmed)


def _document(body: bytes) -> dict[str, Json]:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as e:
        raise BadRequest(f"the request is not JSON ({e})") from None
    if not isinstance(document, dict):
        raise BadRequest("the request is not a JSON object")
    return document


def _root(document: Mapping[str, Json]) -> str:
    root = document.get("root")
    if not isinstance(root, str) or not root.startswith("/") or "\0" in root:
        raise BadRequest("root: must be the repository's absolute path")
    return root


def _object(value: Json, field: str) -> str:
    if not isinstance(value, str) or not OBJECT_ID.fullmatch(value):
        raise BadRequest(f"{field}: must be a git object id (40 or 64 hex digits)")
    return value


def answer_summary(claim: Claim) -> str:
    """One line for the developer: what was attested."""
    where = f"repository {claim.repository}" if claim.repository else "no repository in the policy"
    share = f"{claim.provenance.ai} of {claim.provenance.added} added lines from AI answers"
    agents = f" ({', '.join(claim.provenance.agents)})" if claim.provenance.agents else ""
    return f"Pretense attested tree {claim.tree[:12]} ({claim.tier} tier, {where}): {share}{agents}"
