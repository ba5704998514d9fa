"""Entities: merge the mentions of one person, organisation or place into one
entity named by its fullest form, with title, country and sector.

Later stages look mentions up with `entity_at(ctx, start, end)`.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Optional

from ..countries import capitals, country_code, leader, named_actor, organization
from ..model import Entity
from ..resources import load_table, load_word_list

KEEP = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass
class _Cluster:
    type: str
    name: str
    mentions: list = field(default_factory=list)
    title: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    last: int = 0  # char offset of the latest mention, for "nearest" choices
    gender: Optional[str] = None  # "m"/"f" from honorifics (Mr., Mrs., Ms.)

    def add(self, start: int, end: int, name: Optional[str] = None) -> None:
        self.mentions.append([start, end])
        self.last = max(self.last, start)
        if name and len(name) > len(self.name):
            self.name = name


def run(ctx) -> list:
    """Return the article's entities, each with all its mentions."""
    clusters = _cluster_mentions(ctx)
    _add_nominal_mentions(ctx, clusters)
    entities = _to_entities(clusters)
    ctx.shared["entity_index"] = _index(entities)
    ctx.record.entities = entities   # the mention resolver reads them (the pipeline sets the same list)
    _borrow_relational_titles(ctx, entities)
    return entities


def _borrow_relational_titles(ctx, entities: list) -> None:
    """"Kuleba met his Russian counterpart Sergei Lavrov": a counterpart (predecessor, successor)
    holds the title of the person whose counterpart he is, read by the mention resolver."""
    from .mentions import read_mention

    relational = load_word_list("relational_titles")
    for entity in entities:
        if entity.type != "PERSON" or not entity.title or entity.title.split()[-1] not in relational:
            continue
        word = _title_token_before(ctx.doc, entity, relational)
        owner = next((c for c in word.children if c.dep_ == "poss"), None) if word is not None else None
        other = read_mention(ctx, owner).entity if owner is not None else None
        if other is not None and other is not entity and other.title and other.title.split()[-1] not in relational:
            entity.title, entity.sector = other.title, other.sector or entity.sector


def _title_token_before(doc, entity, words: frozenset):
    """The relational title word just before the entity's first mention, or None."""
    span = doc.char_span(*entity.mentions[0], alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in doc[max(0, span.start - 3):span.start] if t.lower_ in words), None)


def add_place_countries(ctx) -> list:
    """Return the entities again, places among them given the country the places stage
    resolved them to ("Mariupol" -> UKR). A name NER took for an organisation or a
    person becomes a GPE when the places stage resolved every one of its mentions."""
    spans = {(p.start, p.end): p for p in ctx.record.places if p.country}
    for entity in ctx.record.entities:
        if entity.country:
            continue
        found = [spans.get((start, end)) for start, end in entity.mentions]
        if entity.type not in ("GPE", "LOC", "FAC"):
            if not all(found):
                continue
            entity.type = "GPE"
        place = next((p for p in found if p is not None), None)
        if place is not None:
            entity.country = place.country
    return ctx.record.entities


def entity_at(ctx, start: int, end: int) -> Optional[Entity]:
    """Return the entity with a mention overlapping [start, end), preferring the tightest
    (the first in mention-index order among equally tight ones)."""
    starts, mentions, longest = _mention_lookup(ctx)
    # A mention overlapping [start, end) begins before `end` and, being at most `longest`
    # long, after `start - longest`: bisect to those instead of scanning every mention.
    best = None
    for m_start, m_end, order, entity in mentions[bisect_left(starts, start - longest + 1):
                                                 bisect_left(starts, end)]:
        if start < m_end and (best is None or (m_end - m_start, order) < best[0]):
            best = ((m_end - m_start, order), entity)
    return best[1] if best else None


def _mention_lookup(ctx) -> tuple:
    """Return (sorted mention starts, (start, end, index order, entity) sorted alike, longest
    mention) for the article's entity index, built once per index."""
    index = ctx.shared.get("entity_index", {})
    cached = ctx.shared.get("entity_lookup")
    if cached is None or cached[0] is not index:
        mentions = sorted((m_start, m_end, order, entity)
                          for order, ((m_start, m_end), entity) in enumerate(index.items()))
        longest = max((m_end - m_start for m_start, m_end, _, _ in mentions), default=0)
        cached = ctx.shared["entity_lookup"] = (index, [m[0] for m in mentions], mentions,
                                                max(longest, 1))
    return cached[1:]


def entity_by_id(ctx, entity_id: str) -> Optional[Entity]:
    for entity in ctx.record.entities:
        if entity.id == entity_id:
            return entity
    return None


# -- clustering -------------------------------------------------------------


