"""A restricted tier that keeps comments (`comments: keep`): the code's comments pass as
written but for the always-renamed terms, everything else is renamed, the round trip holds."""

from __future__ import annotations

import json

import pytest

from mutators.base import FieldKind, Syntax, TextField
from mutators.comments import comment_lines, comment_spans
from mutators.languages import LANGUAGES
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer

KEEPING = IdentifierMutator(
    Pseudonymizer(bytes(range(32))), always=frozenset({"Northwind"}), keep_comments=True
)
RENAMING = IdentifierMutator(Pseudonymizer(bytes(range(32))), always=frozenset({"Northwind"}))


def rewrite(mutator: IdentifierMutator, field: TextField) -> str:
    result = mutator.apply([field])
    restorer = result.restoration.restorer(field.syntax)
    assert restorer.feed(result.texts[0]) + restorer.flush() == field.text
    return result.texts[0]


COMMENTED = {
    "python": "# keep me\nx = 1\n",
    "ruby": "# keep me\nx = 1\n",
    "bash": "# keep me\nx=1\n",
    "sql": "-- keep me\nSELECT 1;\n",
    "php": "<?php\n// keep me\n$x = 1;\n",
}


@pytest.mark.parametrize("language", [language.name for language in LANGUAGES])
def test_every_language_finds_its_comments(language: str) -> None:
    code = COMMENTED.get(language, "// keep me\nint x = 1;\n")
    assert comment_lines(code, language)[0].endswith("keep me")


def test_comments_pass_as_written_and_the_code_is_renamed() -> None:
    code = (
        "```python\n"
        "# settle_batch nets the trades of Northwind\n"
        "def settle_batch(trades):\n"
        '    """settle_batch: the docstring is a string, renamed"""\n'
        "    return len(trades)  # trades counted by settle_batch\n"
        "```\n"
        "Why is settle_batch slow?"
    )
    kept = rewrite(KEEPING, TextField(("m",), code, FieldKind.MESSAGE))
    lines = kept.split("\n")
    assert lines[1].startswith("# settle_batch nets the trades of ")
    assert "Northwind" not in lines[1]
    assert "settle_batch" not in lines[2]
    assert "trades" not in lines[2]
    assert "settle_batch" not in lines[3]
    assert lines[4].endswith("  # trades counted by settle_batch")
    assert "return len(trades)" not in lines[4]
    assert "settle_batch" not in lines[6]  # prose around the code is renamed
    assert "settle_batch" not in rewrite(RENAMING, TextField(("m",), code, FieldKind.MESSAGE))


def test_block_comments_in_a_file_read_with_line_numbers() -> None:
    text = (
        "     1\t/* PricingEngine quotes a price.\n"
        "     2\t * PricingEngine never caches. */\n"
        "     3\tclass PricingEngine {\n"
        "     4\t  quote() { return 1; } // PricingEngine.quote\n"
        "     5\t}\n"
    )
    kept = rewrite(KEEPING, TextField(("r",), text, FieldKind.TOOL_RESULT, source_path="/src/pricing.js"))
    lines = kept.split("\n")
    assert lines[0:2] == text.split("\n")[0:2]
    assert "PricingEngine" not in lines[2]
    assert lines[3].endswith("// PricingEngine.quote")
    assert "quote() {" not in lines[3]


def test_comments_in_json_tool_arguments() -> None:
    arguments = json.dumps(
        {
            "file_path": "src/risk.sql",
            "content": '-- "var_limit" per desk\nCREATE TABLE var_limit (desk int);\n',
        }
    )
    field = TextField(("a",), arguments, FieldKind.TOOL_INPUT, syntax=Syntax.JSON)
    kept = rewrite(KEEPING, field)
    content = json.loads(kept)["content"]
    assert content.startswith('-- "var_limit" per desk\nCREATE TABLE ')
    assert "var_limit (" not in content
    assert comment_spans(field)  # the escaped quotes were found


def test_comments_are_located_in_order_and_nothing_else_is_kept() -> None:
    # The code line that reads like the comment is renamed: only the comment itself is kept.
    text = "```python\nsettle = 1\n# settle\nsettle = 2\n```"
    lines = rewrite(KEEPING, TextField(("m",), text, FieldKind.MESSAGE)).split("\n")
    assert lines[2] == "# settle"
    assert "settle" not in lines[1]
    assert "settle" not in lines[3]
