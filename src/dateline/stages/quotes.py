"""Quotes: who said what, as direct, partial and reported speech, each with its speaker.

Direct and partial quotes come from pairing quotation marks over the text
(curly and straight; a quote running over paragraphs is one quote). Each is
attributed through the speech verb beside it (resources/speech_verbs.tsv) or
"according to X", or inherits the speaker of the quote just before it.
Reported speech is a speech or claim verb with a clause as its content.
Speakers resolve to the entities of the entities stage through the
article's mention resolver (stages/mentions.py): pronouns, relative pronouns,
appositives, titles; a speaker left a pronoun says so (`speaker.resolved`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Optional

from ..model import Cue, Quote, Speaker
from ..nlp import token_indices, tokens_within
from ..resources import load_lines, load_table, load_word_list
from . import mentions, quote_speakers
from .entities import entity_at

_MARK = re.compile(r"[\"“”‘’«»„]")
_DOUBLE_OPEN = "“«„"
_DOUBLE_CLOSE = "”»"
_SENTENCE_END = {".", "!", "?"}
_SUBJECTS = ("nsubj", "nsubjpass")
_QUOTED_KEY = "dateline.quotes.spans"
# A dash after the closing mark, on the same line, before a signature ("” ― Name").
_SIGNATURE = re.compile(r"[\"”’»]?[^\S\n]*(?P<dash>[―—–]|--)[^\S\n]*")
# Dependents that carry what a reporting verb reports when it has no clause.
# "continue to grow", "went on to win": these verbs report speech only with a clause or quote.
_CONTENT_DEPS = ("dobj", "xcomp", "prep", "dative", "attr", "oprd", "pcomp")


# -- lexicons ---------------------------------------------------------------------


@functools.cache
def speech_verbs() -> dict:
    """Return {verb lemma: kind} of the verbs that report speech (speech, claim, naming)."""
    return {lemma: kind for lemma, kind, *_ in load_table("speech_verbs.tsv")}


@functools.cache
def _not_quote_cues() -> dict:
    return {phrase: reason for phrase, reason, *_ in load_table("not_quote_cues.tsv")}


@functools.cache
def _according_cues() -> tuple:
    return tuple(tuple(p.split()) for p, kind, *_ in load_table("cue_patterns.tsv") if kind == "according")


# -- quotation marks ------------------------------------------------------------------


def quote_spans(text: str) -> list:
    """Return the [start, end) spans (marks included) of the top-level quotations of a text.

    A quote left open at the end of a paragraph continues when the next
    paragraph opens with a mark (the convention for quotes over paragraphs).
    """
    spans, pending, pending_end = [], None, 0
    for start, end in _paragraphs(text):
        segments, tail = _pair_marks(text, start, end)
        if pending is not None:
            if _reopens(text, start, segments, tail):
                if segments and segments[0][0] == start:
                    spans.append((pending, segments.pop(0)[1]))
                    pending = None
                else:
                    tail = None  # the quote runs on through this paragraph too
            else:
                spans.append((pending, pending_end))
                pending = None
        spans.extend(segments)
        if tail is not None:
            pending = tail if pending is None else pending
        pending_end = end
    if pending is not None:
        spans.append((pending, pending_end))
    return [s for s in spans if any(ch.isalnum() for ch in text[s[0]:s[1]])]


def _paragraphs(text: str):
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def _reopens(text: str, start: int, segments: list, tail: Optional[int]) -> bool:
    opener = text[start] in _DOUBLE_OPEN or text[start] == '"'
    return opener and ((segments and segments[0][0] == start) or tail == start)


def _pair_marks(text: str, start: int, end: int) -> tuple:
    """Return (closed top-level segments, start of a quote left open) of one paragraph."""
    segments, open_at, family = [], None, None
    for m in _MARK.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if open_at is None:
            if ch in _DOUBLE_OPEN or ch == '"' and _straight_opens(text, i, start):
                open_at, family = i, "double"
            elif ch == "‘" and _single_opens(text, i):
                open_at, family = i, "single"
        elif family == "double" and (ch in _DOUBLE_CLOSE or ch == '"' or _misused_opener(text, i, end)):
            segments.append((open_at, i + 1))
            open_at = None
        elif family == "single" and ch == "’" and not _is_apostrophe(text, i):
            segments.append((open_at, i + 1))
            open_at = None
        elif family == "single" and (ch in _DOUBLE_OPEN or ch == '"'):
            open_at, family = i, "double"  # the single mark was an apostrophe after all
    return segments, open_at


def _misused_opener(text: str, i: int, end: int) -> bool:
    """An opening mark used to close (“abhorrent“ in ...): after a word, before a space or punctuation."""
    after = text[i + 1] if i + 1 < end else " "
    return text[i] == "“" and not text[i - 1].isspace() and (after.isspace() or after in ".,;:!?")


def _straight_opens(text: str, i: int, para_start: int) -> bool:
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _single_opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and after.isalnum()


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalnum()


# -- the stage ------------------------------------------------------------------------


@dataclass
class _Found:
    """A quote being built: its span and, once attributed, speaker token and cue."""

    start: int
    end: int
    kind: str
    subject: object = None        # spaCy token naming the speaker
    cue: Optional[Cue] = None
    speaker: Optional[Speaker] = None
    rules: Optional[tuple] = None   # (subject, cue) of the rules, kept when the learned chooser overrides
    signed: bool = False            # a signature after a dash names the speaker: no choice to make


def run(ctx) -> list:
    """Return the article's quotes: direct, partial and reported speech, with speakers."""
    text = ctx.record.text
    spans = [s for s in quote_spans(text) if ctx.in_body(*s)]
    ctx.shared["quote_spans"] = spans
    quoted = _QuotedIndex(spans)
    ctx.doc.user_data[_QUOTED_KEY] = quoted
    found = []
    for start, end in spans:
        quote = _quote_at(ctx, quoted, start, end, found)
        if quote is not None:
            _choose_speaker(ctx, quoted, quote, found)
            found.append(quote)
    found.extend(_reported(ctx, quoted))
    return [_to_quote(ctx, f) for f in sorted(found, key=lambda f: f.start)]