def _cluster_mentions(ctx) -> list:
    clusters: list = []
    people: dict = {}      # lower-cased name part -> [clusters], latest last
    by_key: dict = {}      # (type, key) -> cluster for non-persons
    ents = [e for e in ctx.doc.ents if e.label_ in KEEP and ctx.in_body(e.start_char, e.end_char)]
    # Full names first, so "Hillary" early in a text still joins "Hillary Clinton".
    for ent in sorted(ents, key=lambda e: (e.label_ != "PERSON", len(e) == 1, e.start)):
        span = _trim(ent)
        if span is None:
            continue
        text = span.text
        if ent.label_ == "PERSON" or _known_person(people, text) or _leader_name(span):
            _add_person(ctx, clusters, people, span)
        else:
            _add_other(clusters, by_key, span, ent.label_)
    return clusters


def _trim(ent):
    """Drop a leading 'the' or punctuation ("― Jane Roe") and a trailing possessive from an entity span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s")):
        end -= 1
    if start >= end or not any(t.is_alpha for t in doc[start:end]):
        return None
    return doc[start:end]


def _name_parts(text: str) -> list:
    """Words of a name, with Arabic article prefixes dropped ("al-Burhan" -> "Burhan")."""
    words = re.split(r"\s+", _POSSESSIVE.sub("", text))
    return [re.sub(r"^(?:al|el|ad|as|ash|an|ar)-(?=\w)", "", w, flags=re.I) for w in words if w]


def _known_person(people: dict, text: str) -> bool:
    parts = _name_parts(text)
    return len(parts) == 1 and parts[0].lower() in people


def _add_person(ctx, clusters: list, people: dict, span) -> None:
    text = _POSSESSIVE.sub("", span.text).strip()
    parts = _name_parts(text)
    gender = _honorific_gender(span)
    cluster = _match_person(people, parts, span.start_char, gender, _premodifiers(span))
    if cluster is None:
        cluster = _Cluster("PERSON", text)
        clusters.append(cluster)
        for part in {parts[-1].lower(), parts[0].lower()} if len(parts) > 1 else {parts[0].lower()}:
            people.setdefault(part, []).append(cluster)
        people.setdefault(text.lower(), []).append(cluster)
    cluster.add(span.start_char, span.end_char, text)
    cluster.gender = cluster.gender or gender
    if cluster.title is None or cluster.country is None:
        _describe_person(ctx, cluster, span)
    if cluster.country is None:
        _add_leader_facts(cluster)


def _leader_name(span) -> bool:
    """True for a known leader's name NER took for a place or group ("the Bush administration"):
    the person wins over a small namesake place, not over a country or a capital."""
    text = span.text
    if leader(text) is None or text in capitals() or country_code(text):
        return False
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before not in ("in", "at", "near", "from", "to", "into")  # "fighting near Sharon"


def _add_leader_facts(cluster: _Cluster) -> None:
    """Give a known leader named without title or nationality ("Putin") the country and
    sector of resources/leaders.tsv."""
    known = leader(cluster.name)
    if known is not None:
        cluster.country = known[1]
        cluster.sector = cluster.sector or known[2]


def _honorific_gender(span) -> Optional[str]:
    before = span.doc[span.start - 1].text if span.start > 0 else ""
    first = span[0].text
    for word in (before, first):
        if word in load_word_list("honorifics_male"):
            return "m"
        if word in load_word_list("honorifics_female"):
            return "f"
    return None


def _match_person(people: dict, parts: list, at: int, gender: Optional[str],
                  descriptors: list) -> Optional[_Cluster]:
    full = " ".join(parts).lower()
    if full in people:
        return _choose(people[full], at, gender, descriptors)
    if len(parts) == 1:
        found = people.get(parts[0].lower())
        return _choose(found, at, gender, descriptors) if found else None
    surname = parts[-1].lower()
    for cluster in people.get(surname, []):
        known = _name_parts(cluster.name)
        # "Vladimir Putin" and "Putin" merge; "Bill Clinton" and "Hillary Clinton" do not.
        if len(known) == 1 or known[0].lower() == parts[0].lower() or known[0].rstrip(".") == parts[0].rstrip(".")[:1]:
            return cluster
    return None


def _choose(candidates: list, at: int, gender: Optional[str], descriptors: list) -> _Cluster:
    """Pick the person a short name refers to: same honorific gender, same title,
    else the one mentioned just before, else the most mentioned."""
    if len(candidates) == 1:
        return candidates[0]
    pool = [c for c in candidates if gender is None or c.gender in (None, gender)] or candidates
    titles = {t.lower_ for t in descriptors if _title_word(t)}
    if titles:
        titled = [c for c in pool if c.title and set(c.title.split()) & titles]
        pool = titled or pool
    recent = [c for c in pool if c.mentions and 0 <= at - c.last <= _RECENT_CHARS]
    if recent:
        return max(recent, key=lambda c: c.last)
    return max(pool, key=lambda c: len(c.mentions))


# How close (in characters) an earlier full mention must be to win a bare surname.
_RECENT_CHARS = 400


def _add_other(clusters: list, by_key: dict, span, label: str) -> None:
    text = span.text.strip()
    org = organization(text)
    group = None if org else named_actor(text)
    if org:
        key = ("ORG", org[0])
        name, country, sector, label = org[1], org[0], org[2], "ORG"
    elif group:
        key = ("ORG", group[0])
        name, country, sector, label = group[0], group[1], group[2], "ORG"
    else:
        country, sector = _place_or_org_codes(text, label)
        # Aliases of one country merge ("U.S.", "United States"); cities stay apart.
        merge_by_country = label in ("GPE", "NORP") and country and text not in capitals()
        key = (label, country if merge_by_country else text.lower())
        name = text
    cluster = by_key.get(key)
    if cluster is None:
        cluster = _Cluster(label, name, country=country, sector=sector)
        by_key[key] = cluster
        clusters.append(cluster)
    cluster.add(span.start_char, span.end_char, None if org or group else name)


def _place_or_org_codes(text: str, label: str) -> tuple:
    if text in capitals():
        return capitals()[text], "GOV"
    if label in ("GPE", "NORP"):
        code = country_code(text)
        return code, ("GOV" if code and label == "GPE" else None)
    if label == "ORG" and country_code(text):  # "Democratic People's Republic of Korea" tagged ORG
        return country_code(text), "GOV"
    if label == "ORG":
        return _org_country(text), org_sector(text)
    return None, None


def _org_country(text: str) -> Optional[str]:
    """Country of an organisation named for it: "Russian Defense Ministry" -> RUS."""
    first = text.split()[0] if text.split() else ""
    return country_code(first) if first[:1].isupper() and len(text.split()) > 1 else None


# -- titles, countries and sectors of people --------------------------------


def _describe_person(ctx, cluster: _Cluster, span) -> None:
    words = _premodifiers(span) or _appositive(span)
    if not words:
        return
    title_words, country = _split_title(words)
    if country is None and title_words and _anaphoric_country(words):
        country = _country_named_before(span)
    if title_words and cluster.title is None:
        cluster.title = re.sub(r"\s*-\s*", "-", " ".join(title_words)).lower()
        cluster.sector = title_sector(cluster.title)
    if country and cluster.country is None:
        cluster.country = country
        if country in _igo_codes():
            cluster.sector = "IGO"


_COUNTRY_NOUNS = frozenset({"country", "nation", "kingdom", "republic"})


def _anaphoric_country(words: list) -> bool:
    """True for "the country's defence minister": the title's owner is a country noun."""
    doc, i = words[0].doc, words[0].i
    if not (words[0].tag_ == "POS" or words[0].text in ("'s", "’s")) or i < 2:
        return False
    return doc[i - 1].lower_ in _COUNTRY_NOUNS and doc[i - 2].lower_ == "the"


