"""The learned speaker chooser of the quotes stage (not a stage of its own).

For a quote the rules have kept, it lists candidate speakers around it (the
rules' choice, the previous quote's speaker, subjects of verbs, named
mentions, pronouns and nominals in the quote's paragraph, the one before and
the next paragraph's first sentence), describes each by a few numbers
(`features`), and scores them with a logistic regression trained on PolNeAR
train (`python -m dateline.learn.speakers`, weights in
resources/speaker_model.json). The highest score names the speaker.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from typing import Optional

from ..learn import linear_score as score  # a candidate's score (learn.speakers and tests import it here)
from ..model import Cue
from ..nlp import tokens_within
from ..resources import load_json, load_lines
from . import mentions
from . import quotes as q

_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_DEPS = ("nsubj", "nsubjpass", "pobj", "poss", "compound", "dobj", "appos", "conj")
_DASHES = ("—", "–", "―", "-", "--")
# Characters of a quote's window before and after it. On PolNeAR train (400 articles, 8,327 quotes)
# one paragraph window reached further before its quote (2,943) and none after (1,149 at most),
# with the same speakers either way; a text without line breaks is one paragraph, and without a
# bound every quote would weigh every name of the article (8,500 words: 6.9 s in the quotes stage).
WINDOW_BEFORE = 2000
WINDOW_AFTER = 1200
_SHORT_LINE = 20   # words: a signature line ("Dean Baker, Center for Economic and Policy Research") is short
MODEL_FILE = "speaker_model.json"
# The chooser for text without line breaks (scraped copy): the same features trained on the
# same articles with every line break made a space, since paragraphs and lines tell it much.
FLAT_MODEL_FILE = "speaker_model_flat.json"
# A line longer than this (characters) means the text has lost its line breaks: wire paragraphs
# are 206 characters long at the median on PolNeAR train, 638 at the 99th percentile, and 3 of
# 17,349 are longer.
LONG_LINE = 1500
_FLAT_KEY = "dateline.quote_speakers.flat"
_SENT_INDEX_KEY = "dateline.quote_speakers.sentence_index"
_TOKEN_FACTS_KEY = "dateline.quote_speakers.token_facts"
_LINE_STARTS_KEY = "dateline.quote_speakers.line_starts"
_SPEAKERS_KEY = "dateline.quote_speakers.may_speak"
_TOKEN_STARTS_KEY = "dateline.quote_speakers.token_starts"
# ctx.shared key under which training asks the stage to keep every quote's candidates.
COLLECT_KEY = "dateline.quote_speakers.collect"


@dataclass
class Candidate:
    """One possible speaker of a quote: its token, the verb it is subject of, and its features."""

    token: object
    verb: object = None
    features: Optional[dict] = None


@functools.cache
def load_model(name: str = MODEL_FILE) -> dict:
    """Return the shipped chooser: {"features": [...], "coef": [...], "intercept": x}."""
    return load_json(name)


def model_for(ctx) -> dict:
    """Return the chooser for this article: the flat one when it has lost its line breaks."""
    if _FLAT_KEY not in ctx.shared:
        ctx.shared[_FLAT_KEY] = without_line_breaks(ctx.record.text)
    return load_model(FLAT_MODEL_FILE if ctx.shared[_FLAT_KEY] else MODEL_FILE)


def without_line_breaks(text: str) -> bool:
    """True when some line of the text is longer than LONG_LINE characters."""
    return any(len(line) > LONG_LINE for line in text.split("\n"))


def best(candidates: list, model: dict) -> Optional[Candidate]:
    """Return the best-scoring candidate speaker, or None when there is none."""
    return max(candidates, key=lambda c: score(model, c.features), default=None)


# Sectors of organisations that speak through people: a party is no quote's speaker unless the
# text makes it the subject of a speech verb ("Republicans said"). Newspapers are left in: on
# PolNeAR train an editorial is often the source of its own quoted words.
_VOICELESS_SECTORS = ("PTY",)


def speakable(ctx, candidates: list) -> list:
    """Return the candidates that may speak a quote: a party or a place that is no country or
    capital (a US state, a city) only as the subject of a speech verb or after "according to"."""
    return [c for c in candidates if _speaks(c) or not _voiceless(ctx, c.token)]


def _speaks(candidate: Candidate) -> bool:
    verb = candidate.verb
    return verb is not None and (verb.lower_ == "according" or q._is_cue_verb(verb))


def _voiceless(ctx, tok) -> bool:
    entity = resolved_entity(ctx, tok)
    if entity is None:
        return False
    return entity.sector in _VOICELESS_SECTORS or entity.type in ("GPE", "LOC") and _region_or_town(entity.name)


@functools.lru_cache(maxsize=4096)
def _region_or_town(name: str) -> bool:
    """True for a place the gazetteer knows as a region or town and not as a country ("South
    Carolina", "Iowa"), unless it is a capital: countries and capitals act as governments."""
    from ..countries import capitals
    from ..gazetteer import open_gazetteer

    if name in capitals():
        return False
    features = {entry.feature for entry, _ in open_gazetteer().lookup(name)}
    return bool(features) and "country" not in features


def resolved_entity(ctx, tok):
    """The entity a candidate token resolves to, or None."""
    return mentions.resolve(ctx, tok).entity


def candidates_of(ctx, quoted, found, tokens, previous) -> list:
    """Return the candidate speakers of one quote, each with its features."""
    doc = tokens.doc
    start, end = _window(ctx.record.text, found.start, found.end)
    window = doc.char_span(start, end, alignment_mode="expand")
    picked = {}
    if found.subject is not None:
        picked[found.subject.i] = found.subject
    if previous is not None and _rules_subject(previous) is not None:
        picked.setdefault(_rules_subject(previous).i, _rules_subject(previous))
    for tok in tokens_within(window, _speaker_indices(ctx)) if window is not None else ():
        if tokens.start <= tok.i < tokens.end or quoted.find(tok.idx):
            continue
        picked.setdefault(tok.i, tok)
    context = _QuoteContext(ctx, quoted, found, tokens, previous)
    out = []
    for tok in picked.values():
        verb = _verb_of(tok)
        out.append(Candidate(tok, verb, features(context, tok, verb)))
    _add_group_features(ctx, out, tokens)
    return out


def _window(text: str, start: int, end: int) -> tuple:
    """Characters from the start of the paragraph before a quote to the first sentence end of the
    next, at most WINDOW_BEFORE characters before the quote and WINDOW_AFTER after it."""
    first, stop = _paragraph_window(text, start, end)
    return max(first, start - WINDOW_BEFORE), min(stop, end + WINDOW_AFTER)


def _paragraph_window(text: str, start: int, end: int) -> tuple:
    i = text.rfind("\n", 0, start) + 1
    while i > 0 and text[i - 1].isspace():   # back over blank lines to the previous paragraph's end
        i -= 1
    first = text.rfind("\n", 0, i) + 1 if i > 0 else 0
    para_end = text.find("\n", end)
    if para_end < 0:
        return first, len(text)
    nxt = para_end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    stop = min((i for i in (text.find(". ", nxt), text.find("\n", nxt)) if i >= 0), default=len(text))
    return first, min(stop + 1, len(text))


def _speaker_indices(ctx) -> list:
    """Return the indices, in order, of the article's tokens that may name a speaker (_may_speak)
    outside datelines and credits, once per article: quotes' windows overlap."""
    if _SPEAKERS_KEY not in ctx.shared:
        # A dateline or credit ("MOSCOW (AP) -") names a place and an outlet, never a speaker.
        ctx.shared[_SPEAKERS_KEY] = [tok.i for tok in ctx.doc if _may_speak(tok)
                                     and not mentions.in_credit(ctx, tok.idx, tok.idx + len(tok))]
    return ctx.shared[_SPEAKERS_KEY]


def _may_speak(tok) -> bool:
    """True for tokens that can name a speaker: a named mention's head, a pronoun, a subject noun."""
    if tok.ent_type_ in _ENTITY_TYPES:
        return tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I"   # the mention's last word
    if tok.pos_ == "PRON":
        return tok.lower_ in mentions.pronouns() or tok.lower_ == "who"
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass")


def _verb_of(tok):
    """The verb a candidate is the subject of (climbing "and added"), or None."""
    if tok.dep_ in q._SUBJECTS:
        return tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
        return tok.head.head
    return None


@dataclass
class _QuoteContext:
    ctx: object
    quoted: object
    found: object
    tokens: object
    previous: object

    @functools.cached_property
    def rule_entity(self):
        return _entity_id(self.ctx, self.found.subject)

    @functools.cached_property
    def previous_entity(self):
        return _entity_id(self.ctx, _rules_subject(self.previous)) if self.previous is not None else None

    @functools.cached_property
    def ends_open(self) -> float:
        return float(q._ends_open(self.tokens))

    @functools.cached_property
    def mention_counts(self) -> dict:
        return {e.id: len(e.mentions) for e in self.ctx.record.entities}

    @property
    def paragraph_starts(self) -> list:
        """Offsets where lines start, once per article (not per quote)."""
        shared = self.ctx.shared
        if _LINE_STARTS_KEY not in shared:
            text = self.ctx.record.text
            shared[_LINE_STARTS_KEY] = [0] + [m.end() for m in re.finditer("\n", text)]
        return shared[_LINE_STARTS_KEY]

    def token_facts(self, tok) -> tuple:
        """Return (person_like, paragraph_opens, verbless_line) of a candidate token, computed
        once per article: a token is a candidate of several quotes, and these do not depend on the quote."""
        cache = self.ctx.shared.setdefault(_TOKEN_FACTS_KEY, {})
        if tok.i not in cache:
            cache[tok.i] = (_person_likeness(tok), _opens_paragraph(self, tok), _on_verbless_line(self, tok))
        return cache[tok.i]


def _rules_subject(found):
    """The speaker token the rules gave a quote (before the chooser changed it)."""
    return (found.rules or (found.subject, None))[0]


def _entity_id(ctx, tok) -> Optional[str]:
    return resolved(ctx, tok).entity if tok is not None else None


def resolved(ctx, tok):
    """Return the Speaker a candidate token resolves to (cached per article: candidates repeat)."""
    cache = ctx.shared.setdefault("dateline.quote_speakers.resolved", {})
    if tok.i not in cache:
        cache[tok.i] = q._resolve(ctx, tok, tok.idx)
    return cache[tok.i]


def features(context: _QuoteContext, tok, verb) -> dict:
    """Return the numbers that describe one candidate speaker of one quote."""
    found, tokens = context.found, context.tokens
    entity = _entity_id(context.ctx, tok)
    before = tok.i < tokens.start
    gap = tokens.start - tok.i if before else tok.i - tokens.end + 1
    sentence_gap = _sentence_gap(tok, tokens)
    paragraph_gap = abs(_paragraph(context, tok.idx) - _paragraph(context, found.start))
    person_like, paragraph_opens, verbless_line = context.token_facts(tok)
    f = {
        "rule": float(tok is found.subject or found.subject is not None and tok.i == found.subject.i),
        "rule_entity": float(entity is not None and entity == context.rule_entity),
        "no_rule": float(found.subject is None),
        # The previous quote's speaker by the rules, as in training (not the chooser's own pick).
        "previous": float(context.previous is not None and _rules_subject(context.previous) is not None
                          and tok.i == _rules_subject(context.previous).i),
        "previous_entity": float(entity is not None and entity == context.previous_entity),
        "speech_verb": float(verb is not None and q._is_cue_verb(verb)),
        "according": float(verb is not None and verb.lower_ == "according"),
        "any_verb": float(verb is not None),
        "pronoun": float(tok.pos_ == "PRON"),
        "first_person": float(tok.lower_ in ("i", "we")),
        "relative": float(tok.lower_ == "who"),
        "thing_relative": float(tok.lower_ in ("that", "which", "what")),
        "person_like": person_like,
        "verb_governs_quote": float(verb is not None and verb.left_edge.i <= tokens.start
                                    and tokens.end - 1 <= verb.right_edge.i),
        "verb_root": float(verb is not None and verb.dep_ == "ROOT"),
        "proper": float(tok.pos_ == "PROPN"),
        "nominal": float(tok.pos_ == "NOUN"),
        "title": float(q._is_title(tok)),
        "resolved": float(entity is not None),
        "mentions": math.log1p(context.mention_counts.get(entity, 0)),
        "before": float(before),
        "same_sentence": float(sentence_gap == 0),
        "next_sentence": float(sentence_gap == 1 and not before),
        "previous_sentence": float(sentence_gap == 1 and before),
        "sentence_gap": min(sentence_gap, 6) / 6,
        "same_paragraph": float(paragraph_gap == 0),
        "log_gap": math.log1p(gap),
        "adjacent": float(gap <= 3),
        "after_dash": float(not before and _after_dash(tokens, tok)),
        "before_colon": float(before and _before_colon(tokens, tok)),
        "partial": float(found.kind == "partial"),
        "quote_ends_comma": context.ends_open,
        "paragraph_opens": float(paragraph_opens),
        "quote_opens_paragraph": float(_paragraph_start(context, found.start) == found.start),
        "source_noun": float(_is_source_noun(tok)),
        "verbless_line": float(verbless_line),
    }
    for label in _ENTITY_TYPES:
        f["ent_" + label] = float(tok.ent_type_ == label)
    for dep in _DEPS:
        f["dep_" + dep] = float(tok.dep_ == dep)
    if verb is not None and verb.lemma_:
        kind = q.speech_verbs().get(verb.lemma_.lower())
        f["verb_" + (kind or "other")] = 1.0
        if kind is not None:
            f["lemma_" + verb.lemma_.lower()] = 1.0
    # Crossings a linear model cannot make by itself.
    f["partial_same_sentence"] = f["partial"] * f["same_sentence"]
    f["partial_rule"] = f["partial"] * f["rule"]
    f["speech_same_sentence"] = f["speech_verb"] * f["same_sentence"]
    f["pronoun_same_sentence"] = f["pronoun"] * f["same_sentence"]
    f["no_rule_previous"] = f["no_rule"] * f["previous"]
    f["source_noun_subject"] = f["source_noun"] * f["any_verb"]
    f["source_noun_org"] = f["source_noun"] * f["ent_ORG"]
    f["verbless_line_after"] = f["verbless_line"] * (1.0 - f["before"])
    f["verbless_line_next_paragraph"] = f["verbless_line_after"] * float(_in_next_paragraph(context, tok))
    return f


@functools.cache
def _source_nouns() -> frozenset:
    return frozenset(load_lines("source_nouns.txt"))


def _is_source_noun(tok) -> bool:
    """True for a word that names a document, poll or outlet ("the statement", "the Daily News")."""
    return tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in _source_nouns() or tok.lemma_.lower() in _source_nouns())


