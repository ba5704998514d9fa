"""The Store: write records (one transaction per article) and query them back.

`open_store(target)` returns a Store on a SQLite file or a PostgreSQL URL.
Writes are idempotent: an article whose id is already stored is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Optional

import sqlalchemy as sa

from ..model import PRECISION_OF_FEATURE, Record, plain_data
from ..periods import day_number
from ..settings import DEFAULT, Settings
from . import dedup, fulltext, people, queries, quotations
from .db import connect
from .filters import Filters
from .schema import (article_bands, articles, dates, entities, event_reports, events, failures,
                     minhashes, places, quotes)

STORED, UNCHANGED = "stored", "unchanged"


def open_store(target: str, settings: Settings = DEFAULT) -> "Store":
    """Return the Store at `target` (a file path for SQLite, or postgresql://...)."""
    return Store(connect(target), settings)


class Store:
    """A dateline database: records in, rows and records out."""

    def __init__(self, engine: sa.Engine, settings: Settings = DEFAULT):
        self.engine = engine
        self.settings = settings

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def write_record(self, record: Record) -> str:
        """Store one record with all its rows in one transaction; return "stored" or "unchanged"."""
        return self.write_rows(prepare_rows(record))

    def write_rows(self, rows: "ArticleRows") -> str:
        """Store one prepared record (see prepare_rows) in one transaction; return "stored" or "unchanged"."""
        return self.write_batch([rows])[0]

    def write_batch(self, batch: list) -> list:
        """Store prepared records (ArticleRows) in ONE transaction; return "stored"/"unchanged" for each.

        One commit per batch instead of per article: on any error nothing of
        the batch is stored and the error is raised (callers then write the
        records one by one, to store the good ones and name the bad one).
        """
        try:
            with self.engine.begin() as conn:
                return write_articles(conn, batch, self.settings)
        except sa.exc.IntegrityError:
            # Another writer stored one of these articles between our check and insert.
            if len(batch) == 1:
                with self.engine.connect() as conn:
                    if _exists(conn, batch[0].id):
                        return [UNCHANGED]
            raise

    def stored_ids(self, ids: Iterable[str]) -> set:
        """Return which of `ids` are already stored (to skip their extraction)."""
        ids = list(ids)
        found = set()
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                batch = ids[start:start + 500]
                found.update(conn.execute(sa.select(articles.c.id).where(
                    articles.c.id.in_(batch))).scalars())
        return found

    def failed_inputs(self, names: Iterable[str]) -> set:
        """Return which of `names` (failure_key of an article, or an input) have a failures row."""
        names, found = list(names), set()
        with self.engine.connect() as conn:
            for start in range(0, len(names), 500):
                found.update(conn.execute(sa.select(failures.c.input).where(
                    failures.c.input.in_(names[start:start + 500]))).scalars())
        return found

    def record_failure(self, input_name: str, reason: str, stage: str = "read") -> None:
        """Remember that `input_name` failed and why (replacing an earlier failure of it)."""
        with self.engine.begin() as conn:
            conn.execute(failures.delete().where(failures.c.input == input_name))
            conn.execute(failures.insert().values(input=input_name, stage=stage, reason=reason,
                                                  failed_at=_now()))

    # -- reading -------------------------------------------------------------

    def events(self, filters: Filters = Filters(), limit: Optional[int] = 100, offset: int = 0,
               grouped: bool = True) -> list:
        """Return grouped events (or, with grouped=False, every report) as dicts."""
        build = queries.events_query if grouped else queries.reports_query
        return self._rows(build(filters, self.dialect), limit, offset)

    def reports(self, event_id: str) -> list:
        """Return the reports of one grouped event, with their articles' outlet and title."""
        return self._rows(queries.reports_of(event_id), None, 0)

    def quotes(self, filters: Filters = Filters(), limit: Optional[int] = 100,
               offset: int = 0) -> list:
        """Return quotes with their article's outlet, date and title, as dicts."""
        return self._rows(queries.quotes_query(filters, self.dialect), limit, offset)

    def articles(self, filters: Filters = Filters(), limit: Optional[int] = 100,
                 offset: int = 0, with_text: bool = False) -> list:
        """Return articles (metadata and counts; the text with with_text=True) as dicts."""
        return self._rows(queries.articles_query(filters, self.dialect, with_text), limit, offset)

    def entities(self, filters: Filters = Filters(), limit: Optional[int] = 100,
                 offset: int = 0) -> list:
        """Return entities, one row per article and entity, as dicts."""
        return self._rows(queries.entities_query(filters, self.dialect), limit, offset)

    def places(self, filters: Filters = Filters(), limit: Optional[int] = 100,
               offset: int = 0) -> list:
        """Return resolved place mentions with their article's outlet and date, as dicts."""
        return self._rows(queries.places_query(filters, self.dialect), limit, offset)

    def people(self, filters: Filters = Filters(), limit: Optional[int] = 100,
               offset: int = 0) -> list:
        """Return people (canonical name, variants, title, country, number of quotes), most
        quoted first, as dicts."""
        return self._rows(queries.people_query(filters, self.dialect), limit, offset)

    def person(self, person_id: str, limit: Optional[int] = 100, offset: int = 0) -> Optional[dict]:
        """Return one person with a page of their quotes and their events as source and as
        target, or None."""
        found = self._rows(queries.people_query(Filters(), self.dialect)
                           .where(queries.people.c.person_id == person_id), None, 0)
        if not found:
            return None
        quotes_of = queries.quotes_query(Filters(), self.dialect).where(
            queries.quotes.c.speaker_person == person_id)
        return {**found[0], "quotes": self._rows(quotes_of, limit, offset),
                "as_source": self._rows(queries.person_events_query(person_id, "source"), limit, 0),
                "as_target": self._rows(queries.person_events_query(person_id, "target"), limit, 0)}

    def quotations(self, filters: Filters = Filters(), limit: Optional[int] = 100,
                   offset: int = 0) -> list:
        """Return quotations (one per text quoted, with its numbers of articles and outlets and
        first day), most articles first, as dicts."""
        return self._rows(queries.quotations_query(filters, self.dialect), limit, offset)

    def occurrences(self, quotation_id: str) -> list:
        """Return the quotes (with their articles) that report one quotation, earliest first."""
        return self._rows(queries.occurrences_query(quotation_id), None, 0)

    def failures(self, limit: Optional[int] = 100, offset: int = 0) -> list:
        """Return the inputs that failed and why."""
        return self._rows(sa.select(failures).order_by(failures.c.input), limit, offset)

    def counts(self, filters: Filters = Filters()) -> dict:
        """Return how many articles, grouped events, reports, quotes, entities and failures match."""
        with self.engine.connect() as conn:
            return queries.counts(conn, filters, self.dialect)

    def record(self, article_id: str) -> Optional[Record]:
        """Return the stored record of one article (as extracted), or None."""
        with self.engine.connect() as conn:
            return queries.record(conn, article_id)

    def _rows(self, select: sa.Select, limit: Optional[int], offset: int) -> list:
        if limit is not None:
            select = select.limit(limit)
        if offset:
            select = select.offset(offset)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(select)]