def _country_named_before(span) -> Optional[str]:
    """The country of the last country or nationality named before the span in the text, as a
    reader takes "the country" ("Lithuania will ... the country's defence minister Anna Kovac")."""
    for ent in reversed([e for e in span.doc.ents if e.end <= span.start and e.label_ in ("GPE", "NORP")]):
        code = country_code(ent.text)
        if code:
            return code
    return None


def _premodifiers(span) -> list:
    """Tokens just before a name that describe it: "Russian President", "Ukraine's foreign minister"."""
    doc = span.doc
    words = []
    i = span.start - 1
    while i >= 0 and i >= span.sent.start:
        tok = doc[i]
        if tok.ent_type_ == "PERSON" or tok.is_punct and tok.text not in ("'s", "’s", "-"):
            break
        if tok.tag_ == "POS" or _is_descriptor(tok):
            words.insert(0, tok)
            i -= 1
            continue
        break
    return words if any(_title_word(t) for t in words) else []


def _appositive(span) -> list:
    """Words of an appositive title: "Jens Stoltenberg, NATO's secretary general"."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and _title_word(child):
            return _noun_phrase(child)
    if root.dep_ == "appos" and _title_word(root.head):
        return [t for t in root.head.subtree if t.i < span.start]
    return []


def _noun_phrase(head) -> list:
    """The head's left modifiers, the head, and an "of X" complement."""
    tokens = [t for t in head.subtree if t.i <= head.i and t.i >= head.left_edge.i]
    for child in head.rights:
        if child.lower_ == "of":
            tokens += [t for t in child.subtree][:5]
            break
    return tokens


def _is_descriptor(tok) -> bool:
    return (_title_word(tok) or tok.ent_type_ in ("NORP", "GPE", "ORG")
            or tok.pos_ in ("ADJ", "PROPN") and tok.is_title or tok.lower_ in ("of", "the", "-"))


