"""DSSE as its protocol defines it: the pre-authentication encoding, and a signature that
holds only for the exact payload type and body, under a trusted key."""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from attestations.dsse import Envelope, Signature, envelope_json, pae, sign, verified_by
from attestations.errors import SignatureInvalid, UntrustedKey
from installation.home import key_fingerprint

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
TRUSTED = {key_fingerprint(KEY.public_key()): KEY.public_key()}
TYPE = "application/vnd.in-toto+json"


def test_pae_is_the_specifications_test_vector() -> None:
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )


def test_pae_counts_bytes_not_characters() -> None:
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 \xc3\xa9"


def test_a_signed_envelope_verifies_under_its_key() -> None:
    envelope = sign(TYPE, b'{"a":1}', KEY)
    assert verified_by(envelope, TRUSTED) == key_fingerprint(KEY.public_key())


@pytest.mark.parametrize(
    "change",
    [{"payload": b'{"a":2}'}, {"payload_type": "application/json"}],
    ids=["payload", "payload type"],
)
def test_any_change_to_what_was_signed_breaks_it(change: dict[str, object]) -> None:
    envelope = dataclasses.replace(sign(TYPE, b'{"a":1}', KEY), **change)  # type: ignore[arg-type]
    with pytest.raises(SignatureInvalid):
        verified_by(envelope, TRUSTED)


def test_another_keys_signature_names_that_key() -> None:
    envelope = sign(TYPE, b"x", OTHER)
    with pytest.raises(UntrustedKey, match=key_fingerprint(OTHER.public_key())[:16]):
        verified_by(envelope, TRUSTED)


def test_the_keyid_is_only_a_hint() -> None:
    signed = sign(TYPE, b"x", KEY)
    # A keyid naming another key, or none, does not stop the trusted key from verifying it.
    for keyid in ("", "00" * 32, key_fingerprint(KEY.public_key())[:16]):
        envelope = Envelope(TYPE, b"x", (Signature(keyid, signed.signatures[0].sig),))
        assert verified_by(envelope, TRUSTED) == key_fingerprint(KEY.public_key())
    # A forger's signature claiming the trusted key's id is a forgery, not an unknown key.
    forged = Envelope(
        TYPE, b"x", (Signature(key_fingerprint(KEY.public_key()), OTHER.sign(pae(TYPE, b"x"))),)
    )
    with pytest.raises(SignatureInvalid):
        verified_by(forged, TRUSTED)


def test_the_json_envelope_has_the_standard_fields() -> None:
    document = envelope_json(sign(TYPE, b"hello", KEY))
    assert document.startswith(b'{"payload":"aGVsbG8=","payloadType":"application/vnd.in-toto+json",')
    assert b'"signatures":[{"keyid":"' + key_fingerprint(KEY.public_key()).encode() in document
