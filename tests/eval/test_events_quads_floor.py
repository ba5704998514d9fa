"""Regression floor: the shipped events stage on ConfliBERT's coarse sentences, real news coded
with the class of their main action (floors.toml [events]; GPL data, read for evaluation only)."""

from dateline.eval.common import floors
from dateline.eval.events import COARSE, quads
from dateline.settings import DEFAULT


def test_events_quads_floor(datasets, nlp):
    path = datasets / "events_extra" / COARSE
    result = quads(path, None, nlp, DEFAULT)
    pinned = floors("events")
    assert result["sentences"] == 1104
    assert result["f1"] >= pinned["quads_f1"]
    assert result["recall"] >= pinned["quads_recall"]
