from __future__ import annotations

import itertools
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import default_scanner, known_names
from detectors.catalog import CATALOG
from tests.detectors.families import (
    test_access,
    test_ai,
    test_client_data,
    test_cloud,
    test_code_hosts,
    test_infrastructure,
    test_messaging,
    test_observability,
    test_payments,
)
from tests.detectors.findings import SCANNER, found

TABLES = [
    *test_cloud.EXAMPLES, *test_code_hosts.EXAMPLES, *test_observability.EXAMPLES, *test_messaging.EXAMPLES,
    *test_payments.EXAMPLES, *test_ai.EXAMPLES, *test_infrastructure.EXAMPLES, *test_access.EXAMPLES,
    *test_access.FILES, *test_client_data.EXAMPLES,
]  # fmt: skip


def test_every_kind_has_an_example() -> None:
    shown = {kind for kind, _, _ in TABLES}
    shown |= {kind for _, values in test_client_data.PAIRS for kind, _ in values}
    shown |= {"private_key", "age_secret_key"}  # tests/detectors/families/test_keys.py
    assert {cls.kind for cls in CATALOG} == shown


def test_every_kind_is_in_the_documented_table() -> None:
    page = (Path(__file__).parents[2] / "docs" / "secrets.md").read_text(encoding="utf-8")
    table = page[page.index("| Kind | What |") :].split("\n\n")[0]
    assert {cls.kind for cls in CATALOG} <= set(re.findall(r"`([a-z0-9_]+)`", table))


def test_every_kind_is_a_name_a_policy_can_block() -> None:
    assert {cls.kind for cls in CATALOG} | {"account_number", "credential", "client_data"} <= known_names()


@pytest.mark.parametrize(
    "text",
    [
        "commit 3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a",
        "request_id=5f0c6a4e-8d1b-4c2a-9e3f-7b6d5c4a3b2e",
        "redis://redis:6379/0",
        "class AbstractSingletonProxyFactoryBean: pass",
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----",
        "public static void main(String[] args) { Account account = bank.open(); }",
    ],
)
def test_hard_negatives_stay_quiet(text: str) -> None:
    assert found(text) == []


def test_a_specific_format_wins_over_a_generic_assignment() -> None:
    token = "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"
    assert found(f'api_token = "{token}"') == [("github_token", token)]
    assert found(f"https://x-token:{token}@github.com/northwind/ledger") == [("github_token", token)]


def test_offsets_hold_where_lower_case_changes_length() -> None:
    text = "İstanbul office: DB_PASSWORD=hunter2xyz"
    assert found(text) == [("password", "hunter2xyz")]


def test_each_text_is_scanned_once() -> None:
    scanner = default_scanner()
    text = "GITHUB_TOKEN=ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a\n" * 3
    first = scanner.scan(text)
    assert scanner.scan("".join([text])) is first


_PIECES = st.sampled_from(
    [value for _, _, value in TABLES]
    + [" ", "\n", "password=", "token: ", "IBAN ", "sort code ", "AKIA", "eyJ"]
)


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(st.one_of(_PIECES, st.text(string.printable, max_size=12)), max_size=30))
def test_findings_are_sorted_and_never_overlap(pieces: list[str]) -> None:
    findings = SCANNER.scan("".join(pieces))
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
