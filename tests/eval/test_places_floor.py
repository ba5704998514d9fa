"""Regression floor: `dateline eval places` on LGL and TR-News (floors.toml [places]).

Gold-span accuracy runs on every toponym of both corpora (no parsing: seconds);
the end-to-end figures run the full pipeline on the first articles only (TR-News and
LGL), to keep CI short. `dateline eval places` prints the full figures.
"""

from dateline.eval.common import floors
from dateline.eval.places import evaluate, format_report


def test_places_gold_span_accuracy_floor(datasets):
    pinned = floors("places")
    result = evaluate(data=str(datasets / "geo"), end_to_end=False)
    report = format_report(result)
    assert result["lgl"]["gold_spans"]["accuracy_161km"] >= pinned["lgl_gold_accuracy"], report
    assert result["trnews"]["gold_spans"]["accuracy_161km"] >= pinned["trnews_gold_accuracy"], report


def test_places_end_to_end_floor(datasets, nlp):
    pinned = floors("places")
    result = evaluate(data=str(datasets / "geo"), limit=pinned["e2e_articles"], corpora=("trnews",),
                      nlp=nlp)
    e2e = result["trnews"]["end_to_end"]
    assert e2e["precision"] >= pinned["trnews_e2e_precision"], format_report(result)
    assert e2e["recall"] >= pinned["trnews_e2e_recall"], format_report(result)
    assert e2e["recall_non_demonym"] >= pinned["trnews_e2e_recall_non_demonym"], format_report(result)


def test_places_end_to_end_floor_lgl(datasets, nlp):
    pinned = floors("places")
    result = evaluate(data=str(datasets / "geo"), limit=pinned["lgl_e2e_articles"], corpora=("lgl",),
                      nlp=nlp)
    e2e = result["lgl"]["end_to_end"]
    assert e2e["precision"] >= pinned["lgl_e2e_precision"], format_report(result)
    assert e2e["recall"] >= pinned["lgl_e2e_recall"], format_report(result)
