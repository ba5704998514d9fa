"""Places: the article's toponyms, geocoded offline and resolved by context.

Toponyms are the GPE/LOC spans of spaCy's NER, plus a gazetteer match after a
locative preposition where NER missed a known place ("in Kramatorsk"). Each
name is looked up in the gazetteer (dateline.gazetteer) and the candidate that
best fits the article wins: countries and regions named in it, the actors'
countries, the dateline, nearby places already placed, population and feature
type. Demonyms ("Turkish") are not places.

The events stage calls `place_for_span(ctx, start, end)` for the place of a clause.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ..countries import capitals, country_code, demonym_country, organization
from ..gazetteer import Entry, distance_km, name_key, open_gazetteer
from ..model import PRECISION_OF_FEATURE, EventPlace, Place
from ..nlp import token_indices
from ..resources import load_table, load_word_list
from ..settings import DEFAULT, Settings
from . import place_ranker, place_roles
from .entities import entity_at

TOPONYM_LABELS = {"GPE", "LOC"}
# Names that often carry a place: "the Athens Police Department", "University of Georgia".
_NAMED_AFTER_PLACES = {"ORG", "FAC"}
_LOCATIVE = {"in", "near", "at", "from", "to", "outside", "into", "across", "around", "of"}
_DEMONYM_END = re.compile(r"(?:ian|ese|ish|ean|i|ic|an)s?$")
_LEADING = re.compile(r"^(?:the|downtown|northern|southern|eastern|western|central|north|south|east|west|"
                      r"northeast|northwest|southeast|southwest|north-?central|upstate|rural|greater|metro)\s+",
                      re.I)
_POSSESSIVE = re.compile(r"[’']s?$")
# Great-circle kilometres per degree of latitude (gazetteer.distance_km's radius): a lower bound of distance.
_KM_PER_DEGREE_LAT = 6371.0 * math.pi / 180


@dataclass
class Hints:
    """What the article says about where it is: country weights, regions, anchor points."""

    countries: Counter = field(default_factory=Counter)
    admin1: set = field(default_factory=set)
    anchors: list = field(default_factory=list)   # entries placed with confidence
    others: dict = field(default_factory=dict)    # {name: candidate entries} of the article's toponyms
    votes: dict = field(default_factory=dict)     # {name key: (first-level code of its first choice, mentions)}
    every: dict = field(default_factory=dict)     # {name key: all its candidate entries}, kept after the first pass
    dateline: Optional[Entry] = None              # the dateline's city
    neighbours: Optional[tuple] = field(default=None, repr=False, compare=False)  # (others, _Neighbours of them)


def run(ctx) -> list:
    """Return the places of the article, one per toponym mention in the body, each with its role
    (place_roles); mentions inside a name ("The Washington Post") are left out."""
    spans, weak = toponym_spans(ctx)
    hints = article_hints(ctx)
    backed = set(hints.countries)
    places = resolve_spans(ctx.article.text, spans, hints, ctx.settings)
    backed |= {p.country for (s, e), p in zip(spans, places) if p is not None and (s, e) not in weak}
    found = [p for span, p in zip(spans, places)
             if p is not None and (span not in weak or _backed(p, backed))]
    found = [p for p in (_with_role(ctx, _city_said(ctx.article.text, p)) for p in found) if p.role != "in_name"]
    if ctx.settings.place_demonyms:
        found = sorted(found + _demonym_places(ctx), key=lambda p: (p.start, p.end))
    ctx.shared["places"] = found
    ctx.shared["dateline_place"] = dateline_place(ctx, hints)
    return found


_NEXT_WORD = re.compile(r"(?:[’']s)?\s+([A-Za-z]+)")


def _city_said(text: str, place: Place) -> Place:
    """Return the city a region's name stands for when the next word says a city ("a New York
    restaurant", "New York police", "New York's mayor": place_city_nouns), else the place: the
    biggest town of 100,000 or more of that name inside the region. "New York state" stays the state."""
    if place.feature != "admin":
        return place
    word = _NEXT_WORD.match(text, place.end)
    if not word or word.group(1).lower() not in load_word_list("place_city_nouns"):
        return place
    entries = [e for e, _ in open_gazetteer().lookup(place.text)]
    region = next((e for e in entries if e.level == 1 and e.name == place.name and e.country == place.country), None)
    towns = [e for e in entries if region is not None and e.feature == "city" and e.admin1 == region.admin1
             and e.population >= 100_000]
    if not towns:
        return place
    city = _to_place(text, place.start, place.end, max(towns, key=lambda e: e.population))
    city.role = place.role
    return city


def _with_role(ctx, place: Place) -> Place:
    """Return the place with the role the role model gives its mention (literal when roles are off)."""
    if not ctx.settings.place_roles:
        return place
    dateline = bool(ctx.seg.dateline_span) and ctx.seg.dateline_span[0] <= place.start < ctx.seg.dateline_span[1]
    feats = place_roles.features(ctx.doc, place.start, place.end, place.feature, dateline)
    collect = ctx.shared.get(place_roles.COLLECT_KEY)
    if collect is not None:
        collect.append((place.start, place.end, feats))
    place.role = place_roles.choose(feats, place_roles.proposed_roles(feats))
    return place


def _demonym_places(ctx) -> list:
    """Return a place of role `demonym` for each people's name of a country in the body ("Turkish"
    is Turkey): the gold sets and readers count them; maps and event places do not."""
    spans = []
    for ent in ctx.doc.ents:
        if ent.label_ in ("NORP", "GPE") and ctx.in_body(ent.start_char, ent.end_char):
            span = _trimmed(ctx.article.text, ent.start_char, ent.end_char)
            if span and is_demonym(ctx.article.text[span[0]:span[1]]) and \
                    demonym_country(ctx.article.text[span[0]:span[1]]):
                spans.append(span)
    # Fresh hints: a people's name resolves to its country whatever the article's context.
    places = resolve_spans(ctx.article.text, spans, Hints(), ctx.settings)
    for place in places:
        if place is not None:
            place.role = place_roles.DEMONYM
    return [p for p in places if p is not None and p.feature == "country"]


def _backed(place: Place, countries: set) -> bool:
    """True when a toponym NER did not tag as a place ("Honda" as ORG, "in Göd")
    lies in a country the article otherwise points to, or is a country itself:
    a brand or surname that is also a town abroad is not kept."""
    return place.feature == "country" or place.country in countries


# -- finding toponyms ---------------------------------------------------------


def toponym_spans(ctx) -> tuple:
    """Return ([(start, end)] of the toponyms in the body, the set of the weak ones):
    NER spans, places named in organisations, gazetteer matches. Weak are NER's
    ORG/PERSON spans taken for places and the matches NER missed."""
    spans, weak = [], set()
    named = {name_key(ent.text) for ent in ctx.doc.ents if ent.label_ in TOPONYM_LABELS}
    for ent in ctx.doc.ents:
        if not ctx.in_body(ent.start_char, ent.end_char):
            continue
        if ent.label_ in TOPONYM_LABELS or _place_mislabelled(ctx, ent):
            span = _trimmed(ctx.article.text, ent.start_char, ent.end_char)
            if span and ent.label_ in TOPONYM_LABELS and not open_gazetteer().knows(ctx.article.text[span[0]:span[1]]):
                span = _known_part(ent) or span
            if span and not is_demonym(ctx.article.text[span[0]:span[1]]):
                spans.append(span)
                if ent.label_ not in TOPONYM_LABELS:
                    weak.add(span)
        elif ent.label_ in _NAMED_AFTER_PLACES:
            # An institution word vouches for the place ("the Gainesville Police Department"): not weak.
            # A region or county taken without one needs the article's backing ("Hail" in "Hail Trump").
            for span, vouched in _place_in_name(ent, named, ctx.settings.place_missed_min_population):
                spans.append(span)
                if not vouched:
                    weak.add(span)
    # A town before ", Minn." is vouched for by its container, however small: not weak.
    spans.extend(_before_container(ctx, spans))
    missed = _missed_by_ner(ctx, spans)
    missed += _before_resident_noun(ctx, spans + missed)
    missed += _hyphen_pairs(ctx, spans + missed)
    spans.extend(missed)
    weak.update(missed)
    spans.extend(_county_lists(ctx, spans))
    spans.extend(_district_of_member(ctx, spans))
    spans.extend(_dateline_spans(ctx))
    spans.extend(_inline_datelines(ctx, spans))
    return sorted(set(spans)), weak - set(_dateline_spans(ctx))


def _dateline_spans(ctx) -> list:
    """Return the spans of the dateline's names ("KYIV", "Ukraine"): a toponym, though boilerplate."""
    if not ctx.seg.dateline_span:
        return []
    start, end = ctx.seg.dateline_span
    spans = []
    for part in re.finditer(r"[^,]+", ctx.article.text[start:end]):
        s, e = start + part.start(), start + part.end()
        text = ctx.article.text[s:e]
        s, e = s + len(text) - len(text.lstrip()), e - (len(text) - len(text.rstrip()))
        if e > s and (open_gazetteer().knows(ctx.article.text[s:e]) or country_code(ctx.article.text[s:e])):
            spans.append((s, e))
    return spans


