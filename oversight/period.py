"""The period a view covers, as `--since` and `--until` give it: a date (a bare `--until`
date includes that whole day), an ISO 8601 time (UTC unless it says), or a span back from
now (`90d`, `12h`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from audit.record import Record, parse_timestamp
from audit.search import Filter, parse_moment

_SPAN = re.compile(r"(\d{1,5})([dh])")


@dataclass(frozen=True, slots=True)
class Period:
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None

    def admits(self, record: Record) -> bool:
        return self.filter().admits(record)

    def filter(self, user: str | None = None, repository: str | None = None) -> Filter:
        return Filter(since=self.since, until=self.until, user=user, repository=repository)

    def describe(self) -> str:
        return f"{_text(self.since) or 'the first record'} to {_text(self.until) or 'the last record'}"


def parse_period(
    since: str | None,
    until: str | None,
    now: Callable[[], datetime.datetime] = lambda: datetime.datetime.now(datetime.UTC),
) -> Period:
    """Raises ValueError, naming the option, for a value that is none of the forms above or
    a period that ends before it starts."""
    start = _moment(since, "--since", now, end_of_day=False) if since else None
    end = _moment(until, "--until", now, end_of_day=True) if until else None
    if start is not None and end is not None and end <= start:
        raise ValueError(f"--until ({until}) is not after --since ({since})")
    return Period(start, end)


def _moment(
    text: str, option: str, now: Callable[[], datetime.datetime], end_of_day: bool
) -> datetime.datetime:
    text = text.strip()
    if span := _SPAN.fullmatch(text):
        amount = int(span.group(1))
        delta = datetime.timedelta(days=amount) if span.group(2) == "d" else datetime.timedelta(hours=amount)
        return now() - delta
    try:
        moment = parse_moment(text)
    except ValueError:
        raise ValueError(
            f"{option} {text!r} is not a date, a time or a span (2026-01-31, 2026-01-31T09:00:00Z, 90d, 12h)"
        ) from None
    bare_date = len(text) == 10
    return moment + datetime.timedelta(days=1) if bare_date and end_of_day else moment


def _text(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def record_time(record: Record) -> datetime.datetime | None:
    try:
        return parse_timestamp(str(record.get("ts")))
    except ValueError:
        return None
