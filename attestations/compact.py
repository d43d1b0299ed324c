"""The attestation in one trailer line: `Pretense-Attestation: v1.KEYID.PAYLOAD.SIGNATURE`, a
compact serialisation of a DSSE envelope (as JWS has one). The payload type is always
in-toto's; KEYID is the signing key's id (the first 16 hex digits of its fingerprint, a hint
as DSSE says); PAYLOAD is the statement deflated; PAYLOAD and SIGNATURE are unpadded
base64url. Bounded both ways: a statement is refused when written past `MAX_TRAILER`
characters or `MAX_STATEMENT` bytes (the predicate leaves detail out first), and reading
inflates at most `MAX_STATEMENT` bytes, so a crafted trailer cannot blow up.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from attestations.dsse import Envelope, Signature
from attestations.errors import MalformedAttestation
from attestations.statement import PAYLOAD_TYPE
from attestations.trailers import ATTESTATION

VERSION = "v1"
MAX_TRAILER = 8192
MAX_STATEMENT = 65536
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
_KEY_ID = re.compile(r"[0-9a-f]{16}")


def encode(envelope: Envelope) -> str:
    if envelope.payload_type != PAYLOAD_TYPE or len(envelope.signatures) != 1:
        raise MalformedAttestation("only an in-toto statement with one signature goes in a trailer")
    if len(envelope.payload) > MAX_STATEMENT:  # what a reader would refuse to inflate
        raise MalformedAttestation(
            f"the statement takes {len(envelope.payload)} bytes (at most {MAX_STATEMENT})"
        )
    signature = envelope.signatures[0]
    parts = (VERSION, signature.keyid[:16], _b64(zlib.compress(envelope.payload, 9)), _b64(signature.sig))
    value = ".".join(parts)
    if len(value) > MAX_TRAILER:
        raise MalformedAttestation(
            f"the attestation would take {len(value)} characters (at most {MAX_TRAILER})"
        )
    return value


def decode(value: str) -> Envelope:
    """The envelope a trailer value carries; raises MalformedAttestation saying why not."""
    parts = value.strip().split(".")
    if parts[0] != VERSION:
        raise MalformedAttestation(f"the {ATTESTATION} trailer does not start with {VERSION}.")
    if len(value) > MAX_TRAILER or len(parts) != 4 or not all(_BASE64URL.fullmatch(p) for p in parts[1:]):
        raise MalformedAttestation(
            f"the {ATTESTATION} trailer is not {VERSION}.KEYID.PAYLOAD.SIGNATURE of a bounded size"
        )
    _, keyid, packed, sig = parts
    if not _KEY_ID.fullmatch(keyid):
        raise MalformedAttestation(f"the {ATTESTATION} trailer's key id is not 16 hex digits")
    inflate = zlib.decompressobj()
    try:
        payload = inflate.decompress(_unb64(packed), MAX_STATEMENT)
    except zlib.error as e:
        raise MalformedAttestation(f"the {ATTESTATION} trailer's payload does not inflate ({e})") from None
    if inflate.unconsumed_tail or not inflate.eof:
        raise MalformedAttestation(
            f"the {ATTESTATION} trailer's payload is cut off or inflates past {MAX_STATEMENT} bytes"
        )
    return Envelope(PAYLOAD_TYPE, payload, (Signature(keyid, _unb64(sig)),))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise MalformedAttestation(f"the {ATTESTATION} trailer is not valid base64url") from None