def _inline_datelines(ctx, taken: list) -> list:
    """Return spans of datelines the segmenter did not take, at a sentence start in
    capitals before a dash ("Home hit by fire. BYESVILLE -- Firefighters..."), when
    the gazetteer knows the name."""
    text, found = ctx.article.text, []
    for match in _INLINE_DATELINE.finditer(text):
        start, end = match.span(1)
        name = match.group(1)
        letters = [c for c in name if c.isalpha()]
        if sum(c.isupper() for c in letters) < 0.6 * len(letters) or \
                _overlaps(start, end, taken):
            continue
        if any(primary for _, primary in open_gazetteer().lookup(name)):
            found.append((start, end))
    return found


_INLINE_DATELINE = re.compile(r"(?:^|[.!?]\s+|\n\s*)([A-Z][A-Za-z.'’ ]{1,30}?[A-Za-z.])\s*(?:--|—|–| - )\s*(?=[A-Z])")


def _place_mislabelled(ctx, ent) -> bool:
    """True for an ORG, PERSON or NORP span that is exactly a known place ("Fargo",
    "Minnesota", "Oxford"): NER often labels small towns so. A person whose fuller name
    the article gives ("George Washington"), known organisations and demonyms stay out.
    Any known town will do where its words make it a place ("a Chapin man", "Crafton
    residents"); else it must be as big as a town NER missed after a preposition (ten
    times that for a PERSON span). A name the article gives a title ("President Lincoln") is a person."""
    if ent.label_ not in ("ORG", "PERSON", "NORP") or organization(ent.text) or \
            (ent.label_ == "NORP" and _DEMONYM_END.search(ent.text)) or \
            ent.text.lower() in load_word_list("place_name_not_places"):  # "Arab", "Union"
        return False
    entity = entity_at(ctx, ent.start_char, ent.end_char)
    # A fuller name elsewhere ("George Washington") or a title ("President Lincoln") makes it a person.
    if (entity is not None and (entity.name != ent.text or entity.title)) or _cites_source(ent.doc, ent.start):
        return False
    if _DIVISION_WORD.search(ent.text):  # "Cooke County" is no person, whatever its size
        return any(primary and entry.feature == "admin" for entry, primary in open_gazetteer().lookup(ent.text))
    if _said_of_a_place(ent):
        return _known_enough(ent.text, 0)
    bar = ctx.settings.place_missed_min_population * (10 if ent.label_ == "PERSON" else 1)
    return _known_enough(ent.text, bar)


def _overlaps(start: int, end: int, taken: list) -> bool:
    """True when the span [start, end) shares a character with any (start, end) span in `taken`."""
    return any(s < end and start < e for s, e in taken)


def _cites_source(doc, i: int) -> bool:
    """True when token i follows "according to": a source (a person, a body), not a place."""
    return i >= 2 and doc[i - 1].lower_ == "to" and doc[i - 2].lower_ == "according"


def _said_of_a_place(ent) -> bool:
    """True when the word after a name makes it a place: "a Chapin man", "Alexandria police"."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].lower_ in load_word_list("place_resident_nouns")


_DIVISION_WORD = re.compile(r"\s(?:County|Parish|Province|Oblast|Governorate|District|Prefecture)$")


def _known_part(ent) -> Optional[tuple]:
    """Return the span of the longest place name the gazetteer knows inside a GPE/LOC span it
    does not know, or None: a leading name before an institution word or after which the span
    ends in a division ("Henderson County Jail", "Lindsay area"), or a name after a hyphen or
    "of" ("DFL-Minneapolis", "the Province of Ontario"). Other parts are not taken: "Glacier
    Ridge" and "West Bank" are not places called Ridge or Bank."""
    if len(ent) > 1 and ent[0].lower_ == "the":
        ent = ent[1:]
    for length in range(len(ent) - 1, 0, -1):
        lead, tail = ent[:length], ent[len(ent) - length:]
        if _DIVISION_WORD.search(lead.text) or ent[length].lower_ in load_word_list("place_name_heads"):
            if _known_part_name(lead):
                return lead.start_char, lead.end_char
        if ent[len(ent) - length - 1].lower_ in ("-", "of") and _known_part_name(tail):
            return tail.start_char, tail.end_char
    return None


def _known_part_name(part) -> bool:
    return part[0].text[:1].isupper() and part.text.lower() not in load_word_list("place_name_not_places") \
        and _known_enough(part.text, 0)


