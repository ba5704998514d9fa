"""Mentions: the one resolver that says which named entity a mention of the text stands for.

Quotes (speakers), events (actors) and entities ask it the same question
about a token of the parse: what does this word name? It answers with a
`Mention`: the entity (or, for a byline author, the name) and how it found it.
The rules, tried in this order, each state a convention of news writing:

- a word inside a dateline or credit ("MOSCOW (AP) -") names no one; the
  name it heads in the body ("Sergey Lavrov, Russia's foreign minister")
  does;
- a relative pronoun (who, which, that) stands for the noun phrase its clause
  attaches to ("Cavusoglu, who hosted the meeting");
- a personal pronoun stands for the nearest earlier compatible mention
  outside quotations (he/she: a person of that gender or none known; it: an
  organisation or country; they: a group, organisation or country); "I" in
  the reporter's own words is the byline author when the article has one;
- a word inside a named mention is that mention's entity; a capital or
  country acting as a subject is that country's government (the entities
  stage gives such entities sector GOV: "Moscow said" -> RUS GOV);
- a description with a name beside it is that name: an appositive or
  counterpart phrase ("his Russian counterpart Sergei Lavrov"); a proper
  noun the NER left untagged is the one person of the article whose name
  ends in it ("Trump");
- a title or description alone ("the foreign minister", "the country's
  foreign minister") is the person with that title named before it (of that
  country when it names one: "the Russian foreign minister");
- a phrase naming a person, organisation or country inside it is that
  ("spokesman for the campaign, Jason Miller", "Russian officials").

What none of these finds stays the words of the text, marked unresolved when
they are a pronoun (`Mention.resolved`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from ..identity import pronouns
from ..model import Entity
from ..resources import load_table
from ..segment import in_boilerplate
from .entities import entity_at

# Boilerplate kinds whose words are never a speaker or an actor: they credit an outlet or a place.
CREDIT_KINDS = ("dateline", "credit", "byline", "source_line")
RELATIVES = ("who", "which", "that", "whom")
_NAMED = ("PERSON", "ORG", "GPE", "NORP")
_SPEAKING = ("PERSON", "ORG")
_BYLINE = re.compile(r"^\s*(?:By|BY)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4})")
_POSSESSIVE = re.compile(r"[’']s?$")
_CACHE_KEY = "dateline.mentions.resolved"
_CREDITS_KEY = "dateline.mentions.credits"


@dataclass
class Mention:
    """What a token of the text names: an entity, or a name of its own, and how it was found."""

    entity: Optional[Entity]
    start: int          # the span of the text that names it
    end: int
    text: str           # the text's own words there
    how: str            # name|relative|pronoun|byline|credit|appositive|surname|phrase|title|none
    name: Optional[str] = None   # the name when no entity carries it (a byline author)

    @property
    def resolved(self) -> bool:
        """False for a pronoun or relative pronoun whose referent the article never names."""
        return self.how not in ("relative", "pronoun") or self.entity is not None or self.name is not None

    @property
    def label(self) -> str:
        """The name to show: the entity's, else the resolver's, else the text's words."""
        return self.entity.name if self.entity is not None else (self.name or self.text)


# -- lexicons ---------------------------------------------------------------------


@functools.cache
def gender_words() -> dict:
    return {word: gender for word, gender, *_ in load_table("gender_words.tsv")}


def is_pronoun(tok) -> bool:
    """True for a personal or relative pronoun that may stand for a speaker or actor."""
    return tok.lower_ in RELATIVES and tok.tag_ in ("WP", "WDT") or \
        tok.pos_ == "PRON" and tok.lower_ in pronouns()


# -- the resolver ---------------------------------------------------------------------


def resolve(ctx, tok) -> Mention:
    """Return what a token names (cached per article: quotes and events ask about the same words).
    Ask only once the quotes stage has found the quotations: pronouns skip what is quoted."""
    cache = ctx.shared.setdefault(_CACHE_KEY, {})
    if tok.i not in cache:
        cache[tok.i] = read_mention(ctx, tok)
    return cache[tok.i]


def read_mention(ctx, tok) -> Mention:
    """Return what a token names, without the cache (for the entities stage, before quotes)."""
    if in_credit(ctx, tok.idx, tok.idx + len(tok)):
        return _out_of_credit(ctx, tok)
    head = relative_head(tok)
    if head is not tok:
        return _relative(ctx, tok, head)
    agreement = pronouns().get(tok.lower_)
    if agreement is not None and tok.pos_ == "PRON":
        return _pronoun(ctx, tok, agreement)
    if tok.lower_ == "you":   # the reader, or anyone: no one the article names
        return Mention(None, tok.idx, tok.idx + len(tok), tok.text, "pronoun")
    start, end = phrase_span(tok)
    for how, rule in _PHRASE_RULES:
        entity = rule(ctx, tok)
        if entity is not None:
            return _named(ctx, entity, start, end, how)
    return Mention(None, start, end, ctx.record.text[start:end], "none")