def _in_next_paragraph(context: _QuoteContext, tok) -> bool:
    """True when only blank lines separate the quote's paragraph from the candidate's line."""
    text = context.ctx.record.text
    end = text.find("\n", context.found.end)
    start = context.paragraph_starts[bisect.bisect_right(context.paragraph_starts, tok.idx) - 1]
    return 0 <= end < start and not text[end:start].strip()


def _token_starts(ctx) -> list:
    """Return the character offset of every token of the article, once per article."""
    if _TOKEN_STARTS_KEY not in ctx.shared:
        ctx.shared[_TOKEN_STARTS_KEY] = ctx.doc.to_array("IDX").tolist()
    return ctx.shared[_TOKEN_STARTS_KEY]


def _on_verbless_line(context: _QuoteContext, tok) -> bool:
    """True for a name on a short line with no verb: a signature ("Dean Baker, Center for ...")."""
    if tok.pos_ != "PROPN" and not tok.ent_type_:
        return False
    starts, text = context.paragraph_starts, context.ctx.record.text
    k = bisect.bisect_right(starts, tok.idx)
    line_start, line_end = starts[k - 1], (starts[k] if k < len(starts) else len(text))
    doc, words = tok.doc, 0
    i = bisect.bisect_left(_token_starts(context.ctx), line_start)  # the line's first token
    for t in doc[i:]:
        if t.idx >= line_end:
            break
        if t.pos_ in ("VERB", "AUX"):
            return False
        words += not t.is_space
        if words > _SHORT_LINE:
            return False
    return True


