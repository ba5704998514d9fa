"""SELECT builders for the store's public queries, one per table, all taking Filters.

Every value reaches the database as a bound parameter. Rows come back ordered
newest first, with a stable tie-break so limit/offset pages do not overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Optional

import sqlalchemy as sa

from ..model import Record
from . import fulltext
from .filters import ANY_ROLE, Filters, date_bounds, first_day, split_values
from .schema import (articles, dates, entities, event_reports, events, failures, people, places,
                     quotations, quotes)

# Internal grouping columns that exports and the API leave out.
EVENT_COLUMNS = [c for c in events.c if c.name not in ("group_key", "day")]
# Joined article columns; the title is renamed so it cannot clash with an entity's title.
ARTICLE_COLUMNS = [articles.c.outlet, articles.c.published, articles.c.title.label("article_title"),
                   articles.c.url]


# Columns that make a sorted list's order total, so pages do not overlap (see `sorted_by`).
TIE_BREAKS = {"events": ("event_id",), "quotes": ("article_id", "n"), "articles": ("id",),
              "entities": ("name", "type", "country"),
              "places": ("name", "country", "feature", "latitude", "longitude", "role"),
              "speakers": ("name",)}

def _contains(column, needle: str):
    return sa.func.lower(column).contains(needle.lower(), autoescape=True)


def _people_named(needle: str) -> sa.Select:
    """Return the SELECT of the ids of people whose name or a variant of it contains `needle`."""
    return sa.select(people.c.person_id).where(sa.or_(
        _contains(people.c.name, needle), _contains(sa.cast(people.c.variants, sa.Text), needle)))


def _actor_matches(needle: str, names: list, persons: list):
    """Return the clause: one of the name columns contains `needle`, or one of the person
    columns is a person so named ("Lavrov" finds "his Russian counterpart" linked to him)."""
    named = _people_named(needle)
    return sa.or_(*[_contains(c, needle) for c in names], *[c.in_(named) for c in persons])


def _same(column, value: str):
    return sa.func.lower(column) == value.lower()


def _any_of(column, value: str, case=str.upper):
    """Return the clause keeping rows whose column is one of a comma list's values."""
    wanted = [case(v) for v in split_values(value)]
    return column == wanted[0] if len(wanted) == 1 else column.in_(wanted)


def _dyad_filters(table: sa.Table, f: Filters) -> list:
    """Return clauses on the source and target actor's country and sector of events or reports."""
    return [_any_of(table.c[name], getattr(f, name))
            for name in ("source_country", "target_country", "source_sector", "target_sector")
            if getattr(f, name)]


def _in_dates(column, f: Filters, end_column=None) -> list:
    """Return clauses keeping dates in [since, until]; with `end_column`, the periods
    [column, end_column] that overlap it (an event of "2016-W35" is in since=2016-09-01)."""
    since, until = date_bounds(f)
    clauses = []
    if since and end_column is not None:
        # The second bound is implied by the first (no period is longer than a year) but
        # lets the date index stop its scan there instead of reading every older event.
        clauses += [end_column >= since, column >= earliest_start(since)]
    elif since:
        clauses.append(column >= since)
    if until:
        clauses.append(column <= until)
    return clauses


def earliest_start(since: str) -> str:
    """Return the first day a period (at most a year long) could start and still reach `since`."""
    return (first_day(since) - dt.timedelta(days=366)).isoformat()


def _article_filters(f: Filters, dialect: str, use_dates: bool = True) -> list:
    """Return clauses on `articles` for outlet, publication dates and full text."""
    clauses = []
    if f.outlet:
        clauses.append(_same(articles.c.outlet, f.outlet))
    if use_dates:
        clauses += _in_dates(articles.c.published, f)
    if f.q:
        clauses.append(fulltext.matches(articles, f.q, dialect))
    return clauses


def _event_filters(table: sa.Table, f: Filters) -> list:
    """Return clauses on the event columns of `events` or `event_reports`."""
    clauses = []
    if f.actor:
        clauses.append(_actor_matches(f.actor, [table.c.source_name, table.c.target_name],
                                      [table.c.source_person, table.c.target_person]))
    if f.country:
        clauses.append(sa.or_(_any_of(table.c.source_country, f.country),
                              _any_of(table.c.target_country, f.country),
                              _any_of(table.c.place_country, f.country)))
    if f.type:
        clauses.append(_any_of(table.c.type, f.type))
    if f.place:
        clauses.append(_same(table.c.place_name, f.place))
    return clauses + _dyad_filters(table, f) + _in_dates(table.c.date, f, table.c.date_end)


