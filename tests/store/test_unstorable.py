"""Characters a backend refuses (NUL in PostgreSQL text) are handled the same on both backends."""

from dateline.limits import valid_unicode
from dateline.model import Article
from dateline.pipeline import new_record


def test_an_article_with_nul_and_surrogates_stores_alike_on_both_backends(store):
    article = valid_unicode(Article(text="The minister\x00 said talks\ud800 resume.", id="nul",
                                    title="A\x00B"))
    store.write_record(new_record(article))
    stored = store.record("nul")
    assert stored.text == "The minister\ufffd said talks\ufffd resume."
    assert stored.title == "A\ufffdB"