def _entity_of_word(ctx, tok) -> Optional[Entity]:
    return entity_at(ctx, tok.idx, tok.idx + len(tok))


def _named(ctx, entity, start: int, end: int, how: str) -> Mention:
    """A mention of an entity, its span the entity's own mention inside the phrase when there is one."""
    for m_start, m_end in entity.mentions:
        if m_start < end and start < m_end:
            start, end = m_start, m_end
            break
    return Mention(entity, start, end, ctx.record.text[start:end], how)


def in_credit(ctx, start: int, end: int) -> bool:
    """True when [start, end) lies in a dateline, credit, byline or source line."""
    if _CREDITS_KEY not in ctx.shared:   # once per article: every candidate speaker asks
        ctx.shared[_CREDITS_KEY] = [b for b in ctx.seg.boilerplate if b.kind in CREDIT_KINDS]
    return in_boilerplate(ctx.shared[_CREDITS_KEY], start, end)


def _out_of_credit(ctx, tok) -> Mention:
    """"MOSCOW (AP) - Sergey Lavrov, ... said": the parser may make the dateline's place the
    subject; the name it heads in the body is the one meant, else no one is."""
    for word in tok.subtree:
        if word.ent_type_ in _SPEAKING and not in_credit(ctx, word.idx, word.idx + len(word)):
            entity = entity_at(ctx, word.idx, word.idx + len(word))
            if entity is not None:
                return _named(ctx, entity, word.idx, word.idx + len(word), "name")
    return Mention(None, tok.idx, tok.idx + len(tok), tok.text, "credit")


def relative_head(tok):
    """The noun a relative pronoun stands for ("an ad that urges" -> ad), else the token itself."""
    if tok.lower_ in RELATIVES and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
        return tok.head.head
    return tok


def _relative(ctx, tok, head) -> Mention:
    """"Sanders, who said ...": like "he said", the span stays on the pronoun, and the name comes
    from the phrase it stands for: a person, an organisation or a government, else the words of
    the noun phrase ("an official who said", "voters who say"). A pronoun head names no one."""
    found = resolve(ctx, head)
    span = (tok.idx, tok.idx + len(tok))
    if found.entity is not None and (found.entity.type in _SPEAKING or found.entity.sector == "GOV"):
        return Mention(found.entity, *span, tok.text, "relative")
    if head.pos_ in ("NOUN", "PROPN"):
        start, end = phrase_span(head)
        return Mention(None, *span, tok.text, "relative", name=ctx.record.text[start:end])
    return Mention(None, *span, tok.text, "relative")


def _pronoun(ctx, tok, agreement: str) -> Mention:
    span = (tok.idx, tok.idx + len(tok))
    if agreement == "s":
        author = byline_author(ctx) if tok.lower_ == "i" and not _quoted(ctx, tok.idx) else None
        return Mention(None, *span, tok.text, "byline" if author else "pronoun", name=author)
    entity = antecedent(ctx, tok, agreement)
    if entity is not None:
        span = _mention_in_sentence(ctx, entity, tok) or span
    return Mention(entity, *span, ctx.record.text[span[0]:span[1]] if entity else tok.text, "pronoun")


def byline_author(ctx) -> Optional[str]:
    """The article's author: the input's, else the name of a "By ..." byline line."""
    author = getattr(ctx.article, "author", None)
    if author:
        return author.strip()
    text = ctx.record.text
    for b in ctx.seg.boilerplate:
        if b.kind == "byline":
            m = _BYLINE.match(text[b.start:b.end])
            if m:
                return m.group("name")
    return None


def _quoted(ctx, at: int) -> bool:
    spans = ctx.shared.get("quote_spans", [])
    return any(s <= at < e for s, e in spans)


def antecedent(ctx, pronoun, agreement: str):
    """The entity a pronoun refers to: the nearest compatible mention before it, outside quotes."""
    if agreement == "s":
        return None
    best = None
    for m_start, m_end, entity in _antecedent_mentions(ctx, agreement):
        if m_end <= pronoun.idx and (best is None or m_start > best[0]):
            best = (m_start, entity)
    return best[1] if best else None


def _antecedent_mentions(ctx, agreement: str) -> list:
    """Return (start, end, entity) of the mentions outside quotes of the entities a pronoun of this
    agreement may stand for; built once per article and agreement (a text has many pronouns)."""
    key = ("dateline.mentions.antecedents", agreement, len(ctx.shared.get("quote_spans", [])))
    if key not in ctx.shared:
        types = {"m": ("PERSON",), "f": ("PERSON",), "n": ("ORG", "GPE"), "p": ("ORG", "NORP", "GPE")}[agreement]
        ctx.shared[key] = [(m_start, m_end, entity) for entity in ctx.record.entities
                           if entity.type in types and gender(ctx, entity) in (None, agreement)
                           for m_start, m_end in entity.mentions
                           if not _quoted(ctx, m_start) and not in_credit(ctx, m_start, m_end)]
    return ctx.shared[key]


