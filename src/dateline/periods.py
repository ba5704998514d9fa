"""Calendar periods: a date at day, week, month or year precision as its first and last day.

Event data sets store a date as the first day of its period plus a precision
and an end (ACLED's time_precision, PLOVER's date fields), so a column of dates
always parses, sorts and compares as YYYY-MM-DD. The dates stage writes values
at their own precision ("2016-W35", "2016-06", "2017", see docs/dates.md);
events, the store and the timeline turn them into periods here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Optional

PRECISIONS = ("day", "week", "month", "year")


class NotADate(ValueError):
    """A date value that names no calendar period."""


def period(value: str, precision: Optional[str] = None) -> tuple:
    """Return (first day, last day, precision) of a date value, the days as YYYY-MM-DD.

    `value` is a day ("2016-08-29"), an ISO week ("2016-W35"), a month
    ("2016-06") or a year ("2017"); a day with a coarser `precision` stands for
    the week, month or year that holds it (a value already stored as its
    first day gives the same period); without a precision, the value's form
    gives it. Raises NotADate for anything else.
    """
    try:
        first, found = _first_day(value.strip())
    except (ValueError, AttributeError):
        raise NotADate(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY") from None
    precision = precision if precision in PRECISIONS else found
    first = first_day(first, precision)
    return first.isoformat(), last_day(first, precision).isoformat(), precision


def parse_day(value: Optional[str]) -> Optional[dt.date]:
    """Return the day a publication date names, else None: ISO first (a timestamp's date part
    too, "2022-03-03T10:00:00Z"), then a written date with day, month and year via dateparser
    ("March 3, 2022"), the forms ingested articles give."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        import dateparser  # only for written dates: the store reads ISO ones without it

        parsed = dateparser.parse(text, languages=["en"],
                                  settings={"REQUIRE_PARTS": ["day", "month", "year"]})
        return parsed.date() if parsed else None


def day_number(value: Optional[str]) -> Optional[int]:
    """Return the ordinal of the first day of a period value ("2016-06", see `period`) or of a
    publication date (`parse_day`), else None: how the store compares days."""
    try:
        return dt.date.fromisoformat(period(value)[0]).toordinal()
    except NotADate:
        day = parse_day(value)
        return day.toordinal() if day else None


def first_day(day: dt.date, precision: str) -> dt.date:
    """Return the first day of the `precision` period holding `day`."""
    if precision == "week":
        return day - dt.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def last_day(first: dt.date, precision: str) -> dt.date:
    """Return the last day of the `precision` period that starts on `first`."""
    if precision == "week":
        return first + dt.timedelta(days=6)
    if precision == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if precision == "year":
        return first.replace(month=12, day=31)
    return first


def midpoint(start: str, end: str) -> str:
    """Return the middle day of a period (its start for an even split), YYYY-MM-DD."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return (first + (last - first) // 2).isoformat()


def _first_day(value: str) -> tuple:
    if "-W" in value:
        year, week = value.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1), "week"
    parts = value.split("-")
    if len(parts[0]) != 4 or not all(p.isdigit() for p in parts) or len(parts) > 3:
        raise ValueError(value)
    if len(parts) == 1:
        return dt.date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1), "month"
    return dt.date.fromisoformat(value), "day"