def _add_group_features(ctx, candidates: list, tokens) -> None:
    """Add what a candidate is among the others: its nearness rank on its side of the quote
    (0 = nearest), whether its verb is the nearest speech verb, how many others name its entity."""
    def distance(c):
        return tokens.start - c.token.i if c.token.i < tokens.start else c.token.i - tokens.end

    for side in (True, False):
        same = sorted((c for c in candidates if (c.token.i < tokens.start) == side), key=distance)
        for rank, c in enumerate(same):
            c.features["rank0"] = float(rank == 0)
            c.features["rank1"] = float(rank == 1)
    speaking = [c for c in candidates if c.features["speech_verb"]]
    if speaking:
        min(speaking, key=distance).features["nearest_speech"] = 1.0
    entities = [_entity_id(ctx, c.token) for c in candidates]
    for c, entity in zip(candidates, entities):
        c.features["entity_support"] = math.log1p(entities.count(entity) - 1) if entity else 0.0
    _add_between_features(candidates, entities, tokens)
    persons = sorted((c for c in candidates if c.token.i < tokens.start and c.features["ent_PERSON"]), key=distance)
    if persons:
        persons[0].features["nearest_person_before"] = 1.0
    counts = [c.features["mentions"] for c in candidates]
    for c, entity in zip(candidates, entities):
        c.features["most_mentioned"] = float(entity is not None and c.features["mentions"] == max(counts))
    for c in candidates:
        _add_crossings(c.features)