def gender(ctx, entity) -> Optional[str]:
    """'m' or 'f' when an honorific or gendered title tells, else None."""
    words = gender_words()
    if entity.title:
        for word in entity.title.split():
            if word in words:
                return words[word]
    text = ctx.record.text
    for m_start, _ in entity.mentions:
        before = text[max(0, m_start - 6):m_start].split()
        if before and before[-1].lower() in words:
            return words[before[-1].lower()]
    return None


def _mention_in_sentence(ctx, entity, pronoun) -> Optional[tuple]:
    """The entity's mention earlier in the pronoun's sentence when the pronoun is in a clause
    of it ("Cruz has railed against what he calls")."""
    if pronoun.head.dep_ in ("ROOT", "parataxis"):
        return None
    sent = pronoun.sent
    inside = [m for m in entity.mentions if sent.start_char <= m[0] and m[1] <= pronoun.idx
              and not _quoted(ctx, m[0]) and "\n" not in ctx.record.text[m[0]:pronoun.idx]]
    return tuple(inside[-1]) if inside else None


def appositive_entity(ctx, tok) -> Optional[Entity]:
    """The named person or organisation set beside a description: "his Russian counterpart Sergei
    Lavrov", "the spokesman, John Kirby", "Lavrov, the foreign minister" (asked about "minister")."""
    beside = [c for c in tok.children if c.dep_ in ("appos", "compound") and c.i > tok.i]
    if tok.dep_ == "appos":
        beside.append(tok.head)
    for word in beside:
        for inner in _named_words(word):
            entity = entity_at(ctx, inner.idx, inner.idx + len(inner))
            if entity is not None and entity.type in _SPEAKING:
                return entity
    return None


def _named_words(word) -> list:
    """The word itself and its flat name parts (a name's head may be its last word)."""
    return [word] + [c for c in word.children if c.dep_ in ("compound", "flat")]


def surname_entity(ctx, tok) -> Optional[Entity]:
    """The person a proper noun the NER left out names ("Trump said" with "Trump" untagged): the
    one person of the article whose name ends in that word, when only one does."""
    # The tagger too may miss it: "Trump said" comes out a common noun.
    if tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper() or tok.ent_type_ in ("PERSON", "ORG", "GPE"):
        return None
    word = _POSSESSIVE.sub("", tok.text)
    found = [e for e in ctx.record.entities if e.type == "PERSON" and e.name.split()[-1] == word]
    return found[0] if len(found) == 1 else None


def entity_inside(ctx, tok) -> Optional[Entity]:
    """A person or organisation named inside the phrase ("spokesman for the campaign, Jason
    Miller"), else a country or nationality ("Russian officials")."""
    found = []
    for word in tok.subtree:
        if word.ent_type_ in _NAMED:
            entity = entity_at(ctx, word.idx, word.idx + len(word))
            if entity is not None:
                found.append(entity)
    return next((e for e in found if e.type in _SPEAKING), found[0] if found else None)


def titled_entity(ctx, tok) -> Optional[Entity]:
    """The person a title or description stands for ("the senator", "the country's foreign
    minister"): the one whose title ends in this word, named most recently before it."""
    if tok.pos_ != "NOUN" or tok.tag_ == "NNS":
        return None
    head = tok.lower_
    found = []
    for entity in ctx.record.entities:
        fits = entity.type == "PERSON" and entity.title and entity.title.split()[-1] == head or \
            entity.type == "ORG" and head in entity.name.lower().split()
        before = [m[0] for m in entity.mentions if m[0] < tok.idx]
        if fits and before:
            found.append((max(before), entity))
    # "the Russian foreign minister" among three foreign ministers: the Russian one.
    country = _description_country(ctx, tok)
    found = [f for f in found if f[1].country == country] or found if country else found
    return max(found, key=lambda f: f[0])[1] if found else None


def _description_country(ctx, tok) -> Optional[str]:
    """The country a description names in its modifiers ("the Russian foreign minister",
    "Ukraine's foreign minister"), else None."""
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and child.ent_type_ in ("NORP", "GPE"):
            entity = entity_at(ctx, child.idx, child.idx + len(child))
            if entity is not None and entity.country:
                return entity.country
    return None


# How a noun or name is read, in order (see the module's docstring).
_PHRASE_RULES = (("name", _entity_of_word), ("appositive", appositive_entity), ("surname", surname_entity),
                 ("title", titled_entity), ("phrase", entity_inside))


def phrase_span(tok) -> tuple:
    """Characters of a token's noun phrase: its left modifiers through the head, no marks or article."""
    doc = tok.doc
    left = tok
    while left.i > 0 and _modifies(doc[left.i - 1], tok):
        left = doc[left.i - 1]
    while left.i < tok.i and left.lower_ in ("the", "a", "an"):
        left = doc[left.i + 1]
    return left.idx, tok.idx + len(tok)


def _modifies(tok, head) -> bool:
    return not (tok.is_punct or tok.is_quote or tok.is_space) and \
        any(a.i == head.i for a in tok.ancestors)