def _place_in_name(ent, named: set, min_population: int) -> list:
    """Return [(span, vouched)] of the place an organisation is named after: "Athens" in
    "the Athens Police Department", "Georgia" in "University of Georgia".

    The place leads the name (after a direction word: "Western Pennsylvania Kennel
    Association") or follows its last "of". A country, a first-level region or a
    county is taken as it is; a city only when the word after it is an institution's
    ("Police", "City", "High"), when the name is a "University of"/"City of" one
    (`place_of_heads`), or when the article names it as a place elsewhere
    (`named`: name keys of its GPE/LOC spans), since streets and firms also
    carry place names ("Wichita Drive", "Nordland Avenue", "Emerald City Players").
    A region or county taken only for being one is not vouched for: its country must be
    backed by the article (see `_backed`)."""
    tokens = [t for t in ent if t.lower_ != "the"]
    if tokens and tokens[0].lower_ in _DIRECTIONS and not _known_area(_leading_run(tokens)) and \
            _known_area(_leading_run(tokens[1:])):
        tokens = tokens[1:]  # "Western Pennsylvania", but "West Virginia" is a state itself
    of_head = bool(tokens) and tokens[0].lower_ in load_word_list("place_of_heads")
    found = []
    for part, lead in ((tokens, True), (_after_last_of(tokens), False)):
        for run in _leading_runs(part):
            if len(run) == len(tokens) or run.text.lower() in load_word_list("place_name_not_places") or \
                    is_demonym(run.text):
                continue
            headed = (lead and run.end < len(run.doc) and
                      run.doc[run.end].lower_ in load_word_list("place_name_heads")) or (of_head and not lead)
            vouched = _vouched_in_name(run, headed, named, min_population)
            if vouched is not None:
                found.append(((run.start_char, run.end_char), vouched))
                break
    return found


def _vouched_in_name(run, headed: bool, named: set, min_population: int) -> Optional[bool]:
    """Return True when a run leading an organisation's name surely is its place (a country; a
    town of `min_population` before an institution word or named as a place elsewhere), False
    when it is a place that needs the article's backing (a region or county; a smaller town, or
    a county by its short name, before an institution word: "Pointe Coupee Sheriff's Office"),
    None when it is not taken."""
    if _known_country(run.text) or (_known_enough(run.text, min_population) and
                                    (headed or name_key(run.text) in named)):
        return True
    after = run.doc[run.end].lower_ if run.end < len(run.doc) else ""
    if _known_area(run) or \
            (after in load_word_list("place_county_heads") and _county_by_short_name(run.text)):
        return False
    return None


def _county_by_short_name(name: str) -> bool:
    """True when the gazetteer has a county (second-level division) called `name` plus its division word."""
    return any(entry.feature == "admin" and entry.level == 2 for entry, _ in open_gazetteer().lookup(name))


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
               "southeastern", "southwestern", "metropolitan", "greater", "upstate", "downstate"}


def _known_country(name: str) -> bool:
    """True when the gazetteer has a country by this main name."""
    return any(primary and entry.feature == "country"
               for entry, primary in open_gazetteer().lookup(name))


def _known_area(run) -> bool:
    """True when a run of tokens is a first-level region ("Texas") or a county by its full
    name ("McLean County"): organisations named after them are public bodies, rarely firms."""
    if run is None or run.text.lower() in load_word_list("place_name_not_places"):
        return False
    county = _DIVISION_WORD.search(run.text) is not None
    return any(primary and entry.feature == "admin" and (entry.level == 1 or county)
               for entry, primary in open_gazetteer().lookup(run.text))


def _leading_run(tokens: list):
    """Return the longest run of up to three capitalised proper nouns at the start of
    `tokens` that the gazetteer knows (as a Span), or None."""
    return next(_leading_runs(tokens), None)


def _leading_runs(tokens: list):
    """Yield the runs of up to three capitalised proper nouns at the start of `tokens` that
    the gazetteer knows (as Spans), longest first."""
    if not tokens:
        return
    doc, first = tokens[0].doc, tokens[0].i
    for length in (3, 2, 1):
        run = tokens[:length]
        if len(run) == length and all(t.pos_ == "PROPN" and _capitalised(t) for t in run) and \
                run[-1].i - first == length - 1 and open_gazetteer().knows(doc[first:first + length].text):
            yield doc[first:first + length]


def _capitalised(token) -> bool:
    """True for "Fargo", "McLean", "DeKalb", "St.", "U.S.": title case, or a capital then mixed case."""
    return token.is_title or (token.text[:1].isupper() and any(c.islower() for c in token.text))


def _after_last_of(tokens: list) -> list:
    ofs = [i for i, t in enumerate(tokens) if t.lower_ == "of"]
    return tokens[ofs[-1] + 1:] if ofs else []


def _trimmed(text: str, start: int, end: int) -> Optional[tuple]:
    """Drop "the" and a possessive from a span; None when nothing is left."""
    piece = text[start:end]
    lead = _LEADING.match(piece)
    # "Northeast Georgia" is Georgia, but "North Carolina" and "South Africa" are places themselves,
    # and the "east coast" is no place called Coast (the rest must be a name).
    if lead and piece[lead.end():][:1].isupper() and open_gazetteer().knows(piece[lead.end():]) and \
            (lead.group().lower().startswith("the") or not (_known_enough(piece, 0) or country_code(piece))):
        start += lead.end()
    tail = _POSSESSIVE.search(text[start:end])
    if tail:
        end -= len(tail.group())
    return (start, end) if end > start else None


def is_demonym(name: str) -> bool:
    """True for a people's or language's name ("Turkish", "Greeks", "Ukrainians"), which is not a
    place: one of resources/demonyms.tsv that names no country or first-level region ("Canadian"
    is one, though Texas has a town so called), or one countrynames knows that no place bears."""
    if demonym_country(name) is not None:
        return not any(primary and (entry.feature == "country" or _is_region_itself(entry))
                       for entry, primary in open_gazetteer().lookup(name))
    if not _DEMONYM_END.search(name) or open_gazetteer().knows(name):
        return False
    return country_code(name) is not None


def _missed_by_ner(ctx, taken: list) -> list:
    """Return spans of known places after a locative preposition that NER left out."""
    found = []
    doc = ctx.doc
    for tok in _tokens_among(doc, _LOCATIVE):
        if tok.lower_ not in _LOCATIVE or tok.i + 1 >= len(doc) or _cites_source(doc, tok.i + 1):
            continue
        span = _proper_run(doc, tok.i + 1)
        if span is None or not ctx.in_body(span.start_char, span.end_char):
            continue
        if _overlaps(span.start_char, span.end_char, taken):
            continue
        if span.root.ent_type_ in ("ORG", "NORP", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "DATE", "TIME"):
            continue
        if _known_enough(span.text, ctx.settings.place_missed_min_population):
            found.append((span.start_char, span.end_char))
    return found


