"""The statement and our predicate: what the proxy states reads back the same, and a
statement that is not ours, or lacks a field, is refused naming what is wrong."""

from __future__ import annotations

import contextlib

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from attestations.errors import MalformedAttestation
from attestations.predicate import claim_of, predicate
from attestations.statement import parse_statement, statement_bytes
from tests.attestations.builders import TREE, claim


def test_a_claim_reads_back_as_it_was_made() -> None:
    made = claim()
    assert claim_of(parse_statement(statement_bytes(TREE, predicate(made)))) == made


def test_the_statement_is_in_toto_v1_with_git_subjects() -> None:
    document = orjson.loads(statement_bytes(TREE, predicate(claim()), commit="9" * 40))
    assert document["_type"] == "https://in-toto.io/Statement/v1"
    assert document["predicateType"] == "https://pretense.dev/attestations/commit/v1"
    assert document["subject"] == [
        {"name": "commit", "digest": {"gitCommit": "9" * 40}},
        {"name": "tree", "digest": {"gitTree": TREE}},
    ]


def test_unknown_fields_are_ignored_as_in_toto_says() -> None:
    document = orjson.loads(statement_bytes(TREE, predicate(claim())))
    document["extra"] = 1
    document["predicate"]["later"] = {"x": 1}
    document["subject"][0]["annotations"] = {"a": "b"}
    assert claim_of(parse_statement(orjson.dumps(document))) == claim()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d.update(_type="https://in-toto.io/Statement/v0.1"), "not an in-toto statement"),
        (
            lambda d: d.update(predicateType="https://pretense.dev/attestations/commit/v2"),
            "unsupported predicate",
        ),
        (lambda d: d.update(subject=[]), "no subject"),
        (lambda d: d["subject"][0].update(digest={"sha256": "00"}), "no git tree"),
        (lambda d: d["predicate"]["proxy"].pop("running"), "proxy.running is missing"),
        (lambda d: d["predicate"]["proxy"].update(running="yes"), "proxy.running is not true or false"),
        (lambda d: d["predicate"]["policy"].update(tier="secret"), "unknown tier 'secret'"),
        (lambda d: d["predicate"]["provenance"].update(aiLines=-1), "provenance.aiLines is not a count"),
        (
            lambda d: d["predicate"]["provenance"]["files"][0].pop("path"),
            r"provenance.files\[0\].path is missing",
        ),
        (lambda d: d["predicate"]["provenance"].update(method="other/v9"), "unknown method"),
    ],
)
def test_what_is_wrong_is_named(change: object, error: str) -> None:
    document = orjson.loads(statement_bytes(TREE, predicate(claim())))
    change(document)  # type: ignore[operator]
    with pytest.raises(MalformedAttestation, match=error):
        claim_of(parse_statement(orjson.dumps(document)))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def paths(value: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [at] if at else []
    if isinstance(value, dict):
        found += [p for key, item in value.items() for p in paths(item, (*at, key))]
    elif isinstance(value, list):
        found += [p for index, item in enumerate(value) for p in paths(item, (*at, index))]
    return found


PREDICATE = predicate(claim())


@given(st.sampled_from(paths(PREDICATE)), JSON)
def test_any_field_replaced_by_anything_is_read_or_refused_clearly(
    path: tuple[object, ...], value: object
) -> None:
    document = orjson.loads(statement_bytes(TREE, PREDICATE))
    node = document["predicate"]
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    with contextlib.suppress(MalformedAttestation):
        claim_of(parse_statement(orjson.dumps(document)))


@given(st.binary(max_size=200))
def test_any_payload_is_read_or_refused_clearly(payload: bytes) -> None:
    with contextlib.suppress(MalformedAttestation):
        claim_of(parse_statement(payload))