_EXISTS = sa.select(articles.c.id).where(articles.c.id == sa.bindparam("id"))


def _exists(conn: sa.Connection, article_id: str) -> bool:
    return conn.execute(_EXISTS, {"id": article_id}).first() is not None


def failure_key(path: Optional[str], article_id: str) -> str:
    """Return how the failures table names an article: "path#id", or the id alone."""
    return f"{path}#{article_id}" if path else article_id


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class ArticleRows:
    """One record as the store's rows, built without the database (so a worker process can do it).

    `article` is the `articles` row but for `cluster_id` and `stored_at`, which
    depend on what is stored when it is written; `children` maps a child
    table's name to its rows; `reports` holds each event's shared columns
    (as grouped events have them) and its report-only columns.
    """

    id: str
    path: Optional[str]
    article: dict
    signature: bytes
    bands: list
    children: dict
    reports: list = field(default_factory=list)


def prepare_rows(record: Record) -> ArticleRows:
    """Return the rows of a record, ready for write_articles (no database needed)."""
    sig = dedup.signature(record.text)
    countries = {e.id: e.country for e in record.entities}
    children = {"entities": entity_rows(record), "quotes": quote_rows(record, countries),
                "dates": date_rows(record), "places": place_rows(record)}
    return ArticleRows(record.id, record.path, article_row(record, None), dedup.to_bytes(sig),
                       dedup.band_hashes(sig), {k: v for k, v in children.items() if v},
                       report_rows(record))