def _before_resident_noun(ctx, taken: list) -> list:
    """Return spans of known towns NER left out before a word that makes them places
    ("A Rolling Meadows resident", "Grovetown police"), however small."""
    doc, found = ctx.doc, []
    for tok in _tokens_among(doc, load_word_list("place_resident_nouns")):
        if tok.lower_ not in load_word_list("place_resident_nouns") or tok.i == 0:
            continue
        run = _proper_run_before(doc, tok.i)
        if run is None or run.root.ent_type_ or not ctx.in_body(run.start_char, run.end_char) or \
                _overlaps(run.start_char, run.end_char, taken):
            continue
        if _known_enough(run.text, 0):
            found.append((run.start_char, run.end_char))
    return found


def _hyphen_pairs(ctx, taken: list) -> list:
    """Return spans of the two towns of a hyphenated pair when the gazetteer knows both
    ("Fargo-Moorhead", "Logan-Rogersville", "the Greenville- Spartanburg airport")."""
    doc, found = ctx.doc, []
    for tok in _tokens_among(doc, _HYPHENS, "ORTH"):
        if tok.text not in _HYPHENS or tok.i == 0 or tok.i + 1 >= len(doc) or doc[tok.i - 1].whitespace_:
            continue
        left, right = _proper_run_before(doc, tok.i), _proper_run(doc, tok.i + 1)
        if left is None or right is None or not ctx.in_body(left.start_char, right.end_char) or \
                "PERSON" in (left.root.ent_type_, right.root.ent_type_):  # "Webb-Lawton said"
            continue
        pair = [(run.start_char, run.end_char) for run in (left, right)]
        if all(_known_enough(run.text, 0) and run.text.lower() not in load_word_list("place_name_not_places")
               for run in (left, right)):
            found.extend(span for span in pair if not _overlaps(*span, taken))
    return found


_HYPHENS = {"-", "–", "—"}


def _county_lists(ctx, taken: list) -> list:
    """Return the spans of the names listed before "counties" or "parishes" ("Eastland and
    Callahan counties", "Becker, Clay, Otter Tail and Wilkin counties") that the gazetteer
    knows as counties of that name."""
    doc, found = ctx.doc, []
    for tok in _tokens_among(doc, _DIVISION_PLURALS):
        if tok.lower_ not in _DIVISION_PLURALS or tok.i == 0:
            continue
        word = _DIVISION_PLURALS[tok.lower_]
        i = tok.i
        while i > 0:
            run = _proper_run_before(doc, i)
            if run is None:
                break
            if not _overlaps(run.start_char, run.end_char, taken) and \
                    ctx.in_body(run.start_char, run.end_char) and _known_county(f"{run.text} {word}"):
                found.append((run.start_char, run.end_char))
            i = run.start
            if i > 0 and doc[i - 1].lower_ in (",", "and", "or", "&"):
                i -= 1
                if i > 0 and doc[i].text == "," and doc[i - 1].lower_ in ("and", "or"):
                    i -= 1
            else:
                break
    return found


_DIVISION_PLURALS = {"counties": "County", "parishes": "Parish"}


def _known_county(name: str) -> bool:
    return any(primary and entry.feature == "admin" for entry, primary in open_gazetteer().lookup(name))


def _district_of_member(ctx, taken: list) -> list:
    """Return the spans of a legislator's home town or state after the party letter
    ("Rep. Torrey Westrom, R-Elbow Lake", "DFL-Cook", "D-W.Va."), when the gazetteer knows it."""
    text, found = ctx.article.text, []
    for match in _PARTY_DISTRICT.finditer(text):
        words = match.group(1).split(" ")
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(",;)")
            start = match.start(1)
            end = start + len(name)
            if _overlaps(start, end, taken) or not ctx.in_body(start, end):
                break
            if _known_enough(name, 0):
                found.append((start, end))
                break
    return found


_PARTY_DISTRICT = re.compile(r"(?<![\w-])(?:R|D|I|DFL|GOP)-\s?([A-Z][\w.']*(?: [A-Z][\w.']*){0,2})")


def _before_container(ctx, taken: list) -> list:
    """Return spans of towns NER missed or mislabelled just before ", <region or
    country>" ("Elbow Lake, Minn.", "Chapin, S.C."), when the gazetteer has a place
    of that name inside that region or country."""
    text, found = ctx.article.text, []
    for start, end in taken:
        areas = [e for e, primary in open_gazetteer().lookup(text[start:end])
                 if primary and (e.feature == "country" or _is_region_itself(e))]
        comma = ctx.doc.char_span(start, end, alignment_mode="expand")
        if not areas or comma is None or comma.start < 2 or ctx.doc[comma.start - 1].text != ",":
            continue
        run = _proper_run_before(ctx.doc, comma.start - 1)
        if run is None or _overlaps(run.start_char, run.end_char, taken) or \
                not ctx.in_body(run.start_char, run.end_char):
            continue
        if any(_contains(area, entry) for entry, primary in open_gazetteer().lookup(run.text)
               if primary for area in areas):
            found.append((run.start_char, run.end_char))
    return found


def _tokens_among(doc, words, attr: str = "LOWER") -> list:
    """Return the tokens whose lower-case form (or other `attr`) is one of `words`, in text order."""
    return [doc[i] for i in token_indices(doc, (attr,), words.__contains__)]


def _proper_run_before(doc, i: int):
    """Return the run of up to three capitalised proper nouns ending just before token i, or None."""
    start = i
    while start > 0 and i - start < 3 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
        start -= 1
    return doc[start:i] if start < i else None


def _proper_run(doc, i: int):
    """Return the run of up to three proper nouns starting at token i, or None."""
    end = i
    while end < len(doc) and end - i < 3 and doc[end].pos_ == "PROPN" and doc[end].is_title:
        end += 1
    return doc[i:end] if end > i else None


def _known_enough(name: str, min_population: int) -> bool:
    """True when the gazetteer has a country, region or city of `min_population` by this main name."""
    return any(primary and ((entry.feature != "city" and entry.level != 2) or entry.population >= min_population)
               for entry, primary in open_gazetteer().lookup(name))


# -- context ------------------------------------------------------------------


def article_hints(ctx) -> Hints:
    """Return the countries the article's entities belong to and its dateline's place."""
    hints = Hints()
    for entity in ctx.record.entities:
        # Not GPE entities: their country is countrynames' reading of the toponym itself ("Dublin"
        # is IRL), which would vote for its own namesake; the toponyms weigh in as they resolve.
        if entity.country and len(entity.country) == 3 and entity.type in ("NORP", "PERSON", "ORG") and \
                not _named_after_town_or_country(entity):
            hints.countries[entity.country] += len(entity.mentions)
    if ctx.seg.dateline:
        _add_dateline(hints, ctx.seg.dateline)
    outlet = outlet_country(ctx.article.url)
    if outlet:
        # A namesake abroad yields to the outlet's own ("Birmingham" in a .co.uk paper), as to one sure name.
        hints.countries[outlet] += _LEARNT_WEIGHT
    return hints


