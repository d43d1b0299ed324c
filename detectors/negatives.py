"""What looks like a secret and is not: ciphertext and encoded envelopes, values published as
documentation examples, keys meant to be public. The scanner drops what these explain."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from detectors.base import Anchored, Mode, View, Views


class Envelope(Anchored):
    """A stretch of text that is ciphertext in a known envelope: a detector that fires inside
    it (a password key whose value is `ENC[...]`) has found no secret in clear."""

    def regions(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[tuple[int, int]]:
        for match in self.matches(views, hits):
            yield match.span()


class SopsValue(Envelope):
    anchors = ("ENC[",)
    patterns = (r"ENC\[[A-Z0-9_]+,data:[^\]\s]*\]",)


class JasyptValue(Envelope):
    anchors = ("ENC(",)
    patterns = (r"ENC\([A-Za-z0-9+/=]+\)",)


class AnsibleVault(Envelope):
    """A vault file, or a `!vault |` value in YAML, with its lines of hex."""

    anchors = ("$ANSIBLE_VAULT;", "!vault")
    patterns = (r"(?:!vault[ \t]*\|[ \t]*\r?\n[ \t]*)?\$ANSIBLE_VAULT;[^\n]*(?:\r?\n[ \t]*[0-9a-f]+)+",)


class VaultTransit(Envelope):
    anchors = ("vault:v",)
    patterns = (r"vault:v\d+:[A-Za-z0-9+/=]+",)


class ArmoredMessage(Envelope):
    """age and OpenPGP messages: encrypted to someone, readable by nobody else."""

    anchors = ("-----BEGIN AGE ENCRYPTED FILE-----", "-----BEGIN PGP MESSAGE-----")
    patterns = (r"-----BEGIN (AGE ENCRYPTED FILE|PGP MESSAGE)-----.*?(?:-----END \1-----|\Z)",)
    flags = re.DOTALL


class KmsCiphertext(Envelope):
    """An AWS KMS ciphertext blob: its header bytes 01 02 02 00 78 are `AQICAH` in base64."""

    anchors = ("AQICAH",)
    patterns = (r"AQICAH[A-Za-z0-9+/]+={0,2}",)


class OpensslSalted(Envelope):
    """`openssl enc -a -salt` output: `Salted__` and the salt, in base64."""

    anchors = ("U2FsdGVkX1",)
    patterns = (r"U2FsdGVkX1[A-Za-z0-9+/]+={0,2}",)


class SealedSecretData(Envelope):
    """A Bitnami SealedSecret's `encryptedData`: encrypted to the cluster's controller."""

    anchors = ("encrypteddata",)
    view = View.LOWER
    mode = Mode.START
    patterns = (
        r"(?i:encryptedData)[\"']?[ \t]*:[ \t]*\r?\n(?:[ \t]+[^\n]*(?:\n|\Z))+",
        r"(?i:encryptedData)[\"']?[ \t]*:[ \t]*\{[^}]*\}",
    )


ENVELOPES: tuple[type[Envelope], ...] = (
    SopsValue, JasyptValue, AnsibleVault, VaultTransit, ArmoredMessage, KmsCiphertext, OpensslSalted,
    SealedSecretData,
)  # fmt: skip


# Tokens and keys their publishers print in documentation and test suites: reporting them
# helps nobody. (Example IBANs stay client data: teams use them as realistic test accounts.)
DOCUMENTED = frozenset(
    {
        # GitHub's documentation of its token formats
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        # Stripe's API reference
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        # jwt.io and RFC 7519's introduction
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
        "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        # Azurite's and the Azure Storage Emulator's well-known account key
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    }
)


def is_documented(value: str) -> bool:
    return value.replace(" ", "") in DOCUMENTED


# Keys that ship to browsers and apps by design: publishable, public, search-only, site keys.
_PUBLIC_VALUE = re.compile(
    r"^(?:pk_(?:live|test)_|pk\.ey|sb_publishable_|FLWPUBK|pubkey-|phc_|sq0idp-|NRJS-"
    r"|(?:live|test)_[A-Z0-9]{32}$"  # Adyen client keys
    r"|(?:production|sandbox)_[a-z0-9]{8}_[a-z0-9]{16}$)"  # Braintree tokenization keys
)
_PUBLIC_KEY_NAME = re.compile(rb"public|publishable|site[_.-]?key|search[_.-]?(?:only|key)|client[_.-]?id")


def is_public(value: str) -> bool:
    return _PUBLIC_VALUE.match(value) is not None


def names_public_key(lower_key: bytes) -> bool:
    """A key (lower-cased) whose value is public by design: `publishableKey`, `searchOnlyApiKey`."""
    return _PUBLIC_KEY_NAME.search(lower_key) is not None
