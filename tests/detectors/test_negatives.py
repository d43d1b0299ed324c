"""The negatives filter: ciphertext and encoded envelopes, documented examples, public keys,
and the properties that hold whatever the random content."""

from __future__ import annotations

import base64
import string
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import checks
from tests.detectors.findings import found

HEX_LINES = "\n".join(["3133353739373835383035353633623833623562663132393461313261393139"] * 4)

ENVELOPED = [
    "password: ENC[AES256_GCM,data:q8Zr2LxVt5Wn9Ps=,iv:K3mHc4B7yq8Zr2LxVt5Wn9Ps=,tag:x1y2=,type:str]",
    "DATABASE_PASSWORD=ENC[AES256_GCM,data:cT2kqZ8nW5dR,iv:Zq8RkV2mX9tLcW4n=,tag:Qm9v=,type:str]",
    "spring.datasource.password=ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)",
    f"$ANSIBLE_VAULT;1.1;AES256\n{HEX_LINES}\n",
    "ledger_db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  " + HEX_LINES.replace("\n", "\n  ") + "\n",
    '"secret_key": "vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w=="',
    "api_token: AQICAHhzdGFnZWQgY2lwaGVydGV4dCBibG9iIGZyb20gS01TIHdpdGggYSBrZXk=",
    "db_password = U2FsdGVkX19wZXRpdCBzZWwgZW5jcnlwdGVkIHdpdGggb3BlbnNzbA==",
    "kind: SealedSecret\nspec:\n  encryptedData:\n"
    "    password: AgBy3i4OJSWK+PiTySYZZA9rO43c\n    token: AgC1x2\n",
    "-----BEGIN AGE ENCRYPTED FILE-----\n"
    "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBa\n-----END AGE ENCRYPTED FILE-----",
    "-----BEGIN PGP MESSAGE-----\n\n"
    "hQEMA5kXn1Z8p3yZAQf/Xq9vL2mT8rKc4WzN1bYs7dF3h\n=Xq9v\n-----END PGP MESSAGE-----",
]


@pytest.mark.parametrize("text", ENVELOPED)
def test_ciphertext_in_an_envelope_is_no_secret_in_clear(text: str) -> None:
    assert found(text) == []


def test_a_secret_beside_an_envelope_is_still_found() -> None:
    text = (
        "password: ENC[AES256_GCM,data:q8Zr2LxVt5Wn9Ps=,iv:K3mH=,tag:x1=,type:str]\n"
        "api_password: hunter2xyz\n"
    )
    assert found(text) == [("password", "hunter2xyz")]


_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _github_token(body: str) -> str:
    number, digits = zlib.crc32(body.encode()), ""
    while number:
        number, digit = divmod(number, 62)
        digits = _BASE62[digit] + digits
    return "ghp_" + body + digits.rjust(6, "0")


# Text around a value: words, digits, punctuation and line breaks, never glued to the value.
_AROUND = st.text(alphabet=string.ascii_letters + string.digits + " .,;:()\n-", max_size=200)


@settings(max_examples=200, deadline=None)
@given(
    raw=st.binary(min_size=32, max_size=600),
    key=st.sampled_from(["payload", "data", "nonce", "blob", "body"]),
)
def test_random_base64_without_credential_context_is_not_reported(raw: bytes, key: str) -> None:
    blob = base64.b64encode(raw).decode()
    assert found(f'{{"{key}": "{blob}"}}') == []
    assert found(f"received frame len={len(raw)} data={blob}\n") == []


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(alphabet=string.ascii_letters + string.digits, min_size=30, max_size=30),
    before=_AROUND,
    after=_AROUND,
)
def test_a_checksummed_token_is_found_in_any_text(body: str, before: str, after: str) -> None:
    token = _github_token(body)
    assert checks.base62_checksum(body, token[-6:])
    assert ("github_token", token) in found(f"{before} {token} {after}")


@settings(max_examples=200, deadline=None)
@given(account=st.text(alphabet=string.digits, min_size=10, max_size=10), before=_AROUND, after=_AROUND)
def test_an_iban_is_found_in_any_text(account: str, before: str, after: str) -> None:
    bban = "37040044" + account
    check = 98 - int("".join(str(int(c, 36)) for c in bban + "DE00")) % 97
    value = f"DE{check:02d}{bban}"
    assert ("iban", value) in found(f"{before} {value} {after}")


@settings(max_examples=100, deadline=None)
@given(data=st.binary(min_size=8, max_size=64), iv=st.binary(min_size=12, max_size=12))
def test_sops_values_are_never_reported(data: bytes, iv: bytes) -> None:
    b64 = base64.b64encode
    value = f"ENC[AES256_GCM,data:{b64(data).decode()},iv:{b64(iv).decode()},tag:{b64(iv).decode()},type:str]"
    assert found(f"db_password: {value}\napi_token: {value}\n") == []
