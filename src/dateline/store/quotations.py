"""Quotations across articles: the same words quoted by several articles are one quotation.

As Quotebank's quotation-centric view: a direct or partial quote of at least
`settings.quotation_min_words` words is keyed by its normalised text (NFKC,
case-folded, every run of non-letters and non-digits one space, so quotation
marks, dashes, ellipses and typographic apostrophes do not matter). The
quotation id is a hash of that key, so it is the same whatever order articles
arrive in. Near-duplicates (a word changed, a quote cut shorter) stay apart:
equality is cheap, explainable and never joins two different statements.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Optional

import sqlalchemy as sa

from ..settings import Settings
from .schema import articles, people, quotations, quotes


def quotation_key(text: str, min_words: int) -> Optional[str]:
    """Return the normalised words of a quote, or None when it is too short to group."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    words = re.sub(r"[^\w]+|_", " ", folded.replace("'", "")).split()
    return " ".join(words) if len(words) >= min_words else None


def quotation_id(key: str) -> str:
    """Return the stable id of the quotation whose normalised text is `key`."""
    return "q" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def link_quotes(rows, settings: Settings) -> None:
    """Set `quotation_id` on the quote rows of a prepared record (direct and partial quotes)."""
    for quote in rows.children.get("quotes", []):
        key = (quotation_key(quote["text"], settings.quotation_min_words)
               if quote["kind"] in ("direct", "partial") else None)
        quote["quotation_id"] = quotation_id(key) if key else None


_OCCURRENCES = (sa.select(quotes.c.article_id, quotes.c.text, quotes.c.speaker_person,
                          quotes.c.speaker_name, articles.c.outlet, articles.c.published)
                .join(articles, articles.c.id == quotes.c.article_id)
                .where(quotes.c.quotation_id == sa.bindparam("qid"))
                .order_by(articles.c.published.nulls_last(), quotes.c.article_id, quotes.c.n))


def refresh_quotations(conn: sa.Connection, ids: set) -> None:
    """Recount the occurrences, articles, outlets and first day of the quotations `ids`."""
    for qid in sorted(ids):
        found = conn.execute(_OCCURRENCES, {"qid": qid}).all()
        if not found:
            continue
        named = Counter(r.speaker_person for r in found if r.speaker_person)
        person = min(named, key=lambda p: (-named[p], p)) if named else None
        speaker = (conn.execute(sa.select(people.c.name).where(people.c.person_id == person)).scalar()
                   if person else next((r.speaker_name for r in found if r.speaker_name), None))
        dates = [r.published for r in found if r.published]
        values = {"text": found[0].text, "speaker_person": person, "speaker_name": speaker,
                  "n_occurrences": len(found), "n_articles": len({r.article_id for r in found}),
                  "n_outlets": len({r.outlet or r.article_id for r in found}),
                  "first_seen": min(dates) if dates else None,
                  "first_article_id": found[0].article_id}
        updated = conn.execute(quotations.update().where(quotations.c.quotation_id == qid)
                               .values(**values))
        if not updated.rowcount:
            conn.execute(quotations.insert(), {"quotation_id": qid, **values})


def backfill(conn: sa.Connection, settings: Settings) -> None:
    """Group the stored quotes into quotations (store upgrade)."""
    found = conn.execute(sa.select(quotes.c.article_id, quotes.c.n, quotes.c.text)
                         .where(quotes.c.kind.in_(("direct", "partial")))).all()
    params = []
    for article_id, n, text in found:
        key = quotation_key(text, settings.quotation_min_words)
        if key:
            params.append({"k_article_id": article_id, "k_n": n, "v_qid": quotation_id(key)})
    if params:
        conn.execute(quotes.update().where(quotes.c.article_id == sa.bindparam("k_article_id"),
                                           quotes.c.n == sa.bindparam("k_n"))
                     .values(quotation_id=sa.bindparam("v_qid")), params)
    refresh_quotations(conn, {p["v_qid"] for p in params})