# Country-code domains sold for other uses ("news.tv", "app.io"): they say nothing of the outlet's country.
_GENERIC_CCTLDS = {"tv", "io", "me", "fm", "ai", "co", "ly", "to", "cc", "ws", "gg", "am", "la", "nu", "tk"}


def outlet_country(url: Optional[str]) -> Optional[str]:
    """Return the alpha-3 code of the country an article's web address belongs to by its
    country-code domain ("https://www.bbc.co.uk/..." is GBR), else None (.com, .org, no address)."""
    from urllib.parse import urlparse

    from ..countries import alpha3_of

    host = urlparse(url).hostname if url else None
    tld = host.rsplit(".", 1)[-1].lower() if host and "." in host else ""
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_CCTLDS:
        return None
    return alpha3_of("GB" if tld == "uk" else tld.upper())


def _named_after_town_or_country(entity) -> bool:
    """True for an organisation whose country is read from a country's name inside its own that
    towns bear too ("Lebanon Police", "Jordan Elementary School"): like a GPE entity, it would vote
    for the country against the town. "Lebanese Army" still counts."""
    if entity.type != "ORG":
        return False
    words = entity.name.split()
    runs = {" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    return any(country_code(run) == entity.country and not is_demonym(run) and
               any(primary and e.feature == "city" for e, primary in open_gazetteer().lookup(run))
               for run in runs)


def _add_dateline(hints: Hints, dateline: str) -> None:
    """A dateline ("ANTALYA, Turkey") weighs its country and anchors its city."""
    parts = [p.strip() for p in dateline.split(",") if p.strip()]
    country = next((country_code(p) for p in parts[1:] if country_code(p)), None)
    region = next((p for p in parts[1:] if _admin_entries(p)), None)
    for entry, primary in open_gazetteer().lookup(parts[0].title()) if parts else ():
        fits = (country is None or entry.country == country) and \
               (region is None or entry.admin1 in {a.admin1 for a in _admin_entries(region)})
        if primary and fits and entry.feature == "city":
            best = _best_anchor(hints, entry)
            hints.dateline = best
            if best is entry:
                hints.countries[entry.country] += 3
    if country:
        hints.countries[country] += 3


def _best_anchor(hints: Hints, entry: Entry) -> Entry:
    current = [a for a in hints.anchors if a.feature == "city" and a.population >= entry.population]
    if not current:
        hints.anchors = [a for a in hints.anchors if a.feature != "city"] + [entry]
        return entry
    return current[0]


def _admin_entries(name: str) -> list:
    return [e for e, primary in open_gazetteer().lookup(name) if e.feature == "admin"]


def dateline_place(ctx, hints: Hints) -> Optional[Entry]:
    """Return the city of the dateline, when the gazetteer knows it."""
    if not ctx.seg.dateline:
        return None
    return next((a for a in hints.anchors if a.feature == "city"), None)


# -- resolution ---------------------------------------------------------------


def resolve_spans(text: str, spans: list, hints: Optional[Hints] = None,
                  settings: Settings = DEFAULT, collect: Optional[list] = None) -> list:
    """Return one Place (or None when the gazetteer has nothing) per (start, end) span.

    Names resolve once per article (one sense per discourse): first those that
    are safe (countries, single candidates), which become context, then the rest,
    twice by the rules; then the learned ranker (place_ranker) picks among each
    name's candidates with the rules' context (`settings.place_model`).
    `collect`, when given, receives ((start, end), candidates, feature rows) per
    span, for training the ranker.
    """
    hints = hints or Hints()
    names = dict.fromkeys(text[s:e] for s, e in sorted(spans))  # in text order: runs repeat exactly
    candidates = {name: _candidates(name) for name in names}
    narrowed = {**_listed_counties(text, spans), **_within_container(text, spans, candidates)}
    for cands in narrowed.values():
        sure = _sure(cands, settings)
        if sure is not None:
            _learn(hints, sure)
    _learn_from_safe(hints, candidates, settings)
    hints.others = {name_key(name): [e for e, primary in cands if primary and e.feature != "region"]
                    for name, cands in candidates.items()}
    hints.every = hints.others
    candidates = {name: _local_namesakes(name, cands, hints, settings) for name, cands in candidates.items()}
    chosen = {name: _choose(name, cands, hints, settings) for name, cands in candidates.items()}
    # Second pass: each name against the others' choices, so ties among namesakes
    # (a dozen Henry Counties) break towards the place the rest of the article settled on.
    hints.others = {name_key(name): [entry] for name, entry in chosen.items()
                    if entry is not None and entry.feature != "region"}
    mentions = Counter(text[s:e] for s, e in spans)
    hints.votes = {name_key(name): (entry.admin1, mentions[name]) for name, entry in chosen.items()
                   if entry is not None and entry.admin1 and entry.feature in ("city", "admin")}
    decided, places = {}, []
    for s, e in spans:
        key = (s, e) if (s, e) in narrowed else text[s:e]
        if key not in decided:
            decided[key] = _decide(text[s:e], narrowed.get((s, e)) or candidates[text[s:e]], hints,
                                   settings, collect is not None)
        entry, cands, rows = decided[key]
        if collect is not None:
            collect.append(((s, e), cands, rows))
        places.append(_to_place(text, s, e, entry))
    return places


def _local_namesakes(name: str, cands: list, hints: Hints, settings: Settings) -> list:
    """Return a name's candidates without the country it would surely name when the article reads
    as a local story about a town of that name: a town so called lies beside a place the article
    surely names (a state, a town with no namesake), and the article points to no country but the
    town's and this one. "Lebanon" beside "Zionsville" is Lebanon, Indiana; beside "Beirut", "Hezbollah" or
    "Lebanese" it stays the country, and beside "Syria" too (a country vouches for no town)."""
    sure = _sure(cands, settings)
    # The sure country's own name added _LEARNT_WEIGHT to its count: more means other support.
    if sure is None or sure.feature != "country" or hints.countries[sure.country] > _LEARNT_WEIGHT:
        return cands
    neighbours = [a for a in hints.anchors if a.feature != "country" and name_key(a.name) != name_key(name)]
    if not any(primary and entry.feature == "city" and _only_abroad(hints, sure.country, entry.country) and
               any(_beside(entry, other, settings.place_near_km) for other in neighbours)
               for entry, primary in cands):
        return cands
    return [(entry, primary) for entry, primary in cands if entry.id != sure.id]


def _only_abroad(hints: Hints, country: str, home: str) -> bool:
    """True when the article points to no country but `country` and `home`: a story that names
    Italy, Russia and China among others means the countries, whatever towns lie nearby."""
    return all(c in (country, home) for c, n in hints.countries.items() if n > 0)


