"""Approvals from the JSON of GitHub's pull request reviews API: each reviewer's latest
decisive review, and only approvals of the head commit, count."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from attestations.errors import ReviewsError
from attestations.reviews import approvals, read_pages

HEAD, EARLIER = "a" * 40, "b" * 40


def review(login: str, state: str, commit: str = HEAD) -> dict[str, object]:
    return {"id": 1, "user": {"login": login, "type": "User"}, "state": state, "commit_id": commit}


def test_latest_decisive_reviews_of_the_head_commit_count() -> None:
    reviews = [
        review("ana", "APPROVED"),
        review("ben", "APPROVED", EARLIER),  # approved an earlier push: not what is merged
        review("cho", "APPROVED"),
        review("cho", "COMMENTED"),  # a comment after an approval changes nothing
        review("dev", "APPROVED"),
        review("dev", "CHANGES_REQUESTED"),
        review("eve", "CHANGES_REQUESTED"),
        review("eve", "APPROVED"),
        review("fay", "APPROVED"),
        review("fay", "DISMISSED"),
    ]
    assert approvals(reviews, HEAD).reviewers == ("ana", "cho", "eve")


def test_pages_are_read_in_order(tmp_path: Path) -> None:
    (tmp_path / "1.json").write_bytes(orjson.dumps([review("ana", "APPROVED")]))
    (tmp_path / "2.json").write_bytes(orjson.dumps([review("ana", "CHANGES_REQUESTED")]))
    assert approvals(read_pages([tmp_path / "1.json", tmp_path / "2.json"]), HEAD).count == 0


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"<html>", "is not JSON"),
        (
            b'{"message": "Not Found", "documentation_url": "https://docs.github.com"}',
            "GitHub answered 'Not Found'",
        ),
        (b'{"reviews": []}', "is not a list of reviews"),
    ],
)
def test_what_is_not_a_reviews_page_is_refused(tmp_path: Path, body: bytes, error: str) -> None:
    (tmp_path / "page.json").write_bytes(body)
    with pytest.raises(ReviewsError, match=error):
        read_pages([tmp_path / "page.json"])


def test_a_review_without_a_login_is_refused() -> None:
    with pytest.raises(ReviewsError, match="review 0 has no user login"):
        approvals([{"state": "APPROVED"}], HEAD)
