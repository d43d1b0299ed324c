from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import Category, default_scanner
from mutators.base import FieldKind, RequestRefused, Syntax, TextField
from mutators.chain import Chain
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer
from mutators.redaction import PLACEHOLDER, SecretRedactor
from tests.doubles import FixedScanner

KEY = bytes(range(32))
AWS = "AKIAQ3EGUZ7T2XN5MBRW"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
SCANNER = FixedScanner(
    {AWS: ("aws_access_key_id", Category.CREDENTIAL), PEM: ("private_key", Category.PRIVATE_KEY)}
)
REDACTOR = SecretRedactor(SCANNER, KEY)


def field(text: str, syntax: Syntax = Syntax.TEXT) -> TextField:
    return TextField(("f",), text, FieldKind.MESSAGE, syntax=syntax)


def restored(redactor: SecretRedactor, text: str, answer: str, syntax: Syntax = Syntax.TEXT) -> str:
    restorer = redactor.apply([field(text, syntax)]).restoration.restorer(syntax)
    return restorer.feed(answer) + restorer.flush()


def test_a_secret_becomes_a_typed_placeholder_and_comes_back() -> None:
    rewrite = REDACTOR.apply([field(f"aws_access_key_id = {AWS}\n")])
    sent = rewrite.texts[0]
    assert AWS not in sent
    placeholder = PLACEHOLDER.search(sent)
    assert placeholder is not None
    assert placeholder.group().startswith("REDACTED_AWS_ACCESS_KEY_ID_")
    assert rewrite.found == {"aws_access_key_id": 1}
    assert rewrite.fingerprints == [("aws_access_key_id", REDACTOR.fingerprint(AWS))]
    assert AWS not in repr(rewrite.fingerprints)
    restorer = rewrite.restoration.restorer(Syntax.TEXT)
    assert restorer.feed(sent) + restorer.flush() == f"aws_access_key_id = {AWS}\n"


def test_placeholders_are_deterministic_per_key_and_value() -> None:
    first = REDACTOR.apply([field(AWS)]).texts[0]
    assert REDACTOR.apply([field(f"again {AWS}")]).texts[0] == f"again {first}"
    assert SecretRedactor(SCANNER, bytes(32)).apply([field(AWS)]).texts[0] != first


def test_restoring_can_be_turned_off() -> None:
    quiet = SecretRedactor(SCANNER, KEY, restore=False)
    sent = quiet.apply([field(AWS)]).texts[0]
    assert restored(quiet, AWS, f"use {sent}") == f"use {sent}"


def test_json_text_gets_json_escaped_values_back() -> None:
    # The real scanner, which finds the key in its JSON-escaped form.
    redactor = SecretRedactor(default_scanner(), KEY)
    arguments = json.dumps({"content": PEM})
    sent = redactor.apply([field(arguments, Syntax.JSON)]).texts[0]
    assert "PRIVATE KEY" not in sent
    echoed = restored(redactor, arguments, sent, Syntax.JSON)
    assert json.loads(echoed) == {"content": PEM}
    # The same placeholder in prose gets the plain value.
    placeholder = json.loads(sent)["content"]
    assert placeholder.startswith("REDACTED_PRIVATE_KEY_")
    prose = redactor.apply([field(arguments, Syntax.JSON)]).restoration.restorer(Syntax.TEXT)
    assert prose.feed(f"key: {placeholder}") + prose.flush() == f"key: {PEM}"


def test_a_blocked_kind_refuses_the_request_without_quoting_it() -> None:
    blocking = SecretRedactor(SCANNER, KEY, block=frozenset({"private_key"}))
    with pytest.raises(RequestRefused) as refused:
        blocking.apply([field(f"line one\n{PEM}")])
    assert "private key (f, line 2)" in refused.value.reason
    assert "MIIE" not in refused.value.reason
    by_category = SecretRedactor(SCANNER, KEY, block=frozenset({"credential"}))
    with pytest.raises(RequestRefused):
        by_category.apply([field(AWS)])


