"""Private keys: PEM and its cousins (OpenSSH, PGP, SSH2, PuTTY), PEM in base64, age identities.
A reference to a key (a file name, a header in docs or code) is not a key: key material is."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from detectors import checks
from detectors.base import Category, Detector, Finding, Mode, Views
from detectors.keyed import SPECIFIC

_HEADER_LINE = re.compile(r"[A-Za-z-]+: [^\n\\]*(?:\\n|\n)")
_KEY_MATERIAL = re.compile(r"[A-Za-z0-9+/]")
_TRAILING_BLANK = re.compile(r"(?:\s|\\[rn])+\Z")


class PrivateKey(Detector):
    """PEM, OpenSSH, PGP, SSH2 and PuTTY private keys, also inside JSON strings (a service
    account's `private_key`); a key cut off before its END line is hidden to the end. The
    header alone (in docs, in code that writes or parses keys) has no body and is no key."""

    kind = "private_key"
    category = Category.PRIVATE_KEY
    anchors = ("PRIVATE KEY", "PuTTY-User-Key-File")
    mode = Mode.WHOLE
    patterns = (
        r"-----BEGIN (?P<label>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----"
        r"(?:[A-Za-z-]+: [^\n\\]*(?:\\n|\n)|[A-Za-z0-9+/=]|\s|\\[rn])*?"
        r"(?:-----END (?P=label)-----|(?=[^A-Za-z0-9+/=\s\\]|\\[^rn])|\Z)",
        r"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----.*?(?:---- END SSH2 ENCRYPTED PRIVATE KEY ----|\Z)",
        r"PuTTY-User-Key-File-\d: .*?(?:Private-MAC: [0-9a-f]+|\Z)",
    )
    flags = re.DOTALL
    priority = SPECIFIC + 1

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        for finding in super().find(views, hits):
            # A key cut off ends at its last character of key material, not at the blank after.
            value = views.text[finding.start : finding.end]
            kept = len(_TRAILING_BLANK.sub("", value))
            yield Finding(self.kind, self.category, finding.start, finding.start + kept)

    def check(self, value: str) -> bool:
        # Key material pads with AAAA, so no documentation test; but there must be material.
        if not value.startswith("-----BEGIN"):
            return True
        body = value[value.index("-----", 10) + 5 :]
        complete = "-----END " in body
        material = "".join(_KEY_MATERIAL.findall(_HEADER_LINE.sub("", body.split("-----END ")[0])))
        if len(material) < 64 and checks.is_placeholder(material):
            return False  # -----BEGIN PRIVATE KEY-----\nYOUR_KEY_HERE\n-----END PRIVATE KEY-----
        return len(material) >= (8 if complete else 32)


class EncodedPrivateKey(Detector):
    """A PEM private key in base64, as kubeconfig's `client-key-data` and a TLS secret's
    `tls.key` hold it: `-----BEGIN` is `LS0tLS1CRUdJTi` in base64."""

    kind = "private_key"
    category = Category.PRIVATE_KEY
    anchors = ("LS0tLS1CRUdJTi",)
    patterns = (r"(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,}={0,2}",)
    priority = SPECIFIC + 1

    def check(self, value: str) -> bool:
        header = checks.decoded(value[: len(value) - len(value) % 4][:96])
        return header is not None and b"PRIVATE KEY" in header


class AgeSecretKey(Detector):
    """age's X25519 identities: bech32 with its checksum."""

    kind = "age_secret_key"
    category = Category.PRIVATE_KEY
    anchors = ("AGE-SECRET-KEY-1",)
    patterns = (r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return checks.bech32(value)
