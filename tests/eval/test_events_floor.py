"""Regression floor: the events scorer on the PLOVER gold sentences and our no-event sentences."""

from dateline.eval.common import floors
from dateline.eval.events import evaluate


def test_events_floor(datasets, nlp):
    result = evaluate(data=str(datasets / "plover"), nlp=nlp)
    pinned = floors("events")
    assert result["all"]["type"]["f1"] >= pinned["type_f1"]
    assert result["all"]["type_actors"]["f1"] >= pinned["type_actors_f1"]
    assert result["no_event"]["rate"] <= pinned["max_false_alarm_rate"]
