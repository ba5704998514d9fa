"""The learned source/target chooser of the events stage: candidates, features, the pick."""

from dateline import Article, extract
from dateline.model import Actor
from dateline.settings import DEFAULT
from dateline.stages import event_actors
from dateline.stages.event_actors import ActorCandidate


def test_shipped_model_is_plain_data():
    model = event_actors.load_model()
    for role in ("source", "target"):
        weights = model[role]["weights"]
        assert model[role]["intercept"] == 0.0
        assert all(isinstance(k, str) and isinstance(v, float) for k, v in weights.items())


def test_dependency_path_names_relations(nlp):
    doc = nlp("Israel launched an attack on Hamas positions, officials said.")
    attack = next(t for t in doc if t.lemma_ == "attack")
    launched = next(t for t in doc if t.lemma_ == "launch")
    israel = next(t for t in doc if t.text == "Israel")
    positions = next(t for t in doc if t.text == "positions")
    assert event_actors.dependency_path(launched, israel)[0] == "nsubj"
    assert event_actors.dependency_path(attack, positions)[0] == "pobj:on"
    assert event_actors.dependency_path(attack, israel)[0] == "^dobj>nsubj"


def test_pick_never_gives_one_candidate_both_roles():
    russia = ActorCandidate(Actor(None, "Russia", "RUS"), features={"a": 1.0})
    none = ActorCandidate(None, features={"none": 1.0})
    model = {"source": {"intercept": 0.0, "weights": {"a": 2.0}},
             "target": {"intercept": 0.0, "weights": {"a": 3.0}}}
    source, target = event_actors.pick(model, [russia, none], "ASSAULT")
    assert (source, target) == (None, russia.actor)  # not Russia twice: the better role wins


def test_chooser_picks_the_parse_actors(nlp):
    record = extract(Article(text="Russian forces attacked Ukrainian troops near Kharkiv on Tuesday."), nlp=nlp)
    (event,) = [e for e in record.events if e.type == "ASSAULT"]
    assert (event.source.country, event.target.country) == ("RUS", "UKR")


def test_rules_actors_without_the_chooser(nlp):
    text = "Russian forces attacked Ukrainian troops near Kharkiv on Tuesday."
    off = DEFAULT.with_overrides(event_actor_model=False)
    (event,) = [e for e in extract(Article(text=text), nlp=nlp, settings=off).events if e.type == "ASSAULT"]
    assert (event.source.country, event.source.sector, event.target.country) == ("RUS", "MIL", "UKR")


def test_top_features_explain_a_score():
    cand = ActorCandidate(Actor(None, "Russia", "RUS"), features={"a": 1.0, "b": 1.0, "c": 0.5})
    model = {"source": {"intercept": 0.0, "weights": {"a": 0.1, "b": -2.0, "c": 1.0}}}
    assert event_actors.top_features(model, "source", cand, 2) == [("b", -2.0), ("c", 0.5)]
