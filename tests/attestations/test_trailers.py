"""The trailer block of a commit message: ours go where git expects them, read back exactly,
replace our earlier ones, and the block read is the one git itself reads."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attestations.errors import MalformedAttestation
from attestations.trailers import (
    ASSISTED_BY,
    ATTESTATION,
    UNATTESTED,
    Trailer,
    trailers,
    values,
    with_trailers,
)

# Message bodies: lines of printable text that git keeps as they are.
LINE = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_characters="#"), max_size=40)
BODY = st.lists(LINE, max_size=8).map("\n".join)
OURS = [Trailer(ATTESTATION, "v1.0123456789abcdef.AAAA.BBBB"), Trailer(ASSISTED_BY, "claude-code:claude-x")]


@given(st.text("abcdefg: ", min_size=1, max_size=30), BODY)
def test_our_trailers_read_back_from_any_message(subject: str, body: str) -> None:
    message = f"{subject.strip() or 'x'}\n\n{body}\n"
    written = with_trailers(message, OURS)
    assert values(written, ATTESTATION) == [OURS[0].value]
    assert OURS[1].value in values(written, ASSISTED_BY)
    assert written.startswith(subject.strip() or "x")


@given(BODY)
def test_writing_again_replaces_rather_than_adds(body: str) -> None:
    message = f"Subject\n\n{body}\n"
    once = with_trailers(message, OURS)
    again = with_trailers(once, [Trailer(ATTESTATION, "v1.fedcba9876543210.CC.DD"), OURS[1]])
    assert values(again, ATTESTATION) == ["v1.fedcba9876543210.CC.DD"]
    assert values(again, ASSISTED_BY).count(OURS[1].value) == 1


def test_an_unattested_commit_becomes_attested_on_amend() -> None:
    first = with_trailers("Fix\n", [Trailer(UNATTESTED, "Pretense is not running")])
    amended = with_trailers(first, OURS)
    assert values(amended, UNATTESTED) == []
    assert values(amended, ATTESTATION) == [OURS[0].value]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Fix: the rounding\n", "Fix: the rounding\n\nPretense-Attestation: A\n"),
        (
            "Add x\n\nBody text.\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
            "Add x\n\nBody text.\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
            "Pretense-Attestation: A\n",
        ),
        (
            "Add x\n\n# Please enter the commit message\n# Lines starting with '#' are ignored\n",
            "Add x\n\nPretense-Attestation: A\n\n# Please enter the commit message\n"
            "# Lines starting with '#' are ignored\n",
        ),
        (
            "Add x\n# ------------------------ >8 ------------------------\n"
            "# Do not modify\ndiff --git a/x b/x\n",
            "Add x\n\nPretense-Attestation: A\n# ------------------------ >8 ------------------------\n"
            "# Do not modify\ndiff --git a/x b/x\n",
        ),
        (
            "Pick\n\nSigned-off-by: A <a@x>\n(cherry picked from commit 0123)\n",
            "Pick\n\nSigned-off-by: A <a@x>\n(cherry picked from commit 0123)\nPretense-Attestation: A\n",
        ),
    ],
    ids=["subject with a colon", "existing block", "editor comments", "scissors", "cherry-picked"],
)
def test_trailers_go_where_git_expects_them(message: str, expected: str) -> None:
    assert with_trailers(message, [Trailer(ATTESTATION, "A")]) == expected


def test_a_trailer_that_would_break_the_message_is_refused() -> None:
    with pytest.raises(MalformedAttestation):
        with_trailers("x\n", [Trailer(ATTESTATION, "a\nb")])
    with pytest.raises(MalformedAttestation):
        with_trailers("x\n", [Trailer("Bad Key", "a")])


def test_a_trailer_line_in_the_body_is_not_a_trailer() -> None:
    message = "Subject\n\nPretense-Attestation: in the body\nand prose after it\n\nReviewed-by: B\n"
    assert values(message, ATTESTATION) == []
    assert trailers(message) == [Trailer("Reviewed-by", "B")]


def git_trailers(message: str) -> list[tuple[str, str]]:
    done = subprocess.run(
        ["git", "interpret-trailers", "--parse", "--no-divider"],
        input=message, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [(k, v.strip()) for k, _, v in (line.partition(":") for line in done.stdout.splitlines())]


TRAILER_LINE = st.builds(
    lambda k, v: f"{k}: {v}",
    st.sampled_from([ATTESTATION, ASSISTED_BY, "Signed-off-by", "Co-Authored-By"]),
    st.text("abcdefgh0123.:-", min_size=1, max_size=12),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODY, st.lists(TRAILER_LINE, min_size=1, max_size=4))
def test_the_trailers_read_are_the_ones_git_reads(body: str, block: list[str]) -> None:
    message = f"Subject\n\n{body}\n\n" + "\n".join(block) + "\n"
    ours = [(t.key, t.value) for t in trailers(message)]
    assert ours == [(k, v) for k, v in git_trailers(message)]
