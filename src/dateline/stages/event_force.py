"""What an article is about, as features of the learned layer's ASSAULT and COERCE candidates:
does it tell physical force or an electoral campaign (issue 22; not a stage of its own).

Election news "attacks" a rival's record and "beats" a candidate; a real assault or coercion
tells weapons, casualties, armed or police actors, arrests or damage. The words are in
resources/event_force.tsv (kinds weapon, harm, detention, damage, armed; and campaign, the
words of electoral campaigns). The features are the article's: the share of its sentences
with a violence word and the share with a campaign word (an "attack" in an article about a
campaign is verbal far more often). An article of fewer than MIN_SENTENCES sentences (a single
sentence: the PLOVER gold, our no-event sentences) has no article features: a neutral value,
not a share of one. (The same words in the candidate's own clause or sentence were tried as
features and left out: fewer right outputs by cross-validation, docs/events.md.)

The article's shares are computed once per Doc and kept in `doc.user_data[ARTICLE_KEY]`;
training (learn/events.py) reads a real-news sentence alone and puts there the shares of its
article, computed by the same function on the article's own Doc.
"""

from __future__ import annotations

import functools
from typing import Optional

from ..resources import load_table

FORCE_FILE = "event_force.tsv"
ARTICLE_KEY = "dateline.event_force.article"
VIOLENCE = frozenset({"weapon", "harm", "detention", "damage", "armed"})
CAMPAIGN = "campaign"
# Fewer sentences than this make no article: its shares would be those of one sentence.
MIN_SENTENCES = 3
_CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")


@functools.cache
def lexicon() -> dict:
    """Return {lemma: kind} of resources/event_force.tsv."""
    return {row[0]: row[1] for row in load_table(FORCE_FILE)}


def kind_of(tok) -> Optional[str]:
    """Return the kind of evidence a token gives (weapon, harm, ..., campaign), or None."""
    if tok.pos_ not in _CONTENT_POS:
        return None
    kind = lexicon().get(tok.lemma_.lower()) or lexicon().get(tok.lower_)
    if kind == "armed" and tok.pos_ not in ("NOUN", "PROPN"):
        return None  # "forced to resign" is no force
    return kind


def article_shares(doc) -> Optional[dict]:
    """Return {"violence": share of the Doc's sentences with a violence word, "campaign": share
    with a campaign word}, or None for a Doc of fewer than MIN_SENTENCES sentences."""
    if ARTICLE_KEY in doc.user_data:
        return doc.user_data[ARTICLE_KEY]
    sents = [s for s in doc.sents if any(not t.is_space for t in s)]
    shares = None
    if len(sents) >= MIN_SENTENCES:
        kinds = [{kind_of(t) for t in s} for s in sents]
        shares = {"violence": sum(bool(k & VIOLENCE) for k in kinds) / len(sents),
                  "campaign": sum(CAMPAIGN in k for k in kinds) / len(sents)}
    doc.user_data[ARTICLE_KEY] = shares
    return shares


def article_features(f: dict, cand) -> None:
    """Add the article's shares of violence and campaign sentences to the features `f` of one
    ASSAULT or COERCE candidate (nothing for a text too short to be an article)."""
    shares = article_shares(cand.trigger.token.doc)
    if shares is not None:
        f["force_article_violence"] = shares["violence"]
        f["force_article_campaign"] = shares["campaign"]
