"""Events: PLOVER events (who did what to whom) with actors, mode, context,
negation, date and place.

A trigger is a verb or noun of resources/event_lexicon.tsv (with the learned layer
on, also of resources/event_derived.tsv, and a verb event_proposer.py gives a type). Its actors come from
the dependency parse (subject, object, passive agent, "talks between X and Y",
the speaker of a quote); whether it happened comes from negation, modal,
conditional and future cues (resources/event_cues.tsv) on its clause and the
clauses above it. Candidates that did not happen are kept with `negated: true`;
candidates whose arguments are sport, business or figure of speech
(resources/event_domains.tsv), or that have no political actor, are dropped.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ..model import Actor, Event, EventPlace, Span
from ..nlp import token_indices, tokens_within
from ..resources import load_table, load_word_list
from .dates import date_for_span, publication_day
from . import mentions
from .entities import entity_at, entity_by_id
from .places import event_place

# Deps through which a trigger's clause hangs from the clause that frames it.
_UP = {"xcomp", "ccomp", "conj", "dobj", "nsubj", "nsubjpass", "pobj", "prep", "acl", "attr", "oprd", "pcomp"}
# What a future or promised act of one type is in PLOVER: AGREE for cooperation, THREATEN for
# conflict. A promised retreat or concession is AGREE as the PLOVER gold codes it ("said they will
# release the prime minister", "is willing to withdraw its troops"; CAMEO's intent to yield),
# where the codebook's text says CONCEDE.
_FUTURE_TYPE = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
                "AGREE": "AGREE", "RETREAT": "AGREE", "CONCEDE": "AGREE", "ASSAULT": "THREATEN",
                "COERCE": "THREATEN", "SANCTION": "THREATEN", "MOBILIZE": "THREATEN", "PROTEST": "THREATEN",
                "THREATEN": "THREATEN"}
# REQUEST/REJECT modes from the act asked for or refused (codebook table of REQUEST modes).
_ASKED_MODE = {"CONSULT": "meet", "AGREE": "meet", "RETREAT": "yield", "CONCEDE": "yield",
               "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist"}
_TARGET_PREPS = ("with", "against", "on", "upon", "to", "toward", "towards", "at", "into", "from", "for")
_SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE", "ASSAULT"}
_COOPERATIVE = {"CONSULT", "COOPERATE", "AID", "SUPPORT"}
_COUNTRY_TYPES = ("GPE", "NORP", "LOC")
_ARMED_SECTORS = {"MIL", "COP", "REB", "GOV", "IGO", "SPY"}
# Verbal types (codebook quad categories): a quote can make them, so its speaker is their source;
# a reported material act ("forces retook the village, Thai sources said") is not the reporter's.
_VERBAL = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
# Types whose target is the one asked or told to act: "demanded that X ...".
_CLAUSE_TARGET = {"REQUEST", "THREATEN", "ACCUSE"}
_GRIEVANCE_PREPS = ("over", "about", "against", "of")
# Dependents that never hold a target: the subject, a reporting speaker, time and manner.
_NOT_TARGET = {"nsubj", "nsubjpass", "csubj", "npadvmod", "advmod", "aux", "auxpass", "neg", "punct",
               "mark", "det", "cc", "appos", "relcl", "parataxis"}


@dataclass
class Trigger:
    token: object          # the head token of the trigger (spaCy Token)
    type: str
    mode: Optional[str]
    words: tuple           # token indices of the whole trigger phrase
    derived: bool = False  # a word of derived_lexicon() ("condemnation"): for the learned layer only


def run(ctx) -> list:
    """Return the article's events, negated and hypothetical ones flagged `negated` (dropped
    unless settings.events_keep_negated). With the learned layer on (settings.event_model), the
    rules propose candidates and event_judge decides; otherwise the rules decide."""
    from . import event_actors, event_judge, event_proposer

    judge = event_judge.model_for(ctx)
    collect = ctx.shared.get(event_judge.COLLECT_KEY)
    events = []
    for sent in ctx.body_sents():
        triggers = find_triggers(sent)
        if judge is None and collect is None:
            found = _rule_events(ctx, [t for t in triggers if not t.derived])
        else:
            proposed = event_proposer.proposals(event_proposer.load_proposer(), sent, collect is not None)
            found = event_judge.decide(ctx, sent, candidates(ctx, triggers, sent, proposed), judge, collect)
        for event in reported_events(found):
            event_actors.choose_actors(ctx, event)  # the learned chooser's source and target
            lend_article_country(ctx, event, sent)
            merge(event, events, publication_day(ctx))  # as undated events take it
    if not ctx.settings.events_keep_negated:
        events = [e for e in events if not e.negated]
    return events


def _rule_events(ctx, triggers: list) -> list:
    """Return [(event, in background)] the rules keep among a sentence's triggers."""
    found = []
    for trig in triggers:
        if governing_trigger(trig, triggers) is not None:
            continue  # "agreed to meet": the outer act is the event
        event = build_event(ctx, trig, triggers)
        if event is not None:
            found.append((event, in_background(trig.token)))
    return found


@dataclass
class Candidate:
    """One event the rules propose: the trigger, the event built from it, the rules' objections
    (why the rules alone would drop it) and whether the trigger is framed by another."""

    trigger: Trigger
    event: Event
    objections: list
    governed: bool
    background: bool
    reading: int   # 0: the reading the rules take; 1, 2...: the head word's other lexicon types; PROPOSED
    proposer: Optional[float] = None  # the type proposer's probability of this type for this word


PROPOSED = 4  # `reading` of a type the proposer gives a verb beyond its lexicon readings


def candidates(ctx, triggers: list, sent=None, proposed: Optional[dict] = None) -> list:
    """Return every event the sentence's triggers may make: each lexicon reading of each trigger
    and each type the type proposer gives a verb ({token index: {type: probability}},
    event_proposer.proposals), framed ones and those the rules would drop included (the learned
    layer decides)."""
    proposed = proposed or {}
    hand = [t for t in triggers if not t.derived]  # the rules' own candidates stay as the rules alone make them
    out, read = [], {}
    for trig in triggers:
        frame = triggers if trig.derived else hand
        governed = governing_trigger(trig, frame) is not None
        for n, reading in enumerate(readings(trig)):
            read.setdefault(trig.token.i, set()).add(reading.type)
            p = proposed.get(trig.token.i, {}).get(reading.type)
            out += _candidate(ctx, reading, frame, governed, n, p)
    for i, types in proposed.items():
        tok = sent.doc[i]
        for etype, p in types.items():
            if etype not in read.get(i, ()):
                trig = Trigger(tok, etype, None, (i,))
                out += _candidate(ctx, trig, triggers, governing_trigger(trig, triggers) is not None, PROPOSED, p)
    return out


def _candidate(ctx, trig: Trigger, triggers: list, governed: bool, reading: int, p: Optional[float]) -> list:
    """Return [the candidate of one reading], or [] when the rules cannot build it at all."""
    objections = []
    event = build_event(ctx, trig, triggers, objections)
    if event is None:
        return []
    return [Candidate(trig, event, objections, governed, in_background(trig.token), reading, p)]


def readings(trig: Trigger) -> list:
    """Return the trigger and its other lexicon readings of the same head word ("strike":
    ASSAULT or PROTEST), one Trigger per type."""
    out, seen = [trig], {trig.type}
    pos = "VERB" if trig.token.pos_ == "VERB" else "NOUN"
    table = derived_lexicon() if trig.derived else lexicon()
    for rest, etype, mode in table.get((pos, trig.token.lemma_.lower()), ()):
        if etype in seen:
            continue
        words = _match_rest(trig.token, rest, pos)
        if words is not None:
            seen.add(etype)
            out.append(Trigger(trig.token, etype, mode, (trig.token.i, *words), trig.derived))
    return out