def write_articles(conn: sa.Connection, batch: list, settings: Settings) -> list:
    """Insert prepared records not yet stored on an open transaction; return "stored"/"unchanged" for each."""
    outcomes, written, children = [], [], {}
    for rows in batch:
        if _exists(conn, rows.id):  # also sees the articles written earlier in this batch
            outcomes.append(UNCHANGED)
            continue
        write_article_rows(conn, rows, settings)
        outcomes.append(STORED)
        written.append(rows)
    people.link_batch(conn, written, settings)
    for rows in written:
        quotations.link_quotes(rows, settings)
        for name, table_rows in rows.children.items():
            children.setdefault(name, []).extend(table_rows)
    # Child rows of the whole batch go in one executemany per table.
    for name, table_rows in children.items():
        conn.execute(_CHILD_TABLES[name].insert(), table_rows)
    for rows in written:
        write_reports(conn, rows, settings)
    quotations.refresh_quotations(conn, {q["quotation_id"] for rows in written
                                         for q in rows.children.get("quotes", []) if q["quotation_id"]})
    if written:
        fulltext.index_articles(conn, [rows.id for rows in written])
        conn.execute(_FORGET_FAILURE, [{"key": failure_key(rows.path, rows.id)} for rows in written])
    return outcomes


def write_article_rows(conn: sa.Connection, rows: ArticleRows, settings: Settings) -> None:
    """Insert the `articles`, `minhashes` and `article_bands` rows of a prepared record."""
    cluster = find_cluster(conn, dedup.from_bytes(rows.signature), rows.bands, settings)
    conn.execute(articles.insert(), dict(rows.article, cluster_id=cluster or rows.id,
                                         stored_at=_now()))
    conn.execute(minhashes.insert(), {"article_id": rows.id, "signature": rows.signature})
    conn.execute(article_bands.insert(), [{"band": b, "hash": h, "article_id": rows.id}
                                          for b, h in rows.bands])


_CHILD_TABLES = {"entities": entities, "quotes": quotes, "dates": dates, "places": places}
_FORGET_FAILURE = failures.delete().where(failures.c.input == sa.bindparam("key"))


def find_cluster(conn: sa.Connection, sig, bands: list, settings: Settings) -> Optional[str]:
    """Return the cluster id of the stored near-duplicate of a text, or None for a new story."""
    found = conn.execute(_CANDIDATES, {f"hash{b}": h for b, h in bands})
    for cluster_id, stored in found:
        if dedup.similarity(sig, dedup.from_bytes(stored)) >= settings.dedup_threshold:
            return cluster_id
    return None


def _candidates_query() -> sa.Select:
    """Return the query of stored articles sharing an LSH band with a text (hashes bound as hash0, hash1...)."""
    clauses = [sa.and_(article_bands.c.band == b, article_bands.c.hash == sa.bindparam(f"hash{b}"))
               for b in range(dedup.BANDS)]
    return (sa.select(articles.c.cluster_id, minhashes.c.signature)
            .join(minhashes, minhashes.c.article_id == articles.c.id)
            .where(articles.c.id.in_(sa.select(article_bands.c.article_id).where(sa.or_(*clauses))))
            .order_by(articles.c.stored_at, articles.c.id))


_CANDIDATES = _candidates_query()


