"""`dateline eval dates` must keep passing every case of its table (floors.toml [dates])."""

from dateline.eval import dates
from dateline.eval.common import floors


def test_dates_table_passes_the_floor(nlp):
    floor = floors("dates")
    result = dates.evaluate(nlp=nlp)
    assert result["cases"] >= floor["min_cases"]
    assert result["pass_rate"] >= floor["pass_rate"], dates.format_report(result)
