"""The role of a place mention (not a stage of its own: the places stage calls it).

A toponym is not always a place in the sense of the text. Five roles:

- `literal`: where something is or happens, or where someone is from ("in Paris",
  "a senator from Vermont", the dateline);
- `acting`: a country, state or capital standing for its government or people
  ("Russia said", "sanctions on Iran", "Iran's missile program");
- `modifier`: a premodifier saying where a thing or person is from ("U.S.
  officials", "a Chicago firm", "the Vermont senator", "Rep. Cox (R-Lilburn)");
- `in_name`: part of a name ("The Washington Post", "Texas Tech University",
  "the Paris agreement"): no place at all;
- `demonym`: a people's name ("Turkish"), set by rule (dateline.stages.places).

Rules propose the roles a mention may have (`acting` only for a country, a
first-level region or a capital); `features` describes the mention (entity label,
dependency relation, possessive, the word after it, a locative preposition
before it, a verb of saying it is subject of, its kind of place); a conditional
logit whose weights are plain JSON in resources/place_role_model.json scores
each proposed role, the highest wins. It is trained on the annotated set
src/dateline/eval/data/place_roles.jsonl and on LGL's mentions the gold does not
mark (`python -m dateline.learn.place_roles`).
"""

from __future__ import annotations

import functools
from typing import Optional

from ..countries import capitals
from ..learn import linear_score
from ..resources import load_json, load_table, load_word_list

MODEL_FILE = "place_role_model.json"
COLLECT_KEY = "dateline.place_roles.collect"  # training: ctx.shared list of (start, end, features)
ROLES = ("literal", "acting", "modifier", "in_name")
DEMONYM = "demonym"
SCORED_ROLES = ("literal", DEMONYM)  # the roles a map, event places and `dateline eval places` count
_NAME_LABELS = {"ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"}
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "across", "around", "outside", "inside",
             "throughout", "within", "toward", "towards", "through", "across", "between", "across"}
_DEPS = {"nsubj", "nsubjpass", "poss", "compound", "amod", "pobj", "dobj", "appos", "conj", "npadvmod",
         "ROOT", "nmod", "attr"}
_ENT_LABELS = {"GPE", "LOC", "NORP", "ORG", "FAC", "PERSON"}
_PARTY = {"R", "D", "I", "DFL", "GOP"}


@functools.cache
def load_model(name: str = MODEL_FILE) -> dict:
    """Return the shipped role model: {"intercept": 0, "weights": {"<role>:<feature>": w}}."""
    return load_json(name)


def choose(feats: dict, roles: tuple, model: Optional[dict] = None) -> str:
    """Return the proposed role the model scores highest for a mention with these features."""
    model = model or load_model()
    return max(roles, key=lambda role: linear_score(model, role_features(role, feats)))


def role_features(role: str, feats: dict) -> dict:
    """Return the features of one (mention, role) candidate: each feature crossed with the role."""
    out = {f"{role}:{name}": value for name, value in feats.items()}
    out[f"{role}:bias"] = 1.0
    return out


def proposed_roles(feats: dict) -> tuple:
    """Return the roles a mention may have: only a country, first-level region or capital acts."""
    if feats.get("kind_country") or feats.get("kind_admin") or feats.get("capital"):
        return ROLES
    return tuple(r for r in ROLES if r != "acting")


