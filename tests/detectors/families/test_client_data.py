from __future__ import annotations

import pytest

from detectors import Category, default_scanner
from tests.detectors.findings import SCANNER, found

EXAMPLES = [
    ("card_number", "charged card {} for 12.00", "4539 1488 0343 6467"),
    ("iban", "IBAN: {}", "FR35 5710 5035 3602 8YU4 3P1I J40"),
    ("iban", "creditor_iban={} reason=AC04", "DE42733251379464271159"),
    ("iban", "iban: {}", "VA59493232269405429863"),  # Vatican City, in SEPA since 2019
    ("iban", "Borg Imports Ltd IBAN {}", "MT39WJAV08050LH171Z6B14JG8W6931"),
    ("iban", "IBAN GB82 WEST 1234 5698 7654 32 (the registry's example)", "GB82 WEST 1234 5698 7654 32"),
    ("iban", "ref AA00 then {} 1234", "DE42733251379464271159"),  # look-alikes on either side
    ("us_ssn", "ssn={}", "536-90-4399"),
    ("us_ssn", "SSN: {}", "127 95 6423"),
    ("us_ssn", '{{"ssn":"{}","dob":"1979-11-02"}}', "822703652"),
    ("us_ssn", "Social Security No. {}", "366.85.1408"),
    ("aba_routing_number", "routing number {}", "021000021"),
]

PAIRS = [
    # (text, the values it holds, in order)
    (
        "SWIFT/BIC: BALPCHGG\nAccount number: 6716544920",
        [("swift_bic", "BALPCHGG"), ("bank_account_number", "6716544920")],
    ),
    (
        ":50K:/6716544920\nMERIDIAN HOLDINGS\n:57A:CHASUS33\n:59:/71322998912\nHUDSON SUPPLY",
        [
            ("bank_account_number", "6716544920"),
            ("swift_bic", "CHASUS33"),
            ("bank_account_number", "71322998912"),
        ],
    ),
    (
        "routing number 063384857, checking account 713229989",
        [("aba_routing_number", "063384857"), ("bank_account_number", "713229989")],
    ),
    (
        "Sort code 60-84-83  Account 91393857",
        [("uk_bank_account", "60-84-83"), ("uk_bank_account", "91393857")],
    ),
    (
        'update_payee(sort_code="608483", account_number="91393857")',
        [("uk_bank_account", "608483"), ("uk_bank_account", "91393857")],
    ),
    (
        "client_id,isin,quantity,market_value\nCL-1,US7256652774,85,14211.90\nCL-1,GB2819369112,1200,8412.00",
        [("isin", "US7256652774"), ("isin", "GB2819369112")],
    ),
    ("Portfolio of client 44-01923\nCUSIP      Quantity\n377635E52  50,000", [("cusip", "377635E52")]),
]

QUIET = [
    "order 4539148803436468 shipped",
    "DE43733251379464271159",  # check digits fail
    "DE42733251379464271159AB",  # glued to more: not an IBAN of Germany's length
    "000-12-3456, 666-45-6789, 912-34-5678",  # never issued
    "call 512-555-0187 or ZIP 78758-4411",
    "SSN: ***-**-4821",
    "127 95 6423",  # spaced digits with no label: not known to be an SSN
    "| Deutsche Bank | DEUTDEFF | Frankfurt |",  # a BIC with no account is public reference data
    "Sort codes are written in pairs, 12-34-56; the first two digits name the bank.",
    "ticker,isin,weight\nT0,US7256652774,7.1",  # a list of securities, no client holdings
    "sku 063384857 qty 12",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_kind_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize(("text", "values"), PAIRS)
def test_values_that_are_client_data_next_to_their_partner(text: str, values: list[tuple[str, str]]) -> None:
    assert found(text) == values
    assert {f.category for f in SCANNER.scan(text)} == {Category.CLIENT_DATA}


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []


def test_account_patterns_from_the_policy() -> None:
    scanner = default_scanner([r"ACC-\d{8}"])
    assert found("moved funds from ACC-12345678 to ACC-1234", scanner) == [("account_number", "ACC-12345678")]
    assert found("ACC-12345678") == []