def reported_events(found: list) -> list:
    """Return the sentence's events without its background ones when it reports an act of its
    own: "Serbia lifted a curfew in Montenegro, where 28 people were killed in riots" is a
    concession, the killings are the setting (coders code one event per report). A background
    event of the reported act's own type stays ("a hunger strike to protest X" names the target)."""
    main = {e.type for e, background in found if not background and not e.negated}
    kept = [e for e, background in found if not (main and background) or e.type in main]
    if any(e.type == "ASSAULT" and not e.negated for e in kept):  # codebook: MOBILIZE within an ASSAULT
        kept = [e for e in kept if e.type != "MOBILIZE"]
    return kept


def in_background(tok) -> bool:
    """True for a trigger inside a relative or adverbial clause, or after a preposition of time
    or cause ("during a summit", "after the riots", "over Israeli raids")."""
    for _ in range(8):
        if tok.head.i == tok.i:
            return False
        if tok.dep_ == "relcl" and _attributed_to(tok.head):
            return False  # "according to the minister, who met her counterpart": the source's own act is the news
        if tok.dep_ in ("relcl", "advcl", "acl"):
            return True
        prep = tok.head.head if tok.head.lower_ == "of" else tok.head  # "because of", "ahead of"
        if tok.dep_ == "pobj" and "background" in (cue(tok.head.lower_), cue(prep.lower_)):
            return True
        tok = tok.head
    return False