def _choose_speaker(ctx, quoted: "_QuotedIndex", quote: _Found, found: list) -> None:
    """Let the learned chooser (quote_speakers) name the speaker of a kept quote, when enabled.

    Training (dateline.learn.speakers) sets ctx.shared[COLLECT_KEY] to a list to
    get every quote's candidates, with the rules' choice left in place.
    """
    collect = ctx.shared.get(quote_speakers.COLLECT_KEY)
    use_model = ctx.settings.quote_speaker_model and collect is None and not quote.signed
    if not use_model and collect is None:
        return
    quote.rules = (quote.subject, quote.cue)
    tokens = ctx.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    previous = found[-1] if found else None
    candidates = quote_speakers.candidates_of(ctx, quoted, quote, tokens, previous)
    if collect is not None:
        collect.append((quote, candidates))
    chosen = quote_speakers.best(quote_speakers.speakable(ctx, candidates),
                                 quote_speakers.model_for(ctx)) if use_model else None
    if chosen is not None:
        quote.subject, quote.cue = chosen.token, quote_speakers.cue_of(ctx, chosen, quote, previous)


class _QuotedIndex:
    """Answers "is this character inside a quotation?" by bisection."""

    def __init__(self, spans: list):
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def find(self, i: int) -> Optional[tuple]:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.spans[k] if k >= 0 and i < self.spans[k][1] else None

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end) - 1
        return k >= 0 and self.spans[k][1] > start


