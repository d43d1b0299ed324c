"""Every registered language has a grammar and a query that compiles, and a fixture with a
known answer: the names its query reports as definitions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mutators.base import FieldKind, Syntax, TextField
from mutators.definitions import defined_names
from mutators.keep import is_kept
from mutators.languages import LANGUAGES, by_path, by_tag, grammar, parse_errors, query
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer

FIXTURES = Path(__file__).with_name("fixtures")
NAMES = [language.name for language in LANGUAGES]
MUTATOR = IdentifierMutator(Pseudonymizer(bytes(range(32))))
WORD = re.compile(r"[A-Za-z0-9_]+")


def sample(name: str) -> Path:
    samples = list((FIXTURES / name).glob("sample.*"))
    assert len(samples) == 1, f"{FIXTURES / name} needs one sample.<ext>"
    return samples[0]


def test_sixteen_languages_are_registered() -> None:
    assert len({language.module for language in LANGUAGES}) == 16


@pytest.mark.parametrize("name", NAMES)
def test_grammar_loads_and_query_compiles(name: str) -> None:
    assert grammar(name) is not None
    assert query(name).capture_count >= 1


@pytest.mark.parametrize("name", NAMES)
def test_fixture_definitions(name: str) -> None:
    path = sample(name)
    expected = set((FIXTURES / name / "expected.txt").read_text().split())
    language = by_path(path.name)
    assert language is not None
    assert language.name == name
    assert defined_names(path.read_text(), name) == expected


@pytest.mark.parametrize("name", NAMES)
def test_fixture_mutation_hides_names_keeps_syntax_and_round_trips(name: str) -> None:
    path = sample(name)
    source = path.read_text()
    field = TextField(("f",), source, FieldKind.TOOL_RESULT, source_path=f"/src/{path.name}")
    rewrite = MUTATOR.apply([field])
    mutated = rewrite.texts[0]
    defined = {n for n in defined_names(source, name) if not is_kept(n)}
    assert defined, "the fixture defines names worth hiding"
    assert defined & set(WORD.findall(mutated)) == set()
    assert parse_errors(mutated, name) <= parse_errors(source, name)
    restorer = rewrite.restoration.restorer(Syntax.TEXT)
    assert restorer.feed(mutated) + restorer.flush() == source


@pytest.mark.parametrize(
    ("tag", "name"), [("py", "python"), ("TS", "typescript"), ("c++", "cpp"), ("cs", "c_sharp")]
)
def test_fence_tags(tag: str, name: str) -> None:
    language = by_tag(tag)
    assert language is not None
    assert language.name == name