# Where the quote sits changes what counts: a quote opening its paragraph or ending on a comma
# ("“...,” she said") has its speaker in other places than a quote inside a paragraph.
_CROSSED_CONTEXT = ("quote_opens_paragraph", "quote_ends_comma")
_CROSSED = ("speech_verb", "pronoun", "proper", "rule", "previous", "previous_entity", "same_sentence",
            "before", "rank0", "nearest_speech", "verbless_line", "source_noun")


def _add_crossings(f: dict) -> None:
    """Add the products of the quote's position features with the candidate's main features."""
    for context in _CROSSED_CONTEXT:
        if f.get(context):
            for name in _CROSSED:
                if f.get(name):
                    f[context + "*" + name] = f[context] * f[name]


def _add_between_features(candidates: list, entities: list, tokens) -> None:
    """Mark candidates before the quote with another speaker (subject of a speech verb, another
    entity) between them and the quote: a new speaker introduced after an earlier one."""
    speakers = [(c.token.i, e) for c, e in zip(candidates, entities)
                if c.features["speech_verb"] and c.token.i < tokens.start]
    for c, entity in zip(candidates, entities):
        if c.token.i < tokens.start:
            c.features["speaker_between"] = float(any(
                c.token.i < i and (e is None or e != entity) for i, e in speakers))


