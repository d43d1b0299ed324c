"""The hash chain: each record carries the hash of the one before it, and signed
checkpoints pin the chain's head so that a rewritten trail is detectable with the public
key alone, and a cut-off one against the checkpoints kept elsewhere (anchors)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.record import CHECKPOINT, VERSION, Record, canonical
from installation.home import key_fingerprint

GENESIS = "0" * 64


def record_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 of the record's canonical bytes, without its own `hash`."""
    return hashlib.sha256(canonical({k: v for k, v in record.items() if k != "hash"})).hexdigest()


def signed_part(checkpoint: Mapping[str, Any]) -> bytes:
    return canonical({k: v for k, v in checkpoint.items() if k not in ("hash", "sig")})


def key_id(public: Ed25519PublicKey) -> str:
    return key_fingerprint(public)[:16]


def signature_valid(checkpoint: Mapping[str, Any], public: Ed25519PublicKey) -> bool:
    try:
        public.verify(bytes.fromhex(str(checkpoint.get("sig", ""))), signed_part(checkpoint))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(slots=True)
class ChainHead:
    """Where the chain stands: the last record's number and hash."""

    seq: int = 0
    hash: str = GENESIS


class AuditChain:
    """Seals records in order: numbers them, links them, and signs checkpoints."""

    def __init__(self, signing_key: Ed25519PrivateKey, head: ChainHead | None = None) -> None:
        self._key = signing_key
        self._key_id = key_id(signing_key.public_key())
        self.head = head or ChainHead()
        self.since_checkpoint = 0
        self._first_uncovered = self.head.seq + 1
        self.line = b""
        """The last sealed record as stored: its canonical bytes, then its `hash`."""

    def seal(self, record: Record) -> Record:
        """The record with `v`, `seq`, `prev` and `hash` set; the chain moves on."""
        record["v"] = VERSION
        record["seq"] = self.head.seq + 1
        record["prev"] = self.head.hash
        if record.get("type") == CHECKPOINT:
            record["from_seq"] = self._first_uncovered
            record["key_id"] = self._key_id
            record["sig"] = self._key.sign(signed_part(record)).hex()
        record.pop("hash", None)
        body = canonical(record)  # serialized once: hashed, then stored with the hash appended
        record["hash"] = hashlib.sha256(body).hexdigest()
        self.line = body[:-1] + b',"hash":"' + record["hash"].encode() + b'"}'
        self.head = ChainHead(record["seq"], record["hash"])
        if record.get("type") == CHECKPOINT:
            self.since_checkpoint = 0
            self._first_uncovered = record["seq"] + 1
        else:
            self.since_checkpoint += 1
        return record