def article_row(record: Record, cluster_id: Optional[str]) -> dict:
    """Return the `articles` row of a record."""
    plain = {"boilerplate": plain_data(record.boilerplate), "skipped": plain_data(record.skipped)}
    return {
        "id": record.id, "path": record.path, "url": record.url, "title": record.title,
        "outlet": record.source, "published": record.published,
        "published_inferred": bool(record.published_inferred), "language": record.language,
        "text": record.text, "n_chars": len(record.text),
        "text_hash": hashlib.sha1(record.text.encode("utf-8", "surrogatepass")).hexdigest(),
        "cluster_id": cluster_id or record.id, "model": record.model,
        "schema_version": record.schema_version,
        "boilerplate": plain["boilerplate"], "skipped": plain["skipped"],
        # Record fields added after the first schema, kept without a column of their own.
        "extra": {"encoding": record.encoding, "bytes_replaced": record.bytes_replaced},
        "n_entities": len(record.entities), "n_quotes": len(record.quotes),
        "n_events": sum(1 for e in record.events if not e.negated), "stored_at": _now(),
    }


def entity_rows(record: Record) -> list:
    return [{"article_id": record.id, "entity_id": e.id, "name": e.name, "type": e.type,
             "title": e.title, "country": e.country, "sector": e.sector,
             "n_mentions": len(e.mentions), "mentions": [list(m) for m in e.mentions]}
            for e in record.entities]


def quote_rows(record: Record, countries: dict) -> list:
    rows = []
    for n, q in enumerate(record.quotes):
        sp, cue = q.speaker, q.cue
        rows.append({
            "article_id": record.id, "n": n, "kind": q.kind, "start": q.start, "end": q.end,
            "text": q.text, "speaker_entity": sp.entity if sp else None,
            "speaker_name": sp.name if sp else None, "speaker_start": sp.start if sp else None,
            "speaker_end": sp.end if sp else None,
            "speaker_country": countries.get(sp.entity) if sp else None,
            "cue_text": cue.text if cue else None, "cue_start": cue.start if cue else None,
            "cue_end": cue.end if cue else None,
            "speaker_resolved": sp.resolved if sp else None})
    return rows


def date_rows(record: Record) -> list:
    return [{"article_id": record.id, "n": n, "start": d.start, "end": d.end, "text": d.text,
             "value": d.value, "precision": d.precision} for n, d in enumerate(record.dates)]


def place_rows(record: Record) -> list:
    return [{"article_id": record.id, "n": n, "start": p.start, "end": p.end, "text": p.text,
             "name": p.name, "country": p.country, "latitude": p.lat, "longitude": p.lon,
             "geonameid": p.geonameid, "feature": p.feature, "role": p.role}
            for n, p in enumerate(record.places)]


def event_fields(event, places: list = ()) -> dict:
    """Return the columns an event report and its grouped event share (`places`: the record's)."""
    src, tgt, place = event.source, event.target, event.place
    where = place_of(place, places) if place else {}
    return {
        "type": event.type, "mode": event.mode,
        "source_name": src.name if src else None, "source_country": src.country if src else None,
        "source_sector": src.sector if src else None,
        "target_name": tgt.name if tgt else None, "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "date": event.date, "date_precision": event.date_precision, "date_end": event.date_end,
        "place_name": place.name if place else None, "place_country": place.country if place else None,
        "latitude": place.lat if place else None, "longitude": place.lon if place else None,
        "place_geonameid": where.get("geonameid"), "place_precision": where.get("precision"),
        "place_feature": place.feature if place else None}


def place_of(place, places: list) -> dict:
    """Return the geonameid and precision of an event's place: its own fields when it has
    them, else those of the record's place mention with the same name and point."""
    found = next((p for p in places if p.name == place.name and p.lat == place.lat
                  and p.lon == place.lon), None)
    geonameid = place.geonameid or (found.geonameid if found else None)
    precision = place.precision or (PRECISION_OF_FEATURE.get(found.feature) if found else None)
    return {"geonameid": geonameid, "precision": precision}


def report_rows(record: Record) -> list:
    """Return (shared columns, report-only columns) of each of the record's events, in order."""
    out = []
    for event in record.events:
        out.append((event_fields(event, record.places), {
            "source_entity": event.source.entity if event.source else None,
            "target_entity": event.target.entity if event.target else None,
            "context": list(event.context or []), "negated": bool(event.negated),
            "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
            "confidence": float(event.confidence or 0.0),
            # several evidence spans of one happening (events[].mentions), else the one
            "n_mentions": len(event.mentions) or 1,
            "mentions": [[m.start, m.end] for m in event.mentions]}))
    return out


