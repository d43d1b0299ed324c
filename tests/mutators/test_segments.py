from __future__ import annotations

from pathlib import Path

import pytest

from mutators.base import FieldKind, Syntax, TextField
from mutators.definitions import defined_names
from mutators.segments import code_segments

FIXTURES = Path(__file__).with_name("fixtures")
PYTHON = (FIXTURES / "python" / "sample.py").read_text()


def segments(
    text: str, kind: FieldKind = FieldKind.MESSAGE, source: str | None = None
) -> list[tuple[str | None, str]]:
    field = TextField(("f",), text, kind, source_path=source)
    return [(s.language, s.code) for s in code_segments(field)]


def test_cat_n_prefixes_are_stripped_to_parse() -> None:
    cat_n = "     1\u2192def settle_trades(batch):\n     2\u2192    return batch\n"
    assert segments(cat_n, FieldKind.TOOL_RESULT, "lib/settle.py") == [
        ("python", "def settle_trades(batch):\n    return batch\n")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see\n```ts\nconst ledgerTotal = 1;\n```\n", [("typescript", "const ledgerTotal = 1;\n")]),
        ("~~~c++\nint book();\n~~~\n", [("cpp", "int book();\n")]),
        (f"no tag:\n```\n{PYTHON}```\n", [("python", PYTHON)]),
        (
            f"# Path: src/wealth/accounts.py\n{PYTHON}",
            [("python", f"# Path: src/wealth/accounts.py\n{PYTHON}")],
        ),
        (
            f"Here is the module, no fence:\n\n{PYTHON}",
            [("python", f"Here is the module, no fence:\n\n{PYTHON}")],
        ),
    ],
    ids=["fence tag", "tilde fence", "untagged fence guessed", "path header", "bare code guessed"],
)
def test_where_code_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert segments(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Why does the rebalance drop a cent?\nIt happens on odd splits.\nThe ledger looks fine.",
        "\x00\x01\x02binary\x03\x04" * 50,
        "short",
    ],
    ids=["prose", "binary", "one word"],
)
def test_prose_and_binary_are_not_code(text: str) -> None:
    assert segments(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("```\nplain words in a fence\nwith no code at all\nnothing to parse\n```", set()),
        (
            "```pascal\nprocedure SettleAll;\nbegin\nend;\nprocedure PostLedgerRow;\nbegin\nend;\n```",
            {"SettleAll", "PostLedgerRow"},
        ),
    ],
    ids=["prose in a fence", "a language no grammar reads"],
)
def test_a_fence_no_grammar_reads_is_searched_for_declarations(text: str, names: set[str]) -> None:
    (segment,) = code_segments(TextField(("f",), text, FieldKind.MESSAGE))
    assert segment.language is None
    assert defined_names(segment.code, None) == names


@pytest.mark.parametrize(
    "text",
    [
        "```python\r\nclass LedgerRow:\r\n    def settle_all(self):\r\n        pass\r\n```\r\n",
        "```python\rclass LedgerRow:\r    def settle_all(self):\r        pass\r```\r",
        "```python\nclass LedgerRow:\n    def settle_all(self):\x00\n        pass\n```\n",
        "\ufeff```python\nclass LedgerRow:\n    def settle_all(self):\n        pass\n```\n",
    ],
    ids=["CRLF", "CR", "NUL", "BOM"],
)
def test_one_odd_character_does_not_hide_the_code(text: str) -> None:
    found = {
        n
        for s in code_segments(TextField(("f",), text, FieldKind.MESSAGE))
        for n in defined_names(s.code, s.language)
    }
    assert {"LedgerRow", "settle_all"} <= found


def test_identifiers_of_any_script_are_names() -> None:
    code = (
        "class Kontoinhaber_Ä:\n    def zinsen_für_konto(self):\n        return 1\n"
        "def 残高を計算(口座):\n    return 口座\n"
    )
    assert defined_names(code, "python") >= {"Kontoinhaber_Ä", "zinsen_für_konto", "残高を計算", "口座"}


def test_the_system_prompt_is_not_guessed_but_its_declarations_are_found() -> None:
    assert segments(PYTHON, FieldKind.SYSTEM) == [(None, PYTHON)]
    assert {"AccountHolder"} <= defined_names(PYTHON, None)


def test_cat_n_text_with_no_file_named_is_still_code() -> None:
    cat_n = "     1\u2192class AccountLedger:\n     2\u2192    def rebalance_tranches(self):\n"
    (segment,) = code_segments(TextField(("f",), cat_n, FieldKind.MESSAGE))
    assert segment.code == "class AccountLedger:\n    def rebalance_tranches(self):\n"
    assert defined_names(segment.code, segment.language) >= {"AccountLedger", "rebalance_tranches"}


def test_json_arguments_are_read_string_by_string() -> None:
    arguments = '{"path": "a.py", "content": "def settle(): pass\\n"}'
    field = TextField(("a",), arguments, FieldKind.TOOL_INPUT, syntax=Syntax.JSON, source_path="a.py")
    assert {(s.language, s.code) for s in code_segments(field)} == {
        ("python", "a.py"),
        ("python", "def settle(): pass\n"),
    }


def test_a_shell_tools_header_is_not_part_of_the_file_it_printed() -> None:
    output = (
        "Chunk ID: 9c\nWall time: 0.03 seconds\nProcess exited with code 0\nOutput:\nclass AccountLedger:\n"
    )
    assert segments(output, FieldKind.TOOL_RESULT, "ledger.py") == [("python", "class AccountLedger:\n")]
