"""Calendar periods: every precision gives a first and a last day."""

import pytest

from dateline.model import Event, Record, Span
import datetime as dt

from dateline.periods import NotADate, day_number, midpoint, parse_day, period


@pytest.mark.parametrize("value, precision, expected", [
    ("2016-09-07", "day", ("2016-09-07", "2016-09-07", "day")),
    ("2016-W35", "week", ("2016-08-29", "2016-09-04", "week")),
    ("2015-W53", "week", ("2015-12-28", "2016-01-03", "week")),  # a week across two years
    ("2016-02", "month", ("2016-02-01", "2016-02-29", "month")),
    ("2017", "year", ("2017-01-01", "2017-12-31", "year")),
    ("2016-08-31", "week", ("2016-08-29", "2016-09-04", "week")),  # a stored day snaps to its week
    ("2016-06-01", "month", ("2016-06-01", "2016-06-30", "month")),  # already a first day
    ("2016-06", None, ("2016-06-01", "2016-06-30", "month")),  # the form gives the precision
])
def test_period(value, precision, expected):
    assert period(value, precision) == expected


@pytest.mark.parametrize("value", ["", "2016-13", "16-09-07", "2016-W60", "last week", "2016/09/07"])
def test_not_a_date(value):
    with pytest.raises(NotADate, match="YYYY-MM-DD"):
        period(value, None)


def test_midpoint():
    assert midpoint("2016-08-29", "2016-09-04") == "2016-09-01"
    assert midpoint("2016-09-07", "2016-09-07") == "2016-09-07"


def test_event_date_is_always_a_first_day_with_an_end():
    event = Event(type="CONSULT", evidence=Span(0, 1), date="2016-W35", date_precision="week")
    assert (event.date, event.date_precision, event.date_end) == ("2016-08-29", "week", "2016-09-04")


def test_record_of_an_older_dateline_gets_periods():
    # Regression: records written before periods had "2016-W35" in events[].date.
    old = {"id": "a", "text": "x", "events": [{"type": "AID", "evidence": {"start": 0, "end": 1},
                                                "date": "2017", "date_precision": "year"}]}
    event = Record.from_dict(old).events[0]
    assert (event.date, event.date_end) == ("2017-01-01", "2017-12-31")
    assert Record.from_json(Record.from_dict(old).to_json()).events[0] == event


@pytest.mark.parametrize("value, day", [
    ("2016-09-07", "2016-09-07"),
    ("2016-09-07T09:30:00Z", "2016-09-07"),         # a feed's timestamp
    ("September 7, 2016", "2016-09-07"),            # a written date, as the dates stage reads it
    ("Wed, 07 Sep 2016 09:30:00 GMT", "2016-09-07"),
    ("2016-06", "2016-06-01"), ("2017", "2017-01-01"), ("2016-W35", "2016-08-29"),
    ("", None), (None, None), ("not a date", None),
])
def test_day_number_is_the_one_reading_of_a_day(value, day):
    # Regression: the store had two parsers (people's fromisoformat, dedup's split on "-")
    # and neither read a timestamp; the dates stage had a third.
    assert day_number(value) == (dt.date.fromisoformat(day).toordinal() if day else None)


def test_parse_day_needs_a_full_date():
    assert parse_day("2016-09-07T09:30:00+02:00") == dt.date(2016, 9, 7)
    assert parse_day("2016-06") is None and parse_day("June 2016") is None
