"""The learned layer of the events stage (not a stage of its own).

The rules of stages/events.py propose candidates: every lexicon reading of
every trigger, the derived words' readings and the types the type proposer
(event_proposer.py) gives a verb, with actors, negation and modality,
including the ones the rules alone would drop (other domain, no political
actor, a trigger framed by another) with the reasons named. Each candidate
that is not negated is described by named features (trigger lemma and type,
its dependency, the rules' objections, the heads of its arguments, its actors'
countries, sectors and entity types, the clause's modality, the proposer's
probability) and scored by a logistic regression
trained with `python -m dateline.learn.events` (weights: plain JSON in
resources/event_model.json, read with no scikit-learn). A candidate is kept
when its probability reaches the model's threshold. Negated candidates are not
scored: they stay as the rules have them (flagged `negated`).
"""

from __future__ import annotations

import functools
import math
from typing import Optional

from ..learn import linear_score
from ..resources import load_json, load_table
from . import event_force
from .events import HARM_TYPES, PROPOSED, _argument_heads, domain, sentence_hazard

MODEL_FILE = "event_model.json"
# ctx.shared key under which training asks the stage for every candidate with its features.
COLLECT_KEY = "dateline.event_judge.collect"
_QUOTE_MARKS = set('"“”')
# Types of force: their words ("attack", "beat", "fight", "seize") are the ones election news
# uses for words and contests (issue 22).
FORCE_TYPES = ("ASSAULT", "COERCE")
# Objections of the rules the layer learns from but never overrules: harm done by a natural hazard
# or an accident is no political act (codebook). Of the 454 candidates it objected to in training
# and in the measured draws' train rows, none was an event (fifteenth session, docs/events.md).
# The candidates stay in training, as negatives: dropped there too, the layer learnt a laxer ASSAULT.
OVERRULING = frozenset({"natural_cause"})


@functools.cache
def load_model(name: str = MODEL_FILE) -> dict:
    return load_json(name)


def model_for(ctx) -> Optional[dict]:
    """Return the shipped model when the settings ask for the learned layer, else None."""
    if not ctx.settings.event_model or COLLECT_KEY in ctx.shared:
        return None
    return load_model()


def decide(ctx, sent, candidates: list, model: Optional[dict], collect: Optional[list]) -> list:
    """Return [(event, in background)] the layer keeps among one sentence's candidates. When
    training collects (`collect` a list), append (candidate, features) and keep the rules' choice."""
    kept, scored = [], []
    for cand in candidates:
        rule = is_rule_choice(cand)
        if cand.event.negated:
            if rule:
                kept.append((cand.event, cand.background))
            continue
        feats = features(cand, candidates)
        if collect is not None:
            collect.append((cand, feats))
            if rule:
                kept.append((cand.event, cand.background))
            continue
        scored.append((cand, probability(model, feats)))
    return kept + choose(scored, model["threshold"]) if collect is None else kept


def choose(scored: list, threshold: float) -> list:
    """Return [(event, in background)] of the best reading of each trigger word, when its
    probability reaches the threshold, and of those the best of each type: one word reports one
    act, and a sentence that tells an act twice ("threatened to hold a strike") tells one."""
    by_word, by_type = {}, {}
    for cand, p in scored:
        i = cand.trigger.token.i
        if OVERRULING.intersection(cand.objections):
            continue
        if p >= threshold and (i not in by_word or p > by_word[i][1]):
            by_word[i] = (cand, p)
    for cand, p in by_word.values():
        etype = cand.event.type
        if etype not in by_type or p > by_type[etype][1]:
            by_type[etype] = (cand, p)
    out = []
    for cand, p in sorted(by_type.values(), key=lambda cp: cp[0].trigger.token.i):
        cand.event.confidence = round(p, 2)
        out.append((cand.event, cand.background))
    return out


def is_rule_choice(cand) -> bool:
    """True for a candidate the rules alone keep: the trigger's first reading, of a word of the
    hand-written lexicon, not framed by another trigger, with no objection."""
    return cand.reading == 0 and not cand.governed and not cand.objections and not cand.trigger.derived


def probability(model: dict, feats: dict) -> float:
    return 1.0 / (1.0 + math.exp(-linear_score(model, feats)))


