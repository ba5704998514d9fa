"""token_indices: the stages' trigger words read from a Doc's arrays, with answers kept across Docs."""

import pytest

from dateline import nlp as nlp_module
from dateline.nlp import token_indices, tokens_within

# Written for this test.
TEXTS = [
    "The minister said on Friday that talks would resume. Officials Said nothing.",
    "\u201cWe are ready,\u201d she told reporters in Ankara, according to the ministry.",
    "",
    "Rebels shelled the town; the army said it had shelled nothing.",
]


def _lemma_is_say(lemma):
    return lemma.lower() == "say"


def _is_said(lower):
    return lower == "said"


def _cue(lemma, lower):
    return lemma.lower() in ("say", "tell") or lower == "according"


@pytest.mark.parametrize("attrs, keep, naive", [
    (("LEMMA",), _lemma_is_say, lambda t: t.lemma_.lower() == "say"),
    (("LEMMA", "LOWER"), _cue, lambda t: t.lemma_.lower() in ("say", "tell") or t.lower_ == "according"),
    (("ORTH",), frozenset({"shelled", "Ankara"}).__contains__, lambda t: t.text in ("shelled", "Ankara")),
])
def test_same_tokens_as_a_loop_over_every_token(nlp, attrs, keep, naive):
    for doc in nlp.pipe(TEXTS):
        assert token_indices(doc, attrs, keep) == [t.i for t in doc if naive(t)]


def test_keep_is_asked_once_per_distinct_value_across_docs(nlp, monkeypatch):
    monkeypatch.setattr(nlp_module, "_DECISIONS", {})
    asked = []

    def keep(lower):
        asked.append(lower)
        return lower == "said"

    docs = list(nlp.pipe(TEXTS[:1] * 2))
    first = token_indices(docs[0], ("LOWER",), keep)
    assert sorted(asked) == sorted({t.lower_ for t in docs[0]})
    asked.clear()
    assert token_indices(docs[1], ("LOWER",), keep) == first == [t.i for t in docs[0] if t.lower_ == "said"]
    assert asked == []


def test_kept_answers_are_bounded(nlp, monkeypatch):
    monkeypatch.setattr(nlp_module, "_DECISIONS", {})
    monkeypatch.setattr(nlp_module, "_MAX_DECISIONS", 3)
    doc = nlp(TEXTS[0])
    said = [t.i for t in doc if t.lower_ == "said"]
    assert token_indices(doc, ("LOWER",), _is_said) == said
    kept = nlp_module._DECISIONS[(("LOWER",), _is_said)]
    kept[("stale",)] = True  # over the bound: the next call starts a new table
    assert token_indices(doc, ("LOWER",), _is_said) == said
    fresh = nlp_module._DECISIONS[(("LOWER",), _is_said)]
    assert fresh is not kept and ("stale",) in kept  # a thread still reading the old one keeps its keys
    assert ("stale",) not in fresh and len(fresh) == len({t.lower for t in doc})


def test_tokens_within_a_sentence(nlp):
    doc = nlp(TEXTS[0])
    said = token_indices(doc, ("LOWER",), _is_said)
    for sent in doc.sents:
        assert [t.i for t in tokens_within(sent, said)] == [t.i for t in sent if t.lower_ == "said"]
    assert tokens_within(doc[0:0], said) == []


@pytest.mark.parametrize("text, starts", [
    ("The talks ended at 7:40 p.m.\n\nBernie Sanders said he would return.", ["The", "Bernie"]),
    ("\nKuleba arrived.\n \nLavrov left\nlater", ["Kuleba", "Lavrov", "later"]),
    ("No break here, officials said on Friday.", ["No"]),
    ("Ends with a break\n", ["Ends"]),
])
def test_every_line_break_starts_a_sentence(nlp, text, starts):
    doc = nlp(text)
    assert [sent[0].text for sent in doc.sents if not sent[0].is_space] == starts