def events_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of grouped events matching the filters."""
    clauses = _event_filters(events, f)
    by_article = _article_filters(f, dialect, use_dates=False)
    if by_article:
        clauses.append(sa.exists(
            sa.select(event_reports.c.n)
            .join(articles, articles.c.id == event_reports.c.article_id)
            .where(event_reports.c.event_id == events.c.event_id, *by_article)))
    return (sa.select(*EVENT_COLUMNS).where(*clauses)
            .order_by(events.c.date.desc().nulls_last(), events.c.event_id))


def reports_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of event reports (one per article and event) matching the filters."""
    r = event_reports
    clauses = _event_filters(r, f) + _article_filters(f, dialect, use_dates=False)
    if not f.negated:
        clauses.append(r.c.negated.is_(False))
    return (sa.select(*r.c, *ARTICLE_COLUMNS).join(articles, articles.c.id == r.c.article_id)
            .where(*clauses)
            .order_by(r.c.date.desc().nulls_last(), r.c.article_id, r.c.n))


def reports_of(event_id: str) -> sa.Select:
    """Return the SELECT of the reports of one grouped event."""
    r = event_reports
    return (sa.select(*r.c, *ARTICLE_COLUMNS).join(articles, articles.c.id == r.c.article_id)
            .where(r.c.event_id == event_id)
            .order_by(articles.c.published.nulls_last(), r.c.article_id, r.c.n))


