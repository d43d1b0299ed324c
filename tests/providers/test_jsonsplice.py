from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from providers.errors import WireFormatError
from providers.jsonsplice import splice

DOC = '{ "a" : [1, {"t":"x\\u00e9y", "n": null} ,"z"],\n "b":{"c":"d"}, "e": "f", "g": 1.50e3}'


def test_only_the_replaced_strings_change() -> None:
    out = splice(DOC, {("a", 1, "t"): 'new "quoted"\n', ("e",): "é"})
    assert out == DOC.replace('"x\\u00e9y"', '"new \\"quoted\\"\\n"').replace('"f"', '"é"')


def test_no_replacement_returns_the_document_itself() -> None:
    assert splice(DOC, {}) is DOC


@pytest.mark.parametrize(
    ("document", "path", "message"),
    [
        ('{"a": 1}', ("a",), "not a string"),
        ('{"a": "x"}', ("b",), "no string value"),
        ('{"a": [1]}', ("a", 3), "no string value"),
        ('{"a": "x", "a": "y"}', ("a",), "duplicate key"),
        ('{"a" "x"}', ("a",), "expected ':'"),
    ],
)
def test_refuses_what_it_cannot_do_exactly(document: str, path: tuple[str | int, ...], message: str) -> None:
    with pytest.raises(WireFormatError, match=message):
        splice(document, {path: "new"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


def strings(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(v, (*path, k))]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in strings(v, (*path, i))]
    return []


def set_at(value: object, path: tuple[str | int, ...], new: str) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: set_at(value[head], rest, new)}
    assert isinstance(value, list)
    assert isinstance(head, int)
    return [set_at(v, rest, new) if i == head else v for i, v in enumerate(value)]


@given(json_values, st.booleans(), st.data())
def test_splicing_equals_editing_the_parsed_value(value: object, indent: bool, data: st.DataObject) -> None:
    document = json.dumps(value, indent=2 if indent else None, ensure_ascii=data.draw(st.booleans()))
    targets = strings(value)
    chosen = data.draw(st.lists(st.sampled_from(targets), unique_by=lambda t: t[0])) if targets else []
    replacements = {path: text[::-1] + '\u2192"\\' for path, text in chosen}
    expected = value
    for path, new in replacements.items():
        expected = set_at(expected, path, new)
    assert json.loads(splice(document, replacements)) == expected  # json: any size of integer


def test_history_resent_in_the_next_turn_splices_the_same() -> None:
    turn = {"messages": [{"role": "user", "content": f"block {n} AccountLedger"} for n in range(5)]}
    replacements = {("messages", n, "content"): f"block {n} ZqLedger" for n in range(5)}
    first = splice(json.dumps(turn), replacements)
    turn["messages"].append({"role": "user", "content": "AccountLedger again"})
    replacements[("messages", 5, "content")] = "ZqLedger again"
    second = splice(json.dumps(turn), replacements)
    assert json.loads(second)["messages"][:5] == json.loads(first)["messages"]
    assert json.loads(second)["messages"][5]["content"] == "ZqLedger again"
    # The same block with other replacements is spliced anew, not taken from memory.
    third = splice(json.dumps(turn), {("messages", 0, "content"): "other"})
    assert json.loads(third)["messages"][0]["content"] == "other"
    assert json.loads(third)["messages"][1]["content"] == "block 1 AccountLedger"