def features(cand, candidates: list) -> dict:
    """Return the named features of one candidate (values 1 unless said)."""
    trig, event = cand.trigger, cand.event
    tok = trig.token
    lemma = tok.lemma_.lower()
    f = {f"type={event.type}": 1.0, f"lemma={lemma}": 1.0, f"lemma_type={lemma}|{event.type}": 1.0,
         f"pos={tok.pos_}": 1.0, f"dep={tok.dep_}": 1.0}
    if cand.reading == PROPOSED:
        f["proposed"] = 1.0  # a type the proposer gives a verb outside the lexicon's readings
        f[f"proposed_type={event.type}"] = 1.0
    else:
        f[f"reading={min(cand.reading, 3)}"] = 1.0
    if trig.derived:
        f["derived"] = 1.0  # a derivational relative of a lexicon word ("condemnation")
    if cand.proposer is not None:
        f["proposer"] = cand.proposer  # the proposer's probability of this type for this word
    best = max((c.proposer or 0.0 for c in candidates if c.event.type == event.type and not c.event.negated),
               default=0.0)
    if best:
        f["sentence_proposer"] = best  # for any word of the sentence: "said ... attacked" tells one ACCUSE
    if event.type != trig.type:
        f[f"retyped={trig.type}>{event.type}"] = 1.0  # future/refusal/framing readings
    if event.mode:
        f["mode"] = 1.0
    for reason in cand.objections:
        f[f"objection={reason}"] = 1.0
    if is_rule_choice(cand):
        f["rule_choice"] = 1.0
    if cand.governed:
        f["governed"] = 1.0
        f[f"governed_head={tok.head.lemma_.lower()}"] = 1.0
    if cand.background:
        f["background"] = 1.0
    for context in event.context:
        f[f"context={context}"] = 1.0
    for role, actor in (("source", event.source), ("target", event.target)):
        _actor_features(f, role, actor)
    for head in _argument_heads(tok):
        if head.pos_ != "PRON":  # "her counterpart": the pronoun's word says nothing of the act
            f[f"arg={head.lemma_.lower()}"] = 1.0
        f[f"arg_ent={head.ent_type_ or head.pos_}"] = 1.0
    if _with_actor(tok):
        f[f"with_actor={event.type}"] = 1.0  # "discussed the matter with her counterpart": two parties
    objects = _objects(tok)
    if objects and not any(_actor_word(o) for o in objects):
        f["object_not_actor"] = 1.0  # "attacks on Clinton's fitness": a thing of an actor is hit
    for kind in {domain(t) for t in tok.sent if t.pos_ == "NOUN"} - {None}:
        f[f"sentence_{kind}"] = 1.0  # a word of sport, business or figure of speech nearby
    others = {c.event.type for c in candidates if c.event.type != event.type and not c.event.negated
              and c.trigger.token.i != tok.i}  # other acts told: not this word's other readings
    f["other_types"] = min(len(others), 3) / 3
    sent = tok.sent
    if any(t.text in _QUOTE_MARKS for t in sent):
        f["quote_in_sentence"] = 1.0
    f["position"] = (tok.i - sent.start) / max(len(sent), 1)
    if event.type in FORCE_TYPES:
        _force_features(f, event)
        event_force.article_features(f, cand)  # an article of violence or of a campaign
    _hazard_features(f, cand)
    return f


def _hazard_features(f: dict, cand) -> None:
    """Add `hazard_harm` for a harm told in a sentence that names a natural hazard or an accident
    ("killed 40 people" after "an earthquake struck"), where the rules' `natural_cause` finds no
    agent to object to (issue 22); the sentence's hazard words also give `sentence_hazard`."""
    if cand.event.type in HARM_TYPES and sentence_hazard(cand.trigger.token.sent):
        f["hazard_harm"] = 1.0


def _force_features(f: dict, event) -> None:
    """Add the actors' sectors as seen by a word of force: a party or a legislator that
    "attacks", "beats" or "fights" another mostly speaks or wins votes (issue 22; the sectors of
    all types share one weight in `_actor_features`)."""
    for role, actor in (("source", event.source), ("target", event.target)):
        if actor is not None:
            f[f"force_{role}_sector={actor.sector or 'none'}"] = 1.0


def _objects(tok) -> list:
    """Return the heads of what the trigger acts on: direct object, passive subject, the object
    of "on/against/at/with" (of the noun's anchor verb too for "launched attacks on")."""
    out = []
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("on", "against", "at", "with", "upon"):
            out += [g for g in child.children if g.dep_ == "pobj"]
    return out


def _with_actor(tok) -> bool:
    """True when the trigger has a "with" partner that can be an actor ("met with Lavrov",
    "talks with Poland"), the second party a meeting or a deal needs."""
    return any(_actor_word(g) or any(a.dep_ == "appos" and _actor_word(a) for a in g.children)
               for child in tok.children if child.dep_ == "prep" and child.lower_ == "with"
               for g in child.children if g.dep_ == "pobj")


def _actor_word(tok) -> bool:
    """True for a word that can itself be an actor: a name, a pronoun, a group noun."""
    return (tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or tok.pos_ in ("PRON", "PROPN")
            or tok.lemma_.lower() in _actor_words())


@functools.cache
def _actor_words() -> frozenset:
    return frozenset(row[0] for row in load_table("event_actors.tsv"))


def _actor_features(f: dict, role: str, actor) -> None:
    if actor is None:
        f[f"{role}=none"] = 1.0
        return
    f[f"{role}_country"] = 1.0 if actor.country else 0.0
    f[f"{role}_sector={actor.sector or 'none'}"] = 1.0
    f[f"{role}_entity"] = 1.0 if actor.entity else 0.0