@functools.lru_cache(maxsize=4)
def _title_centroid(vocab):
    """The mean vector of the title words (senator, spokesman, ...): what a person noun looks like."""
    # Sorted: a set's order follows the string hash seed, and float sums follow the order.
    rows = [vocab.get_vector(w) for w in sorted(q._title_words()) if vocab.has_vector(w)]
    if not rows:
        return None
    centroid = sum(rows) / len(rows)
    return centroid / (float((centroid ** 2).sum()) ** 0.5 or 1.0)


def _person_likeness(tok) -> float:
    """Cosine of a noun's vector with the title words' mean: speakers are people, not "signs"."""
    if tok.pos_ != "NOUN" or not tok.has_vector:
        return 0.0
    centroid = _title_centroid(tok.vocab)
    return 0.0 if centroid is None else float(tok.vector @ centroid) / float(tok.vector_norm or 1.0)


def _sentence_gap(tok, tokens) -> int:
    sents = _sentence_index(tok.doc)[0]
    return abs(sents[tok.i] - sents[tokens.start])


def _sentence_index(doc) -> tuple:
    """Return (the sentence number of each token, the first token of each sentence), built once
    per Doc from the sentence starts the parser set (what Token.sent walks back to)."""
    data = doc.user_data
    if _SENT_INDEX_KEY not in data:
        starts = doc.to_array("SENT_START").tolist()
        if starts:
            starts[0] = 1   # the first token opens a sentence whatever the parser says
        numbers, k = [], -1
        for flag in starts:
            k += flag == 1
            numbers.append(k)
        data[_SENT_INDEX_KEY] = (numbers, [i for i, flag in enumerate(starts) if flag == 1])
    return data[_SENT_INDEX_KEY]