def _attributed_to(tok) -> bool:
    """True for the source a sentence is attributed to: the object of "according to" or the
    subject of a speech verb."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
        return True
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in load_word_list("event_speech_verbs")


# -- lexicon --------------------------------------------------------------------


@functools.cache
def lexicon(name: str = "event_lexicon.tsv") -> dict:
    """Return {(pos, head lemma): [(other words, type, mode), ...]}, longest phrase first."""
    table: dict = {}
    for row in load_table(name):
        phrase, pos, etype = row[0], row[1], row[2]
        mode = row[3] if len(row) > 3 and row[3] else None
        words = phrase.split()
        head, rest = (words[0], words[1:]) if pos == "VERB" else (words[-1], words[:-1])
        table.setdefault((pos, head), []).append((tuple(rest), etype, mode))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


DERIVED_FILE = "event_derived.tsv"


def derived_lexicon() -> dict:
    """Return the derivational relatives of the lexicon's one-word triggers, in lexicon()'s shape
    (scripts/event_derived.py: "condemn" -> "condemnation", "arrest" VERB -> NOUN). They are
    candidates for the learned layer; the rules alone keep to the hand-written lexicon."""
    return lexicon(DERIVED_FILE)


@functools.cache
def _words(name: str) -> dict:
    return {row[0]: row[1] for row in load_table(name)}


def domain(tok) -> Optional[str]:
    """Return the domain of a word in resources/event_domains.tsv (sports, business, figurative,
    hazard), or None."""
    return _words("event_domains.tsv").get(tok.lemma_.lower())


def cue(lemma: str) -> Optional[str]:
    """Return the kind of a negation/modality cue word (negation, modal, plan, ...), else None."""
    return _words("event_cues.tsv").get(lemma.lower())


# -- triggers -------------------------------------------------------------------


def find_triggers(sent) -> list:
    """Return the event triggers of a sentence (verbs and eventive nouns of the lexicon; then
    the derived lexicon's words, flagged `derived`)."""
    found = []
    for tok in tokens_within(sent, _trigger_word_indices(sent.doc)):
        pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
        if pos is None:
            continue
        trig = _lexicon_trigger(tok, pos, lexicon())
        if trig is None and _demands_of_other(tok):
            trig = Trigger(tok, "REQUEST", None, (tok.i,))
        elif trig is None and _stops_cooperation(tok):
            trig = Trigger(tok, "SANCTION", "withdraw", (tok.i,))
        if trig is None and tok.dep_ != "prep":  # "according to", "following": a verb form as a preposition
            trig = _lexicon_trigger(tok, pos, derived_lexicon(), True)
        if trig is not None:
            found.append(trig)
    return found


def _lexicon_trigger(tok, pos: str, table: dict, derived: bool = False) -> Optional[Trigger]:
    """Return the trigger of the table's first entry for the token's lemma whose words match."""
    for rest, etype, mode in table.get((pos, tok.lemma_.lower()), ()):
        words = _match_rest(tok, rest, pos)
        if words is not None:
            return Trigger(tok, etype, mode, (tok.i, *words), derived)
    return None


def _trigger_word_indices(doc) -> list:
    """Return the indices, in order, of the Doc's tokens whose lemma may make a trigger (a head
    word of the lexicon, a speech verb of a demand, a verb that stops cooperation), once per Doc
    from its LEMMA array: the other tokens need no closer look."""
    key = "dateline.events.trigger_words"
    if key not in doc.user_data:
        doc.user_data[key] = token_indices(doc, ("LEMMA",), _may_trigger)
    return doc.user_data[key]


def _may_trigger(lemma: str) -> bool:
    return lemma.lower() in _trigger_lemmas()


@functools.cache
def _trigger_lemmas() -> frozenset:
    """Return the lower-case lemmas find_triggers may act on."""
    stops = {word for word, kind in _words("event_cues.tsv").items() if kind == "stop"}
    heads = {head for _, head in lexicon()} | {head for _, head in derived_lexicon()}
    return frozenset(heads) | load_word_list("event_speech_verbs") | stops


def _stops_cooperation(tok) -> bool:
    """True for a verb that ends a cooperative act ("ended mediation efforts", "abandoned the
    talks"): withdrawing from cooperation is SANCTION in the codebook."""
    if tok.pos_ != "VERB" or cue(tok.lemma_) != "stop":
        return False
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        nouns = [obj, *(c for c in obj.children if c.dep_ == "compound" and cue(obj.lemma_) == "effort")]
        if any(etype in _COOPERATIVE for n in nouns for _, etype, _ in lexicon().get(("NOUN", n.lemma_.lower()), ())):
            return True
    return False


def _demands_of_other(tok) -> bool:
    """True for a statement that another party must act ("Russia said Sudan must return the
    helicopter"): a demand in the codebook's sense, whatever the reporting verb."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in load_word_list("event_speech_verbs"):
        return False
    speaker = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if speaker is None or not _actor_like(speaker):
        return False
    for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.lemma_ not in ("be", "have")):
        must = any(c.dep_ == "aux" and c.lower_ == "must" for c in clause.children)
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if must and subj is not None and subj.pos_ != "PRON" and _actor_like(subj):
            return True
    return False


def _actor_like(tok) -> bool:
    """True for a token that can name a political actor: a name, a nationality or a group noun."""
    words = [tok, *(c for c in tok.children if c.dep_ in ("compound", "amod", "poss"))]
    return any(w.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") or
               _words("event_actors.tsv").get(w.lemma_.lower()) for w in words)


def _match_rest(tok, rest: tuple, pos: str) -> Optional[tuple]:
    """Return indices of the phrase's other words among tok's dependents, or None when missing."""
    if not rest:
        return ()
    pool = list(tok.children)
    if pos == "VERB":  # "hand over medicine": the object may hang from the particle's verb
        pool += [g for c in tok.children if c.dep_ in ("prt", "prep") for g in c.children]
        pool += [_of_object(c) for c in tok.children if c.dep_ == "dobj" and _of_object(c) is not None]  # "700 kg of medicine"
    found = []
    for word in rest:
        hit = next((c for c in pool if word in (c.lower_, c.lemma_.lower())), None)
        if hit is None:
            return None
        found.append(hit.i)
    return tuple(found)


def governing_trigger(trig: Trigger, triggers: list) -> Optional[Trigger]:
    """Return the trigger whose clause frames this one ("refused to meet" frames "meet"), else None."""
    by_index = {t.token.i: t for t in triggers}
    tok = trig.token
    for _ in range(4):
        if tok.dep_ == "compound" and cue(tok.head.lemma_) == "effort":
            tok = tok.head  # "halted mediation efforts": the effort noun stands for the act
        if tok.dep_ not in _UP or tok.dep_ == "conj" or tok.head.i == tok.i:
            return None
        tok = tok.head
        outer = by_index.get(tok.i)
        if outer is not None and outer is not trig:
            return outer
        if tok.pos_ == "VERB" and tok.dep_ not in ("xcomp", "ccomp", "prep", "pcomp"):
            return None
    return None


def inner_trigger(trig: Trigger, triggers: list) -> Optional[Trigger]:
    """Return a trigger framed by this one (the act agreed to, asked for, refused), else None."""
    return next((t for t in triggers if t is not trig and governing_trigger(t, triggers) is trig), None)


# -- the event ------------------------------------------------------------------


def build_event(ctx, trig: Trigger, triggers: list, objections: Optional[list] = None) -> Optional[Event]:
    """Return the event of one trigger, or None when it is not a political event. Given a list
    `objections`, a candidate the rules would drop is built all the same and the reasons appended."""
    def objects(reason: str) -> bool:  # True: the rules drop the candidate here
        if objections is None:
            return True
        objections.append(reason)
        return False

    if in_other_domain(trig) and objects("other_domain"):
        return None
    if _act_as_agent(trig) and objects("act_as_agent"):
        return None
    if natural_cause(trig) and objects("natural_cause"):
        return None  # "a quake killed 40 people": harm a hazard or an accident does is no political act
    if trig.type == "MOBILIZE" and for_relief(trig.token):
        trig = Trigger(trig.token, "AID", None, trig.words)  # codebook: forces mobilized for disaster relief are AID
    source, target = find_actors(ctx, trig)
    if not _political(source) and not _political(target) and objects("no_political_actor"):
        return None
    if source is None and _named_subject(trig.token) and objects("named_subject"):
        return None  # "the band cancelled its visit to Japan": a subject that is no political actor
    if trig.type == "MOBILIZE" and (not _armed(source) or _unarmed_object(trig.token)):
        return None  # codebook: only armed forces, police or governments mobilize, and only armed units (a definition: no learned layer overrides it)
    if _police_capture(trig, source):
        trig = Trigger(trig.token, "COERCE", "arrest", trig.words)  # police capture is an arrest (codebook)
    source, target = (_with_sentence_country(ctx, a, trig.token.sent) for a in (source, target))
    inner = inner_trigger(trig, triggers)
    etype, mode = trig.type, trig.mode
    status = happening(trig)
    context = []
    if inner is not None:
        etype, mode = _with_inner(trig, inner, etype, mode)
    negated = status in ("negation", "hypothetical")
    if status == "refusal":
        etype, negated = _refusal_type(etype)
        context.append("negation" if negated else "future")
    elif etype == "ASSAULT" and not negated and _readying(trig.token):
        etype, mode, negated = "MOBILIZE", None, False  # "prepared to resume shelling": posturing
    elif status in ("future", "promise"):
        etype, negated = _future_type(etype, status)
        context.append("future")
    elif status is not None:
        context.append(status)
    if etype in ("CONSULT", "AGREE") and target is None and source is not None:
        target = _partner(ctx, trig, source)
    when_where = dict(_when_where_of(ctx, trig))
    if source is not None and source.sector == UNNAMED_ATTACKER and not source.country:
        source = _attack_actor_at(source, when_where["place"])
    if etype == "PROTEST" and target is None and when_where["place"] is not None:
        target = _government_of(when_where["place"])  # codebook: protests address the authorities
    sent = trig.token.sent
    context += [c for c in sentence_contexts(sent) if c not in context]
    event = Event(type=etype, mode=mode, context=context, source=source, target=target,
                  evidence=Span(sent.start_char, sent.end_char), negated=negated,
                  confidence=_confidence(trig, source, target, status), **when_where)
    from .event_actors import remember_trigger
    remember_trigger(ctx, trig, event)  # the actor chooser reads the trigger of a kept event
    return event


def _unarmed_object(tok) -> bool:
    """True when what is mobilized is a civilian group ("mobilized pressure groups"): no
    military move (codebook: mobilizing supporters is PROTEST or politics)."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    sector = _words("event_actors.tsv").get(obj.lemma_.lower()) if obj is not None else None
    return sector is not None and sector not in _ARMED_SECTORS


def _act_as_agent(trig: Trigger) -> bool:
    """True for a cooperative or verbal act whose subject is itself an act ("a ceasefire would
    allow aid in"): no actor does it. A violent act may be its subject ("a bombing killed ...")."""
    tok = trig.token
    return tok.pos_ == "VERB" and trig.type not in ("ASSAULT", "COERCE") and any(
        c.dep_ == "nsubj" and _is_trigger_noun(c) for c in tok.children)


def _police_capture(trig: Trigger, source: Optional[Actor]) -> bool:
    """True for a capture or abduction by police: an arrest, COERCE (codebook), not ASSAULT."""
    return (source is not None and source.sector == "COP" and trig.type == "ASSAULT"
            and (trig.mode == "abduct" or trig.token.lemma_.lower() == "capture"))


def _named_subject(tok) -> bool:
    """True when the trigger verb has a subject of its own that is not a pronoun."""
    return tok.pos_ == "VERB" and any(c.dep_ == "nsubj" and c.pos_ != "PRON" and not _is_trigger_noun(c)
                                      and not attack_agent(c)
                                      for c in tok.children)  # "a bombing killed ...", "a car bomb killed ..." name an act


def _armed(actor: Optional[Actor]) -> bool:
    return actor is not None and (actor.sector in _ARMED_SECTORS or (actor.country is not None and actor.sector is None
                                                                        and actor.name == actor.country))


def _with_inner(trig: Trigger, inner: Trigger, etype: str, mode: Optional[str]) -> tuple:
    """Return (type, mode) of an act framed around another ("vowed to retaliate", "asked for talks")."""
    if trig.token.lemma_.lower() in ("vow", "pledge", "promise", "offer") and inner.type in _FUTURE_TYPE:
        return _FUTURE_TYPE[inner.type], inner.mode
    if trig.token.lemma_.lower() == "order" and inner.type == "SANCTION" and _object_of(trig.token) is not None:
        return "COERCE", "restrict"  # "ordered the newspaper to suspend publication"
    if etype in ("REQUEST", "REJECT"):
        return etype, mode or _ASKED_MODE.get(inner.type)
    if etype == "THREATEN":
        return etype, mode or inner.mode
    return etype, mode


def _readying(tok) -> bool:
    """True when armed forces are readied for the act ("prepared to attack"), a MOBILIZE in the codebook."""
    head = tok.head
    while tok.dep_ in ("xcomp", "conj") and head.i != tok.i:
        if head.lemma_.lower() in ("prepare", "ready", "poise", "gear"):
            return not any(c.dep_ in ("aux", "neg") and cue(c.lower_) in ("negation", "modal") for c in head.children)
        tok, head = head, head.head
    return False


def _future_type(etype: str, status: str) -> tuple:
    """Return (type, negated) of an act announced for the future (codebook: promises are AGREE...)."""
    future = _FUTURE_TYPE.get(etype)
    if future is None:
        return etype, True
    if future == "THREATEN" and status != "promise":
        return etype, True  # a forecast of violence is not a threat made by the actor
    return future, False


def _government_of(place: EventPlace) -> Optional[Actor]:
    return Actor(None, place.name, place.country, "GOV") if place.country else None


def _refusal_type(etype: str) -> tuple:
    """Return (type, negated) of "will not <act>": refusing cooperation is REJECT, the rest is negated."""
    if _FUTURE_TYPE.get(etype) in ("AGREE", "CONCEDE"):
        return "REJECT", False
    return etype, True


def _confidence(trig: Trigger, source, target, status) -> float:
    score = 0.4 + (0.3 if source else 0) + (0.15 if target else 0)
    score += 0.1 if trig.token.pos_ == "VERB" else 0
    return round(min(score, 0.95) if status is None else score * 0.6, 2)


def merge(event: Event, events: list, published: Optional[str] = None) -> None:
    """Add the event to the article's events, or, when the article already has it (same type,
    actors and negation, and the same date or one of the two only the publication date: the same
    happening told again in the lead, the body or a caption), add its evidence to that event's
    mentions (the best span, by confidence, becomes `evidence`)."""
    key = _key(event)
    same = next((e for e in events if _key(e) == key and (e.date == event.date or published in (e.date, event.date))),
                None)
    if same is None:
        event.mentions = [event.evidence]
        events.append(event)
        return
    if all(m.start != event.evidence.start for m in same.mentions):
        same.mentions.append(event.evidence)
    if same.date == published and event.date != published:
        same.date, same.date_precision = event.date, event.date_precision  # the told date beats the fallback
    if event.confidence > same.confidence:
        same.evidence, same.confidence = event.evidence, event.confidence


def _key(event: Event) -> tuple:
    return (event.type, event.negated, _who(event.source), _who(event.target))


def _who(actor: Optional[Actor]):
    return None if actor is None else actor.entity or actor.name


# -- did it happen? ---------------------------------------------------------------


def happening(trig: Trigger) -> Optional[str]:
    """Return None for an act reported as done, else negation, hypothetical, future or promise."""
    tok = trig.token
    status = _own_cues(tok)
    if any(_own_cues(tok.doc[i]) == "negation" for i in trig.words[1:]):
        status = "negation"  # "reached no agreement"
    reported = False
    for _ in range(5):
        if status in ("negation", "hypothetical", "refusal"):
            return status
        if tok.dep_ not in _UP or tok.head.i == tok.i or tok.dep_ == "relcl":
            break
        conj, subject = tok.dep_ == "conj", tok.dep_ in ("nsubj", "nsubjpass")
        tok = tok.head
        if subject and _own_cues(tok) in ("modal-would", "hypothetical"):
            return "hypothetical"  # "an attack on NATO would trigger a response": the act is supposed
        frame = _frame_cue(tok, reported)
        reported = reported or tok.lemma_.lower() in load_word_list("event_speech_verbs")
        if conj and status is None:
            status = _own_cues(tok, inherited=True)
        elif frame is not None and status in (None, "future", "promise"):
            status = frame if frame != "future" or status is None else status
    if status == "modal-would":
        status = "future" if reported else "hypothetical"
    if status == "future" and reported and _actor_speaks(trig.token):
        return "promise"
    return status


def _actor_speaks(tok) -> bool:
    """True when the act's subject is the reporting speaker ("X said it would ...")."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is None or subj.pos_ == "PRON"


def _own_cues(tok, inherited: bool = False) -> Optional[str]:
    """Return the status set by the words attached to one clause head."""
    status = None
    kids = list(tok.children)
    if _refuses(kids):
        return "refusal"
    for child in kids:
        kind = cue(child.lemma_) or cue(child.lower_)
        if child.dep_ == "neg" or (kind == "negation" and child.dep_ in ("det", "advmod", "preconj")):
            return "negation"
        if child.dep_ in _NO_ONE_DEPS and _no_one(child):
            return "negation"  # "No residents were injured", "none of them was hurt"
        if child.dep_ in ("aux", "auxpass") and kind == "modal":
            status = "modal-would" if child.lower_ in ("would", "'d") else "hypothetical"
        elif child.dep_ == "aux" and kind == "future" and status is None:
            status = "future"
        elif child.dep_ == "mark" and kind == "condition" and not inherited:
            status = "hypothetical"
    if status is None and _going_to(tok):
        status = "future"
    return status


_NO_ONE_DEPS = ("nsubj", "nsubjpass", "dobj")
_NOBODY = ("none", "nobody", "nothing", "noone")


def _no_one(arg) -> bool:
    """True for an argument that names no one: "no residents", "no one", "none (of them)",
    "nobody": the act it takes part in did not happen to anyone."""
    return arg.lower_ in _NOBODY or any(
        c.dep_ == "det" and cue(c.lower_) == "negation" for c in arg.children)


def _yet_to(tok) -> bool:
    """True for "have yet to" / "is yet to" (an act that has not happened)."""
    return tok.lemma_ in ("have", "be") and any(c.lower_ == "yet" for c in tok.children)


def _refuses(children: list) -> bool:
    """True for a declared refusal: "will not accept", "would not meet"."""
    neg = any(c.dep_ == "neg" for c in children)
    return neg and any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall") for c in children)


def _going_to(tok) -> bool:
    """True for "is going to <act>" and "are to <act>" (a scheduled act)."""
    head = tok.head
    if tok.dep_ != "xcomp":
        return False
    if head.lemma_ == "be" and not any(c.lower_ == "yet" for c in head.children):
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return head.lemma_ == "go" and head.tag_ == "VBG"


def _frame_cue(tok, reported: bool) -> Optional[str]:
    """Return the status a framing clause gives the act below it ("denied attacking", "plans to visit")."""
    own = _own_cues(tok)
    if own == "negation" or _yet_to(tok):
        return "negation"
    kind = cue(tok.lemma_)
    if kind == "deny":
        return "negation"
    if kind == "opinion" or own == "hypothetical":
        return "hypothetical"
    if kind == "plan":
        return "future"
    if kind == "commit" or (tok.lemma_.lower() in ("announce", "declare") and own is None):
        return "promise"
    if tok.lemma_.lower() in load_word_list("event_speech_verbs") and reported is False:
        return None
    return own if own in ("future",) else None


# -- domain filter ---------------------------------------------------------------


def in_other_domain(trig: Trigger) -> bool:
    """True when the trigger's arguments are sport, business or figurative ("attacked the goal")."""
    domains = _words("event_domains.tsv")
    for tok in _argument_heads(trig.token):
        if domains.get(tok.lemma_.lower()) in ("sports", "business"):
            return True
        if domains.get(tok.lemma_.lower()) == "figurative" and trig.type in ("ASSAULT", "COERCE", "MOBILIZE"):
            return True
    sent_hits = [t for t in trig.token.sent if domains.get(t.lemma_.lower()) == "sports" and t.pos_ == "NOUN"]
    return len(sent_hits) >= 2


def _argument_heads(tok) -> list:
    """Return the heads of the trigger's subject, objects and their modifiers."""
    heads = []
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "poss", "compound", "amod"):
            heads.append(child)
        elif child.dep_ in ("prep", "agent"):
            heads += [g for g in child.children if g.dep_ == "pobj"]
    return heads + [g for h in list(heads) for g in h.children if g.dep_ in ("compound", "poss")]


