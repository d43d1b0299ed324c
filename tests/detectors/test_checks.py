from __future__ import annotations

import pytest

from detectors import checks


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4539148803436467", True),
        ("4539 1488 0343 6467", True),
        ("4539-1488-0343-6467", True),
        ("4539 1488-0343 6467", False),  # mixed separators: not how a card is written
        ("4539148803436468", False),  # Luhn fails
        ("5425233430109903", True),
        ("5555555555554444", False),  # a famous test number: two distinct digits
        ("378282246310005", True),
        ("6011111111111117", True),
        ("1234567812345670", False),  # passes Luhn, but no network issues numbers from 1
        ("4444444444444448", False),  # too few distinct digits to be a real number
    ],
)
def test_card_numbers(number: str, valid: bool) -> None:
    assert checks.card_number(number) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("GB82WEST12345698765432", True),
        ("GB82 WEST 1234 5698 7654 32", True),
        ("DE89370400440532013000", True),
        ("GB82WEST12345698765433", False),
        ("DE8937040044053201300", False),  # one character short for Germany
        ("XX82WEST12345698765432", False),
    ],
)
def test_ibans(value: str, valid: bool) -> None:
    assert checks.iban(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [("536-90-4399", True), ("000-12-3456", False), ("666-12-3456", False), ("912-12-3456", False),
     ("536-00-4399", False), ("536-90-0000", False), ("078-05-1120", False)],
)  # fmt: skip
def test_social_security_numbers(value: str, valid: bool) -> None:
    assert checks.us_ssn(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"), [("021000021", True), ("011000015", True), ("021000022", False), ("991000021", False)]
)
def test_routing_numbers(value: str, valid: bool) -> None:
    assert checks.aba_routing(value) is valid


@pytest.mark.parametrize(
    "value",
    ["<your-key>", "${API_KEY}", "$TOKEN", "{{ secrets.NPM }}", "changeme", "********", "sk-...",
     "your-api-key-here", "xxxxxxxxxxxx", "%(password)s", "null", "str", "example-secret-123"],
)  # fmt: skip
def test_placeholders(value: str) -> None:
    assert checks.is_placeholder(value)


@pytest.mark.parametrize("value", ["hunter2xyz", "Vx9#tq2LmR7pW", "abcDEF123456ghiJKL", "There"])
def test_real_values_are_not_placeholders(value: str) -> None:
    assert not checks.is_placeholder(value)


def test_randomness() -> None:
    assert checks.looks_random("q8Zr2LxVt5Wn9PsK3mHc")
    assert not checks.looks_random("AbstractSingletonProxyFactoryBean")  # no digit
    assert not checks.looks_random("a1a1a1a1a1a1a1a1a1a1")  # two symbols
    assert not checks.looks_random("short1A")
