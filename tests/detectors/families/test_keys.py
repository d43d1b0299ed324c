from __future__ import annotations

import json

import pytest

from detectors import Category
from tests.detectors.findings import SCANNER, found

PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
EC_BASE64 = (
    "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSU84T0xHWWJTbWswejZnWVlRMEpod0d4SjZPNEJ6RG5lVUE1VDd0"
    "a1liQ0NvQW9HQ0NxR1NNNDkKQXdFSG9VUURRZ0FFRmdWWDIwYWcwS3UwYnlMZFJwRjEzd0FKRElkK2pFbytjS0JGaWUwcGNwTWVtTDZi"
    "WGhFcwpXbUloZGlSYXBZYXgwSUxQc2liUVNtQ2cxaXFNWmJhWkh3PT0KLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo="
)
AGE = "AGE-SECRET-KEY-1E5NVXT8ZQ7S3Q28LC8LEMEU4KRRHJMFJLEQ3LK72G59J3NM2U29A95HHNP"


def test_private_keys_are_found_plain_and_json_escaped() -> None:
    account = json.dumps({"type": "service_account", "private_key": PEM + "\n"})
    assert found(f"key:\n{PEM}\nend") == [("private_key", PEM)]
    assert found(account) == [("private_key", json.dumps(PEM)[1:-1])]
    cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAE"
    assert found(f"cat id_ed25519\n{cut}\n```") == [("private_key", cut)]
    assert SCANNER.scan(PEM)[0].category is Category.PRIVATE_KEY


@pytest.mark.parametrize(
    ("context", "value"),
    [
        ("client-key-data: {}\n", EC_BASE64),
        ("SOPS_AGE_KEY={}", AGE),
        ("# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n{}\n", AGE),
    ],
)
def test_encoded_keys_and_age_identities(context: str, value: str) -> None:
    findings = SCANNER.scan(context.format(value))
    assert [(f.kind, f.category) for f in findings][-1][1] is Category.PRIVATE_KEY
    assert found(context.format(value))[-1][1] == value


@pytest.mark.parametrize(
    "text",
    [
        # references to a key are not keys: file names, headers in docs, code that writes or parses keys
        "ssl_certificate_key /etc/nginx/tls/portal.key;",
        "It starts with `-----BEGIN PRIVATE KEY-----` and ends with the matching END line.",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        'PEM_HEADER = "-----BEGIN EC PRIVATE KEY-----"\nassert pem.startswith(PEM_HEADER)',
        'var begin = []byte("-----BEGIN RSA PRIVATE KEY-----")',
        "return `-----BEGIN ${label}-----\\n${lines}\\n-----END ${label}-----\\n`;",
        "PRIVATE_KEY = /-----BEGIN ((RSA|EC) )?PRIVATE KEY-----.*?-----END \\1?PRIVATE KEY-----/m",
        "-----BEGIN PRIVATE KEY-----\nMIIE<your key here>\n-----END PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\nYOUR_KEY_HERE\n-----END PRIVATE KEY-----",
        # a certificate in base64 (kubeconfig's certificate-authority-data) is public
        "certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURkekNDQWwrZ0F3SUJBZ0lV",
        # an age identity whose checksum fails, and a recipient (public)
        AGE[:-1] + "Q",
        "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
    ],
)
def test_references_to_keys_stay_quiet(text: str) -> None:
    assert found(text) == []