def _decide(name: str, cands: list, hints: Hints, settings: Settings, describe: bool = False) -> tuple:
    """Return (the entry a name means, its candidates, their feature rows or None): the learned
    ranker's choice over the rules' context, or the rules' own when settings.place_model is off.
    A name the rules force (a sure country) stays theirs."""
    if not cands:
        return None, cands, None
    forced = _forced(cands, hints, settings)
    if not (describe or (settings.place_model and forced is None)):
        return _choose(name, cands, hints, settings), cands, None
    rule = {entry.id: _rule_total(name, entry, primary, hints, settings) for entry, primary in cands}
    rule_choice = forced or max(cands, key=lambda c: rule[c[0].id])[0]
    rows = place_ranker.group_features(name, cands, rule, rule_choice, hints)
    if forced is not None:
        for (entry, _), row in zip(cands, rows):
            row["forced"] = float(entry.id == forced.id)  # marks the group for training, not a weight
    if not settings.place_model or forced is not None:
        return rule_choice, cands, rows
    ranked = place_ranker.best(cands, rows, place_ranker.load_model())
    # The ranker learnt where a name lies (its label is "within 161 km"), not which of the places
    # at that spot it names: the town or its county, the city or its department. The rules say that.
    if distance_km(ranked.lat, ranked.lon, rule_choice.lat, rule_choice.lon) <= settings.place_same_spot_km:
        ranked = rule_choice
    return ranked, cands, rows


def _candidates(name: str) -> list:
    """Return [(entry, primary)] for a name; demonyms and aliases the gazetteer
    lacks ("U.S.", "Americans") become their country."""
    if is_demonym(name):  # "Canadian winters" are Canada's, not Canadian, Texas's
        code = demonym_country(name) or country_code(name)
        country = open_gazetteer().country(code) if code and code != "-" else None
        return [(country, True)] if country is not None else []
    found = _as_written(name, list(open_gazetteer().lookup(name)))
    cleaned = _POSSESSIVE.sub("", _LEADING.sub("", name)).strip()
    # "West Bank"; but the "east coast" is no place called Coast (the rest must be a name)
    if not found and cleaned[:1].isupper() and cleaned != name and not country_code(name):
        found = list(open_gazetteer().lookup(cleaned))
    found += _written_otherwise(name, found)
    if any(primary for _, primary in found):
        return found  # countrynames also maps cities to countries ("Paris" -> FR): not wanted here
    code = country_code(name) or (country_code(cleaned) if cleaned else None)
    country = open_gazetteer().country(code) if code else None
    if country is not None and not any(e.id == country.id for e, _ in found):
        found.append((country, True))
    return found


def _written_otherwise(name: str, found: list) -> list:
    """Return more [(entry, primary)] for a name from the ways it may be written otherwise
    (resources/place_name_variants.tsv): its abbreviations spelt out ("Mt. Pleasant"), always; and
    when the gazetteer knows nothing by the name, the town of a township ("Hamilton Township"), the
    place after "Town of" ("Town of Groton"), or the region or big city a people's name comes
    from ("Ohioans", "Texan", "Londoner")."""
    extra = [c for variant in _spelt_out(name) for c in open_gazetteer().lookup(variant)]
    if not found and not extra:
        extra = [(e, p) for variant in _without_division(name) for e, p in open_gazetteer().lookup(variant) if p]
    if not found and not extra:
        extra = _people_place(name)
    seen = {e.id for e, _ in found}
    return [(e, p) for e, p in extra if not (e.id in seen or seen.add(e.id))]


def _spelt_out(name: str) -> list:
    """Return the name with its abbreviated words spelt out ("Mt. Pleasant" -> "Mount Pleasant"), if any."""
    table = dict(_name_variants("abbreviation"))
    words = name.split(" ")
    spelt = [table.get(word, word) for word in words]
    return [" ".join(spelt)] if spelt != words and len(words) > 1 else []


def _without_division(name: str) -> list:
    """Return the town's name inside a township's or a "Town of" name ("Hamilton", "Groton")."""
    variants = [name[:-len(suffix)].rstrip() for suffix, _ in _name_variants("suffix")
                if name.endswith(" " + suffix)]
    head = re.match(r"(?:the\s+)?(\w+)\s+of\s+(.+)$", name, re.I)
    if head and head.group(1).lower() in load_word_list("place_of_heads"):
        variants.append(head.group(2))
    return variants


def _people_place(name: str) -> list:
    """Return [(entry, True)] of the first-level region, country, continent or city of
    place_city_beats_region people whose name a people's name comes from ("Ohioans", "European")."""
    for ending, stem_end in _name_variants("demonym"):
        if not name.endswith(ending) or len(name) <= len(ending) + 2:
            continue
        stem = name[:-len(ending)] + stem_end
        places = [(e, True) for e, p in open_gazetteer().lookup(stem) if p and (
            e.feature in ("country", "region") or _is_region_itself(e) or
            (e.feature == "city" and e.population >= DEFAULT.place_city_beats_region))]
        if places:
            return places
    return []


def _name_variants(kind: str) -> list:
    """Return the (written, read as) pairs of one kind in resources/place_name_variants.tsv."""
    return [(written, read) for row_kind, written, read, *_ in load_table("place_name_variants.tsv")
            if row_kind == kind]


_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")


def _as_written(name: str, found: list) -> list:
    """Return the candidates a name's capitals allow. Lookup keys drop case and dots, so "L.A." meets
    Louisiana ("La.") and "EU" the French town of Eu: dotted initials keep the places they are the
    initials of when there is one, and an all-caps acronym of two or three letters keeps no town it
    matches only by case-folding the town's own name, unless the aliases table lists it so."""
    if _DOTTED_INITIALS.fullmatch(name):
        letters = name.replace(".", "")
        initialled = [(e, p) for e, p in found if _initials(e.name) == letters]
        return initialled or found
    if name.isalpha() and name.isupper() and len(name) <= 3:  # longer: a dateline ("ATLANTA"), a headline
        return [(e, p) for e, p in found if not (e.feature == "city" and e.name != name
                and name_key(e.name) == name_key(name) and (name, e.name) not in _capital_aliases())]
    return found


def _initials(name: str) -> str:
    """Return the first letters of a name's words, in capitals ("Los Angeles" -> "LA")."""
    return "".join(word[0] for word in re.findall(r"[^\W\d_]+", name)).upper()


def _capital_aliases() -> set:
    """Return the (alias, place name) pairs of resources/place_aliases.tsv written in capitals."""
    return {(alias, place) for alias, _, _, place in load_table("place_aliases.tsv") if alias.isupper()}


def _learn_from_safe(hints: Hints, candidates: dict, settings: Settings = DEFAULT) -> None:
    """Add the countries, regions and points of unambiguous names to the hints."""
    for cands in candidates.values():
        sure = _sure(cands, settings)
        if sure is not None:
            _learn(hints, sure)