def _quote_at(ctx, quoted: _QuotedIndex, start: int, end: int, found: list) -> Optional[_Found]:
    """Return the attributed quote of one quotation, or None when it quotes nobody."""
    doc = ctx.doc
    tokens = doc.char_span(start, end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0 or _names_something(ctx, tokens):
        return None
    kind = _kind(ctx, tokens)
    if kind == "partial" and _looks_like_title(tokens) and not _named_by_speaker(tokens):
        return None
    quote = _Found(start, end, kind)
    if _attribute_by_cue(ctx, quoted, quote, tokens):
        return quote
    if kind == "direct" and _inherit_speaker(ctx, quote, found):
        return quote
    if kind == "direct" and _word_count(tokens) >= 4:
        return quote  # a statement nobody is named for: kept, with no speaker
    return None  # a few quoted words no one says: scare quotes


def _word_count(tokens) -> int:
    return sum(1 for t in tokens if t.is_alpha)


def _kind(ctx, tokens) -> str:
    """Return 'direct' for quoted statements, 'partial' for quoted words inside a reporter's sentence."""
    first = next((t for t in tokens if t.is_alpha), None)
    if first is None:
        return "partial"
    before = _previous_token(tokens)
    starts_clause = before is None or before.is_punct or "\n" in before.text_with_ws or \
        before.lower_ in speech_verbs() or before.lemma_.lower() in speech_verbs()
    return "direct" if first.text[0].isupper() and starts_clause or _word_count(tokens) >= 12 else "partial"


def _previous_token(tokens):
    """The token before a span, skipping spaces (a paragraph break is kept: it starts a clause)."""
    i = tokens.start - 1
    while i >= 0 and tokens.doc[i].is_space and "\n" not in tokens.doc[i].text:
        i -= 1
    return tokens.doc[i] if i >= 0 else None


def _looks_like_title(tokens) -> bool:
    """True for a few quoted words in title case: a show, a book, a film ("on CNN’s “New Day”")."""
    words = [t for t in tokens if t.is_alpha]
    return 0 < len(words) <= 8 and all(t.text[0].isupper() for t in words if not t.is_stop) \
        and words[0].text[0].isupper()


def _named_by_speaker(tokens) -> bool:
    """True when a speech verb takes the quoted words as what someone said or called something."""
    return any(speech_verbs().get(v.lemma_.lower()) in ("speech", "naming") for v in _governing_verbs(tokens)[:1])


def _names_something(ctx, tokens) -> bool:
    """True for a title of a work, a nickname or a so-called term: quotes of nobody."""
    doc = tokens.doc
    before = [t.lower_ for t in doc[max(0, tokens.start - 3):tokens.start]]
    cues = _not_quote_cues()
    if before and (before[-1] in cues or " ".join(before[-2:]) in cues):
        return True
    after = doc[tokens.end] if tokens.end < len(doc) else None
    prev = _previous_token(tokens)
    # Dwayne "The Rock" Johnson: a quotation inside a person's name.
    return bool(prev is not None and after is not None and prev.ent_type_ == "PERSON"
                and after.ent_type_ == "PERSON" and _word_count(tokens) <= 4)


# -- attribution ------------------------------------------------------------------------


def _attribute_by_cue(ctx, quoted: _QuotedIndex, quote: _Found, tokens) -> bool:
    """Set the speaker and cue from a speech verb, "according to" or "X:" next to the quote.

    Speech verbs of the lexicon win over other verbs with a person as subject.
    """
    if quote.kind == "partial":
        frames = [_governing_verbs(tokens), _sentence_by_distance(tokens, quoted)]
    else:
        after = _frame_after(quoted, tokens)
        before = _frame_before(quoted, tokens.doc, tokens.start)[::-1]
        frames = [after, before] if _ends_open(tokens) else [before, after]
        frames.append(_lead_in(quoted, tokens))
    for strict in (True, False):
        for frame in frames:
            if _attribute_in(frame, quote, strict):
                return True
        if strict and quote.kind == "direct" and _attribute_misparsed(after, quote):
            return True
    return _attribute_colon(quoted, quote, tokens) or _attribute_signature(ctx.record.text, quote, tokens)


def _attribute_signature(text: str, quote: _Found, tokens) -> bool:
    """“...” ― Pamela Padilla: a quote signed by the name after a dash on the same line.

    `text` is the article's text (the Doc's, without rebuilding it from every token)."""
    doc = tokens.doc
    signed = _SIGNATURE.match(text, quote.end)
    if signed is None:
        return False
    name = doc.char_span(signed.end(), signed.end() + 1, alignment_mode="expand")
    if name is None or name[0].ent_type_ not in ("PERSON", "ORG"):
        return False
    entity = next((e for e in doc.ents if e.start <= name[0].i < e.end), name)
    dash, at = signed.group("dash"), signed.start("dash")
    last = next(t for t in reversed(entity) if t.is_alpha or t.i == entity.start)  # "Jane Roe." ends in a name
    quote.subject, quote.cue = last, Cue(dash, at, at + len(dash))
    quote.signed = True
    return True


def _attribute_misparsed(after: list, quote: _Found) -> bool:
    """“...,” Bozell notes.: a speech verb the parser took for a noun, right after a name."""
    for tok in after[1:4]:
        lemma = _verb_forms().get(tok.lower_)
        prev = tok.doc[tok.i - 1]
        if lemma and (prev.pos_ == "PROPN" or prev.lower_ in ("he", "she")):
            quote.subject, quote.cue = prev, Cue(tok.text, tok.idx, tok.idx + len(tok))
            return True
    return False


@functools.cache
def _verb_forms() -> dict:
    """Third-person and past forms of the speech verbs: {"notes": "note", "noted": "note", ...}."""
    forms = {}
    for lemma, kind in speech_verbs().items():
        if kind == "naming":
            continue
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        for form in (lemma + "s", lemma + "es", stem + "ed", lemma[:-1] + "ies" if lemma.endswith("y") else None):
            if form:
                forms[form] = lemma
    return forms


def _paragraph_colon(tokens):
    """The colon after a name opening the quote's paragraph ("OK Gov Fallin: Trump Is ‘...’")."""
    doc, i = tokens.doc, tokens.start - 1
    while i > 0 and "\n" not in doc[i - 1].text and tokens.start - i < 40:
        i -= 1
    for tok in doc[i:min(i + 6, tokens.start)]:
        if tok.text == ":":
            return tok if tok.i > i and doc[tok.i - 1].ent_type_ == "PERSON" else None
    return None


def _ends_open(tokens) -> bool:
    """True when the quote ends on a comma (“...,” she said): the cue follows."""
    inner = [t for t in tokens if not t.is_quote and not t.is_space]
    return bool(inner) and inner[-1].text in (",", "—", "–", "-")


def _attribute_in(frame: list, quote: _Found, strict: bool) -> bool:
    for tok in frame:
        subject, cue = _speaker_of_cue(tok, strict)
        if cue is not None and subject is not None and _can_speak(subject, tok) \
                and not quote.start <= subject.idx < quote.end and not _quoted(subject):
            quote.subject, quote.cue = subject, cue
            return True
    return False


def _quoted(tok) -> bool:
    """True when a token lies inside any quotation of its Doc (marks set by the stage)."""
    spans = tok.doc.user_data.get(_QUOTED_KEY)
    return bool(spans and spans.find(tok.idx))


def _can_speak(subject, verb) -> bool:
    """False for subjects that name no speaker: "you", or a thing that "calls" or "reads"."""
    if subject.lower_ == "you":
        return False
    naming = speech_verbs().get(verb.lemma_.lower()) in ("naming", None) or verb.lemma_ == "read"
    return not naming or subject.pos_ in ("PROPN", "PRON") or _is_title(subject) \
        or any(t.ent_type_ for t in subject.subtree)


def _is_title(tok) -> bool:
    return tok.lower_ in _title_words() or tok.lemma_.lower() in _title_words()


@functools.cache
def _title_words() -> frozenset:
    return frozenset(w for phrase, *_ in load_table("titles.tsv") for w in phrase.split())


def _attribute_colon(quoted: _QuotedIndex, quote: _Found, tokens) -> bool:
    """“Frank Newport: “...”" or a headline "Sanders: ‘...’": the name before a colon."""
    colon = _previous_token(tokens)
    if colon is None or colon.text != ":" or colon.i == 0:
        colon = _paragraph_colon(tokens)
        if colon is None:
            return False
    name = colon.doc[colon.i - 1]
    if name.ent_type_ not in ("PERSON", "ORG") or quoted.find(name.idx):
        return False
    quote.subject, quote.cue = name, Cue(":", colon.idx, colon.idx + 1)
    return True


def _speaker_of_cue(tok, strict: bool = True) -> tuple:
    """Return (subject token, Cue) when `tok` is a speech verb or "according to", else (None, None).

    Not strict, any verb whose subject is a person or organisation counts.
    """
    if _is_cue_verb(tok) or not strict and tok.pos_ == "VERB" and _names_a_speaker(tok):
        return _subject_of(tok), Cue(tok.text, tok.idx, tok.idx + len(tok))
    for pattern in _according_cues():
        words = tok.doc[tok.i:tok.i + len(pattern)]
        if len(words) == len(pattern) and tuple(t.lower_ for t in words) == pattern:
            target = _according_target(words)
            return target, Cue(words.text, words.start_char, words.end_char)
    return None, None


def _is_cue_verb(tok, kinds: tuple = ("speech", "claim", "naming")) -> bool:
    return tok.tag_.startswith("VB") and speech_verbs().get(tok.lemma_.lower()) in kinds


def _according_target(words):
    """The noun after "according to": its object, else the next noun."""
    last = words[-1]
    for child in last.children:
        if child.dep_ == "pobj":
            return child
    nxt = last.nbor() if last.i + 1 < len(last.doc) else None
    return nxt if nxt is not None and nxt.pos_ in ("PROPN", "NOUN", "PRON") else None


def _subject_of(verb):
    """Return the subject of a speech verb, climbing "went on to say" and "and added"."""
    tok = verb
    for _ in range(3):
        for child in tok.children:
            if child.dep_ in _SUBJECTS:
                return child if _same_paragraph(child, verb) else None
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    # "..., said Caddell" is sometimes parsed with the name as object.
    nxt = verb.nbor() if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.ent_type_ in ("PERSON", "ORG") and verb.lemma_ != "tell":
        return nxt
    return None


def _same_paragraph(a, b) -> bool:
    """True when no line break lies between two tokens (the parser's sentences may cross one)."""
    first, last = (a, b) if a.i < b.i else (b, a)
    return not any("\n" in t.text_with_ws for t in first.doc[first.i:last.i])


def _frame_after(quoted: _QuotedIndex, tokens) -> list:
    """Tokens after a quote up to the sentence end, the paragraph end or the next quote."""
    doc, frame = tokens.doc, []
    for tok in doc[tokens.end:tokens.end + 30]:
        if quoted.find(tok.idx) or "\n" in tok.text:
            break
        frame.append(tok)
        if tok.text in _SENTENCE_END or "\n" in tok.whitespace_:
            break
    return frame


def _frame_before(quoted: _QuotedIndex, doc, at: int) -> list:
    """Tokens before token `at` back to the sentence start, the paragraph start or the previous quote."""
    frame = []
    for i in range(at - 1, max(-1, at - 31), -1):
        tok = doc[i]
        if quoted.find(tok.idx) or "\n" in tok.text or "\n" in tok.whitespace_ \
                or tok.text in _SENTENCE_END:
            break
        frame.insert(0, tok)
    return frame


def _lead_in(quoted: _QuotedIndex, tokens) -> list:
    """The sentence ending in a colon just before a quote's paragraph ("he declared:"), nearest first."""
    prev = _previous_token(tokens)
    i = prev.i if prev is not None else -1
    while i >= 0 and tokens.doc[i].is_space:
        i -= 1
    if i < 0 or tokens.doc[i].text != ":" or prev.i == i:
        return []
    return _frame_before(quoted, tokens.doc, i + 1)[::-1]


def _sentence_by_distance(tokens, quoted: _QuotedIndex) -> list:
    """Tokens of the quote's sentence outside quotations, nearest to the quote first."""
    sent = tokens[0].sent
    outside = [t for t in sent if not quoted.find(t.idx)]
    return sorted(outside, key=lambda t: tokens.start - t.i if t.i < tokens.start else t.i - tokens.end + 1)


def _governing_verbs(tokens) -> list:
    """Verbs the quoted words depend on ("what he calls a “...”"), speech verbs first."""
    first = next((t for t in tokens if t.is_alpha), tokens.root)
    speech, other, tok = [], [], first
    for _ in range(6):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tokens.start <= tok.i < tokens.end:
            continue
        if _is_cue_verb(tok):
            speech.append(tok)
        elif tok.pos_ == "VERB" and _names_a_speaker(tok):
            other.append(tok)  # "Trump mocked Rubio for “having a tough night”"
    return speech + other


def _names_a_speaker(verb) -> bool:
    """True when a verb's subject is a person, an organisation or a personal pronoun."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.ent_type_ in ("PERSON", "ORG")
                                    or subject.lower_ in ("he", "she", "they", "i", "we"))


def _inherit_speaker(ctx, quote: _Found, found: list) -> bool:
    """Give a quote with no cue the speaker of the quote just before it, within two paragraphs."""
    if not found:
        return False
    previous = found[-1]
    # The rules' own choice, not the learned chooser's: the chooser was trained on the rules' view.
    subject, cue = previous.rules or (previous.subject, previous.cue)
    between = ctx.record.text[previous.end:quote.start]
    if subject is None or between.count("\n") > 4 or len(between) > 600:
        return False
    quote.subject, quote.cue = subject, cue
    return True


# -- speakers --------------------------------------------------------------------------


def _to_quote(ctx, found: _Found) -> Quote:
    text = ctx.record.text
    speaker = found.speaker or (_resolve(ctx, found.subject, found.start) if found.subject is not None else None)
    return Quote(kind=found.kind, start=found.start, end=found.end,
                 text=text[found.start:found.end], speaker=speaker, cue=found.cue)


def _resolve(ctx, subject, quote_start: int) -> Speaker:
    """Return the speaker named by a subject token, as the article's mention resolver reads it."""
    found = mentions.resolve(ctx, subject)
    return speaker_of(found)


def speaker_of(found: "mentions.Mention") -> Speaker:
    """Return the Speaker record of a resolved mention."""
    return Speaker(entity=found.entity.id if found.entity is not None else None, name=found.label,
                   start=found.start, end=found.end, resolved=found.resolved)


# -- reported speech -------------------------------------------------------------------


def _reported(ctx, quoted: _QuotedIndex) -> list:
    """Return reported speech: a speech or claim verb's clause, or the claim "according to X" frames."""
    found = []
    cue_words = _cue_word_indices(ctx.doc)
    # Sentences are read whole: a lead sentence starts with its dateline ("WASHINGTON (Reuters) -
    # Clinton said ..."), which is boilerplate while what follows is not.
    for sent in ctx.doc.sents:
        for tok in tokens_within(sent, cue_words):
            if quoted.find(tok.idx) or not ctx.in_body(tok.idx, tok.idx + len(tok)):
                continue
            item = _reported_clause(ctx, tok) or _according_clause(tok, sent) or _attitude_phrase(tok) \
                or _phrasal_object(tok)
            if item is not None and _clip_to_body(ctx, item) and not quoted.overlaps(item.start, item.end):
                item.speaker = _group_speaker(ctx, item.subject)
                found.append(item)
    return _outermost(ctx, found)


def _cue_word_indices(doc) -> list:
    """Return the indices, in order, of the tokens whose word or lemma may cue reported speech
    (the first test of _reported_clause, _according_clause, _attitude_phrase and
    _phrasal_object), read from the Doc's arrays: the other tokens need no closer look."""
    return token_indices(doc, ("LEMMA", "LOWER"), _may_cue)


def _may_cue(lemma: str, lower: str) -> bool:
    """True when a token of this lemma (any case) and lower-case form may cue reported speech."""
    lemma = lemma.lower()
    return speech_verbs().get(lemma) in ("speech", "claim", "stance", "naming") or lower in _according_first_words() \
        or lemma in _attitude_nouns() or _may_open_phrasal(lemma)


def _outermost(ctx, found: list) -> list:
    """Leave out a stance inside reported content ("voters say they want X": one statement, not two)."""
    def inside(item):
        return any(o is not item and o.start <= item.cue.start and item.end <= o.end for o in found)

    def stance(item):
        cue = ctx.doc.char_span(item.cue.start, item.cue.end)
        return cue is not None and speech_verbs().get(cue.root.lemma_.lower()) in ("claim", "stance")
    return [f for f in found if not (stance(f) and inside(f))]


def _clip_to_body(ctx, item: _Found) -> bool:
    """Start reported content after a boilerplate span that opens it; False when none is left."""
    for span in ctx.seg.boilerplate:
        if span.start <= item.start < span.end:
            item.start = span.end
            while item.start < item.end and not ctx.record.text[item.start].isalnum():
                item.start += 1
    return item.start < item.end and ctx.in_body(item.start, item.end)


def _reported_clause(ctx, verb) -> Optional[_Found]:
    """Reported speech: what a speech, claim or stance verb takes as its content."""
    if not _is_cue_verb(verb, ("speech", "claim", "stance", "naming")) or _unsaid(verb) \
            or speech_verbs()[verb.lemma_.lower()] == "naming" and not _names_as(verb):
        return None
    span = _content_chars(verb)
    subject = _subject_of(verb)
    if span is None or subject is None and not _has_clause(verb):
        return None  # "ready to continue talks": an object with no one reporting it
    if verb.lemma_.lower() in _physical_senses() and not _is_person(subject):
        return None  # "the army attacked its positions": an act, not words
    return _Found(*span, "indirect", subject=subject,
                  cue=Cue(verb.text, verb.idx, verb.idx + len(verb)))


def _names_as(verb) -> bool:
    """True when a naming verb says what something is ("called him a liar", "described it as a
    disaster"), not for "called the police"."""
    return any(c.dep_ in ("oprd", "ccomp", "xcomp") or c.dep_ == "prep" and c.lower_ == "as"
               for c in verb.children if c.i > verb.i)


@functools.cache
def _physical_senses() -> frozenset:
    return frozenset(lemma for lemma, _, *rest in load_table("speech_verbs.tsv") if rest[:1] == ["physical"])


def _is_person(tok) -> bool:
    return tok is not None and (tok.ent_type_ == "PERSON" or tok.lower_ in ("he", "she", "i", "we"))


def _group_speaker(ctx, subject) -> Optional[Speaker]:
    """The speaker "Ukrainian officials": a group named by a common noun and a nationality or
    country, which is not the country itself. None when the subject is anything else."""
    if subject is None or subject.pos_ != "NOUN" or entity_at(ctx, subject.idx, subject.idx + len(subject)) \
            or mentions.titled_entity(ctx, subject) is not None:   # "the Russian foreign minister"
        return None
    origin = [t for t in subject.children if t.dep_ in ("amod", "compound", "nmod") and t.ent_type_ in ("NORP", "GPE")]
    if not origin:
        return None
    start, end = mentions.phrase_span(subject)
    return Speaker(entity=None, name=ctx.record.text[start:end], start=start, end=end)


def _unsaid(verb) -> bool:
    """True for a negated speech verb whose content is an open question ("did not say how many")."""
    if speech_verbs().get(verb.lemma_.lower()) != "speech" or not any(c.dep_ == "neg" for c in verb.children):
        return False
    clause = _clause_of(verb)
    first = clause.left_edge if clause is not None else None
    return first is not None and (first.tag_ in ("WRB", "WP", "WDT") or first.lower_ in ("if", "whether"))


@functools.cache
def _attitude_nouns() -> frozenset:
    return frozenset(load_lines("attitude_nouns.tsv"))


def _attitude_phrase(noun) -> Optional[_Found]:
    """Reported stance on a noun: "his criticism of Obama", "expressed concern that ..."."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _attitude_nouns():
        return None
    content = next((c for c in noun.children if c.i > noun.i and (
        c.dep_ == "prep" and c.lower_ in ("of", "for", "on", "about", "against")
        and any(g.dep_ == "pobj" for g in c.children) or c.dep_ in ("acl", "ccomp"))), None)
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    # "expressed concern": the verb's subject holds it; not so for "rejected the claim".
    rejects = speech_verbs().get(noun.head.lemma_.lower()) in ("claim", "stance")
    if holder is None and noun.dep_ == "dobj" and not rejects:
        holder = _subject_of(noun.head)
    # "the claim that Russia had not invaded": a that-clause is reported even when no one is named.
    if content is None or holder is None and not _that_clause(content):
        return None
    if content.dep_ == "prep":
        content = next(g for g in content.children if g.dep_ == "pobj")
    start, end = _clause_chars(content)
    return _Found(start, end, "indirect", subject=holder,
                  cue=Cue(noun.text, noun.idx, noun.idx + len(noun)))


def _that_clause(tok) -> bool:
    return tok.dep_ in ("acl", "ccomp") and tok.left_edge.lower_ == "that" and tok.left_edge.dep_ == "mark"


@functools.cache
def _phrasal_cues() -> frozenset:
    return frozenset(p for p, kind, *_ in load_table("cue_patterns.tsv") if kind == "phrasal")


def _phrasal_object(verb) -> Optional[_Found]:
    """Reported speech on a verb and its preposition ("called for a ban", "referring to Obama"):
    the preposition's object."""
    if not _may_open_phrasal(verb.lemma_.lower()):
        return None   # most tokens: no cue starts with this word, so no need to look for a subject
    subject = _subject_of(verb) if verb.tag_.startswith("VB") else None
    if subject is None:
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i):
        particles = [t.lower_ for t in verb.doc[verb.i + 1:prep.i + 1] if t.dep_ in ("prt", "prep")]
        obj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
        if " ".join([verb.lemma_.lower()] + particles) in _phrasal_cues() and obj is not None:
            start, end = _clause_chars(obj)
            end = max([end] + [_clause_chars(c)[1] for c in verb.children if c.i > obj.i and c.dep_ == "xcomp"])
            return _Found(start, end, "indirect", subject=subject,
                          cue=Cue(verb.text, verb.idx, verb.idx + len(verb)))
    return None