# -- natural hazards and accidents (issue 22) ----------------------------------------

# Types whose harm a hazard told as its setting may do ("were killed in a landslide").
HARM_TYPES = ("ASSAULT", "COERCE")
# Conjunctions of a clause that tells what caused the harm ("killed when a tornado tore through").
_CAUSE_MARKS = ("when", "as", "after")
# Entity types of a name that is spelt like a hazard (a person Gale, the town of Hurricane).
_NAMED_NOT_HAZARD = ("PERSON", "ORG", "GPE", "FAC", "NORP")
# Prepositions that tell a harm's cause or circumstance when no one is named as its agent
# ("were killed in a landslide", "were injured after landslides", "died during the storm").
_CAUSE_PREPS = ("in", "by", "from", "after", "during")


def natural_cause(trig: Trigger) -> bool:
    """True when the trigger's act is done by a natural hazard or an accident, not by anyone:
    its agent is one ("a quake killed 40", "killed by floods", "struck Turkey, killing 40"), or,
    with no agent, harm is told as caused by one ("were killed in a landslide", "were killed when
    a tornado tore through the town", "killed after crashing his car"). A hazard does no political act (codebook: events are
    acts of actors); real violence in a disaster's setting keeps its agent ("troops fired on
    protesters after the earthquake")."""
    tok = trig.token
    agent = _agent(tok)
    if agent is not None:  # "a quake killed", "a train collided with a bus, killing 36"
        return is_hazard(agent) or (agent.dep_ == "nsubj" and (
            (_accident_verb(agent.head) and _no_person(agent)) or blast_cause(agent.head) == "accident"))
    if trig.type not in HARM_TYPES:
        return False
    return _hazard_clause(tok) or any(is_hazard(obj) for obj in _cause_objects(tok))