_LEARNT_WEIGHT = 2  # the country weight one sure name adds


def _learn(hints: Hints, sure: Entry) -> None:
    if sure.country:
        hints.countries[sure.country] += _LEARNT_WEIGHT
    if sure.feature == "admin" and sure.admin1:
        hints.admin1.add(sure.admin1)
    if sure.feature != "region":
        hints.anchors.append(sure)


def _sure(cands: list, settings: Settings = DEFAULT) -> Optional[Entry]:
    """Return the entry a name surely means: its only country or region when no
    big city shares the name, or its only candidate (or the biggest of one region's)."""
    primaries = [e for e, primary in cands if primary]
    areas = [e for e in primaries if e.feature == "country" or _is_region_itself(e)]
    cities = [e for e in primaries if e.feature == "city"]
    if len(areas) == 1 and all(c.population < settings.place_city_beats_region for c in cities):
        return areas[0]
    if len(primaries) == 1 and len(cands) <= 2:
        return primaries[0]
    if cities and not areas and len({(e.country, e.admin1) for e in cities}) == 1:
        return max(cities, key=lambda e: e.population)
    return None


def _within_container(text: str, spans: list, candidates: dict) -> dict:
    """Return {span: candidates} narrowed by a following container: "Alexandria, La.",
    "Antalya, Turkey" keep only the places inside the region or country named after them."""
    narrowed = {}
    ordered = sorted(spans)
    for (s1, e1), (s2, e2) in zip(ordered, ordered[1:]):
        if text[e1:s2].strip() != ",":
            continue
        areas = [e for e, primary in candidates[text[s2:e2]] if primary and e.feature in ("admin", "country")]
        inside = [(e, p) for e, p in candidates[text[s1:e1]]
                  if any(_contains(area, e) for area in areas)]
        if inside:
            narrowed[(s1, e1)] = inside
    return narrowed


def _listed_counties(text: str, spans: list) -> dict:
    """Return {span: candidates} for names listed before "counties" or "parishes" ("Grant, Adams
    and Lincoln counties"): the counties of that name, not the towns."""
    listed = {}
    for start, end in spans:
        match = _COUNTY_LIST_TAIL.match(text, end)
        # A list of two or more: "metro Athens counties" and "Indiana counties" are no county names.
        if match and (match.start(1) > end + 1 or _LIST_BEFORE.search(text[max(0, start - 6):start])):
            name = f"{text[start:end]} {_DIVISION_PLURALS[match.group(1).lower()]}"
            counties = [(e, p) for e, p in open_gazetteer().lookup(name) if p and e.feature == "admin"]
            if counties:
                listed[(start, end)] = counties
    return listed


_COUNTY_LIST_TAIL = re.compile(r"(?:\s*(?:,|,?\s+and|,?\s+or|&)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})*"
                               r"\s+([Cc]ounties|[Pp]arishes)\b")
_LIST_BEFORE = re.compile(r"(?:,|\band|\bor|&)\s+$")


def _contains(area: Entry, entry: Entry) -> bool:
    if area.id == entry.id or entry.feature == "country":
        return False
    if area.feature == "country":
        return entry.country == area.country
    return entry.admin1 == area.admin1 and entry.country == area.country


def _choose(name: str, cands: list, hints: Hints, settings: Settings) -> Optional[Entry]:
    """Return the candidate a name means: the country it surely names ("China" is
    not China, Texas) or the region of the article's main country ("Kansas" in
    a US story is the state), else the best scored."""
    if not cands:
        return None
    return _forced(cands, hints, settings) or \
        max(cands, key=lambda c: _rule_total(name, c[0], c[1], hints, settings))[0]


def _forced(cands: list, hints: Hints, settings: Settings) -> Optional[Entry]:
    """Return the country a name surely names, or the sure region of the article's main country, or None."""
    sure = _sure(cands, settings)
    if sure is not None and (sure.feature == "country" or (
            sure.feature == "admin" and hints.countries and
            sure.country == hints.countries.most_common(1)[0][0])):
        return sure
    return None


def _rule_total(name: str, entry: Entry, primary: bool, hints: Hints, settings: Settings) -> float:
    """Return the rules' score of a candidate: its fit, coherence and majority region."""
    return score(entry, primary, hints, settings, name) + _coherence(name, entry, hints, settings) + \
        _majority(name, entry, hints, settings)


def _majority(name: str, entry: Entry, hints: Hints, settings: Settings) -> float:
    """Return the score a candidate earns from lying in the first-level region where the
    article's other toponym mentions were placed: the share of them there, weighted."""
    own = name_key(name)
    votes = [(admin1, n) for key, (admin1, n) in hints.votes.items() if key != own]
    total = sum(n for _, n in votes)
    if not total or not entry.admin1 or entry.feature not in ("city", "admin"):
        return 0.0
    return settings.place_majority_weight * sum(n for admin1, n in votes if admin1 == entry.admin1) / total


def score(entry: Entry, primary: bool, hints: Hints, settings: Settings = DEFAULT,
          mention: str = "") -> float:
    """Return how well a candidate fits: its prior (size, feature, name) plus the article's context.
    `mention` is the name as written: the town it names does not vouch for a region of that name."""
    value = _prior(entry, primary, settings)
    own = {name_key(entry.name), name_key(mention)}
    total = sum(hints.countries.values())
    if entry.country and total:
        value += settings.place_country_weight * math.sqrt(hints.countries[entry.country] / total)
    if entry.admin1 and not _is_region_itself(entry) and entry.admin1 in hints.admin1:
        value += settings.place_admin1_weight
    elif _is_region_itself(entry) and any(a.admin1 == entry.admin1 and a.feature == "city" and
                                          name_key(a.name) not in own
                                          for a in hints.anchors):
        value += settings.place_admin1_weight  # the article names a town inside this region
    if not _is_region_itself(entry) and entry.feature != "country" and \
            _near_anchor(entry, hints, settings.place_near_km):
        value += settings.place_near_weight
    return value


def _coherence(name: str, entry: Entry, hints: Hints, settings: Settings) -> float:
    """Return the score a candidate earns from the article's other names that could lie beside it:
    in its first-level region or within place_near_km ("Paris" beside "Henry County" is Paris, Tennessee)."""
    if entry.feature == "region":
        return 0.0
    # The score counts at most two names: the rest need not be looked at.
    count = _neighbours(hints).count_beside(name_key(name), entry, settings.place_near_km, 2)
    return settings.place_coherence_weight * count


def _neighbours(hints: Hints) -> "_Neighbours":
    """Return hints.others indexed for `_coherence`, built once per pass (resolve_spans replaces the dict)."""
    if hints.neighbours is None or hints.neighbours[0] is not hints.others:
        hints.neighbours = (hints.others, _Neighbours(hints.others))
    return hints.neighbours[1]


