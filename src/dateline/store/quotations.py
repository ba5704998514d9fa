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


# Quotation ids per IN list: far under SQLite's and PostgreSQL's bound-parameter limits.
_IDS_PER_QUERY = 500


def refresh_quotations(conn: sa.Connection, ids: set) -> None:
    """Recount the occurrences, articles, outlets and first day of the quotations `ids`: four
    statements per 500 quotations (occurrences, speaker names, delete, insert) on either backend."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), _IDS_PER_QUERY):
        _refresh_some(conn, ordered[start:start + _IDS_PER_QUERY])


def _refresh_some(conn: sa.Connection, ids: list) -> None:
    found = _occurrences(conn, ids)
    if not found:
        return
    persons = {qid: _main_speaker(rows) for qid, rows in found.items()}
    named = set(persons.values()) - {None}
    names = dict(conn.execute(sa.select(people.c.person_id, people.c.name)
                              .where(people.c.person_id.in_(named))).all()) if named else {}
    # Every column is recounted from the quotes, so a row is replaced, not patched.
    conn.execute(quotations.delete().where(quotations.c.quotation_id.in_(list(found))))
    conn.execute(quotations.insert(), [_quotation_row(qid, rows, persons[qid], names)
                                       for qid, rows in found.items()])


def _occurrences(conn: sa.Connection, ids: list) -> dict:
    """Return {quotation id: its quotes, earliest published first} for those of `ids` quoted."""
    query = (sa.select(quotes.c.quotation_id, quotes.c.article_id, quotes.c.text,
                       quotes.c.speaker_person, quotes.c.speaker_name, articles.c.outlet,
                       articles.c.published)
             .join(articles, articles.c.id == quotes.c.article_id)
             .where(quotes.c.quotation_id.in_(ids))
             .order_by(quotes.c.quotation_id, articles.c.published.nulls_last(), quotes.c.article_id,
                       quotes.c.n))
    found = {}
    for row in conn.execute(query):
        found.setdefault(row.quotation_id, []).append(row)
    return found


def _main_speaker(rows: list) -> Optional[str]:
    """Return the person most occurrences name (the smallest id on a tie), else None."""
    named = Counter(r.speaker_person for r in rows if r.speaker_person)
    return min(named, key=lambda p: (-named[p], p)) if named else None


def _quotation_row(qid: str, rows: list, person: Optional[str], names: dict) -> dict:
    speaker = names.get(person) if person else next((r.speaker_name for r in rows if r.speaker_name), None)
    dates = [r.published for r in rows if r.published]
    return {"quotation_id": qid, "text": rows[0].text, "speaker_person": person,
            "speaker_name": speaker, "n_occurrences": len(rows),
            "n_articles": len({r.article_id for r in rows}),
            "n_outlets": len({r.outlet or r.article_id for r in rows}),
            "first_seen": min(dates) if dates else None, "first_article_id": rows[0].article_id}


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