def _split_title(tokens: list) -> tuple:
    """Return (title words, country or IGO code) from descriptor tokens.

    The title is the run of words after the last possessive or nationality and
    ending at the last title word: "the president's deputy national security
    adviser" -> "deputy national security adviser".
    """
    country = None
    title: list = []
    for tok in tokens:
        code = _descriptor_code(tok)
        if code and any(_title_word(t) for t in title):
            country = code  # "foreign minister of Ukraine"
            break
        if tok.tag_ == "POS" or tok.text in ("'s", "’s") or code:
            country = code or country
            title = []
            continue
        if tok.lower_ in ("the", "a", "an", ",") or (not title and tok.lower_ in ("of", "-")):
            continue
        title.append(tok)
    while title and not _title_word(title[-1]):
        title.pop()
    if len(title) > 1 and title[-1].lower_ == title[0].lower_:
        title = title[-1:]
    return [t.text for t in title], country


def _descriptor_code(tok) -> Optional[str]:
    """Country or IGO code of a nationality/organisation word in a title."""
    if _title_word(tok):
        return None
    org = organization(tok.text)
    if org:
        return org[0]
    # NER sometimes tags a nationality word as ORG ("Gambian President ...").
    if tok.ent_type_ in ("NORP", "GPE") or (tok.ent_type_ == "ORG" and tok.is_title):
        return country_code(tok.text)
    return None


def _title_word(tok) -> bool:
    return tok.lower_ in _title_vocabulary() or tok.lemma_.lower() in _title_vocabulary()


@functools.cache
def _title_vocabulary() -> frozenset:
    return frozenset(w for phrase, *_ in load_table("titles.tsv") for w in phrase.split()
                     if w not in ("of", "the", "and", "to"))


@functools.cache
def _titles() -> dict:
    return {phrase: sector for phrase, sector, *_ in load_table("titles.tsv")}


@functools.cache
def _igo_codes() -> frozenset:
    from ..countries import organizations

    return frozenset(code for code, _, _ in organizations().values())


def title_sector(title: str) -> Optional[str]:
    """Return the sector of a title, by its longest known ending ("foreign minister" -> GOV)."""
    words = title.lower().split()
    table = _titles()
    for i in range(len(words)):
        phrase = " ".join(words[i:])
        if phrase in table:
            return table[phrase]
    return None


@functools.cache
def _org_sectors() -> tuple:
    """Return (word, its whole-word pattern, sector) of the table, in table order, compiled once
    (building each pattern and finding it in re's cache on every call cost more than the search)."""
    return tuple((word, re.compile(rf"\b{re.escape(word)}\b"), sector)
                 for word, sector, *_ in load_table("org_sectors.tsv"))


def org_sector(name: str) -> Optional[str]:
    """Return the sector of an organisation from the words of its name."""
    lower = name.lower()
    for word, pattern, sector in _org_sectors():
        if word in lower and pattern.search(lower):  # the substring test is cheap and necessary
            return sector
    return None


# -- nominal mentions ("the minister") ---------------------------------------


def _add_nominal_mentions(ctx, clusters: list) -> None:
    """Link "the foreign minister" to the person titled so, mentioned before it."""
    titled = [c for c in clusters if c.type == "PERSON" and c.title]
    if not titled:
        return
    taken = {(m[0], m[1]) for c in clusters for m in c.mentions}
    for chunk in ctx.doc.noun_chunks:
        root = chunk.root
        if root.ent_type_ or not _title_word(root) or root.tag_ in ("NNS", "NNPS"):
            continue
        if not ctx.in_body(chunk.start_char, chunk.end_char) or \
                any(s < chunk.end_char and chunk.start_char < e for s, e in taken):
            continue
        if chunk[0].lower_ not in ("the", "a") and chunk[0].tag_ not in ("PRP$",) and not any(t.tag_ == "POS" for t in chunk):
            continue
        cluster = _titled_before(titled, root.lower_, chunk.start_char)
        if cluster is not None:
            cluster.add(chunk.start_char, chunk.end_char)


def _titled_before(titled: list, head: str, at: int) -> Optional[_Cluster]:
    found = [c for c in titled if c.title.split()[-1] == head and min(m[0] for m in c.mentions) < at]
    return max(found, key=lambda c: max(m[0] for m in c.mentions if m[0] < at)) if found else None


# -- output -------------------------------------------------------------------


def _to_entities(clusters: list) -> list:
    ordered = sorted(clusters, key=lambda c: min(m[0] for m in c.mentions))
    return [Entity(id=f"e{i}", name=c.name, type=c.type, mentions=sorted(c.mentions),
                   title=c.title, country=c.country, sector=c.sector)
            for i, c in enumerate(ordered, 1)]


def _index(entities: list) -> dict:
    return {(m[0], m[1]): e for e in entities for m in e.mentions}