@functools.lru_cache(maxsize=4096)
def _may_open_phrasal(lemma: str) -> bool:
    """True when a phrasal cue ("call for", "refer to") starts with this verb lemma."""
    return any(p == lemma or p.startswith(lemma + " ") for p in _phrasal_cues())


def _has_clause(verb) -> bool:
    return _clause_of(verb) is not None or _interrupts(verb)


def _clause_of(verb):
    """The clause a verb reports: after it ("said he was ready"), or before it across a comma
    ("He was ready, Kuleba said")."""
    after = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if after is not None:
        return after
    before = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    if before is not None and any(t.text in (",", "—", "–") for t in verb.doc[before.right_edge.i:verb.i]):
        return before
    return None


def _interrupts(verb) -> bool:
    """True for an attribution set inside its content ("This campaign, he says, is different")."""
    return verb.dep_ == "parataxis" and verb.head.i != verb.i and _subject_of(verb) is not None


def _content_chars(verb) -> Optional[tuple]:
    """Characters of a verb's content: its clause, else its object and what follows it."""
    clause = _clause_of(verb)
    if clause is not None:
        start, end = _clause_chars(clause)
        if clause.i < verb.i:   # "X, just as Y, she told ...": all up to the attribution is content
            end = max(end, _end_before_attribution(verb, clause))
        fronted = _fronted_start(verb) if clause.i > verb.i else None
        # "said Obama enjoys the event, in part, because ...": the parser hangs the reason on the verb.
        tails = [c for c in verb.children if c.i > clause.right_edge.i > verb.i and c.dep_ == "advcl"]
        end = max([end] + [_clause_chars(c)[1] for c in tails])
        return (start if fronted is None else fronted), end
    if _interrupts(verb):
        # An attribution inside its content keeps the whole host sentence (as PolNeAR does);
        # one at the end ("Russian forces shelled ..., the mayor said") is left out.
        start, end = _clause_chars(verb.head)
        doc = verb.doc
        if not any(t.is_alpha for t in doc[verb.right_edge.i + 1:verb.head.right_edge.i + 1]):
            before = [t for t in doc[verb.head.left_edge.i:verb.left_edge.i] if not (t.is_punct or t.is_space)]
            end = before[-1].idx + len(before[-1]) if before else end
        return start, end
    parts = [c for c in verb.children if c.i > verb.i and c.dep_ in _CONTENT_DEPS and not _names_a_time(c)]
    if verb.lemma_.lower() in load_word_list("addressee_verbs"):   # "told CNN": the object is who heard it
        parts = [c for c in parts if c.dep_ not in ("dobj", "dative")]
    # "said on Thursday", "voted on March 2": a phrase that only frames the verb is no content.
    if not parts or parts[0].dep_ == "dative" or parts[0].dep_ == "prep" and not _topic_prep(verb, parts[0]) \
            or parts[0].dep_ == "xcomp" and verb.lemma_.lower() in load_word_list("aspect_verbs"):
        return None
    start, _ = _clause_chars(parts[0])
    _, end = _clause_chars(parts[-1])
    return start, end


