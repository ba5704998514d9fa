"""Read-only queries the web app needs, built on the store's public SELECTs.

Lists and exports use `dateline.store.queries` (the same filters as `dateline
export`); this module adds paging, facets, the timeline, map points and
speaker rankings as SQLAlchemy Core over those SELECTs. Every value reaches the
database as a bound parameter.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa
from cachetools import TTLCache

from ..store import fulltext
from ..store import queries as store_queries
from ..store.event_rows import event_rows_query
from ..store.queries import sorted_by
from ..store.filters import Filters
from ..store.schema import articles, entities, event_reports, events, places, quotes
from .filters import Paging
from .timeline import timeline as build_timeline

BUILDERS = {"events": store_queries.events_query, "quotes": store_queries.quotes_query,
            "articles": store_queries.articles_query, "entities": store_queries.entities_query,
            "places": store_queries.places_query}
FACET_SIZE = 12
# Totals and facets of filtered views remembered at once (a few kilobytes each at most).
VIEWS_KEPT = 4096


@dataclass
class Page:
    rows: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_dict(self) -> dict:
        return {"total": self.total, "page": self.page, "per_page": self.per_page,
                "pages": self.pages, "rows": self.rows}


class WebQueries:
    """The queries behind the API and pages, over one engine."""

    def __init__(self, engine: sa.Engine, count_seconds: float = 60):
        self.engine = engine
        self.dialect = engine.dialect.name
        # The server only reads, so a view's total and facets are the same on every page:
        # counting a large view costs more than reading a page, so it is done once per
        # `count_seconds` (an ingest running beside the server shows up that late).
        self.kept = TTLCache(VIEWS_KEPT, count_seconds)
        self.kept_lock = threading.Lock()

    def rows(self, stmt) -> list:
        """Return the statement's rows as dicts."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def scalar(self, stmt):
        with self.engine.connect() as conn:
            return conn.execute(stmt).scalar()

    def select(self, kind: str, f: Filters) -> sa.Select:
        """Return the store's SELECT of `kind` rows matching the filters."""
        return BUILDERS[kind](f, self.dialect)

    def page(self, stmt: sa.Select, paging: Paging, view: tuple) -> Page:
        """Return one page of a select, with the total count of its rows. `view` names the
        select (list and Filters) for remembering its total."""
        rows = self.rows(stmt.limit(paging.per_page).offset(paging.offset))
        # A page that is not full is the last one: it tells the total without counting.
        last = 0 < len(rows) < paging.per_page or (not rows and paging.page == 1)
        total = paging.offset + len(rows) if last else self.count(stmt, view)
        return Page(rows=rows, total=total, page=paging.page, per_page=paging.per_page)

    def count(self, stmt: sa.Select, view: tuple) -> int:
        """Return the number of rows of a select, remembered for a while per `view`."""
        counting = sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
        return self.remembered(("count", *view), lambda: self.scalar(counting) or 0)

    def remembered(self, key: tuple, compute):
        """Return what compute() returns, computed at most once per `count_seconds` per key."""
        with self.kept_lock:
            found = self.kept.get(key)
        if found is None:
            found = compute()
            with self.kept_lock:
                self.kept[key] = found
        return found

    def list(self, kind: str, f: Filters, paging: Paging, sort: Optional[tuple] = None,
             hits: bool = True) -> Page:
        """Return one page of the filtered rows of `kind` (events, quotes, articles, ...),
        in the list's own order or sorted on `sort` = (column, descending); searched quotes
        carry `hits` (their text with the words found marked) unless hits is False."""
        if kind == "entities":
            stmt = self.grouped_entities(f)
        elif kind == "places":
            stmt = self.grouped_places(f)
        else:
            stmt = self.select(kind, f)
        if kind == "quotes" and f.q and hits:
            stmt = stmt.add_columns(fulltext.quote_hits(f.q, self.dialect))
        return self.page(sorted_by(stmt, kind, sort), paging, (kind, f))

    def export(self, kind: str, f: Filters, limit: int, sort: Optional[tuple] = None) -> list:
        """Return the rows of the filtered view of `kind`, all pages, up to `limit`."""
        if kind == "events":  # with the first article, evidence, quad class and actor codes
            return self.rows(sorted_by(event_rows_query(f, self.dialect), kind, sort).limit(limit))
        return self.list(kind, f, Paging(page=1, per_page=limit), sort, hits=False).rows

    def counts_of(self, sub, column: str, limit: int = FACET_SIZE) -> list:
        """Return [{"value", "count"}] of the most frequent non-null values of a subquery column."""
        col = sub.c[column]
        n = sa.func.count().label("count")
        return self.rows(sa.select(col.label("value"), n).where(col.is_not(None))
                         .group_by(col).order_by(n.desc(), col).limit(limit))

    def facets(self, kind: str, f: Filters) -> dict:
        """Return value counts of the filtered rows of `kind`, per facet (remembered a while)."""
        return self.remembered(("facets", kind, f), lambda: self.count_facets(kind, f))

    def count_facets(self, kind: str, f: Filters) -> dict:
        """Return value counts of the filtered rows of `kind`, per facet."""
        if kind == "events":
            return self.event_facets(f)
        sub = self.select(kind, f).order_by(None).subquery()
        names = {"quotes": ("speaker_name", "kind", "speaker_country", "outlet"),
                 "articles": ("outlet",),
                 "entities": ("type", "country", "outlet"),
                 "places": ("country", "feature", "outlet")}[kind]
        return {name: self.counts_of(sub, name) for name in names}

    def event_facets(self, f: Filters) -> dict:
        sub = self.select("events", f).order_by(None).subquery()
        n = sa.func.count(sa.distinct(sub.c.event_id)).label("count")
        outlet = (sa.select(articles.c.outlet.label("value"), n)
                  .select_from(sub.join(event_reports, event_reports.c.event_id == sub.c.event_id)
                               .join(articles, articles.c.id == event_reports.c.article_id))
                  .where(articles.c.outlet.is_not(None))
                  .group_by(articles.c.outlet).order_by(n.desc(), articles.c.outlet)
                  .limit(FACET_SIZE))
        return {"type": self.counts_of(sub, "type"),
                "source_country": self.counts_of(sub, "source_country"),
                "target_country": self.counts_of(sub, "target_country"),
                "source_sector": self.counts_of(sub, "source_sector"),
                "target_sector": self.counts_of(sub, "target_sector"),
                "outlet": self.rows(outlet)}

    def event_points(self, f: Filters, limit: int) -> list:
        """Return the located events of the view (id, type, date, actors, lat, lon) for the map."""
        sub = self.select("events", f).subquery()
        stmt = (sa.select(sub.c.event_id, sub.c.type, sub.c.date, sub.c.source_name,
                          sub.c.target_name, sub.c.place_name, sub.c.latitude, sub.c.longitude,
                          sub.c.n_reports)
                .where(sub.c.latitude.is_not(None), sub.c.longitude.is_not(None)).limit(limit))
        return self.rows(stmt)

    def timeline(self, f: Filters, bucket: str) -> dict:
        """Return the timeline of the view's dated events (see web/timeline.py)."""
        sub = self.select("events", f).order_by(None).subquery()
        stmt = (sa.select(sub.c.date, sub.c.date_end, sub.c.date_precision, sub.c.type,
                          sa.func.count().label("count"))
                .where(sub.c.date.is_not(None))
                .group_by(sub.c.date, sub.c.date_end, sub.c.date_precision, sub.c.type))
        rows = [(r["date"], r["date_end"], r["date_precision"], r["type"], r["count"])
                for r in self.rows(stmt)]
        return build_timeline(rows, bucket)

    def event(self, event_id: str) -> Optional[dict]:
        """Return one event with its reports, each with its evidence sentence and context."""
        found = self.rows(sa.select(*store_queries.EVENT_COLUMNS).where(events.c.event_id == event_id))
        if not found:
            return None
        event = found[0]
        reports = store_queries.reports_of(event_id).add_columns(articles.c.text)
        event["reports"] = [evidence_of(r) for r in self.rows(reports)]
        return event

    def speakers(self, f: Filters, paging: Paging, sort: Optional[tuple] = None) -> Page:
        """Return speakers ranked by number of quotes, with article counts and date span."""
        sub = self.select("quotes", f).order_by(None).subquery()
        n = sa.func.count().label("quotes")
        stmt = (sa.select(sub.c.speaker_name.label("name"), n,
                          sa.func.count(sa.distinct(sub.c.article_id)).label("articles"),
                          sa.func.min(sub.c.published).label("first"),
                          sa.func.max(sub.c.published).label("last"))
                .where(sub.c.speaker_name.is_not(None))
                .group_by(sub.c.speaker_name).order_by(n.desc(), sub.c.speaker_name))
        return self.page(sorted_by(stmt, "speakers", sort), paging, ("speakers", f))

    def speaker(self, name: str) -> dict:
        """Return a speaker's quotes, oldest first, and their count per month."""
        stmt = (sa.select(*quotes.c, *store_queries.ARTICLE_COLUMNS)
                .join(articles, articles.c.id == quotes.c.article_id)
                .where(quotes.c.speaker_name == name)
                .order_by(articles.c.published, quotes.c.article_id, quotes.c.n))
        rows = self.rows(stmt)
        per_month = Counter((r["published"] or "")[:7] or "undated" for r in rows)  # YYYY-MM
        return {"name": name, "quotes": rows, "per_month": sorted(per_month.items())}

    def grouped_entities(self, f: Filters) -> sa.Select:
        """Return the SELECT of entities grouped by name, type and country, most articles first."""
        sub = self.select("entities", f).order_by(None).subquery()
        n = sa.func.count(sa.distinct(sub.c.article_id)).label("articles")
        return (sa.select(sub.c.name, sub.c.type, sub.c.country, n,
                          sa.func.sum(sub.c.n_mentions).label("mentions"))
                .group_by(sub.c.name, sub.c.type, sub.c.country).order_by(n.desc(), sub.c.name))

    def grouped_places(self, f: Filters) -> sa.Select:
        """Return the SELECT of places grouped by name, location and role (a row stored without
        a role is literal), most mentions first."""
        sub = self.select("places", f).order_by(None).subquery()
        n = sa.func.count().label("mentions")
        role = sa.func.coalesce(sub.c.role, "literal").label("role")
        keys = (sub.c.name, sub.c.country, sub.c.feature, sub.c.latitude, sub.c.longitude, role)
        return (sa.select(*keys, n, sa.func.count(sa.distinct(sub.c.article_id)).label("articles"))
                .group_by(*keys).order_by(n.desc(), sub.c.name))

    def article(self, article_id: str) -> Optional[dict]:
        """Return the stored record of an article as the contract's JSON object, or None."""
        with self.engine.connect() as conn:
            record = store_queries.record(conn, article_id)
        return record.to_dict() if record else None

    def totals(self) -> dict:
        """Return the number of articles, events, reports, quotes, speakers, entities and places."""
        count = sa.func.count()
        return {"articles": self.scalar(sa.select(count).select_from(articles)),
                "events": self.scalar(sa.select(count).select_from(events)),
                "event reports": self.scalar(sa.select(count).select_from(event_reports)
                                             .where(event_reports.c.negated.is_(False))),
                "quotes": self.scalar(sa.select(count).select_from(quotes)),
                "speakers": self.scalar(sa.select(sa.func.count(sa.distinct(quotes.c.speaker_name)))),
                "entities": self.scalar(sa.select(sa.func.count(sa.distinct(entities.c.name)))),
                "places": self.scalar(sa.select(count).select_from(places)
                                      .where(*store_queries.role_clauses(Filters())))}


def evidence_of(report: dict) -> dict:
    """Return a report row with its evidence sentence and some context cut out of the
    article text (the text itself is dropped)."""
    text = report.pop("text") or ""
    start, end = report["evidence_start"], report["evidence_end"]
    before, after = text[max(0, start - 160):start], text[end:end + 160]
    report["before"] = before[before.find(" ") + 1:] if start > 160 else before
    report["evidence"] = text[start:end]
    report["after"] = after[:after.rfind(" ")] if end + 160 < len(text) else after
    return report