def is_hazard(tok) -> bool:
    """True for a word that names a natural hazard or an accident (`hazard` in
    resources/event_domains.tsv), or a named one ("Hurricane Ida", "Typhoon Haiyan")."""
    if domain(tok) == "hazard" and tok.dep_ != "compound" and tok.ent_type_ not in _NAMED_NOT_HAZARD:
        return True  # "flood victims" are people, "landslide victory" a vote, "Courtney Gale" a person
    if tok.pos_ == "NOUN" and tok.dep_ != "compound" and blast_cause(tok) == "accident":
        return True  # "a gas explosion", "a blast at a fireworks factory"
    return tok.pos_ == "PROPN" and any(c.dep_ == "compound" and domain(c) == "hazard" for c in tok.children)


def sentence_hazard(sent) -> bool:
    """True when the sentence names a natural hazard or an accident."""
    return any(is_hazard(t) for t in sent if t.pos_ in ("NOUN", "PROPN"))


def for_relief(tok) -> bool:
    """True for a deployment told as for relief or after a hazard ("sent troops to help with
    relief efforts after the cyclone"): the codebook codes forces mobilized for disaster relief AID."""
    return any(t.i != tok.i and (is_hazard(t) or any(etype == "AID" for _, etype, _ in
                                                   lexicon().get(("NOUN", t.lemma_.lower()), ())))
               for t in tok.subtree)


def _agent(tok):
    """Return the token that does the trigger's act: subject or "by" agent of a verb (or of the
    clause it hangs on: "killing" in "struck Turkey, killing 40"), possessor or "by X" of a noun."""
    if tok.pos_ != "VERB":
        return _noun_args(tok)[0]
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return _verb_args(tok)[0]  # "dozens were injured": a passive names its agent with "by" or not at all
    return _verb_args(tok)[0] or _inherited_subject(tok)


def _hazard_clause(tok) -> bool:
    """True when a "when/as/after" clause of the trigger tells a hazard or an accident: its
    subject is one ("when a tornado tore through"), or its verb is one and its subject no person
    ("after a train derailed"; "when protesters flooded the square" has people)."""
    for clause in (c for c in tok.children if c.dep_ == "advcl"):
        if not any(m.dep_ in ("mark", "advmod") and m.lower_ in _CAUSE_MARKS for m in clause.children):
            continue
        subjects = [s for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")]
        if any(is_hazard(s) for s in subjects):
            return True
        if _accident_verb(clause) and all(_no_person(s) for s in subjects):
            return True
        if blast_cause(clause) == "accident":  # "when a gas cylinder exploded"
            return True
    return False


def _accident_verb(tok) -> bool:
    """True for a verb of `hazard` in event_domains.tsv ("crashed", "derailed", "flooded")."""
    return tok.pos_ == "VERB" and domain(tok) == "hazard"


def _no_person(tok) -> bool:
    """True for a subject that is no person or group of people: a thing, or a vehicle ("their
    helicopter crashed"; "protesters flooded the square" have people)."""
    return tok.lemma_.lower() in load_word_list("vehicle_nouns") or not (tok.pos_ == "PRON" or _actor_like(tok))


def _cause_objects(tok) -> list:
    """Return the objects of the trigger's "in/by/from/after/during" phrases ("killed in a
    landslide", "killed after crashing his car")."""
    return [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in _CAUSE_PREPS
            for g in c.children if g.dep_ in ("pobj", "pcomp")]


# -- explosions (issue 22, fifteenth session) ---------------------------------------
# An explosion or a fire (word list `blast_words`) is neither violence nor a hazard by itself:
# what it was of decides. Of an explosive weapon (`explosive_weapons`: "a bomb explosion", "the
# blast of a car bomb", "a suicide blast") it is an attack (codebook: ASSAULT, modes explosives
# and suicide-attack); of an accidental cause (`accidental_causes`: "a gas explosion", "a blast at
# a fireworks factory", "a boiler exploded") it is an accident, a hazard. A bare "blast" stays
# undecided for the rules and the learned layer.

# Sector of an attack's unnamed perpetrators (codebook sector table: "UAF: unidentified armed
# forces ('unknown gunmen')").
UNNAMED_ATTACKER = "UAF"
# Prepositions whose object tells what an explosion was of or where it went off.
_BLAST_PREPS = ("of", "at", "in")
# Dependencies of a word told as the agent of harm: a subject, "by X", or "killed in/from X".
_AGENT_POBJ = ("by", "in", "from")


def blast_cause(tok) -> Optional[str]:
    """Return "weapon" or "accident" for an explosion or fire told with its cause ("bomb
    explosion", "gas explosion", "a gas cylinder exploded"), else None."""
    if tok.lemma_.lower() not in load_word_list("blast_words"):
        return None
    if tok.pos_ == "VERB":
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        words = [] if subject is None else _premodified(subject)
    else:
        words = [w for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") for w in _premodified(c)]
        objects = [_pobj(c) for c in tok.children if c.dep_ == "prep" and c.lower_ in _BLAST_PREPS]
        words += [w for o in objects if o is not None for w in _premodified(o)]
    lemmas = {w.lemma_.lower() for w in words} | {w.lower_ for w in words}
    if lemmas & load_word_list("explosive_weapons"):
        return "weapon"  # "a bomb exploded at a gas station" is an attack
    if lemmas & load_word_list("accidental_causes"):
        return "accident"
    return None


def _premodified(tok) -> list:
    """Return a noun and the words before it in its phrase ("a fireworks factory" -> fireworks, factory)."""
    return [t for t in tok.subtree if t.i <= tok.i]


def attack_agent(tok) -> bool:
    """True for an explosive weapon or its blast told as the agent of harm ("a car bomb killed
    six", "a bomb explosion killed six", "wounded by a roadside bomb", "killed in a suicide
    bombing"): the attack itself, by hands the sentence does not name. The PLOVER gold codes such
    an attack as the actor ("A (SRC: roadside bombing) ... killed one U.S. soldier": an
    unidentified armed force, UAF, of the place)."""
    if not (tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.lower_ in _AGENT_POBJ)):
        return False
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in load_word_list("explosive_weapons"):
        return True
    return blast_cause(tok) == "weapon"


def _attack_actor(tok) -> Actor:
    """The unnamed perpetrators of an attack told by its weapon: sector UAF (codebook,
    "unidentified armed forces"); the country is its phrase's ("an Israeli bomb") or, later,
    the place's (_attack_actor_at)."""
    return Actor(None, _phrase(tok), _country_word(tok), UNNAMED_ATTACKER)


def _attack_actor_at(actor: Actor, place: Optional[EventPlace]) -> Actor:
    """The unnamed attacker with the country of the attack's place (the PLOVER gold: "a roadside
    bombing near the town of Samarra ... killed one U.S. soldier" is Iraq's UAF, not the
    soldier's country); with no place, the article's may come later (lend_article_country)."""
    if place is None or not place.country:
        return actor
    return Actor(actor.entity, actor.name, place.country, actor.sector)


# -- actors -------------------------------------------------------------------------


def find_actors(ctx, trig: Trigger) -> tuple:
    """Return (source, target) actors of a trigger through the dependency parse."""
    tok = trig.token
    src_tok, tgt_tok = (_verb_args(tok) if tok.pos_ == "VERB" else _noun_args(tok))
    if src_tok is None:
        src_tok = _inherited_subject(tok)
    source = actor_of(ctx, src_tok, trig) if src_tok is not None else None
    if source is None and src_tok is None and trig.type == "ASSAULT" and tok.pos_ == "VERB":
        cause = next((o for o in _cause_objects(tok) if attack_agent(o)), None)  # "killed in a bomb blast"
        source = _attack_actor(cause) if cause is not None else None
    target = actor_of(ctx, tgt_tok, trig) if tgt_tok is not None else None
    if (target is None or not target.country) and tok.pos_ == "VERB":
        target = _best_target(ctx, tok, trig) or target
    if target is None and trig.type in _SYMMETRIC and src_tok is not None:
        target = _coordinated(ctx, src_tok, trig, source)
    if target is None:
        target = _fallback_target(ctx, trig, src_tok)
    addressed = _addressed_target(ctx, trig, src_tok)
    if addressed is not None and (target is None or not target.country or trig.type in _CLAUSE_TARGET):
        target = addressed
    if target is None or not target.country:
        target = _placed_group(ctx, target, _nearest_target(ctx, trig, src_tok, source))
    if trig.type == "THREATEN" and (target is None or not target.country):
        target = _condition_target(ctx, trig) or target
    if source is None and trig.type in _VERBAL and not _named_subject(tok):
        source = _quote_speaker(ctx, tok)  # a quote that itself demands, rejects, accuses, threatens
    if target is not None and source is not None and target.entity and target.entity == source.entity:
        target = None
    return source, target


def _addressed_target(ctx, trig: Trigger, src_tok) -> Optional[Actor]:
    """Return who a demand or complaint is aimed at: the subject of the clause asked for
    ("demanded that the US cancel ...") or what is complained about ("complained ... over Israeli raids")."""
    tok = trig.token
    for child in tok.children:
        if trig.type in _CLAUSE_TARGET and child.dep_ in ("ccomp", "xcomp", "acl"):
            subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and (src_tok is None or subj.i != src_tok.i) and subj.pos_ != "PRON":
                return actor_of(ctx, subj, trig)
        if trig.type in ("ACCUSE", "PROTEST") and child.dep_ == "prep" and child.lower_ in _GRIEVANCE_PREPS:
            obj = _pobj(child)
            actor = actor_of(ctx, obj, trig) if obj is not None else None
            if actor is not None and actor.country:
                return actor
    return None


def _nearest_target(ctx, trig: Trigger, src_tok, source: Optional[Actor]) -> Optional[Actor]:
    """Return the nearest actor with a country in the trigger's clause, outside its subject
    ("lifted a curfew in Montenegro", "threatened to break relations with Russia")."""
    skip = {t.i for t in src_tok.subtree} if src_tok is not None else set()
    frontier = [c for c in trig.token.children if c.i not in skip and c.dep_ not in _NOT_TARGET
                and not _conditional_clause(c)]
    for _ in range(5):
        for tok in frontier:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in trig.words:
                continue
            actor = actor_of(ctx, tok, trig)
            if actor is not None and actor.country and not _same_actor(actor, source):
                return actor
        frontier = [c for t in frontier for c in t.children if c.i not in skip and c.dep_ not in _NOT_TARGET]
    return None


def _placed_group(ctx, group: Optional[Actor], nearest: Optional[Actor]) -> Optional[Actor]:
    """Return the target when the clause's nearest actor is only where a group target is ("killed
    23 people in Tel Aviv" -> the people, ISR; coders code victims by place), else the nearest."""
    if group is None or not group.sector or nearest is None:
        return nearest or group
    entity = entity_by_id(ctx, nearest.entity) if nearest.entity else None
    if entity is not None and entity.type in ("GPE", "LOC", "FAC") and entity.name == nearest.name:
        return Actor(group.entity, group.name, nearest.country, group.sector)
    return nearest


def _conditional_clause(tok) -> bool:
    """True for an "if/unless" clause: its actors are not the act's target ("if war starts in Iraq")."""
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and cue(c.lower_) == "condition" for c in tok.children)