def features(doc, start: int, end: int, feature: str, dateline: bool = False) -> dict:
    """Return the named features of the mention doc.text[start:end] resolved to a place of kind `feature`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return {"kind_" + feature: 1.0}
    root, first, last = span.root, span[0], span[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    prev = doc[first.i - 1] if first.i > 0 else None
    out = {"kind_" + feature: 1.0}
    _entity_features(out, doc, span)
    _syntax_features(out, span, root, prev, nxt)
    if span.text in capitals():
        out["capital"] = 1.0
    if dateline:
        out["dateline"] = 1.0
    if span.text.isupper() and len(span.text) > 3:
        out["all_caps"] = 1.0
    if first.is_sent_start:
        out["sentence_start"] = 1.0
    return out


def _entity_features(out: dict, doc, span) -> None:
    ent = span[0].ent_type_ or "none"
    out["ent_" + (ent if ent in _ENT_LABELS else "other")] = 1.0
    # The entity goes on before or after the mention (IOB tags: doc.ents costs more per call).
    before = span[0].ent_iob_ == "I"
    after = span.end < len(doc) and doc[span.end].ent_iob_ == "I"
    if ent != "none" and (before or after):
        out["inside_" + ("name" if ent in _NAME_LABELS else "place")] = 1.0
    elif ent != "none":
        out["whole_entity"] = 1.0  # a town NER took for an organisation ("Shelling hit Mariupol") is no name's part


def _syntax_features(out: dict, span, root, prev, nxt) -> None:
    out["dep_" + (root.dep_ if root.dep_ in _DEPS else "other")] = 1.0
    if nxt is not None:
        if nxt.tag_ == "POS":
            out["possessive"] = 1.0
            nxt = nxt.doc[nxt.i + 1] if nxt.i + 1 < len(nxt.doc) else None
    if nxt is not None:
        _next_word_features(out, nxt)
    if prev is not None:
        _previous_word_features(out, span, prev)
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _saying_verbs():
        out["subject_of_saying"] = 1.0
    elif root.dep_ in ("nsubj", "nsubjpass"):
        out["subject_of_" + ("verb" if root.head.pos_ in ("VERB", "AUX") else "other")] = 1.0
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ in ("NOUN", "PROPN"):
        out["of_a_noun"] = 1.0
    if root.dep_ in ("compound", "amod", "nmod") and root.head.lower_ in _titles():
        out["before_title"] = 1.0


def _next_word_features(out: dict, nxt) -> None:
    lower = nxt.lower_.rstrip(".")
    if nxt.is_punct:
        out["next_punct" if nxt.text not in ",)" else "next_" + ("comma" if nxt.text == "," else "paren")] = 1.0
        return
    if nxt.pos_ == "PROPN" or nxt.text[:1].isupper():
        out["next_capitalised"] = 1.0
    elif nxt.pos_ == "NOUN":
        out["next_noun"] = 1.0
    elif nxt.pos_ in ("VERB", "AUX"):
        out["next_verb"] = 1.0
    if lower in _institution_words():
        out["next_institution"] = 1.0
    if lower in _resident_words():
        out["next_people"] = 1.0
    if lower in _titles():
        out["next_title"] = 1.0


def _previous_word_features(out: dict, span, prev) -> None:
    lower = prev.lower_
    if lower in _LOCATIVE:
        out["after_locative"] = 1.0
    elif lower == "of":
        out["after_of"] = 1.0
        before = span.doc[prev.i - 1] if prev.i > 0 else None
        if before is not None and before.text[:1].isupper():
            out["after_name_of"] = 1.0  # "University of Georgia", "King Abdullah II of Jordan"
    elif lower in ("the", "a", "an"):
        out["after_" + ("the" if lower == "the" else "a")] = 1.0
    elif prev.text in ("-", "–") and prev.i > 0 and span.doc[prev.i - 1].text in _PARTY:
        out["party_district"] = 1.0  # "(R-Texas)"
    elif lower == ",":
        out["after_comma"] = 1.0  # a container ("Kingston, Ont.") or a list
    elif lower in ("with", "against", "on", "over", "by"):
        out["after_" + lower] = 1.0
    elif prev.text[:1].isupper() and not prev.is_sent_start and prev.pos_ == "PROPN":
        out["after_capitalised"] = 1.0


@functools.cache
def _saying_verbs() -> frozenset:
    return frozenset(row[0] for row in load_table("speech_verbs.tsv"))


@functools.cache
def _titles() -> frozenset:
    words = {row[0].split()[-1] for row in load_table("titles.tsv")}
    return frozenset(words | {w.rstrip(".") for w in words} | {"gov", "sen", "rep", "lt"})


@functools.cache
def _institution_words() -> frozenset:
    return load_word_list("place_name_heads")


@functools.cache
def _resident_words() -> frozenset:
    return load_word_list("place_resident_nouns")