def _fronted_start(verb) -> Optional[int]:
    """Start of phrases set before the speaker and cut off by a comma ("At one point, she said she
    ..."): they belong to what is reported."""
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS and c.i < verb.i), None)
    if subject is None:
        return None
    fronted = [c for c in verb.children if c.i < subject.i and c.dep_ in ("prep", "advcl", "advmod", "npadvmod")]
    if not fronted or not any(t.text == "," for t in verb.doc[fronted[0].i:subject.left_edge.i]):
        return None
    return _clause_chars(fronted[0])[0]


def _end_before_attribution(verb, clause) -> int:
    """End of the words between a content clause and the attribution after it ("X, Y, she said")."""
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS and clause.i < c.i < verb.i), None)
    stop = subject.left_edge.i if subject is not None else verb.i
    words = [t for t in verb.doc[clause.i:stop] if not (t.is_punct or t.is_space or t.is_quote)]
    return words[-1].idx + len(words[-1]) if words else 0


def _names_a_time(prep) -> bool:
    """True for "on Wednesday", "in March": a phrase that dates the verb."""
    return prep.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def _topic_prep(verb, prep) -> bool:
    """True when a preposition names what was said ("warned of", "railed against"), not when or where."""
    kind = speech_verbs().get(verb.lemma_.lower())
    return prep.lower_ in ("about", "of") or kind != "speech" and prep.lower_ in ("against", "for", "on", "with")