def _paragraph(context: _QuoteContext, at: int) -> int:
    return bisect.bisect_right(context.paragraph_starts, at)


def _paragraph_start(context: _QuoteContext, at: int) -> int:
    starts = context.paragraph_starts
    start = starts[bisect.bisect_right(starts, at) - 1]
    text = context.ctx.record.text
    while start < at and text[start].isspace():
        start += 1
    return start


def _opens_paragraph(context: _QuoteContext, tok) -> bool:
    """True when the candidate is in the first sentence of its paragraph."""
    start = _paragraph_start(context, tok.idx)
    numbers, firsts = _sentence_index(tok.doc)
    return tok.doc[firsts[numbers[tok.i]]].idx <= start   # tok.sent.start_char, without building the Span


def _after_dash(tokens, tok) -> bool:
    """True for a name right after a dash that follows the quote (“...” ― Jane Doe)."""
    between = _words_between(tokens.doc, range(tokens.end, tok.i), 4)
    return bool(between) and between[0].text in _DASHES


def _before_colon(tokens, tok) -> bool:
    """True for a name right before a colon that opens the quote (Jane Doe: “...”)."""
    between = _words_between(tokens.doc, range(tokens.start - 1, tok.i, -1), 3)
    return bool(between) and between[0].text == ":"


def _words_between(doc, indices, most: int) -> list:
    """The non-space tokens at these indices, in their order; [] when there are more than `most`."""
    words = []
    for i in indices:
        if not doc[i].is_space:
            words.append(doc[i])
            if len(words) > most:
                return []
    return words


def cue_of(ctx, candidate: Candidate, found, previous) -> Optional[Cue]:
    """Return the cue that goes with a chosen candidate: the verb it is subject of, else the cue of
    the rules' or the previous quote's speaker when the candidate names the same one."""
    if candidate.verb is not None:
        verb = candidate.verb
        return Cue(verb.text, verb.idx, verb.idx + len(verb)) if verb.lower_ != "according" \
            else Cue("according to", verb.idx, verb.nbor().idx + len(verb.nbor()))
    for other in (found, previous):
        if other is not None and other.subject is not None and _same_speaker(ctx, candidate.token, other.subject):
            return other.cue
    return None


def _same_speaker(ctx, tok, other) -> bool:
    """True when two tokens name the same speaker: one token, one phrase, or one entity."""
    if tok.i == other.i or any(t.i == tok.i for t in other.subtree):
        return True
    entity = _entity_id(ctx, tok)
    return entity is not None and entity == _entity_id(ctx, other)
