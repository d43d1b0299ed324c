"""`--since` and `--until` as the views read them: dates, times and spans, any of them."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oversight.period import parse_period

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
moments = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),
    max_value=datetime.datetime(2099, 1, 1),
    timezones=st.just(datetime.UTC),
).map(lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000))


@given(moments)
def test_an_iso_time_means_that_instant(moment: datetime.datetime) -> None:
    text = moment.isoformat().replace("+00:00", "Z")
    assert parse_period(text, None).since == moment
    assert parse_period(None, text).until == moment


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 1, 1)))
def test_a_bare_until_date_includes_that_whole_day(day: datetime.date) -> None:
    period = parse_period(day.isoformat(), day.isoformat())
    assert period.since == datetime.datetime.combine(day, datetime.time(), datetime.UTC)
    assert period.until == period.since + datetime.timedelta(days=1)


@given(st.integers(1, 9999), st.sampled_from("dh"))
def test_a_span_counts_back_from_now(amount: int, unit: str) -> None:
    delta = datetime.timedelta(days=amount) if unit == "d" else datetime.timedelta(hours=amount)
    assert parse_period(f"{amount}{unit}", "0h", now=lambda: NOW) == parse_period(
        (NOW - delta).isoformat(), NOW.isoformat()
    )


@given(st.text(min_size=1, max_size=30).filter(lambda t: not t.strip()[:1].isdigit()))
def test_anything_else_is_refused_naming_the_option(text: str) -> None:
    with pytest.raises(ValueError, match=r"^--since"):
        parse_period(text, None, now=lambda: NOW)


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("yesterday", None, "--since 'yesterday' is not a date, a time or a span"),
        (None, "31/01/2026", "--until '31/01/2026' is not a date"),
        ("2026-02-01", "2026-01-31", "--until (2026-01-31) is not after --since (2026-02-01)"),
    ],
)
def test_a_wrong_period_says_which_option_and_why(since: str | None, until: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_period(since, until)