def write_reports(conn: sa.Connection, rows: ArticleRows, settings: Settings) -> None:
    """Insert a prepared record's event reports, each joined to its grouped event."""
    touched, reports = set(), []
    published = rows.article["published"]
    for n, (shared, own) in enumerate(rows.reports):
        event_id = None if own["negated"] else group_event(conn, rows.id, published, n, shared,
                                                           settings)
        reports.append({"article_id": rows.id, "n": n, "event_id": event_id, **shared, **own})
        if event_id:
            touched.add(event_id)
    if reports:
        conn.execute(event_reports.insert(), reports)
    for event_id in sorted(touched):
        refresh_event(conn, event_id)


def group_event(conn: sa.Connection, article_id: str, published: Optional[str], n: int,
                shared: dict, settings: Settings) -> str:
    """Return the id of the grouped event this report belongs to, creating it if new."""
    key = event_key(shared)
    day = day_number(shared["date"] or published)
    if day is not None:
        window = settings.event_group_days
        found = conn.execute(_NEAREST_EVENT, {"key": key, "day": day, "low": day - window,
                                              "high": day + window}).scalar()
        if found:
            return found
    event_id = hashlib.sha1(f"{article_id}\x1f{n}".encode()).hexdigest()[:20]
    conn.execute(events.insert(), dict(shared, event_id=event_id, group_key=key, day=day,
                                       n_reports=0, n_sources=0, n_articles=0, n_mentions=0,
                                       confidence=0.0,
                                       first_article_id=article_id))
    return event_id


def event_key(shared: dict) -> str:
    """Return the grouping key of an event's shared columns (see dedup.group_key)."""
    def actor(role: str) -> str:
        return dedup.actor_key(shared[f"{role}_name"], shared[f"{role}_country"],
                               shared[f"{role}_sector"], shared.get(f"{role}_person"))

    return dedup.group_key(shared["type"], actor("source"), actor("target"),
                           shared["place_name"] or "")


def refresh_event(conn: sa.Connection, event_id: str) -> None:
    """Recount an event's reports, distinct outlets (an article without one counts as its own),
    distinct articles, evidence mentions and best confidence (GDELT keeps the three counts apart)."""
    n_reports, n_sources, n_articles, n_mentions, best = conn.execute(
        _EVENT_COUNTS, {"event_id": event_id}).one()
    conn.execute(_SET_EVENT_COUNTS, {"b_event_id": event_id, "b_n_reports": n_reports,
                                     "b_n_sources": n_sources, "b_n_articles": n_articles,
                                     "b_n_mentions": n_mentions or 0, "b_confidence": best or 0.0})


# Statements built once with bound parameters: SQLAlchemy then reuses their
# compiled form, where building them per call cost more than running them.
_NEAREST_EVENT = (sa.select(events.c.event_id)
                  .where(events.c.group_key == sa.bindparam("key"),
                         events.c.day.between(sa.bindparam("low"), sa.bindparam("high")))
                  .order_by(sa.func.abs(events.c.day - sa.bindparam("day")), events.c.event_id))
_EVENT_COUNTS = (sa.select(sa.func.count(),
                           sa.func.count(sa.distinct(sa.func.coalesce(articles.c.outlet, articles.c.id))),
                           sa.func.count(sa.distinct(event_reports.c.article_id)),
                           sa.func.sum(event_reports.c.n_mentions),
                           sa.func.max(event_reports.c.confidence))
                 .select_from(event_reports.join(articles, articles.c.id == event_reports.c.article_id))
                 .where(event_reports.c.event_id == sa.bindparam("event_id")))
_SET_EVENT_COUNTS = (events.update().where(events.c.event_id == sa.bindparam("b_event_id"))
                     .values(n_reports=sa.bindparam("b_n_reports"), n_sources=sa.bindparam("b_n_sources"),
                             n_articles=sa.bindparam("b_n_articles"),
                             n_mentions=sa.bindparam("b_n_mentions"),
                             confidence=sa.bindparam("b_confidence")))