def quotes_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of quotes (with their article's outlet, date, title) matching the
    filters; `q` searches the quote's own words, and its best matches come first."""
    clauses = _article_filters(replace(f, q=None), dialect)
    if f.actor:
        clauses.append(_actor_matches(f.actor, [quotes.c.speaker_name], [quotes.c.speaker_person]))
    if f.country:
        clauses.append(_any_of(quotes.c.speaker_country, f.country))
    if f.type:
        clauses.append(_any_of(quotes.c.kind, f.type, str.lower))
    stmt = (sa.select(*quotes.c, *ARTICLE_COLUMNS).join(articles, articles.c.id == quotes.c.article_id)
            .where(*clauses))
    best = []
    if f.q:  # the quote's own words, best match first
        stmt, rank = fulltext.search_quotes(stmt, f.q, dialect)
        best = [rank]
    return stmt.order_by(*best, articles.c.published.desc().nulls_last(), quotes.c.article_id,
                         quotes.c.n)


def articles_query(f: Filters, dialect: str, with_text: bool = False) -> sa.Select:
    """Return the SELECT of articles matching the filters."""
    clauses = _article_filters(f, dialect)
    if f.actor:
        clauses.append(sa.exists(sa.select(entities.c.entity_id).where(
            entities.c.article_id == articles.c.id, _contains(entities.c.name, f.actor))))
    if f.country:
        clauses.append(sa.or_(
            sa.exists(sa.select(entities.c.entity_id).where(
                entities.c.article_id == articles.c.id, _any_of(entities.c.country, f.country))),
            sa.exists(sa.select(places.c.n).where(
                places.c.article_id == articles.c.id, _any_of(places.c.country, f.country)))))
    if f.type:
        clauses.append(sa.exists(sa.select(event_reports.c.n).where(
            event_reports.c.article_id == articles.c.id, _any_of(event_reports.c.type, f.type))))
    if f.place:
        clauses.append(sa.exists(sa.select(places.c.n).where(
            places.c.article_id == articles.c.id, _same(places.c.name, f.place))))
    columns = [c for c in articles.c if with_text or c.name not in ("text", "boilerplate")]
    return (sa.select(*columns).where(*clauses)
            .order_by(articles.c.published.desc().nulls_last(), articles.c.id))


def entities_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of entities (one row per article and entity) matching the filters."""
    e = entities
    clauses = _article_filters(f, dialect)
    if f.actor:
        clauses.append(_actor_matches(f.actor, [e.c.name], [e.c.person_id]))
    if f.country:
        clauses.append(_any_of(e.c.country, f.country))
    if f.type:
        clauses.append(_any_of(e.c.type, f.type))
    return (sa.select(*e.c, *ARTICLE_COLUMNS).join(articles, articles.c.id == e.c.article_id)
            .where(*clauses)
            .order_by(articles.c.published.desc().nulls_last(), e.c.article_id, e.c.entity_id))


def places_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of place mentions matching the filters (type is the place feature;
    actor does not apply; role unset keeps literal places only)."""
    p = places
    clauses = _article_filters(f, dialect) + role_clauses(f)
    if f.country:
        clauses.append(_any_of(p.c.country, f.country))
    if f.type:
        clauses.append(_any_of(p.c.feature, f.type, str.lower))
    if f.place:
        clauses.append(_same(p.c.name, f.place))
    return (sa.select(*p.c, *ARTICLE_COLUMNS).join(articles, articles.c.id == p.c.article_id)
            .where(*clauses)
            .order_by(articles.c.published.desc().nulls_last(), p.c.article_id, p.c.n))


def role_clauses(f: Filters) -> list:
    """Return the clause on place roles: literal ones (NULL: stored without a role, read as
    literal) unless the filter names others or any."""
    if f.role == ANY_ROLE:
        return []
    wanted = _any_of(places.c.role, f.role or "literal", str.lower)
    if "literal" in split_values(f.role or "literal"):
        wanted = sa.or_(wanted, places.c.role.is_(None))
    return [wanted]


def people_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of people (with their numbers of quotes) matching the filters: actor
    (name or variant), country."""
    n_quotes = (sa.select(sa.func.count()).where(quotes.c.speaker_person == people.c.person_id)
                .scalar_subquery().label("n_quotes"))
    clauses = []
    if f.actor:
        clauses.append(people.c.person_id.in_(_people_named(f.actor)))
    if f.country:
        clauses.append(_any_of(people.c.country, f.country))
    return (sa.select(*people.c, n_quotes).where(*clauses)
            .order_by(n_quotes.desc(), people.c.person_id))


def person_events_query(person_id: str, role: str) -> sa.Select:
    """Return the SELECT of grouped events whose `role` ("source" or "target") is the person,
    newest first."""
    column = events.c[f"{role}_person"]
    return (sa.select(*EVENT_COLUMNS).where(column == person_id)
            .order_by(events.c.date.desc().nulls_last(), events.c.event_id))


def quotations_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of quotations matching the filters (actor: speaker's name or
    person; q: words of the quotation), most articles first."""
    clauses = []
    if f.actor:
        clauses.append(_actor_matches(f.actor, [quotations.c.speaker_name],
                                      [quotations.c.speaker_person]))
    if f.q:
        clauses.append(sa.exists(sa.select(quotes.c.n).where(
            quotes.c.quotation_id == quotations.c.quotation_id,
            fulltext.matches(quotes, f.q, dialect))))
    clauses += _in_dates(quotations.c.first_seen, f)
    return (sa.select(quotations).where(*clauses)
            .order_by(quotations.c.n_articles.desc(), quotations.c.first_seen.nulls_last(),
                      quotations.c.quotation_id))


def occurrences_query(quotation_id: str) -> sa.Select:
    """Return the SELECT of the quotes that report one quotation, earliest article first."""
    return (sa.select(*quotes.c, *ARTICLE_COLUMNS).join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.quotation_id == quotation_id)
            .order_by(articles.c.published.nulls_last(), quotes.c.article_id, quotes.c.n))


def counts(conn: sa.Connection, f: Filters, dialect: str) -> dict:
    """Return the numbers of matching rows per table, and grouped events per type."""
    def count(select: sa.Select) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(select.subquery())).scalar()

    matching = events_query(f, dialect).subquery()
    by_type = conn.execute(sa.select(matching.c.type, sa.func.count()).group_by(matching.c.type)
                           .order_by(sa.func.count().desc(), matching.c.type)).all()
    arts = articles_query(f, dialect).subquery()
    return {
        "articles": count(articles_query(f, dialect)),
        "clusters": conn.execute(sa.select(sa.func.count(sa.distinct(arts.c.cluster_id)))).scalar(),
        "events": count(events_query(f, dialect)),
        "reports": count(reports_query(f, dialect)),
        "quotes": count(quotes_query(f, dialect)),
        "entities": count(entities_query(f, dialect)),
        "failures": conn.execute(sa.select(sa.func.count()).select_from(failures)).scalar(),
        "events_by_type": {t: n for t, n in by_type},
    }