def _same_actor(actor: Actor, source: Optional[Actor]) -> bool:
    return source is not None and (actor.name == source.name or bool(actor.entity and actor.entity == source.entity))


def _best_target(ctx, verb, trig: Trigger) -> Optional[Actor]:
    """Return the first object or prepositional object of the verb that names an actor with a
    country, else the first that names a group ("fired tear gas at the protesters")."""
    actors = []
    for child in verb.children:
        tok = _pobj(child) if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS else \
            child if child.dep_ in ("dobj", "dative") else None
        actor = actor_of(ctx, tok, trig) if tok is not None else None
        if actor is not None and actor.country:
            return actor
        if actor is not None and actor.sector:
            actors.append(actor)
    return actors[0] if actors else None


def _fallback_target(ctx, trig: Trigger, src_tok) -> Optional[Actor]:
    """Return a target from the act the trigger frames ("threatened to cut off power to X")
    or from who made what is rejected, granted or criticised ("rejected a U.S. request")."""
    tok = trig.token
    for child in tok.children:
        if child.dep_ == "dobj" and _is_trigger_noun(child):
            maker = _noun_args(child)[0]
            if maker is not None and (src_tok is None or maker.i != src_tok.i):
                return actor_of(ctx, maker, trig)
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
            named = _best_target(ctx, child, trig)  # "threatened to deliver blows to the US"
            if named is not None and named.country:
                return named
            inner = _object_of(child)
            if inner is not None:
                return actor_of(ctx, inner, trig)
    return None


def _condition_target(ctx, trig: Trigger) -> Optional[Actor]:
    """Return who a threat's condition asks to act ("threatened to strike unless Israel
    rescinded the annexation" -> Israel): the threat is aimed at them."""
    tok = trig.token
    clauses = [c for c in tok.children if c.dep_ == "xcomp"] + [tok]
    for clause in clauses:
        for child in clause.children:
            if _conditional_clause(child):
                subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                actor = actor_of(ctx, subj, trig) if subj is not None else None
                if actor is not None and actor.country:
                    return actor
    return None


def _verb_args(verb) -> tuple:
    """Return (source token, target token) of a verb: subject/agent and object/passive subject."""
    source = target = None
    for child in verb.children:
        if child.dep_ == "nsubj":
            source = child
        elif child.dep_ == "nsubjpass":
            target = child
        elif child.dep_ == "agent":
            source = _pobj(child) or source
    if target is None:
        target = _object_of(verb)
    return source, target


def _object_of(head):
    """Return the object of a verb or noun: direct object, dative, else a prepositional object."""
    for dep in ("dobj", "dative"):
        found = next((c for c in head.children if c.dep_ == dep), None)
        if found is not None:
            return _noun_target(found) if _is_trigger_noun(found) else found
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
            obj = _pobj(child)
            if obj is not None and not _is_trigger_noun(obj):
                return obj
    return None


def _noun_target(noun):
    """Return the target of an object noun: "imposed sanctions on Iran" -> Iran."""
    return _noun_args(noun)[1] or noun


def _noun_args(noun) -> tuple:
    """Return (source, target) of an eventive noun: possessor/"by X" and "on/against/with Y"."""
    source = target = between = None
    anchor = _noun_anchor(noun)
    for child in (*noun.children, *(anchor.children if anchor.i != noun.i else ())):
        if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")):
            source = source or child
        elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
            source = source or _pobj(child)
        elif child.dep_ == "prep" and child.lower_ == "between":
            between = between or _pobj(child)
        elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS and target is None:
            target = _pobj(child)
    if target is None and anchor.dep_ in ("nsubj", "nsubjpass"):
        target = _object_of(anchor.head)  # "a bombing killed one soldier"
    elif anchor.dep_ in ("dobj", "attr") and anchor.head.pos_ in ("VERB", "AUX"):
        source = source or _subject_of(anchor.head)
        target = target or _object_of_other(anchor.head, anchor)
    elif anchor.dep_ == "pobj" and anchor.head.lower_ in ("for", "into") and anchor.head.head.pos_ == "VERB":
        source = source or _subject_of(anchor.head.head)  # "negotiators returned for talks"
    if source is None:
        return between, target
    return source, target or between  # "a mediation effort between X and Y" by its subject


def _noun_anchor(noun):
    """Return the noun phrase an event noun sits in: "war games" in "ten days of war games",
    "mediation" in "a mediation effort"."""
    tok = noun
    for _ in range(3):
        if tok.dep_ == "compound" and cue(tok.head.lemma_) == "effort":
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN", "NUM"):
            tok = tok.head.head
        else:
            break
    return tok


def _object_of_other(verb, noun):
    """Return a prepositional object of the verb that holds the event noun ("held talks with Y")."""
    for child in verb.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in _TARGET_PREPS + ("dative",):
            obj = _pobj(child)
            if obj is not None:
                return obj
        if child.dep_ == "dative":
            return child
    return None


def _subject_of(verb):
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
    if subj is not None and subj.dep_ == "agent":
        return _pobj(subj)
    return subj if subj is not None else _inherited_subject(verb)


