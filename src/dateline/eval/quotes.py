"""Score quotes and speakers on PolNeAR (BRAT standoff), beside textacy's baseline.

Protocol (../shared/README.md): each quotation-mark segment of a gold Content
span that contains quotation marks is one gold quote, its speaker the
attribution's Source. A predicted direct or partial quote matches a gold quote
when it covers at least 80% of the gold quote's characters and at least 50% of
its own characters lie in it (quotation marks and spaces not counted), one to
one. The speaker is right when the predicted speaker span overlaps a Source
span. Reported speech: gold Content spans without quotation marks against
predicted indirect quotes, matched when the overlap is at least 30% of each.

Named speakers (issue 21): a gold quote's speaker is a name when its Source
span holds a proper noun or a named entity of the parse. Of the matched quotes
with a named gold speaker, "pronoun for a named speaker" is the share whose
predicted speaker is shown as a bare pronoun ("he", "who", "I"); of all gold
quotes with a named speaker, "named speaker resolved" is the share matched by a
quote whose speaker's entity has a mention overlapping the Source span, or
whose speaker span overlaps it and shares a name word with the entity (a
surname the NER left untagged, resolved to the article's full name).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

from .common import prf, require_folder

QUOTE_MARKS = "\"“”‘’«»„"
_OPENERS = {"“": "”", "«": "»", "„": "”", "‘": "’"}
DIRECT_MATCH = (0.8, 0.5)   # share of gold covered, share of prediction inside gold
REPORTED_OVERLAP = 0.3


@dataclass
class GoldQuote:
    start: int
    end: int
    sources: list  # [(start, end), ...]; empty when the attribution names none


@dataclass
class GoldArticle:
    name: str
    text: str
    published: Optional[str]
    direct: list = field(default_factory=list)    # GoldQuote
    reported: list = field(default_factory=list)  # GoldQuote (content span, sources)


# -- gold -----------------------------------------------------------------------


def load_split(data: str, split: str, limit: Optional[int] = None) -> list:
    """Return the gold articles of one PolNeAR split, first listed annotator each."""
    folder = require_folder(data, "PolNeAR folder")
    rows = _metadata(folder / "metadata.tsv")
    articles = []
    for row in rows:
        if row["compartment"] != split:
            continue
        annotator = row["annotators"].split("|")[0]
        text = (folder / split / "text" / f"{row['filename']}.txt").read_text(encoding="utf-8")
        ann = folder / split / "attributions" / f"{row['filename']}_{annotator}.ann"
        articles.append(parse_ann(row["filename"], text, ann.read_text(encoding="utf-8"),
                                  row.get("publication_date")))
        if limit and len(articles) >= limit:
            break
    return articles


def flattened(articles: list) -> list:
    """Return the articles with every line break made a space (offsets, so gold spans, unchanged):
    text as scraping often leaves it."""
    return [replace(a, text=a.text.replace("\n", " ")) for a in articles]


def _metadata(path: Path) -> list:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]


def parse_ann(name: str, text: str, ann: str, published: Optional[str] = None) -> GoldArticle:
    """Return the gold direct and reported quotes of one BRAT .ann file."""
    spans, events = _read_brat(ann)
    article = GoldArticle(name, text, published)
    seen_direct, seen_reported = set(), set()
    for roles in events:
        content = spans.get(roles.get("Content"))
        if not content:
            continue
        content = _join_fragments(text, content)
        sources = spans.get(roles.get("Source"), [])
        if any(ch in QUOTE_MARKS for s, e in content for ch in text[s:e]):
            for s, e in content:
                for seg in quote_segments(text, s, e):
                    if seg not in seen_direct:
                        seen_direct.add(seg)
                        article.direct.append(GoldQuote(*seg, sources))
        else:
            seg = (content[0][0], content[-1][1])
            if seg not in seen_reported:
                seen_reported.add(seg)
                article.reported.append(GoldQuote(*seg, sources))
    return article


def _join_fragments(text: str, fragments: list) -> list:
    """Return the fragments with those separated only by spaces joined (annotators split at lines)."""
    out = [list(fragments[0])]
    for s, e in fragments[1:]:
        if not text[out[-1][1]:s].strip():
            out[-1][1] = e
        else:
            out.append([s, e])
    return [tuple(f) for f in out]


def _read_brat(ann: str) -> tuple:
    spans, events = {}, []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, offsets = parts[1].split(" ", 1)
            spans[parts[0]] = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    return spans, events


def quote_segments(text: str, start: int, end: int) -> list:
    """Return the top-level quotation-mark segments inside text[start:end].

    A mark left open at the end of a paragraph and reopened at the start of the
    next continues the same segment; a segment left open runs to `end`, one
    closed without an opening starts at `start`.
    """
    segments, open_at, closer = [], None, None
    for m in re.finditer(r"[\"“”‘’«»„]", text[start:end]):
        i, ch = start + m.start(), m.group()
        if open_at is None:
            if ch in _OPENERS and not _is_apostrophe(text, i) or ch == '"':
                open_at, closer = i, ('"' if ch == '"' else _OPENERS[ch])
            elif ch in "”»" or ch == "’" and not _is_apostrophe(text, i) and not segments:
                segments.append((start, i + 1))
        elif ch == closer and (ch != "’" or not _is_apostrophe(text, i)):
            if _reopens_next_paragraph(text, i, closer):
                continue
            segments.append((open_at, i + 1))
            open_at = None
        elif ch in "“\"" and closer in "”\"" and "\n" in text[open_at:i] and text[i - 1] == "\n":
            continue  # next paragraph of a quote whose closing mark was left out
    if open_at is not None:
        segments.append((open_at, end))
    return [s for s in segments if count_chars(text, *s) > 0]


def _reopens_next_paragraph(text: str, i: int, closer: str) -> bool:
    """True for a straight mark that opens a continued paragraph, not a closing one."""
    return closer == '"' and i > 0 and text[i - 1] == "\n"


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or text[i] == "’" and after == "s")


def count_chars(text: str, start: int, end: int) -> int:
    """Return how many characters of text[start:end] count: no quotation marks, no spaces."""
    return sum(1 for ch in text[start:end] if not ch.isspace() and ch not in QUOTE_MARKS)


# -- matching -------------------------------------------------------------------


def _overlap(text: str, a: tuple, b: tuple) -> int:
    return count_chars(text, max(a[0], b[0]), min(a[1], b[1])) if a[0] < b[1] and b[0] < a[1] else 0


def match(text: str, gold: list, pred: list, need_gold: float, need_pred: float) -> list:
    """Return (gold index, pred index) pairs matched one to one, largest overlaps first."""
    pairs = []
    for gi, g in enumerate(gold):
        g_size = count_chars(text, g[0], g[1]) or 1
        for pi, p in enumerate(pred):
            common = _overlap(text, g, p)
            p_size = count_chars(text, p[0], p[1]) or 1
            if common and common >= need_gold * g_size and common >= need_pred * p_size:
                pairs.append((common, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def speaker_right(gold: GoldQuote, speaker: Optional[tuple]) -> bool:
    """True when the predicted speaker span overlaps a gold Source span (or both are absent)."""
    if not gold.sources:
        return speaker is None
    return speaker is not None and any(s < speaker[1] and speaker[0] < e for s, e in gold.sources)


def named_source(gold: GoldQuote, doc) -> bool:
    """True when the gold speaker span holds a name (a proper noun or a named entity), not only
    a pronoun or a description."""
    for start, end in gold.sources:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(t.pos_ == "PROPN" or t.ent_type_ in _NAMED for t in span):
            return True
    return False


def names_source_entity(gold: GoldQuote, mentions: list, text: str = "", speaker: Optional[tuple] = None,
                        entity_name: Optional[str] = None) -> bool:
    """True when a mention of the predicted speaker's entity overlaps a gold speaker span, or the
    speaker span sits on a gold speaker span whose words share a name word with the entity
    ("Trump" the NER left out, resolved to the article's Donald Trump)."""
    if any(s < m_end and m_start < e for s, e in gold.sources for m_start, m_end in mentions):
        return True
    if speaker is None or not entity_name:
        return False
    names = {w for w in re.findall(r"\w+", entity_name.lower()) if len(w) > 2}
    return any(s < speaker[1] and speaker[0] < e and names & set(re.findall(r"\w+", text[s:e].lower()))
               for s, e in gold.sources)


def is_pronoun_name(name: Optional[str]) -> bool:
    """True for a speaker shown as a bare personal or relative pronoun ("he", "who", "I")."""
    return name is not None and name.strip().lower() in _pronoun_words()


def _pronoun_words() -> frozenset:
    from ..stages.mentions import RELATIVES, pronouns

    return frozenset(pronouns()) | frozenset(RELATIVES) | {"you"}


_NAMED = ("PERSON", "ORG", "GPE", "NORP")


@dataclass
class Tally:
    pred: int = 0
    gold: int = 0
    matched: int = 0
    speaker_ok: int = 0
    rep_pred: int = 0
    rep_gold: int = 0
    rep_matched: int = 0
    named_gold: int = 0         # gold quotes whose speaker span holds a name
    named_matched: int = 0      # ... that a predicted quote matched
    named_pronoun: int = 0      # ... whose predicted speaker is shown as a bare pronoun
    named_entity_ok: int = 0    # ... whose predicted speaker's entity is the named one

    def add(self, article: GoldArticle, direct: list, reported: list, doc=None) -> None:
        """Count one article: direct = [(start, end, speaker span or None[, speaker name, speaker
        entity's mentions])], reported = [(start, end)]. With the Doc, the named-speaker figures too."""
        gold = [(g.start, g.end) for g in article.direct]
        pairs = match(article.text, gold, [d[:2] for d in direct], *DIRECT_MATCH)
        self.pred += len(direct)
        self.gold += len(gold)
        self.matched += len(pairs)
        self.speaker_ok += sum(speaker_right(article.direct[gi], direct[pi][2]) for gi, pi in pairs)
        if doc is not None:
            self._add_named(article, direct, pairs, doc)
        rgold = [(g.start, g.end) for g in article.reported]
        rpairs = match(article.text, rgold, reported, REPORTED_OVERLAP, REPORTED_OVERLAP)
        self.rep_pred += len(reported)
        self.rep_gold += len(rgold)
        self.rep_matched += len(rpairs)

    def _add_named(self, article: GoldArticle, direct: list, pairs: list, doc) -> None:
        named = {gi for gi, g in enumerate(article.direct) if named_source(g, doc)}
        self.named_gold += len(named)
        for gi, pi in pairs:
            if gi in named and len(direct[pi]) > 3:
                self.named_matched += 1
                self.named_pronoun += is_pronoun_name(direct[pi][3])
                entity_name = direct[pi][5] if len(direct[pi]) > 5 else None
                self.named_entity_ok += names_source_entity(article.direct[gi], direct[pi][4], article.text,
                                                            direct[pi][2], entity_name)

    def named_figures(self) -> dict:
        """(a) the share of matched quotes with a named gold speaker whose predicted speaker is a
        bare pronoun; (b) the share of gold quotes with a named speaker whose predicted speaker
        resolves to the entity named there (an unmatched quote counts as wrong)."""
        return {"named_gold": self.named_gold, "named_matched": self.named_matched,
                "pronoun_for_name": round(self.named_pronoun / self.named_matched, 4) if self.named_matched else 0.0,
                "named_entity_accuracy": round(self.named_entity_ok / self.named_gold, 4) if self.named_gold else 0.0}

    def figures(self) -> dict:
        return {"direct": prf(self.matched, self.pred, self.gold),
                "speaker_accuracy": round(self.speaker_ok / self.matched, 4) if self.matched else 0.0,
                "quote_and_speaker": prf(self.speaker_ok, self.pred, self.gold),
                "reported": prf(self.rep_matched, self.rep_pred, self.rep_gold),
                **({"named_speakers": self.named_figures()} if self.named_gold else {})}


# -- systems ----------------------------------------------------------------------


def dateline_predictions(record) -> tuple:
    """Return (direct+partial, indirect) predictions of a record in scorer form: direct ones as
    (start, end, speaker span, speaker name, the mentions of the speaker's entity, its name)."""
    direct, reported = [], []
    mentions = {e.id: e.mentions for e in record.entities}
    for q in record.quotes:
        speaker = (q.speaker.start, q.speaker.end) if q.speaker else None
        if q.kind == "indirect":
            reported.append((q.start, q.end))
        else:
            name = q.speaker.name if q.speaker else None
            entity = mentions.get(q.speaker.entity, []) if q.speaker and q.speaker.entity else []
            direct.append((q.start, q.end, speaker, name, entity, name if q.speaker and q.speaker.entity else None))
    return direct, reported


def textacy_predictions(doc) -> list:
    """Return textacy's direct quotations of a Doc in scorer form."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy gives up on articles with an odd number of marks
        return []
    for triple in triples:
        speaker = (min(t.idx for t in triple.speaker),
                   max(t.idx + len(t) for t in triple.speaker)) if triple.speaker else None
        out.append((triple.content.start_char, triple.content.end_char, speaker))
    return out


def quotes_record(article, doc):
    """Return a record with only the stages quotes need (entities, quotes) filled.

    The later stages do not change quotes; leaving them out keeps the scorer and
    its floor test fast and independent of their speed.
    """
    from ..pipeline import Context, new_record
    from ..segment import segment
    from ..stages import entities, quotes

    record = new_record(article)
    seg = segment(article.text)
    record.boilerplate = seg.boilerplate
    ctx = Context(article=article, doc=doc, seg=seg, record=record)
    record.entities = entities.run(ctx)
    record.quotes = quotes.run(ctx)
    return record


def evaluate(data: str = "../shared/datasets/polnear", split: str = "dev",
             limit: Optional[int] = None, baseline: bool = True, nlp=None, flat: bool = False) -> dict:
    """Return dateline's and textacy's figures on one PolNeAR split; with `flat`, on its articles
    with every line break made a space (text as scraping often leaves it; gold offsets unchanged)."""
    from ..model import Article
    from ..nlp import load_nlp

    articles = load_split(data, split, limit)
    if flat:
        articles = flattened(articles)
    nlp = nlp or load_nlp("md")
    started = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    parse_seconds = time.perf_counter() - started
    ours, theirs = Tally(), Tally()
    stage_seconds, textacy_seconds = 0.0, 0.0
    for article, doc in zip(articles, docs):
        started = time.perf_counter()
        record = quotes_record(Article(text=article.text, id=article.name,
                                       published=article.published), doc)
        stage_seconds += time.perf_counter() - started
        ours.add(article, *dateline_predictions(record), doc=doc)
        if baseline:
            started = time.perf_counter()
            theirs.add(article, textacy_predictions(doc), [])
            textacy_seconds += time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles)
    result = {"data": data, "split": split, "flat": flat, "articles": len(articles), "words": words,
              "dateline": ours.figures(),
              "dateline_words_per_second": round(words / (parse_seconds + stage_seconds)),
              "parse_seconds": round(parse_seconds, 2),
              "entities_quotes_seconds": round(stage_seconds, 2)}
    if baseline:
        result["textacy"] = theirs.figures()
        result["textacy_words_per_second"] = round(words / (parse_seconds + textacy_seconds))
    return result


def format_report(result: dict) -> str:
    """Return the figures as a small table, dateline beside textacy."""
    systems = [s for s in ("dateline", "textacy") if s in result]
    flat = ", every line break made a space" if result.get("flat") else ""
    lines = [f"PolNeAR {result['split']}{flat}: {result['articles']} articles, {result['words']} words",
             f"{'':28}" + "".join(f"{s:>12}" for s in systems)]
    rows = [("direct precision", lambda r: r["direct"]["precision"]),
            ("direct recall", lambda r: r["direct"]["recall"]),
            ("direct F1", lambda r: r["direct"]["f1"]),
            ("speaker accuracy", lambda r: r["speaker_accuracy"]),
            ("quote-and-speaker F1", lambda r: r["quote_and_speaker"]["f1"]),
            ("reported precision", lambda r: r["reported"]["precision"]),
            ("reported recall", lambda r: r["reported"]["recall"]),
            ("reported F1", lambda r: r["reported"]["f1"])]
    for label, get in rows:
        lines.append(f"{label:28}" + "".join(f"{get(result[s]):>12.3f}" for s in systems))
    named = result["dateline"].get("named_speakers")
    if named:
        lines.append(f"{'pronoun for a named speaker':28}{named['pronoun_for_name']:>12.3f}"
                     f"   (of {named['named_matched']} matched quotes whose gold speaker is a name)")
        lines.append(f"{'named speaker resolved':28}{named['named_entity_accuracy']:>12.3f}"
                     f"   (of {named['named_gold']} gold quotes whose speaker is a name)")
    lines.append(f"{'words per second':28}" + "".join(
        f"{result[s + '_words_per_second']:>12}" for s in systems))
    lines.append(f"gold quotes {result['dateline']['direct']['gold']}, "
                 f"gold reported {result['dateline']['reported']['gold']}; "
                 f"parse {result['parse_seconds']}s, entities+quotes {result['entities_quotes_seconds']}s "
                 "(words per second: parse + entities + quotes)")
    return "\n".join(lines)
