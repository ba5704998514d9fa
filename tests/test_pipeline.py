"""parse_all's batches: bounded in texts and characters, in order, and without effect on records;
the record's metadata in the contract's form."""

from pathlib import Path

import pytest

from dateline import Article, Settings, extract_many
from dateline.pipeline import parse_batches

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_batches_keep_order_and_both_bounds():
    texts = ["a" * 10, "b" * 30, "c" * 5, "d" * 100, "e" * 1, "f" * 1, "g" * 1]
    batches = list(parse_batches(texts, Settings(batch_size=2, batch_chars=40)))
    assert [t for batch in batches for t in batch] == texts
    # "d" alone is over the limit: a batch of its own; "e", "f" then "g" by the count.
    assert [len(b) for b in batches] == [2, 1, 1, 2, 1]
    assert list(parse_batches([], Settings())) == []


def test_records_do_not_depend_on_the_batches(nlp):
    articles = [Article(text=p.read_text(encoding="utf-8"), id=p.stem, published="2022-03-10")
                for p in sorted(EXAMPLES.glob("*.txt"))]
    one_each = Settings(batch_chars=1)
    together = Settings(batch_chars=10**9)

    def records(settings):
        return [r.to_dict() for r in extract_many(articles, nlp=nlp, settings=settings)]

    assert records(one_each) == records(together)


@pytest.mark.parametrize("given", ["2022-03-10T08:00:00Z", "Thu, 10 Mar 2022 08:00:00 GMT",
                                   "March 10, 2022"])
def test_published_is_written_as_the_day_it_names(extract, given):
    # Regression: the record kept a feed's publication date as given, against the contract's
    # YYYY-MM-DD, and PostgreSQL refused to store the article (a 10-character column).
    record = extract("Kuleba met Lavrov in Antalya on Thursday.", published=given)
    assert (record.published, record.published_inferred) == ("2022-03-10", False)
    assert record.dates[0].value == "2022-03-10"
    foreign = extract("Le conseil municipal de Lyon a voté le budget mardi soir après un long débat.",
                      published=given)
    assert foreign.published == "2022-03-10"            # not analysed, still in the contract's form