def _inherited_subject(tok):
    """Return the subject a clause shares with the clause above it ("agreed to meet", "attacked and killed")."""
    for _ in range(3):
        if tok.dep_ not in ("xcomp", "conj", "advcl", "acl", "acomp") or tok.head.i == tok.i:
            return None
        tok = tok.head
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
    return None


def _pobj(prep):
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _is_trigger_noun(tok) -> bool:
    return bool(lexicon().get(("NOUN", tok.lemma_.lower())))


def _coordinated(ctx, src_tok, trig: Trigger, source: Optional[Actor]) -> Optional[Actor]:
    """Return the second of coordinated actors ("Israel and the Palestinians agreed") as partner,
    when it is another country (not "helicopters and tanks" of one army)."""
    conj = next((c for c in src_tok.children if c.dep_ == "conj"), None)
    partner = actor_of(ctx, conj, trig) if conj is not None else None
    if partner is None or (source is not None and partner.country == source.country):
        return None
    return partner


def _partner(ctx, trig: Trigger, source: Actor) -> Optional[Actor]:
    """Return the other side of a meeting or agreement named with "with" or "between"."""
    for tok in trig.token.subtree:
        if tok.dep_ == "prep" and tok.lower_ in ("with", "between"):
            obj = _pobj(tok)
            if obj is not None:
                actor = actor_of(ctx, obj, trig)
                if actor is not None and actor.name != source.name:
                    return actor
    return None


def actor_of(ctx, tok, trig: Trigger) -> Optional[Actor]:
    """Return the actor a token names: its entity with country and sector, or a group noun."""
    if is_hazard(tok):
        return None  # "Typhoon Haiyan", "the earthquake": no actor
    if trig.type == "ASSAULT" and attack_agent(tok):
        return _attack_actor(tok)  # "a car bomb killed six": the attack's unnamed perpetrators
    if tok.pos_ == "PRON":
        return _resolve_pronoun(ctx, tok, trig)
    if tok.lemma_.lower() in load_word_list("quantity_nouns") and _of_object(tok) is not None:
        return actor_of(ctx, _of_object(tok), trig)  # "thousands of students"
    return _named_person(ctx, tok, _phrase_actor(ctx, tok))


def _named_person(ctx, tok, actor: Optional[Actor]) -> Optional[Actor]:
    """The person a description names, by the mention resolver ("his Russian counterpart Sergei
    Lavrov", "the foreign minister"), keeping the phrase's country and sector where the person has none."""
    found = mentions.resolve(ctx, tok)
    person = found.entity if found.how in ("appositive", "title") else None
    if person is None or person.type != "PERSON":
        return actor
    return Actor(person.id, person.name, _country(ctx, person) or (actor and actor.country),
                 person.sector or (actor and actor.sector))


def _phrase_actor(ctx, tok) -> Optional[Actor]:
    """The actor a noun phrase names: its entity with country and sector, or a group noun."""
    entity = _entity_of_token(ctx, tok)
    sector = _words("event_actors.tsv").get(tok.lemma_.lower())
    country = _resident_country(ctx, tok) or (_country(ctx, entity) if entity is not None else None)
    country = country or _country_word(tok) or _phrase_country(ctx, tok, entity)
    if entity is not None and _covers(entity, tok):
        return Actor(entity.id, entity.name, country, entity.sector or sector)
    if entity is not None:  # "hospitals in Nairobi" are not the government of Nairobi
        borrowed = None if entity.type in ("GPE", "LOC", "FAC") else entity.sector
        return Actor(entity.id, _phrase(tok), country, sector or borrowed)
    if sector is not None or country is not None:
        return Actor(None, _phrase(tok), country, sector)
    return None


def _phrase_country(ctx, tok, entity) -> Optional[str]:
    """Return the country named inside the actor's noun phrase ("Gambian President Dawda Jawara",
    "leaders of Romania's new government"), else None."""
    from ..countries import country_code

    words = [t for t in tok.subtree if t.i != tok.i and t.dep_ != "relcl" and _inside_phrase(t, tok)]
    for word in words:
        other = entity_at(ctx, word.idx, word.idx + len(word))
        if other is not None and other != entity and other.country and other.type in _COUNTRY_TYPES:
            return other.country
        if word.ent_type_ in ("NORP", "GPE") and country_code(word.text):
            return country_code(word.text)
    return None


def _inside_phrase(word, head) -> bool:
    """True for premodifiers of the head and words of its "of/in/from" complements, not clauses."""
    tok = word
    while tok.head.i != head.i:
        if tok.dep_ in ("relcl", "acl", "ccomp", "advcl") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return tok.i < head.i or (tok.dep_ == "prep" and tok.lower_ in ("of", "in", "from")) or tok.dep_ == "appos"


def _resident_country(ctx, tok) -> Optional[str]:
    """Return the country where an ethnic group acts ("ethnic Albanians demonstrated in Serbia"):
    coders code a minority by its country of residence."""
    if not any(c.lower_ == "ethnic" for c in tok.children):
        return None
    clause = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), tok)
    preps = [c for c in (*tok.children, *clause.children) if c.dep_ == "prep" and c.lower_ == "in"]
    preps += [g for p in preps if _pobj(p) is not None for g in _pobj(p).children  # "in a gunbattle in Serbia"
              if g.dep_ == "prep" and g.lower_ == "in"]
    for prep in preps:
        obj = _pobj(prep)
        entity = entity_at(ctx, obj.idx, obj.idx + len(obj)) if obj is not None else None
        if entity is not None and entity.type in ("GPE", "LOC") and _country(ctx, entity):
            return _country(ctx, entity)
    return None


def _with_sentence_country(ctx, actor: Optional[Actor], sent, article: bool = False) -> Optional[Actor]:
    """Return the actor with the sentence's only country when it has none ("President Museveni
    banned Ugandan opposition candidates" -> UGA): a domestic reading, as coders make it; with
    `article`, in a sentence that names no country, the article's (`article_country`: "Officers
    fired tear gas" in a report from Nairobi)."""
    if actor is None or actor.country or _named_place_or_group(ctx, actor):
        return actor  # an unresolved country or organisation name is some other actor
    if actor.sector == UNNAMED_ATTACKER:
        return actor  # takes its place's country (build_event), not a victim's: "killed one U.S. soldier"
    countries = sentence_countries(ctx, sent)
    if not countries and article:
        countries = {article_country(ctx)} - {None}
    if len(countries) != 1:
        return actor
    return Actor(actor.entity, actor.name, next(iter(countries)), actor.sector)


def lend_article_country(ctx, event: Event, sent) -> None:
    """Give the kept event's actors that have no country the article's (when the sentence names
    none). After the learned layer has decided: it learns from sentences read alone, where no
    article lends a country, so its actor features must not see one at run time either."""
    event.source, event.target = (_with_sentence_country(ctx, a, sent, article=True)
                                  for a in (event.source, event.target))


# An article is told from one country when this share of its places lies there.
_HOME_SHARE = 2 / 3


def article_country(ctx) -> Optional[str]:
    """Return the country an article is told from: its dateline's, else the country of at least
    two thirds of the places it names as places; None for an article of several countries or
    none. Coders give the police, the protesters and the man arrested of a local report
    the country where it happens."""
    key = "dateline.events.article_country"
    if key not in ctx.shared:
        home = _dateline_place(ctx)
        ctx.shared[key] = home.country if home is not None and home.country else _places_country(ctx)
    return ctx.shared[key]


def _places_country(ctx) -> Optional[str]:
    """Return the country of at least two thirds of the article's literal places, else None."""
    counts = Counter(p.country for p in places_of(ctx) if p.role == "literal")
    if not counts:
        return None
    country, n = max(counts.items(), key=lambda kv: (kv[1], kv[0] or ""))
    return country if country and n >= _HOME_SHARE * sum(counts.values()) else None


def _named_place_or_group(ctx, actor: Actor) -> bool:
    entity = entity_by_id(ctx, actor.entity) if actor.entity else None
    return entity is not None and entity.type in ("GPE", "ORG", "LOC", "FAC") and entity.name == actor.name


