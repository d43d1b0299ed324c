from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mutators.base import Syntax
from mutators.pseudonym import Pseudonymizer
from mutators.restore import PseudonymRestoration

NAMER = Pseudonymizer(bytes(range(32)))
NAMES = ["AccountHolder", "rebalance", "account_holder", "MAX_RETRIES", "ledgerId", "URL"]
ORIGINALS = {NAMER.core(name): name for name in NAMES}
RESTORATION = PseudonymRestoration(ORIGINALS)
P = {name: NAMER.core(name) for name in NAMES}


def test_restores_exact_and_compound_names() -> None:
    text = (
        f"{P['AccountHolder']}.{P['rebalance']}() and test_{P['rebalance']} and {P['AccountHolder']}Factory"
    )
    assert (
        RESTORATION.restore(text) == "AccountHolder.rebalance() and test_rebalance and AccountHolderFactory"
    )


def test_never_touches_text_that_was_not_issued() -> None:
    text = "zqabcdefghi Zq ZQ_ABCDEFGHI puzzle quiz zzq"
    assert RESTORATION.restore(text) == text


def test_nothing_issued_means_nothing_to_do() -> None:
    assert not PseudonymRestoration({}).active
    assert RESTORATION.active


text_pieces = st.lists(
    st.one_of(st.sampled_from(list(ORIGINALS)), st.text(alphabet="zqZQ_ab é\n", max_size=6)), max_size=25
)


@given(text_pieces, st.lists(st.integers(min_value=0, max_value=400), max_size=12))
def test_any_split_of_a_stream_gives_the_one_shot_result(pieces: list[str], cuts: list[int]) -> None:
    text = "".join(pieces)
    points = sorted({min(c, len(text)) for c in cuts})
    restorer = RESTORATION.restorer(Syntax.TEXT)
    streamed = "".join(
        restorer.feed(text[a:b]) for a, b in zip([0, *points], [*points, len(text)], strict=True)
    )
    assert streamed + restorer.flush() == RESTORATION.restore(text)


@given(st.lists(st.sampled_from(NAMES) | st.text(alphabet=" .(_-\n", max_size=3), max_size=30))
def test_restore_undoes_renaming(parts: list[str]) -> None:
    original = "".join(parts)
    renamed = "".join(P.get(part, part) for part in parts)
    assert RESTORATION.restore(renamed) == original


def test_hold_back_is_only_a_possible_pseudonym_start() -> None:
    restorer = RESTORATION.restorer(Syntax.TEXT)
    assert restorer.feed("plain text") == "plain text"
    assert restorer.feed(" then " + P["AccountHolder"][:5]) == " then "
    assert restorer.feed(P["AccountHolder"][5:] + "!") == "AccountHolder!"
    assert restorer.feed("jazz") == "jaz"
    assert restorer.flush() == "z"
