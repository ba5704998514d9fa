"""Regression floor: the actor chooser cross-validated by group (floors.toml [events]); slow (about a minute)."""

import pytest

from dateline.eval.common import floors
from dateline.eval.events import cross_validated


@pytest.mark.slow
def test_event_actor_chooser_cv_floor(datasets, nlp):
    result = cross_validated(str(datasets / "plover"), 5, None, nlp)
    pinned = floors("events")
    assert result["plover"]["chooser"]["type_actors"]["f1"] >= pinned["chooser_cv_type_actors_f1_plover"]
    if "real" in result:  # the real-news set ships in the package; skipped only when absent
        assert result["real"]["chooser"]["type_actors"]["f1"] >= pinned["chooser_cv_type_actors_f1_real"]
