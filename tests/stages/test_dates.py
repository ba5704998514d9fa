import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.stages.dates import date_for_span, find_expressions, resolve, resolve_weekday, shift

THURSDAY = "2022-03-10"


def _dates(record):
    return [(d.text, d.value, d.precision) for d in record.dates]


def test_weekday_follows_the_tense_of_its_verb(extract):
    record = extract("The ministers met on Monday. They will meet again on Monday.", published=THURSDAY)
    assert _dates(record) == [("on Monday", "2022-03-07", "day"), ("on Monday", "2022-03-14", "day")]


def test_bare_weekday_matching_the_publication_day_is_that_day(extract):
    record = extract("Kuleba met Lavrov on Thursday.", published=THURSDAY)
    assert _dates(record) == [("on Thursday", THURSDAY, "day")]


def test_december_date_in_early_january_is_last_year(extract):
    record = extract("The troops arrived on Dec. 28, officials said.", published="2022-01-04")
    assert _dates(record) == [("on Dec. 28", "2021-12-28", "day")]


def test_durations_and_counts_are_not_dates(extract):
    record = extract("He asked for a 24-hour ceasefire. Fighting went on for three weeks. "
                     "A force of 2000 soldiers has waited for the last week.", published=THURSDAY)
    assert record.dates == []


def test_relative_expressions_get_week_month_and_year_precision(extract):
    record = extract("Talks failed last week. Prices rose last month. The law passed last year.",
                     published=THURSDAY)
    assert _dates(record) == [("last week", "2022-W09", "week"), ("last month", "2022-02", "month"),
                              ("last year", "2021", "year")]


def test_dates_in_captions_are_not_listed_but_infer_the_publication_date(extract):
    text = ("The ministers met on Thursday in Antalya.\n\n"
            "Ministers meet in Antalya\n"
            "Ministers meet in Antalya, Turkey, on March 10, 2022. (Foreign Ministry via Getty Images)\n")
    record = extract(text)
    assert (record.published, record.published_inferred) == (THURSDAY, True)
    assert _dates(record) == [("on Thursday", THURSDAY, "day")]


def test_updated_line_gives_the_publication_date(extract):
    record = extract("Updated 3:05 PM, March 11, 2022\n\nThe army withdrew yesterday.")
    assert (record.published, record.published_inferred) == ("2022-03-11", True)
    assert _dates(record) == [("yesterday", THURSDAY, "day")]


def test_latest_full_date_of_the_body_stands_in_for_the_publication_date(extract):
    record = extract("Troops withdrew on Friday, after the invasion of Feb. 24, 2022.")
    assert (record.published, record.published_inferred) == ("2022-02-24", True)
    assert _dates(record) == [("on Friday", "2022-02-18", "day"), ("Feb. 24, 2022", "2022-02-24", "day")]


def test_only_relative_dates_and_no_publication_date_records_a_note(extract):
    record = extract("Troops withdrew on Friday.")
    assert record.dates == [] and record.published is None
    assert any(s.stage == "dates" for s in record.skipped)


def test_date_for_span_picks_the_date_of_the_same_clause(extract, nlp):
    from dateline.pipeline import Context, new_record
    from dateline.segment import segment
    from dateline import Article

    text = "Kuleba met Lavrov on Thursday, two weeks after Russian troops invaded Ukraine on Feb. 24."
    article = Article(text=text, published=THURSDAY)
    record = extract(text, published=THURSDAY)
    ctx = Context(article=article, doc=nlp(text), seg=segment(text), record=record)
    met, invaded = text.index("met"), text.index("invaded")
    assert date_for_span(ctx, met, met + 3).value == THURSDAY
    assert date_for_span(ctx, invaded, invaded + 7).value == "2022-02-24"


def test_event_dates_are_periods_and_fall_back_on_the_parsed_publication_day(extract):
    # Regression: with published "March 3, 2022" an undated event got that text as its date.
    rec = extract("Russian troops attacked Kharkiv last week. Ukraine accused Russia of lying.",
                  published="March 10, 2022")
    dates = {e.type: (e.date, e.date_precision, e.date_end) for e in rec.events}
    assert dates["ASSAULT"] == ("2022-02-28", "week", "2022-03-06")  # 2022-W09
    assert dates["ACCUSE"] == ("2022-03-10", "day", "2022-03-10")


def test_resolve_weekday_news_convention():
    thursday = dt.date(2022, 3, 10)
    assert resolve_weekday(thursday, 4, None, "past") == dt.date(2022, 3, 4)
    assert resolve_weekday(thursday, 4, None, "future") == dt.date(2022, 3, 11)
    assert resolve_weekday(thursday, 3, "last", None) == dt.date(2022, 3, 3)
    assert resolve_weekday(thursday, 3, "next", None) == dt.date(2022, 3, 17)


def test_shift_crosses_year_boundaries():
    assert shift(dt.date(2022, 1, 3), "month", -1) == ("2021-12", "month")
    assert shift(dt.date(2022, 1, 3), "week", -1) == ("2021-W52", "week")


def test_every_date_slices_the_text_it_claims(extract):
    text = "On Wednesday, in early March 2022, talks resumed; three days ago they had stalled."
    record = extract(text, published=THURSDAY)
    assert record.dates
    assert all(text[d.start:d.end] == d.text for d in record.dates)


_FRAGMENTS = ["on", "in", "Feb. 29", "Feb. 30", "2023", "March 3-5", "last", "Friday", "night",
              "two days ago", "the", "Christmas", "May", "mid-", "December", "of", "2014", ",",
              "31 April 2022", "next week", "Sept. 5, 1999", "0000-13-45", "for"]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=10),
       st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
       st.sampled_from([None, "past", "future", "present"]))
@settings(deadline=None, max_examples=200)  # the first call loads dateparser's data
def test_any_expression_resolves_or_is_dropped_without_error(parts, published, tense):
    text = " ".join(parts)
    for item in find_expressions(text):
        assert 0 <= item.start < item.end <= len(text)
        resolved = resolve(item, published, tense)
        assert resolved is None or (resolved[0] and resolved[1] in ("day", "week", "month", "year"))
