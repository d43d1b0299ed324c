"""A pull request's approvals, from the JSON GitHub's REST API answers for its reviews
(`GET /repos/{owner}/{repo}/pulls/{number}/reviews`, one file per page): each reviewer's
latest decisive review counts, and it counts only if it approves the head commit (an
approval of an earlier push did not see what is merged)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from attestations.errors import ReviewsError

_DECISIVE = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})


@dataclass(frozen=True, slots=True)
class Approvals:
    reviewers: tuple[str, ...]
    """Who approved the head commit, by login."""

    @property
    def count(self) -> int:
        return len(self.reviewers)


def read_pages(paths: Sequence[Path]) -> list[object]:
    reviews: list[object] = []
    for path in paths:
        try:
            document = orjson.loads(path.read_bytes())
        except OSError as e:
            raise ReviewsError(f"cannot read the reviews file {path} ({e.strerror})") from e
        except orjson.JSONDecodeError:
            raise ReviewsError(f"{path} is not JSON: not an answer of GitHub's reviews API") from None
        if isinstance(document, dict) and "message" in document:
            raise ReviewsError(f"{path}: GitHub answered {document['message']!r} instead of reviews")
        if not isinstance(document, list):
            raise ReviewsError(f"{path} is not a list of reviews (GitHub's pulls/N/reviews answer)")
        reviews += document
    return reviews


def approvals(reviews: Sequence[object], head: str) -> Approvals:
    latest: dict[str, tuple[str, str]] = {}
    for index, review in enumerate(reviews):
        if not isinstance(review, dict):
            raise ReviewsError(f"review {index} is not an object")
        user = review.get("user")
        login = user.get("login") if isinstance(user, dict) else None
        state = review.get("state")
        if not isinstance(login, str) or not isinstance(state, str):
            raise ReviewsError(f"review {index} has no user login or state")
        if state in _DECISIVE:
            latest[login] = (state, str(review.get("commit_id") or ""))
    approved = sorted(
        login for login, (state, commit) in latest.items() if state == "APPROVED" and commit == head
    )
    return Approvals(tuple(approved))