def test_an_allowed_kind_passes_and_is_still_accounted_for() -> None:
    allowing = SecretRedactor(SCANNER, KEY, allow=frozenset({"aws_access_key_id"}))
    rewrite = allowing.apply([field(f"{AWS}\n{PEM}")])
    sent = rewrite.texts[0]
    assert sent.startswith(f"{AWS}\nREDACTED_PRIVATE_KEY_")
    assert rewrite.found == {"aws_access_key_id": 1, "private_key": 1}
    assert rewrite.passed == {"aws_access_key_id": 1}
    assert ("aws_access_key_id", allowing.fingerprint(AWS)) in rewrite.fingerprints
    assert len(rewrite.fingerprints) == 2
    by_category = SecretRedactor(SCANNER, KEY, allow=frozenset({"credential"}))
    assert by_category.apply([field(AWS)]).texts[0] == AWS


def test_chained_with_mutation_both_are_undone() -> None:
    chain = Chain(REDACTOR, IdentifierMutator(Pseudonymizer(KEY)))
    text = f"```python\nclass LedgerVault:\n    key = '{AWS}'\n```"
    rewrite = chain.apply([field(text)])
    assert AWS not in rewrite.texts[0]
    assert "LedgerVault" not in rewrite.texts[0]
    restorer = rewrite.restoration.restorer(Syntax.TEXT)
    assert restorer.feed(rewrite.texts[0]) + restorer.flush() == text


@settings(max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=80), max_size=6))
def test_any_split_of_a_stream_restores_like_one_piece(cuts: list[int]) -> None:
    text = f"{AWS} and {PEM} and REDACTED_X_abcdefghij"
    rewrite = REDACTOR.apply([field(text)])
    answer = f"Rotate {rewrite.texts[0]} now. REDACTED_ partial"
    points = sorted({min(c, len(answer)) for c in cuts})
    restorer = rewrite.restoration.restorer(Syntax.TEXT)
    pieces = [answer[a:b] for a, b in zip([0, *points], [*points, len(answer)], strict=True)]
    out = "".join(restorer.feed(p) for p in pieces) + restorer.flush()
    assert out == f"Rotate {text} now. REDACTED_ partial"


CARD = "4532015112830366"


@pytest.mark.parametrize(
    ("path", "code", "kept", "redacted"),
    [
        (
            "/a/Config.kt",
            "class Config {\n  val password: String? = null\n}\n",
            "val password: String? = null",
            "",
        ),
        ("/a/limits.rs", f"pub const LIMIT: u64 = {CARD};\n", f"LIMIT: u64 = {CARD};", ""),
        ("/a/Limits.java", f"class Limits {{ static final long MASK = {CARD}L; }}\n", f"MASK = {CARD}L", ""),
        ("/a/limits.rs", f'const LIMIT: u64 = 1;\nlet card = "{CARD}";\n', "", CARD),
        ("/a/limits.rs", f"const LIMIT: u64 = 1;\n// the card {CARD} failed\n", "", CARD),
        ("/a/limits.rs", f"const LIMIT: u64 = {CARD};\n// the card {CARD} failed\n", "", CARD),
        ("/a/run.sh", "#!/bin/sh\nPASSWORD=Hunter2x9\nexport PASSWORD\n", "", "Hunter2x9"),
        ("/a/settings.py", 'password = "Hunter2x9"\n', "", "Hunter2x9"),
    ],
)
def test_a_type_or_a_number_in_code_is_not_a_secret_unless_written_as_one(
    path: str, code: str, kept: str, redacted: str
) -> None:
    redactor = SecretRedactor(default_scanner(), KEY)
    sent = redactor.apply([TextField(("f",), code, FieldKind.TOOL_RESULT, source_path=path)]).texts[0]
    assert kept in sent
    if redacted:
        assert redacted not in sent
        assert "REDACTED_" in sent


def test_a_credential_format_in_code_is_redacted_wherever_it_stands() -> None:
    redactor = SecretRedactor(default_scanner(), KEY)
    code = f"const ACCESS: &str = {AWS};\n"
    sent = redactor.apply([TextField(("f",), code, FieldKind.TOOL_RESULT, source_path="/a/k.rs")]).texts[0]
    assert AWS not in sent
