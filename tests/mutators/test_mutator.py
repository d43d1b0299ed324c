from __future__ import annotations

import json
import re
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutators.base import FieldKind, Syntax, TextField
from mutators.definitions import code_names, library_names, merge
from mutators.keep import is_kept
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer
from mutators.segments import code_segments

MUTATOR = IdentifierMutator(Pseudonymizer(bytes(range(32))))
WORD = re.compile(r"[A-Za-z0-9_]+")
STDLIB = Path(sysconfig.get_paths()["stdlib"])
SAMPLE = Path(__file__).with_name("fixtures") / "python" / "sample.py"


def round_trip(fields: list[TextField]) -> list[str]:
    rewrite = MUTATOR.apply(fields)
    for field, text in zip(fields, rewrite.texts, strict=True):
        restorer = rewrite.restoration.restorer(field.syntax)
        assert restorer.feed(text) + restorer.flush() == field.text
    return list(rewrite.texts)


def test_definitions_anywhere_apply_everywhere() -> None:
    fields = [
        TextField(("q",), "Why does AccountHolder.rebalance fail in src/accounts.py?", FieldKind.MESSAGE),
        TextField(("f",), SAMPLE.read_text(), FieldKind.TOOL_RESULT, source_path="/src/accounts.py"),
    ]
    question, code = round_trip(fields)
    assert {"AccountHolder", "rebalance", "accounts"} <= MUTATOR.apply(fields).renamed
    assert "DataFrame" not in MUTATOR.apply(fields).renamed
    assert "AccountHolder" not in question
    assert "rebalance" not in question
    assert "accounts" not in question
    assert "pd.DataFrame" in code
    assert "Decimal(" in code
    assert "__init__" in code


def test_json_escapes_do_not_hide_names() -> None:
    fields = [
        TextField(("c",), "```python\nclass AccountHolder: pass\n```", FieldKind.MESSAGE),
        TextField(
            ("a",),
            json.dumps({"old": "x\nAccountHolder\tAccountHolder\u00e9"}),
            FieldKind.TOOL_INPUT,
            syntax=Syntax.JSON,
        ),
    ]
    arguments = round_trip(fields)[1]
    assert "AccountHolder" not in arguments
    assert json.loads(arguments)["old"].startswith("x\nZq")


def test_policy_lists_force_and_forbid() -> None:
    mutator = IdentifierMutator(
        Pseudonymizer(bytes(32)), always=frozenset({"ProjectFalcon"}), never=frozenset({"rebalance"})
    )
    text = "ProjectFalcon calls rebalance"
    field = TextField(("m",), f"{text}\n```python\ndef rebalance(): pass\n```", FieldKind.MESSAGE)
    out = mutator.apply([field]).texts[0]
    assert "ProjectFalcon" not in out
    assert "rebalance" in out


STDLIB_FILES = sorted(
    p
    for p in (
        STDLIB / name for name in ("textwrap.py", "shlex.py", "fractions.py", "statistics.py", "graphlib.py")
    )
    if p.exists()
)


@pytest.mark.parametrize("path", STDLIB_FILES, ids=lambda p: p.name)
def test_real_code_round_trips_without_leaks_and_still_compiles(path: Path) -> None:
    source = path.read_text()
    field = TextField(("f",), source, FieldKind.TOOL_RESULT, source_path=str(path))
    rewrite = MUTATOR.apply([field])
    mutated = rewrite.texts[0]
    restorer = rewrite.restoration.restorer(Syntax.TEXT)
    assert restorer.feed(mutated) + restorer.flush() == source
    assert own_names(field) & set(WORD.findall(mutated)) == set()
    compile(mutated, str(path), "exec")


def own_names(field: TextField) -> set[str]:
    """What the code defines that is neither kept nor a library's (`join` beside `os.path.join`)."""
    found = merge(code_names(s.code, s.language) for s in code_segments(field))
    return {n for n in found.defined - library_names(found) if not is_kept(n)}


@settings(max_examples=50)
@given(st.text(alphabet=st.sampled_from(list('AccountHolder rebalance zq_ZQ.()\n\\"é{}:')), max_size=200))
def test_any_text_round_trips(text: str) -> None:
    round_trip(
        [
            TextField(
                ("c",),
                "```python\nclass AccountHolder:\n    def rebalance(self): pass\n```",
                FieldKind.MESSAGE,
            ),
            TextField(("t",), text, FieldKind.MESSAGE),
        ]
    )


def test_a_pseudonym_already_in_the_request_is_not_issued_again() -> None:
    first_choice = Pseudonymizer(bytes(range(32))).core("AccountHolder")
    fields = [
        TextField(("c",), "```python\nclass AccountHolder: pass\n```", FieldKind.MESSAGE),
        TextField(("t",), f"the log says {first_choice} failed", FieldKind.MESSAGE),
    ]
    code, log = round_trip(fields)
    assert first_choice not in code
    assert "AccountHolder" not in code
    assert log == fields[1].text


def test_a_conversation_renamed_turn_by_turn_matches_each_request_renamed_afresh() -> None:
    """The rename memo (history reused from the last request) never changes a result: turns
    that add names, drop a block, and another conversation in between."""
    blocks = [
        TextField(
            ("a",),
            "class AccountHolder:\n    def rebalance(self): pass\n",
            FieldKind.TOOL_RESULT,
            source_path="/w/a.py",
        ),
        TextField(("b",), "why does AccountHolder.rebalance call settle_tranche?", FieldKind.MESSAGE),
        TextField(
            ("c",),
            "def settle_tranche(amounts):\n    return amounts\n",
            FieldKind.TOOL_RESULT,
            source_path="/w/c.py",
        ),
        TextField(("d",), "PortfolioView shows AccountHolder", FieldKind.MESSAGE),
        TextField(("e",), "class PortfolioView:\n    pass\n", FieldKind.TOOL_RESULT, source_path="/w/e.py"),
    ]
    other = [
        TextField(
            ("x",),
            "class OrderRouter:\n    def route_order(self): pass\n",
            FieldKind.TOOL_RESULT,
            source_path="/w/x.py",
        )
    ]
    turns = [blocks[:2], blocks[:3], other, blocks[:4], blocks[:5], [blocks[1], *blocks[3:]], blocks[:5]]
    reused = IdentifierMutator(Pseudonymizer(bytes(range(32))))
    for fields in turns:
        fresh = IdentifierMutator(Pseudonymizer(bytes(range(32))))
        assert reused.apply(fields).texts == fresh.apply(fields).texts
