"""The learned source/target chooser of the events stage (not a stage of its own; issue 22).

For an event the stage keeps, it lists the candidate actors of its sentence: every word the
rules can read as an actor (entities with country and sector, group nouns such as "Ukrainian
forces" or "protesters", pronouns the rules resolve), what the article's mention resolver
(stages/mentions.py) ties a pronoun to, the rules' own source and target, the speaker of the
quote the trigger is in, the government of the event's place (a PROTEST's target only: the
codebook's protests are "directed toward ... government authorities") and "none". Each candidate is
described by named features (dependency path from the trigger, side and distance, clause, entity
type, sector, country, the rules' choice, with the event type) and scored by two conditional
logits, one for the source and one for the target (`python -m dateline.learn.event_actors`,
weights in resources/event_actor_model.json, read with no scikit-learn). The best pair of
distinct candidates is the event's source and target. `Settings(event_actor_model=False)`
keeps the rules' actors.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Optional

from ..learn import linear_score
from ..model import Actor
from ..resources import load_json
from . import events as ev
from . import mentions
from .entities import entity_by_id

MODEL_FILE = "event_actor_model.json"
# ctx.shared key of {id(event): (event, trigger)}: the trigger each built event came from.
_TRIGGERS_KEY = "dateline.event_actors.triggers"
# Dependencies that open another clause: an actor past one is outside the trigger's clause.
_CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"}
_ACTOR_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_MAX_STEPS = 4
# Types whose target, when none is named, may be the government of the event's place: the
# codebook's PROTEST modes are "directed toward members of a distinct 'other' group or government
# authorities". No other type has such an implicit actor, and it is never a source: a place's
# government did not set off a gas explosion in Moscow.
PLACE_GOVERNMENT_TARGET = ("PROTEST",)


@dataclass
class ActorCandidate:
    """One possible source or target of an event: the actor (None: no actor), the word that
    names it in the sentence (None for the rules' actors found elsewhere, the quote's speaker,
    the place's government and "none"), how it was found and its features. `target_only`: the
    place's government, which may be a protest's target but no source."""

    actor: Optional[Actor]
    token: object = None
    # token, resolver, rule_source, rule_target, speaker, place_government, none; place_country
    kinds: set = field(default_factory=set)
    text: str = ""                           # the words that name it (training labels by text overlap)
    features: dict = field(default_factory=dict)

    @property
    def target_only(self) -> bool:
        return self.kinds == {"place_government"}  # found as nothing else (no token names it)


@functools.cache
def load_model(name: str = MODEL_FILE) -> dict:
    return load_json(name)


def remember_trigger(ctx, trig, event) -> None:
    """Note the trigger an event was built from, for choose_actors (called by events.build_event)."""
    ctx.shared.setdefault(_TRIGGERS_KEY, {})[id(event)] = (event, trig)


def trigger_of(ctx, event):
    """Return the trigger the event was built from, or None."""
    found = ctx.shared.get(_TRIGGERS_KEY, {}).get(id(event))
    return found[1] if found is not None and found[0] is event else None


def choose_actors(ctx, event) -> None:
    """Set the event's source and target to the chooser's pick, when the settings ask for the
    chooser (not while the event layer's training collects the rules' choices)."""
    from .event_judge import COLLECT_KEY

    if not ctx.settings.event_actor_model or COLLECT_KEY in ctx.shared:
        return
    trig = trigger_of(ctx, event)
    if trig is None:
        return
    cands = candidates(ctx, trig, event)
    event.source, event.target = pick(load_model(), cands, event.type)


def pick(model: dict, cands: list, etype: str) -> tuple:
    """Return (source, target) actors: the pair of candidates, not the same one unless "none",
    with the highest sum of source and target scores; a target-only candidate is no source."""
    src = [linear_score(model["source"], c.features) for c in cands]
    tgt = [linear_score(model["target"], c.features) for c in cands]
    best, pair = None, (None, None)
    for i, ci in enumerate(cands):
        if ci.target_only:
            continue
        for j, cj in enumerate(cands):
            if i == j and ci.actor is not None:
                continue
            total = src[i] + tgt[j]
            if best is None or total > best:
                best, pair = total, (ci.actor, cj.actor)
    return pair


def top_features(model: dict, role: str, cand: ActorCandidate, n: int = 5) -> list:
    """Return the n features that weigh most in a candidate's score for `role` ("source" or
    "target"), as (name, weight x value), largest first: why the chooser picked it or not."""
    weights = model[role]["weights"]
    parts = [(name, weights.get(name, 0.0) * value) for name, value in cand.features.items()]
    return sorted(parts, key=lambda p: -abs(p[1]))[:n]


def candidates(ctx, trig, event) -> list:
    """Return the event's candidate actors with their features; the last one is "none"."""
    rule_source, rule_target = event.source, event.target
    found: dict = {}
    sent = trig.token.sent
    for tok in sent:
        if tok.i in trig.words or not _may_name_actor(tok):
            continue
        actor = ev.actor_of(ctx, tok, trig)
        if actor is not None:
            _add(found, ev._with_sentence_country(ctx, actor, sent, article=True), tok, "token", trig)
        resolved = _resolved_entity(ctx, tok)
        if resolved is not None:
            _add(found, resolved, tok, "resolver", trig)
    place_government = _place_government(event) if event.type in PLACE_GOVERNMENT_TARGET else None
    for actor, kind in ((rule_source, "rule_source"), (rule_target, "rule_target"),
                        (ev._quote_speaker(ctx, trig.token), "speaker"),
                        (place_government, "place_government")):
        if actor is not None:
            _add(found, actor, None, kind, trig)
    out = list(found.values())
    for cand in out:
        _with_place_country(ctx, cand, event)
    out.append(ActorCandidate(None, kinds={"none"}))
    for cand in out:
        cand.features = features(ctx, trig, event.type, cand)
    return out


