"""parse_all's batches: bounded in texts and characters, in order, and without effect on records."""

from pathlib import Path

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
