"""The timeline's buckets from event periods (no server needed)."""

import datetime as dt

import pytest

from dateline.web.timeline import (MOST_BARS, bucket_number, bucket_period, core_window,
                                   densest_window, timeline)

# (date, date_end, date_precision, type, count) as the store gives them
DAY = ("2016-09-07", "2016-09-07", "day", "AID", 2)
WEEK = ("2016-08-29", "2016-09-04", "week", "AID", 1)  # 2016-W35, mostly in September
MONTH = ("2016-06-01", "2016-06-30", "month", "ASSAULT", 1)
YEAR = ("2016-01-01", "2016-12-31", "year", "ASSAULT", 3)


def test_month_chart_with_week_and_year_dates():
    # Regression: a week or year date made /api/timeline?bucket=month answer 500.
    got = timeline([DAY, WEEK, MONTH, YEAR], "month")
    assert got["buckets"] == ["2016-06", "2016-07", "2016-08", "2016-09"]
    assert got["series"] == {"AID": [0, 0, 0, 3], "ASSAULT": [1, 0, 0, 0]}
    assert got["ranges"][-1] == ["2016-09-01", "2016-09-30"]
    assert got["coarser"] == {"year": 3} and got["outside"] == 0


@pytest.mark.parametrize("bucket, bars, coarser", [
    ("day", 1, {"month": 1, "week": 1, "year": 3}),
    ("week", 2, {"month": 1, "year": 3}),  # 29 Aug and 5 Sep
    ("year", 1, {}),
])
def test_each_bucket_draws_only_periods_it_can_hold(bucket, bars, coarser):
    got = timeline([DAY, WEEK, MONTH, YEAR], bucket)
    assert len(got["buckets"]) == bars and got["coarser"] == coarser
    assert sum(map(sum, got["series"].values())) + sum(coarser.values()) == 7


def test_an_outlier_year_does_not_stretch_the_axis():
    # Regression: one event in 2001 drew 1,127 empty weekly bars before the 2016 peak.
    old = ("2001-03-05", "2001-03-05", "day", "AID", 1)
    got = timeline([old, DAY, WEEK], "week")
    assert got["buckets"] == ["2016-08-29", "2016-09-05"] and got["outside"] == 1


def test_core_window_leaves_out_the_few_far_events():
    assert core_window({1: 1, 500: 10, 502: 9}, share=0.95) == (500, 502)
    assert core_window({1: 1, 2: 1}, share=0.95) == (1, 2)  # 95% of two events is both
    assert core_window({1: 5, 9: 5}, share=0.5) == (9, 9)  # the newest on a tie


def test_densest_window_prefers_the_most_events_then_the_newest():
    assert densest_window({1: 5, 500: 1, 501: 1}, 10) == (1, 1)
    assert densest_window({1: 1, 500: 1}, 10) == (500, 500)
    assert densest_window({1: 1, 3: 1}, 10) == (1, 3)


@pytest.mark.parametrize("bucket", ["day", "week", "month", "year"])
def test_bucket_numbers_are_consecutive_and_round_trip(bucket):
    day = dt.date(2016, 2, 27)
    numbers = [bucket_number((day + dt.timedelta(days=i)).isoformat(), bucket) for i in range(400)]
    assert all(b - a in (0, 1) for a, b in zip(numbers, numbers[1:]))
    for number in set(numbers):
        _, first, last = bucket_period(number, bucket)
        assert bucket_number(first, bucket) == bucket_number(last, bucket) == number
    assert MOST_BARS[bucket] > 0
