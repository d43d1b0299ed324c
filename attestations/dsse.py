"""DSSE v1 envelopes, sans-IO: the pre-authentication encoding, Ed25519 signing and
verification, and the standard JSON envelope (what the audit trail digests)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from attestations.errors import SignatureInvalid, UntrustedKey
from installation.home import key_fingerprint


@dataclass(frozen=True, slots=True)
class Signature:
    keyid: str
    """A hint only (DSSE): the SHA-256 fingerprint of the raw public key, as pinned, or its
    first 16 hex digits (a trailer's)."""
    sig: bytes


@dataclass(frozen=True, slots=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[Signature, ...]


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSEv1 SP LEN(type) SP type SP LEN(body) SP body: what is signed, never the JSON."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)


def sign(payload_type: str, body: bytes, key: Ed25519PrivateKey) -> Envelope:
    keyid = key_fingerprint(key.public_key())
    return Envelope(payload_type, body, (Signature(keyid, key.sign(pae(payload_type, body))),))


def envelope_json(envelope: Envelope) -> bytes:
    document = {
        "payload": base64.b64encode(envelope.payload).decode(),
        "payloadType": envelope.payload_type,
        "signatures": [
            {"keyid": s.keyid, "sig": base64.b64encode(s.sig).decode()} for s in envelope.signatures
        ],
    }
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def verified_by(envelope: Envelope, trusted: Mapping[str, Ed25519PublicKey]) -> str:
    """The fingerprint of the trusted key that signed the envelope (`trusted` by fingerprint).
    The keyid only narrows the keys tried: one naming no trusted key is tried against all."""
    signed = pae(envelope.payload_type, envelope.payload)
    named = [s.keyid for s in envelope.signatures if s.keyid]
    for signature in envelope.signatures:
        named_keys = [k for k in trusted if signature.keyid and k.startswith(signature.keyid)]
        for keyid in named_keys or list(trusted):
            try:
                trusted[keyid].verify(signature.sig, signed)
            except InvalidSignature:
                continue
            return keyid
    if named and not any(k.startswith(keyid) for keyid in named for k in trusted):
        raise UntrustedKey(f"signed by key {named[0][:16]}, which is not among the trusted keys")
    raise SignatureInvalid("the signature does not verify: the attestation was forged or altered")