def _clause_chars(clause) -> tuple:
    """Characters of a clause without a leading "that" and trailing punctuation."""
    doc = clause.doc
    left, right = clause.left_edge, clause.right_edge
    while left.i < right.i and (left.lower_ == "that" and left.dep_ == "mark" or left.is_punct):
        left = doc[left.i + 1]
    # "ready to lead buses out but": a conjunction whose second half the parser hung elsewhere.
    while right.i > left.i and (right.is_punct or right.is_space or right.dep_ == "cc"):
        right = doc[right.i - 1]
    return left.idx, right.idx + len(right)


@functools.cache
def _according_first_words() -> frozenset:
    return frozenset(p[0] for p in _according_cues())


def _according_clause(tok, sent) -> Optional[_Found]:
    """Reported speech framed by "according to X": the rest of the sentence is the claim."""
    if tok.lower_ not in _according_first_words():
        return None
    subject, cue = _speaker_of_cue(tok)
    if cue is None:
        return None
    phrase_end = max((t.i for t in tok.subtree), default=tok.i)
    after = [t for t in sent if t.i > phrase_end and not (t.is_punct or t.is_space)]
    if tok.i <= sent.start + 1:   # "According to X, <claim>."
        words = [t for t in sent if t.i > phrase_end]
    elif len(after) >= 2:         # "<claim>, according to X, <rest of the claim>."
        words = list(sent)
    else:                         # "<claim>, according to X."
        words = [t for t in sent if t.i < tok.i]
    words = _strip_punct([t for t in words if not t.is_space])
    if len(words) < 3:
        return None
    return _Found(words[0].idx, words[-1].idx + len(words[-1]), "indirect", subject=subject, cue=cue)


def _strip_punct(words: list) -> list:
    while words and words[-1].is_punct:
        words.pop()
    while words and words[0].is_punct:
        words.pop(0)
    return words
