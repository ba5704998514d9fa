"""Regression floor: `dateline eval places` on LGL and TR-News (floors.toml [places]).

Gold-span accuracy runs on every toponym of both corpora (no parsing: seconds);
the end-to-end figures run the full pipeline on the first articles only (TR-News and
LGL), to keep CI short. `dateline eval places` prints the full figures.
"""

import pytest

from dateline.eval.common import floors
from dateline.eval.places import evaluate, format_report


def test_places_gold_span_accuracy_floor(datasets):
    pinned = floors("places")
    result = evaluate(data=str(datasets / "geo"), end_to_end=False)
    report = format_report(result)
    assert result["lgl"]["gold_spans"]["accuracy_161km"] >= pinned["lgl_gold_accuracy"], report
    assert result["trnews"]["gold_spans"]["accuracy_161km"] >= pinned["trnews_gold_accuracy"], report


# The end-to-end floors by corpus: the floors.toml key of its article count and the metrics it pins
# (as `<corpus>_e2e_<metric>`); TR-News pins recall over non-demonym toponyms as well.
# `literal_<metric>` pins the issue-23 scoring of literal places and demonyms (e2e["literal"]).
END_TO_END = [("trnews", "e2e_articles", ("precision", "recall", "recall_non_demonym",
                                          "literal_precision", "literal_recall")),
              ("lgl", "lgl_e2e_articles", ("precision", "recall", "literal_precision", "literal_recall"))]


@pytest.mark.parametrize("corpus, articles, metrics", END_TO_END, ids=[c for c, _, _ in END_TO_END])
def test_places_end_to_end_floor(datasets, nlp, corpus, articles, metrics):
    pinned = floors("places")
    result = evaluate(data=str(datasets / "geo"), limit=pinned[articles], corpora=(corpus,), nlp=nlp)
    e2e = result[corpus]["end_to_end"]
    for metric in metrics:
        value = e2e["literal"][metric.removeprefix("literal_")] if metric.startswith("literal_") else e2e[metric]
        assert value >= pinned[f"{corpus}_e2e_{metric}"], f"{metric}\n{format_report(result)}"
