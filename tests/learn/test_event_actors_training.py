"""Training of the events stage's actor chooser (python -m dateline.learn.event_actors) on a few sentences."""

from dateline.learn import event_actors as learn
from dateline.model import Actor
from dateline.stages.event_actors import ActorCandidate


def test_training_is_deterministic_and_scores(datasets):
    rows = learn.load_rows(str(datasets / "plover"), real=None, limit=30)
    assert rows[0]["gold"][0]["source_text"]  # PLOVER actorText kept for the labels
    collected = learn.collect(rows)
    groups = learn.choice_groups(rows, collected)
    assert groups["source"] and any(y for g in groups["source"] for _, y in g)
    cands = [c for item in collected for _, cs, *_ in item["extra"].values() for c in cs]
    assert any(c.actor is None and c.features.get("none") == 1.0 for c in cands)
    assert any(k.startswith("path=") for c in cands for k in c.features)
    assert learn.fit(groups) == learn.fit(groups)
    cv = learn.cross_validate(rows, collected, 3)
    assert len(cv["layer"]) == len(rows) and len(cv["rules"]) == len(rows)
    recall = learn.actor_recall(rows, collected, "plover")
    assert 0 < recall["source_candidates"] <= recall["source_gold"]


def test_labels_prefer_text_and_code_then_text_then_code():
    lavrov = ActorCandidate(Actor("e1", "Sergei Lavrov", None, "GOV"), text="Sergei Lavrov")
    russia = ActorCandidate(Actor("e2", "Russia", "RUS"), text="Russia")
    moscow = ActorCandidate(Actor("e3", "Moscow", "RUS"), text="Moscow officials")
    none = ActorCandidate(None)
    cands = [lavrov, russia, moscow, none]
    gold = {"source": {"RUS"}, "source_text": ["Lavrov"], "target": set(), "target_text": []}
    assert learn.positives(cands, gold, "source") == [True, False, False, False]
    gold["source_text"] = ["Russia"]
    assert learn.positives(cands, gold, "source") == [False, True, False, False]
    gold["source_text"] = ["the Kremlin"]
    assert learn.positives(cands, gold, "source") == [False, True, True, False]
    # no gold target: "none", or a gold source (a compound source's members are each other's target)
    assert learn.positives(cands, gold, "target") == [False, True, True, True]
    gold["source"], gold["source_text"] = set(), []
    assert learn.positives(cands, gold, "target") == [False, False, False, True]
