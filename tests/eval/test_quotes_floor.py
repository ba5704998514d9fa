"""Regression floor: `dateline eval quotes` on PolNeAR dev (floors.toml [quotes]).

Runs the whole pipeline on the 84 dev articles (about two minutes on two
cores), as written and with every line break made a space; textacy's baseline
is left out here, `dateline eval quotes` prints it.
"""

from dateline.eval.common import floors
from dateline.eval.quotes import evaluate, format_report


def test_quotes_floor(datasets, nlp):
    result = evaluate(data=str(datasets / "polnear"), split="dev", baseline=False, nlp=nlp)
    pinned = floors("quotes")
    ours = result["dateline"]
    report = format_report(result)
    assert ours["direct"]["f1"] >= pinned["direct_f1"], report
    assert ours["speaker_accuracy"] >= pinned["speaker_accuracy"], report
    assert ours["quote_and_speaker"]["f1"] >= pinned["quote_and_speaker_f1"], report
    assert ours["reported"]["f1"] >= pinned["reported_f1"], report
    named = ours["named_speakers"]
    assert named["pronoun_for_name"] <= pinned["max_pronoun_for_name"], report
    assert named["named_entity_accuracy"] >= pinned["named_entity_accuracy"], report


def test_quotes_floor_without_line_breaks(datasets, nlp):
    result = evaluate(data=str(datasets / "polnear"), split="dev", baseline=False, nlp=nlp, flat=True)
    pinned = floors("quotes")
    ours = result["dateline"]
    assert ours["speaker_accuracy"] >= pinned["flat_speaker_accuracy"], format_report(result)
    assert ours["quote_and_speaker"]["f1"] >= pinned["flat_quote_and_speaker_f1"], format_report(result)
