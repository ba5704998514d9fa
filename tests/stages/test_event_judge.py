"""The learned event layer: plain-JSON weights, named features, one reading per trigger word."""

import subprocess
import sys

from dateline.stages import event_judge
from dateline.stages.events import Candidate, Trigger


def test_shipped_model_is_plain_data():
    model = event_judge.load_model()
    assert {"intercept", "weights", "threshold"} <= set(model)
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in model["weights"].items())
    assert 0 < model["threshold"] < 1


def test_features_are_named(nlp):
    from dateline.model import Event, Span

    doc = nlp("Trump's attacks on Clinton's fitness continued.")
    tok = next(t for t in doc if t.lemma_ == "attack")
    cand = Candidate(Trigger(tok, "ASSAULT", None, (tok.i,)), Event("ASSAULT", Span(0, 10)), [], False, False, 0)
    feats = event_judge.features(cand, [cand])
    assert feats["type=ASSAULT"] == 1.0 and feats["lemma=attack"] == 1.0 and feats["rule_choice"] == 1.0
    assert feats["object_not_actor"] == 1.0  # what is attacked is a thing, not an actor


def test_force_types_see_their_actors_sectors(nlp):
    """Issue 22: "attacked", "beat" between parties and candidates are words or votes; a word of
    force gets its actors' sectors as features of its own, other types do not."""
    from dateline.model import Actor, Event, Span

    doc = nlp("Bush attacked Trump.")
    tok = next(t for t in doc if t.lemma_ == "attack")
    party = Actor(entity=None, name="Bush", country="USA", sector="PTY")
    for etype, expected in (("ASSAULT", 1.0), ("ACCUSE", None)):
        event = Event(etype, Span(0, 10), source=party)
        cand = Candidate(Trigger(tok, etype, None, (tok.i,)), event, [], False, False, 0)
        feats = event_judge.features(cand, [cand])
        assert feats.get("force_source_sector=PTY") == expected
        assert feats["source_sector=PTY"] == 1.0  # the shared feature stays for every type


def test_choose_keeps_the_best_reading_of_a_word(nlp):
    from dateline.model import Event, Span

    doc = nlp("Workers went on strike.")
    tok = next(t for t in doc if t.lemma_ == "strike")
    a = Candidate(Trigger(tok, "PROTEST", None, (tok.i,)), Event("PROTEST", Span(0, 5)), [], False, False, 0)
    b = Candidate(Trigger(tok, "ASSAULT", None, (tok.i,)), Event("ASSAULT", Span(0, 5)), [], False, False, 1)
    kept = event_judge.choose([(a, 0.8), (b, 0.6)], 0.5)
    assert [e.type for e, _ in kept] == ["PROTEST"]
    assert event_judge.choose([(a, 0.3), (b, 0.2)], 0.5) == []


def test_no_scikit_learn_at_run_time():
    code = ("import sys; from dateline import extract; extract('Russia attacked Ukraine on Monday.'); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


def test_shipped_proposer_is_plain_data():
    from dateline.stages import event_proposer

    model = event_proposer.load_proposer()
    assert model is not None and event_proposer.NONE in model["classes"]
    assert len(model["vector"]) == len(model["classes"]) == len(model["intercept"])
    assert 0 < model["propose_at"] < 1


def test_proposer_asks_verbs_with_an_actor_only(nlp):
    from dateline.stages import event_proposer

    doc = nlp("Russia slammed Ukraine, and the rain fell.")
    asked = event_proposer.proposals(None, doc[:], collecting=True)
    assert [doc[i].lemma_ for i in asked] == ["slam"]  # "fell" has no actor as argument
    assert len(asked[1]) == 16 and set(asked[1].values()) == {None}
    probs = event_proposer.probabilities(event_proposer.load_proposer(), [doc[1]])
    assert 0 < sum(probs[0].values()) < 1 and event_proposer.NONE not in probs[0]  # "none" takes the rest


def test_proposed_type_is_a_candidate_not_a_rule_choice(nlp):
    from dateline.model import Event, Span
    from dateline.stages.events import PROPOSED

    doc = nlp("The senator slammed the governor.")
    tok = doc[2]
    cand = Candidate(Trigger(tok, "ACCUSE", None, (tok.i,)), Event("ACCUSE", Span(0, 10)), [], False, False,
                     PROPOSED, 0.6)
    feats = event_judge.features(cand, [cand])
    assert feats["proposed"] == 1.0 and feats["proposer"] == 0.6 and "rule_choice" not in feats


def test_derived_word_is_a_candidate_for_the_layer_only(nlp):
    from dateline.stages.events import derived_lexicon, find_triggers

    assert ("NOUN", "rebuke") in derived_lexicon()
    doc = nlp("The ministry issued a rebuke of the embassy.")
    (trig,) = [t for t in find_triggers(doc[:]) if t.token.lemma_ == "rebuke"]
    assert trig.derived and trig.type == "ACCUSE"  # "rebuke" NOUN from the lexicon's verb
    cand = Candidate(trig, None, [], False, False, 0)
    assert not event_judge.is_rule_choice(cand)


def test_a_verb_form_used_as_a_preposition_is_no_derived_trigger(nlp):
    """"according to" (lemma "accord", a derived AGREE) heads the attribution of wire reports: it
    made an AGREE candidate in every such sentence and pushed the real event below the threshold."""
    from dateline.stages.events import derived_lexicon, find_triggers

    assert ("VERB", "accord") in derived_lexicon()
    doc = nlp("The talks failed, according to the country's defence minister.")
    assert not [t for t in find_triggers(doc[:]) if t.token.lower_ == "according"]