def sentence_countries(ctx, sent) -> set:
    """Return the countries of the places, countries and nationalities named in the sentence."""
    cache = ctx.shared.setdefault("dateline.events.sentence_countries", {})
    key = (sent.start_char, sent.end_char)
    if key not in cache:   # once per sentence: a sentence has several actors
        found = {p.country for p in places_of(ctx)
                 if p.country and sent.start_char <= p.start < sent.end_char}
        for entity in ctx.record.entities:
            if entity.type in _COUNTRY_TYPES and _country(ctx, entity) and any(
                    sent.start_char <= s < sent.end_char for s, _ in entity.mentions):
                found.add(_country(ctx, entity))
        cache[key] = found
    return set(cache[key])


def _country_word(tok) -> Optional[str]:
    """Return the country of a modifier the NER missed ("one U.S. soldier", "Israeli tanks")."""
    from ..countries import country_code

    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.text[:1].isupper():
            code = country_code(child.text)
            if code:
                return code
    return None


def _entity_of_token(ctx, tok):
    """Return the entity of a token, else of its modifiers ("Serb forces", "rebels in the Ivory Coast"),
    preferring one with a country."""
    located = _location_entity(ctx, tok)
    if located is not None:
        return located  # actors are coded by where they are: "Albanians in south Serbia" -> SRB
    found = entity_at(ctx, tok.idx, tok.idx + len(tok))
    if found is not None and found.country:
        return found
    candidates = [found] if found is not None else []
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod", "appos"):
            candidates.append(entity_at(ctx, child.idx, child.idx + len(child)))
        elif child.dep_ == "prep" and child.lower_ in ("of", "in", "from") and _pobj(child) is not None:
            obj = _pobj(child)
            candidates.append(entity_at(ctx, obj.idx, obj.idx + len(obj)))
    candidates = [c for c in candidates if c is not None]
    return next((c for c in candidates if c.country), candidates[0] if candidates else None)


def _location_entity(ctx, tok):
    """Return the country entity of "in/of/throughout X" attached to a group noun, else None."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "throughout", "across"):
            obj = _pobj(child)
            entity = entity_at(ctx, obj.idx, obj.idx + len(obj)) if obj is not None else None
            if entity is not None and entity.type in ("GPE", "LOC") and entity.country:
                return entity
    return None


def _of_object(tok):
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return _pobj(prep) if prep is not None else None


def _covers(entity, tok) -> bool:
    return any(s <= tok.idx < e for s, e in entity.mentions)


def places_of(ctx) -> list:
    """Return the places of the places stage that are no person's name ("Bush" is no town in
    Egypt when the entities stage knows him as a leader)."""
    if "event_places" not in ctx.shared:
        people = [m for e in ctx.record.entities if e.type == "PERSON" for m in e.mentions]
        ctx.shared["event_places"] = [p for p in ctx.record.places
                                      if not any(s < p.end and p.start < e for s, e in people)]
    return ctx.shared["event_places"]


def _country(ctx, entity) -> Optional[str]:
    """Return the entity's country, else that of a place the places stage resolved for it."""
    if entity.country:
        return entity.country
    cache = ctx.shared.setdefault("dateline.events.place_country", {})
    if entity.id not in cache:   # once per entity: the events stage asks for it per actor and sentence
        cache[entity.id] = _place_country(ctx, entity)
    return cache[entity.id]


def _place_country(ctx, entity) -> Optional[str]:
    """Return the country of the first place that overlaps one of the entity's mentions."""
    for place in ctx.record.places:
        if any(place.start < e and s < place.end for s, e in entity.mentions) and place.country:
            return place.country
    return None


def _phrase(tok) -> str:
    """Return the noun phrase of a token without relative clauses or determiners."""
    left = [t for t in tok.lefts if t.dep_ not in ("det", "punct", "predet")]
    start = min([t.left_edge.i for t in left] + [tok.i])
    return tok.doc[start:tok.i + 1].text


def _resolve_pronoun(ctx, tok, trig: Trigger) -> Optional[Actor]:
    """Return the actor a pronoun stands for: a relative pronoun's antecedent ("Kovac, who
    met ..."), the quote's speaker or the subject of a framing clause."""
    head = mentions.relative_head(tok)
    if head is not tok and head.pos_ in ("PROPN", "NOUN"):
        return actor_of(ctx, head, trig)
    if tok.lower_ in load_word_list("first_person"):
        speaker = _quote_speaker(ctx, tok)
        if speaker is not None:
            return speaker
    head = tok.head
    for _ in range(4):
        if head.head.i == head.i:
            break
        head = head.head
        subj = next((c for c in head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if subj is not None:
            return actor_of(ctx, subj, trig)
    return None


def _quote_speaker(ctx, tok) -> Optional[Actor]:
    """Return the speaker of the quote containing the token, as an actor."""
    for quote in ctx.record.quotes:
        if quote.start <= tok.idx < quote.end and quote.speaker is not None:
            entity = entity_by_id(ctx, quote.speaker.entity) if quote.speaker.entity else None
            if entity is not None:
                return Actor(entity.id, entity.name, _country(ctx, entity), entity.sector)
            return Actor(None, quote.speaker.name)
    return None


def _political(actor: Optional[Actor]) -> bool:
    return actor is not None and bool(actor.country or actor.sector)


# -- context, date and place -----------------------------------------------------


def sentence_contexts(sent) -> list:
    """Return the PLOVER contexts the sentence's words give (ceasefire, humanitarian, military...)."""
    table = _words("event_contexts.tsv")
    found = []
    for tok in sent:
        context = table.get(tok.lemma_.lower())
        if context and context not in found:
            found.append(context)
    return found


def _when_where_of(ctx, trig: Trigger) -> dict:
    """Return event_when_where of the trigger's token, once per token: its readings share it."""
    cache = ctx.shared.setdefault("dateline.events.when_where", {})
    if trig.token.i not in cache:
        cache[trig.token.i] = event_when_where(ctx, trig)
    return cache[trig.token.i]


def event_when_where(ctx, trig: Trigger) -> dict:
    """Return date, date_precision and place of the event: its clause first, then the article's."""
    sent = trig.token.sent
    published = publication_day(ctx)  # parsed: the given text may be "March 3, 2022"
    out = {"date": published, "date_precision": "day" if published else None}
    tok = trig.token
    date = date_for_span(ctx, tok.idx, tok.idx + len(tok))  # the trigger's own clause first
    dates = [d for d in ctx.record.dates if sent.start_char <= d.start < sent.end_char]
    if date is None and dates:
        date = min(dates, key=lambda d: abs(d.start - tok.idx))
    if date is not None:
        out.update(date=date.value, date_precision=date.precision)
    out["place"] = _place(ctx, sent, trig)
    return out


def _place(ctx, sent, trig: Trigger) -> Optional[EventPlace]:
    places = [p for p in places_of(ctx) if sent.start_char <= p.start < sent.end_char and p.role == "literal"]
    if places:
        place = min(places, key=lambda p: abs(p.start - trig.token.idx))
        return event_place(place)
    named = _located_entity(ctx, sent)
    if named is not None:
        return named
    return _dateline_place(ctx)


def _located_entity(ctx, sent) -> Optional[EventPlace]:
    """Return a place named after "in", "at" or "near" in the sentence (until places resolves it)."""
    for tok in sent:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "near") and tok.ent_type_ in ("GPE", "LOC", "FAC"):
            entity = entity_at(ctx, tok.idx, tok.idx + len(tok))
            if entity is not None:
                return EventPlace(entity.name, entity.country)
    return None


def _dateline_place(ctx) -> Optional[EventPlace]:
    if not ctx.seg.dateline:
        return None
    start, end = ctx.seg.dateline_span
    for place in ctx.record.places:
        if place.start < end and start < place.end:
            return event_place(place)
    from ..countries import country_code

    parts = [p.strip() for p in ctx.seg.dateline.split(",")]
    country = next((country_code(p) for p in reversed(parts) if country_code(p)), None)
    return EventPlace(parts[0].title(), country)
