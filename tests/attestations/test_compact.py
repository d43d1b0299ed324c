"""The attestation packed into a trailer value: what is written reads back exactly, anything
else is refused with a clear error (never another exception), and both ways are bounded."""

from __future__ import annotations

import base64
import contextlib
import os
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from attestations.compact import MAX_STATEMENT, MAX_TRAILER, decode, encode
from attestations.dsse import sign
from attestations.errors import MalformedAttestation
from attestations.statement import PAYLOAD_TYPE

KEY = Ed25519PrivateKey.generate()


@given(st.binary(max_size=4000))
def test_an_envelope_reads_back_exactly(payload: bytes) -> None:
    envelope = sign(PAYLOAD_TYPE, payload, KEY)
    value = encode(envelope)
    assert "\n" not in value
    assert " " not in value
    decoded = decode(value)
    assert decoded.payload == envelope.payload
    assert decoded.signatures[0].sig == envelope.signatures[0].sig
    assert envelope.signatures[0].keyid.startswith(decoded.signatures[0].keyid)


@given(st.text(max_size=300))
def test_any_text_is_an_envelope_or_a_clear_refusal(value: str) -> None:
    try:
        decode(value)
    except MalformedAttestation as e:
        error = str(e)
    else:
        return
    assert "Pretense-Attestation" in error


@given(st.binary(max_size=300), st.binary(max_size=80))
def test_any_bytes_in_the_right_shape_are_an_envelope_or_a_clear_refusal(payload: bytes, sig: bytes) -> None:
    packed = base64.urlsafe_b64encode(payload).decode().rstrip("=") or "A"
    signature = base64.urlsafe_b64encode(sig).decode().rstrip("=") or "A"
    with contextlib.suppress(MalformedAttestation):
        decode(f"v1.0123456789abcdef.{packed}.{signature}")


def test_an_inflation_bomb_is_refused() -> None:
    bomb = base64.urlsafe_b64encode(zlib.compress(b"0" * (MAX_STATEMENT * 4))).decode().rstrip("=")
    with pytest.raises(MalformedAttestation, match="inflates past"):
        decode(f"v1.0123456789abcdef.{bomb}.AAAA")


def test_a_statement_too_large_for_a_trailer_is_refused_when_written() -> None:
    envelope = sign(PAYLOAD_TYPE, os.urandom(MAX_TRAILER), KEY)
    with pytest.raises(MalformedAttestation, match="at most"):
        encode(envelope)


def test_a_statement_a_reader_would_not_inflate_is_refused_when_written() -> None:
    # It deflates to a few hundred characters, but reading it back would stop at MAX_STATEMENT.
    envelope = sign(PAYLOAD_TYPE, b"0" * (MAX_STATEMENT + 1), KEY)
    with pytest.raises(MalformedAttestation, match=f"at most {MAX_STATEMENT}"):
        encode(envelope)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("v2.0123456789abcdef.AA.AA", "does not start with v1"),
        ("v1.0123456789abcdef.AA", "KEYID.PAYLOAD.SIGNATURE"),
        ("v1.0123456789ABCDEF.AA.AA", "key id is not 16 hex digits"),
        ("v1.0123456789abcdef.A+A.AA", "KEYID.PAYLOAD.SIGNATURE"),
        ("v1.0123456789abcdef.AAAA.AA", "does not inflate"),
        ("v1.0123456789abcdef.A.AA", "not valid base64url"),
    ],
)
def test_malformed_trailers_say_what_is_wrong(value: str, error: str) -> None:
    with pytest.raises(MalformedAttestation, match=error):
        decode(value)
