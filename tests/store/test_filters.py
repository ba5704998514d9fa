"""The since/until bounds are read one way by the store, the CLI and the web."""

import datetime as dt

import pytest

from dateline.errors import StoreError
from dateline.store.filters import Filters, first_day
from dateline.web.filters import BadParameter, check_date


@pytest.mark.parametrize("value, day", [("2022", dt.date(2022, 1, 1)), ("2022-03", dt.date(2022, 3, 1)),
                                        ("2022-03-10", dt.date(2022, 3, 10))])
def test_first_day_of_a_year_month_or_day(value, day):
    assert first_day(value) == day
    assert check_date("since", value) == value
    assert Filters(since=value).since == value


@pytest.mark.parametrize("value", ["2022-3", "2022-02-30", "22-03-10", "2022-03-10T00:00", "soon", "2022-13"])
def test_the_same_values_are_refused_everywhere(value):
    assert first_day(value) is None
    with pytest.raises(BadParameter):
        check_date("since", value)
    with pytest.raises(StoreError):
        Filters(since=value)
