"""The type proposer of the events stage (not a stage of its own): which PLOVER types a verb may
report beyond the lexicon's readings, so that the learned layer has them to choose from.

A verb is asked when one of its arguments can be an actor (a name, a nationality, a group noun
or a personal pronoun as subject, object or "by" agent): "the senator said the plan was a
disgrace" (ACCUSE on "say"), "Moscow slammed the decision". A multinomial logistic regression
over the verb's lemma, dependency, its arguments' entity types and its spaCy vector (the md
model's, already in the Doc) gives a probability per type and for "none"; each type that reaches
the model's `propose_at` becomes a candidate of that verb, built by the rules like any other
(actors, negation, future), and the judge (event_judge.py) decides with the probability as one
of its features. Trained with the judge by `python -m dateline.learn.events`; weights are plain
JSON (resources/event_proposer.json) read with numpy, no scikit-learn.
"""

from __future__ import annotations

import functools
from typing import Optional

from ..resources import load_json, load_word_list

PROPOSER_FILE = "event_proposer.json"
NONE = "none"
_ARG_DEPS = ("nsubj", "nsubjpass", "dobj")
_ACTOR_ENTS = ("PERSON", "ORG", "GPE", "NORP")


@functools.cache
def load_proposer(name: str = PROPOSER_FILE) -> Optional[dict]:
    """Return the proposer's weights with its vector weights as a numpy matrix, or None when the
    file is absent (the lexicon's readings alone)."""
    import numpy as np

    from ..resources import path

    if not path(name).is_file():
        return None
    model = dict(load_json(name))
    model["matrix"] = np.array(model["vector"], dtype="float32")  # classes x vector width
    model["bias"] = np.array(model["intercept"], dtype="float32")
    return model


def proposals(model: Optional[dict], sent, collecting: bool = False) -> dict:
    """Return {token index: {type: probability}} for the sentence's verbs that have an actor-like
    argument: the types reaching the model's `propose_at`. Collecting for training, every type
    with probability None (training scores them by cross-validation)."""
    verbs = [tok for tok in sent if eligible(tok)]
    if collecting:
        types = _all_types()
        return {tok.i: dict.fromkeys(types) for tok in verbs}
    if model is None or not verbs:
        return {}
    at = model["propose_at"]
    return {tok.i: {t: p for t, p in probs.items() if p >= at}
            for tok, probs in zip(verbs, probabilities(model, verbs))}


def probabilities(model: dict, tokens: list) -> list:
    """Return, per token, {type: probability} (the softmax over the types and "none")."""
    import numpy as np

    vectors = np.stack([token_vector(tok) for tok in tokens])
    scores = vectors @ model["matrix"].T + model["bias"]
    weights = model["weights"]
    for row, tok in enumerate(tokens):
        for name in token_features(tok):
            w = weights.get(name)
            if w is not None:
                scores[row] += w
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    classes = model["classes"]
    return [{c: float(p) for c, p in zip(classes, row) if c != NONE} for row in probs]


def eligible(tok) -> bool:
    """True for a verb with an argument that can be an actor (or a personal pronoun)."""
    if tok.pos_ != "VERB":
        return False
    return any(_actor_ish(a) for a in _arguments(tok))


def _arguments(tok) -> list:
    args = [c for c in tok.children if c.dep_ in _ARG_DEPS]
    return args + [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _actor_ish(tok) -> bool:
    from .events import _actor_like

    return (tok.pos_ == "PRON" and tok.lower_ not in ("it", "this", "that", "what", "which")) or _actor_like(tok)


def token_features(tok) -> list:
    """Return the names of a verb's sparse features (each worth 1): lemma, dependency, whether
    it is a speech verb, its arguments' roles and entity types, and its particles."""
    lemma = tok.lemma_.lower()
    names = [f"lemma={lemma}", f"dep={tok.dep_}"]
    if lemma in load_word_list("event_speech_verbs"):
        names.append("speech_verb")
    for arg in _arguments(tok):
        role = "object" if arg.dep_ in ("dobj", "nsubjpass") else "subject"
        names.append(f"{role}={arg.ent_type_ or arg.pos_}")
        names.append(f"{role}_lemma={arg.lemma_.lower()}")
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "ccomp", "xcomp", "neg"):
            names.append(f"{child.dep_}={child.lemma_.lower() if child.dep_ in ('prt', 'prep') else ''}")
    return names


def token_vector(tok):
    """Return the unit spaCy vector of the verb's lemma (of the word itself when the lemma has
    none; zeros when neither has one)."""
    import numpy as np

    vocab = tok.doc.vocab
    lemma = tok.lemma_.lower()
    v = vocab.get_vector(lemma) if vocab.has_vector(lemma) else tok.vector
    norm = float(np.linalg.norm(v))
    return (v / norm).astype("float32") if norm else np.zeros(tok.doc.vocab.vectors_length, dtype="float32")


@functools.cache
def _all_types() -> tuple:
    from .events import lexicon

    return tuple(sorted({etype for entries in lexicon().values() for _, etype, _ in entries}))