def _with_place_country(ctx, cand: ActorCandidate, event) -> None:
    """Give a person or group without a country the country of the event's place ("a woman was
    arrested in Brownsboro", local news with a dateline): coders code domestic actors so. A
    country or organisation name the entities stage could not resolve stays as it is."""
    actor = cand.actor
    place = event.place
    if actor.country or place is None or not place.country or ev._named_place_or_group(ctx, actor):
        return
    cand.actor = Actor(actor.entity, actor.name, place.country, actor.sector)
    cand.kinds.add("place_country")


def _may_name_actor(tok) -> bool:
    return tok.pos_ in ("NOUN", "PROPN", "PRON") or tok.ent_type_ in _ACTOR_ENTITY_TYPES


def _resolved_entity(ctx, tok) -> Optional[Actor]:
    """Return the entity the mention resolver ties a pronoun or relative pronoun to, as an actor."""
    if tok.pos_ != "PRON":
        return None
    entity = mentions.resolve(ctx, tok).entity
    if entity is None:
        return None
    return Actor(entity.id, entity.name, ev._country(ctx, entity), entity.sector)


def _place_government(event) -> Optional[Actor]:
    place = event.place
    return Actor(None, place.name, place.country, "GOV") if place is not None and place.country else None


def _key(actor: Actor) -> tuple:
    return (actor.entity or actor.name.lower(), actor.country, actor.sector)


def _add(found: dict, actor: Actor, tok, kind: str, trig) -> None:
    """Add a candidate, or the kind to the same actor already found (keeping the word nearer the
    trigger in the parse)."""
    key = _key(actor)
    cand = found.get(key)
    if cand is None:
        found[key] = cand = ActorCandidate(actor, tok)
    elif tok is not None and (cand.token is None or _steps(trig.token, tok) < _steps(trig.token, cand.token)):
        cand.token = tok
    cand.kinds.add(kind)
    words = ev._phrase(tok) if tok is not None else ""
    cand.text = " ".join(w for w in (cand.text, words, actor.name) if w)


def features(ctx, trig, etype: str, cand: ActorCandidate) -> dict:
    """Return the named features of one candidate actor of an event of type `etype`."""
    if cand.actor is None:
        return {"none": 1.0, f"none|{etype}": 1.0}
    actor, tok = cand.actor, cand.token
    f = {f"kind={k}": 1.0 for k in cand.kinds}
    f.update({f"kind={k}|{etype}": 1.0 for k in cand.kinds if k != "token"})
    f["has_country"] = 1.0 if actor.country else 0.0
    f[f"sector={actor.sector or 'none'}"] = 1.0
    entity = entity_by_id(ctx, actor.entity) if actor.entity else None
    f[f"entity={entity.type if entity is not None else 'none'}"] = 1.0
    if tok is None:
        f["no_word"] = 1.0
        return f
    path, up, clauses = dependency_path(trig.token, tok)
    f[f"path={path}"] = 1.0
    f[f"up={min(up, 3)}"] = 1.0
    f[f"dep={tok.dep_}"] = 1.0  # the word's own relation, however far: a subject, an object...
    if up + path.count(">") <= 2:
        f[f"path={path}|{etype}"] = 1.0
    f["in_clause"] = 1.0 if clauses == 0 else 0.0
    f["clauses"] = min(clauses, 3) / 3
    f["side=left" if tok.i < trig.token.i else "side=right"] = 1.0
    distance = abs(tok.i - trig.token.i)
    f["distance"] = min(distance, 20) / 20
    f[f"distance<={_bucket(distance)}"] = 1.0
    if tok.pos_ == "PRON":
        f["pronoun"] = 1.0
    if any(q.start <= tok.idx < q.end for q in ctx.record.quotes):
        f["in_quote"] = 1.0
    return f


def _bucket(distance: int) -> int:
    return next(b for b in (2, 5, 10, 1000) if distance <= b)


def dependency_path(start, end) -> tuple:
    """Return (path, steps up, clause boundaries crossed) from the trigger to a word: "nsubj",
    "pobj:on", "^xcomp>nsubj" (up from the trigger through xcomp, then down to a subject); "far"
    past four steps. A preposition and its object are one step named by the preposition."""
    ups = [start] + list(start.ancestors)
    at = {t.i: n for n, t in enumerate(ups)}
    down, tok = [], end
    while tok.i not in at:
        down.append(tok)
        tok = tok.head
    n_up = at[tok.i]
    up_labels = [u.dep_ for u in ups[:n_up]]
    down_labels = []
    for t in reversed(down):
        if t.dep_ == "pobj" and down_labels and down_labels[-1].startswith(("prep", "agent")):
            down_labels[-1] = f"pobj:{t.head.lower_}"
        else:
            down_labels.append(f"prep:{t.lower_}" if t.dep_ == "prep" else t.dep_)
    clauses = sum(d in _CLAUSAL for d in up_labels) + sum(t.dep_ in _CLAUSAL for t in down)
    if len(up_labels) + len(down_labels) > _MAX_STEPS:
        return "far", n_up, clauses
    path = "".join(f"^{d}" for d in up_labels) + ">".join([""] + down_labels if up_labels else down_labels)
    return path or "self", n_up, clauses


def _steps(start, end) -> int:
    ups = [start] + list(start.ancestors)
    at = {t.i: n for n, t in enumerate(ups)}
    n, tok = 0, end
    while tok.i not in at:
        n, tok = n + 1, tok.head
    return n + at[tok.i]