class _Neighbours:
    """The article's other names' places ({name key: entries}) by country, by first-level region
    and by latitude, so that a candidate is tried by `_beside` only against those it may accept."""

    def __init__(self, others: dict):
        self.by_country, self.by_admin1, self.points = {}, {}, []
        for key, entries in others.items():
            for other in entries:
                if other.feature == "country":
                    continue  # beside no candidate
                self.by_country.setdefault(other.country, []).append((key, other))
                self.by_admin1.setdefault(other.admin1, []).append((key, other))
                self.points.append((key, other))
        self.points.sort(key=lambda point: point[1].lat)
        self.lats = [other.lat for _, other in self.points]

    def count_beside(self, own: str, entry: Entry, km: float, most: int) -> int:
        """Return how many names other than `own` have a place beside `entry`, counting up to `most`."""
        found = set()
        for key, other in self._maybe_beside(entry, km):
            if key != own and key not in found and _beside(entry, other, km):
                found.add(key)
                if len(found) == most:
                    break
        return len(found)

    def _maybe_beside(self, entry: Entry, km: float):
        """Yield the (name key, place) pairs `_beside(entry, place, km)` may accept: of the same
        country for an area; of the same region, or not farther by latitude alone, for a town."""
        if entry.feature == "country" or _is_region_itself(entry):
            yield from self.by_country.get(entry.country, ())
            return
        if entry.admin1:
            yield from self.by_admin1.get(entry.admin1, ())
        # A margin keeps rounding from dropping a pair _beside's own latitude test would keep.
        band = km / _KM_PER_DEGREE_LAT * (1 + 1e-9) + 1e-9
        low = bisect.bisect_left(self.lats, entry.lat - band)
        yield from self.points[low:bisect.bisect_right(self.lats, entry.lat + band)]


def _beside(entry: Entry, other: Entry, km: float) -> bool:
    """True when `other` could lie beside `entry`; a country or first-level region is beside
    any town or region in its country, so that towns do not outscore the areas they lie in.
    (`_Neighbours` offers `_coherence` only the places these rules may accept: change both.)"""
    if other.id == entry.id:
        return False
    if entry.feature == "country" or _is_region_itself(entry):
        return other.country == entry.country and other.feature != "country"
    if other.feature == "country":
        return False
    if entry.admin1 and entry.admin1 == other.admin1 and not entry.admin1.endswith("."):
        return True
    if abs(entry.lat - other.lat) * _KM_PER_DEGREE_LAT > km:
        return False  # farther apart by latitude alone: most pairs, without the trigonometry
    return distance_km(entry.lat, entry.lon, other.lat, other.lon) <= km


def _prior(entry: Entry, primary: bool, settings: Settings) -> float:
    value = {"country": 3.0, "region": 2.5, "admin": 1.6, "physical": 1.6}.get(entry.feature, 0.0)
    if entry.feature == "admin" and not _is_region_itself(entry):
        value -= 0.8  # a county yields to the state or town it is named after
    if entry.feature == "city":
        value += math.log10(entry.population + 1) / 3.5
    if not primary:
        value -= settings.place_alternate_penalty
    return value


def _is_region_itself(entry: Entry) -> bool:
    """True for a first-level region (the admin1 hint it would match is its own), not a county."""
    return entry.feature == "admin" and entry.level == 1


def _near_anchor(entry: Entry, hints: Hints, km: float) -> bool:
    # Farther apart by latitude alone (with a margin for rounding): no trigonometry needed.
    far = km * (1 + 1e-9) / _KM_PER_DEGREE_LAT
    return any(a.id != entry.id and a.feature != "country" and abs(entry.lat - a.lat) <= far and
               distance_km(entry.lat, entry.lon, a.lat, a.lon) <= km for a in hints.anchors)


def _to_place(text: str, start: int, end: int, entry: Optional[Entry]) -> Optional[Place]:
    if entry is None:
        return None
    return Place(start=start, end=end, text=text[start:end], name=entry.name,
                 country=entry.country, lat=round(entry.lat, 5), lon=round(entry.lon, 5),
                 geonameid=entry.geonameid, feature=entry.feature)


# -- the place of an event --------------------------------------------------------


def place_for_span(ctx, start: int, end: int, dateline_fallback: bool = True) -> Optional[Place]:
    """Return the most specific place a clause [start, end) supports, or None.

    A place the clause names wins; when it is a country or region and the
    article places its story in a city inside it (the dateline, or the city it
    names most), that city is more specific and is returned instead. Capitals
    and countries used as governments ("Moscow said") are actors, not places.
    With no place in the clause, the dateline's city is returned
    (`dateline_fallback`).
    """
    places = ctx.shared.get("places", [])
    inside = [p for p in places if start <= p.start and p.end <= end and p.role == "literal" and
              not acts_as_government(ctx, p)]
    if not inside:
        city = ctx.shared.get("dateline_place")
        return _entry_place(ctx, city) if dateline_fallback and city else None
    best = min(inside, key=lambda p: _RANK[p.feature])
    if best.feature == "city":
        return best
    return _city_within(ctx, best, places) or best


_RANK = {"city": 0, "physical": 1, "admin": 1, "country": 2, "region": 3}
def event_place(place: Place) -> EventPlace:
    """Return the place of an event: the place's point, geonameid and feature, and how precise it is
    (city, admin1 for a state, province or county, country, region, physical for a sea or river)."""
    return EventPlace(place.name, place.country, place.lat, place.lon, place.geonameid, place.feature,
                      PRECISION_OF_FEATURE.get(place.feature))


def acts_as_government(ctx, place: Place) -> bool:
    """True when a country or capital is the subject of its clause or a possessor ("Moscow's")."""
    if place.feature == "city" and place.text not in capitals():
        return False
    span = ctx.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass", "agent") or \
        any(child.tag_ == "POS" for child in root.children)


def _city_within(ctx, area: Place, places: list) -> Optional[Place]:
    """Return the dateline city, else the most named city, that lies inside `area`'s country."""
    city = ctx.shared.get("dateline_place")
    if city is not None and _inside(city.country, city.admin1, area):
        return _entry_place(ctx, city)
    counts = Counter((p.name, p.country) for p in places
                     if p.feature == "city" and p.country == area.country and not acts_as_government(ctx, p))
    if not counts:
        return None
    name, country = counts.most_common(1)[0][0]
    return next(p for p in places if p.name == name and p.country == country)


def _inside(country: Optional[str], admin1: Optional[str], area: Place) -> bool:
    return country is not None and country == area.country


def _entry_place(ctx, entry: Entry) -> Place:
    span = ctx.seg.dateline_span or (0, 0)
    return Place(start=span[0], end=span[1], text=ctx.article.text[span[0]:span[1]],
                 name=entry.name, country=entry.country, lat=round(entry.lat, 5),
                 lon=round(entry.lon, 5), geonameid=entry.geonameid, feature=entry.feature)