def record(conn: sa.Connection, article_id: str) -> Optional[Record]:
    """Return the Record of a stored article rebuilt from its rows, or None."""
    art = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
    if art is None:
        return None

    def rows(table):
        return conn.execute(sa.select(table).where(table.c.article_id == article_id)
                            .order_by(*[c for c in table.primary_key.columns])).mappings().all()

    data = {
        "schema_version": art["schema_version"], "id": art["id"], "path": art["path"],
        "url": art["url"], "title": art["title"], "source": art["outlet"],
        "published": art["published"], "published_inferred": bool(art["published_inferred"]),
        "language": art["language"], "text": art["text"], "model": art["model"],
        "boilerplate": art["boilerplate"], "skipped": art["skipped"], **(art["extra"] or {}),
        "entities": [_entity(r) for r in sorted(rows(entities), key=_entity_order)],
        "quotes": [_quote(r) for r in rows(quotes)],
        "dates": [{k: r[k] for k in ("start", "end", "text", "value", "precision")}
                  for r in rows(dates)],
        "places": [_place(r) for r in rows(places)],
        "events": [_event(r) for r in rows(event_reports)],
    }
    return Record.from_dict(data)


def _entity_order(r) -> tuple:
    """Sort key putting entity ids in the order the stage made them ("e2" before "e10")."""
    ident = r["entity_id"]
    digits = ident.lstrip("abcdefghijklmnopqrstuvwxyz")
    return (ident[:len(ident) - len(digits)], int(digits) if digits.isdigit() else -1, ident)


def _entity(r) -> dict:
    return {"id": r["entity_id"], "name": r["name"], "type": r["type"],
            "mentions": [list(m) for m in r["mentions"]], "title": r["title"],
            "country": r["country"], "sector": r["sector"]}


def _quote(r) -> dict:
    speaker = None if r["speaker_name"] is None else {
        "entity": r["speaker_entity"], "name": r["speaker_name"],
        "start": r["speaker_start"], "end": r["speaker_end"],
        "resolved": r["speaker_resolved"] is not False}
    cue = None if r["cue_text"] is None else {
        "text": r["cue_text"], "start": r["cue_start"], "end": r["cue_end"]}
    return {"kind": r["kind"], "start": r["start"], "end": r["end"], "text": r["text"],
            "speaker": speaker, "cue": cue}


def _place(r) -> dict:
    return {"start": r["start"], "end": r["end"], "text": r["text"], "name": r["name"],
            "country": r["country"], "lat": r["latitude"], "lon": r["longitude"],
            "geonameid": r["geonameid"], "feature": r["feature"], "role": r["role"] or "literal"}


def _actor(r, role: str) -> Optional[dict]:
    if r[f"{role}_name"] is None and r[f"{role}_entity"] is None:
        return None
    return {"entity": r[f"{role}_entity"], "name": r[f"{role}_name"],
            "country": r[f"{role}_country"], "sector": r[f"{role}_sector"]}


def _event(r) -> dict:
    place = None
    if r["place_name"] is not None:
        place = {"name": r["place_name"], "country": r["place_country"],
                 "lat": r["latitude"], "lon": r["longitude"]}
        if r["place_feature"] is not None:  # the record's own point fields, not the store's guess
            place.update(geonameid=r["place_geonameid"], feature=r["place_feature"],
                         precision=r["place_precision"])
    return {"type": r["type"], "mode": r["mode"], "context": r["context"],
            "source": _actor(r, "source"), "target": _actor(r, "target"),
            "date": r["date"], "date_precision": r["date_precision"], "date_end": r["date_end"],
            "place": place,
            "negated": bool(r["negated"]),
            "evidence": {"start": r["evidence_start"], "end": r["evidence_end"]},
            "confidence": r["confidence"],
            "mentions": [{"start": s, "end": e} for s, e in r["mentions"] or ()]}


def sorted_by(stmt: sa.Select, kind: str, sort: Optional[tuple]) -> sa.Select:
    """Return the select ordered on sort = (column, descending), empty values last and ties in
    a fixed order; unchanged when sort is None (the list's own, indexed order)."""
    if sort is None:
        return stmt
    column, descending = sort
    key = stmt.selected_columns[column]
    order = (key.desc() if descending else key.asc()).nulls_last()
    return stmt.order_by(None).order_by(order, *(stmt.selected_columns[c] for c in TIE_BREAKS[kind]))
