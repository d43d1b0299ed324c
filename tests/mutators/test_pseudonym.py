from __future__ import annotations

import keyword
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutators.pseudonym import PSEUDONYM, CaseStyle, Pseudonymizer, case_style, split_edges

KEY = bytes(range(32))
NAMER = Pseudonymizer(KEY)


@pytest.mark.parametrize(
    ("name", "style", "shape"),
    [
        ("rebalance", CaseStyle.LOWER, r"zq[a-y]{9}"),
        ("account_holder", CaseStyle.SNAKE, r"zq_[a-y]{9}"),
        ("URL", CaseStyle.UPPER, r"ZQ[A-Y]{9}"),
        ("MAX_RETRIES", CaseStyle.UPPER_SNAKE, r"ZQ_[A-Y]{9}"),
        ("HTTP2_PORT", CaseStyle.UPPER_SNAKE, r"ZQ_[A-Y]{9}"),
        ("accountHolder", CaseStyle.CAMEL, r"zq[A-Y][a-y]{8}"),
        ("AccountHolder", CaseStyle.PASCAL, r"Zq[A-Y][a-y]{8}"),
        ("X", CaseStyle.UPPER, r"ZQ[A-Y]{9}"),
    ],
)
def test_pseudonyms_keep_the_case_style(name: str, style: CaseStyle, shape: str) -> None:
    assert case_style(name) is style
    pseudonym = NAMER.core(name)
    assert PSEUDONYM.fullmatch(pseudonym)
    assert re.fullmatch(shape, pseudonym), pseudonym


def test_deterministic_per_key_and_different_across_keys() -> None:
    assert NAMER.core("AccountHolder") == Pseudonymizer(KEY).core("AccountHolder")
    assert NAMER.core("AccountHolder") != Pseudonymizer(bytes(32)).core("AccountHolder")
    assert NAMER.core("AccountHolder") != NAMER.core("AccountHolders")


def test_taken_names_are_avoided() -> None:
    first = NAMER.core("ledger")
    assert NAMER.core("ledger", taken={first}) != first


def test_short_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="128 bits"):
        Pseudonymizer(b"short")


@pytest.mark.parametrize(
    ("name", "edges"),
    [("__init__", ("__", "init", "__")), ("_x", ("_", "x", "")), ("class_", ("", "class", "_"))],
)
def test_split_edges(name: str, edges: tuple[str, str, str]) -> None:
    assert split_edges(name) == edges


identifiers = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,30}", fullmatch=True)


@given(identifiers)
def test_every_pseudonym_is_a_valid_identifier_without_fragments_of_the_original(name: str) -> None:
    pseudonym = NAMER.core(name)
    assert pseudonym.isidentifier()
    assert not keyword.iskeyword(pseudonym)
    lowered = name.lower()
    assert not any(lowered[i : i + 4] in pseudonym.lower() for i in range(len(lowered) - 3))
    assert PSEUDONYM.fullmatch(pseudonym)
