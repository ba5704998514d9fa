"""People across the store: give the person names of each stored article one person id.

A PERSON entity's name is matched, in order, by its folded name (`person_keys`),
then against the people of that surname whose every variant it agrees with
(identity.same_person); failing both it starts a new person whose id is a hash
of its name (identity.person_id), so re-ingesting the same articles gives the
same ids. A surname alone ("Lavrov", "President Trump") joins the one person of
that surname seen in the same outlet within `settings.identity_window_days`
(this batch included), else the leader leaders.tsv names by it ("Putin") when
no one else of that surname is stored; otherwise it stays without a person. Quote speakers and event actors take the
person of their entity; those without an entity are matched by name but never
start a person. See docs/identity.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

import sqlalchemy as sa

from .. import identity
from ..periods import day_number
from ..settings import Settings
from .schema import articles, entities, event_reports, events, people, person_keys, quotes


@dataclass
class Seen:
    """The people of the articles linked so far in one batch (not yet in `entities`)."""

    rows: list = field(default_factory=list)  # (person_id, surname, outlet, day)

    def add(self, person_id: str, surname: str, outlet: Optional[str], day: Optional[int]) -> None:
        self.rows.append((person_id, surname, outlet, day))


def link_batch(conn: sa.Connection, batch: list, settings: Settings) -> None:
    """Set person ids on the entity, quote and event report rows of prepared records
    (store.ArticleRows) before they are inserted."""
    seen = Seen()
    for rows in batch:
        link_full_names(conn, rows, seen)
    for rows in batch:
        link_surnames(conn, rows, seen, settings)
        link_roles(conn, rows, seen, settings)


def _persons(rows) -> list:
    return [e for e in rows.children.get("entities", []) if e["type"] == "PERSON"]


def link_full_names(conn: sa.Connection, rows, seen: Seen) -> None:
    """Give a person to each PERSON entity with a given name and a surname, creating people."""
    outlet, day = rows.article["outlet"], day_number(rows.article["published"])
    for entity in rows.children.get("entities", []):
        entity["person_id"] = None  # also when a failed batch is written again one by one
    for entity in _persons(rows):
        name = identity.parse(entity["name"])
        if name.full:
            person = find_person(conn, entity["name"]) or create_person(conn, entity, rows.id)
            entity["person_id"] = person
            note_variant(conn, person, entity)
            seen.add(person, name.surname, outlet, day)


def link_surnames(conn: sa.Connection, rows, seen: Seen, settings: Settings) -> None:
    """Give a person to each PERSON entity named by a surname alone, when one person owns it."""
    named = {identity.parse(e["name"]).surname for e in _persons(rows) if e["person_id"]}
    for entity in _persons(rows):
        if entity["person_id"] is None:
            if identity.parse(entity["name"]).surname in named:
                continue  # the entity stage kept it apart from the article's full name: another person
            entity["person_id"] = surname_owner(conn, entity["name"], rows, seen, settings)
            if entity["person_id"]:
                note_variant(conn, entity["person_id"], entity)


def link_roles(conn: sa.Connection, rows, seen: Seen, settings: Settings) -> None:
    """Give quote speakers and event actors the person of their entity, else of their name."""
    by_entity = {e["entity_id"]: e["person_id"] for e in rows.children.get("entities", [])}

    def person_of(entity_id: Optional[str], name: Optional[str]) -> Optional[str]:
        if entity_id in by_entity:
            return by_entity[entity_id]
        if entity_id is None and name and identity.looks_like_person(name):
            return (find_person(conn, name) if identity.parse(name).full
                    else surname_owner(conn, name, rows, seen, settings))
        return None

    for quote in rows.children.get("quotes", []):
        quote["speaker_person"] = person_of(quote["speaker_entity"], quote["speaker_name"])
    for shared, own in rows.reports:
        for role in ("source", "target"):
            shared[f"{role}_person"] = person_of(own[f"{role}_entity"], shared[f"{role}_name"])


_BY_KEY = sa.select(person_keys.c.person_id).where(person_keys.c.key == sa.bindparam("key"))
_BY_SURNAME = (sa.select(people.c.person_id, people.c.variants)
               .where(people.c.surname == sa.bindparam("surname")).order_by(people.c.person_id))


def find_person(conn: sa.Connection, name: str) -> Optional[str]:
    """Return the id of the stored person a full name is, or None when none (or several) are."""
    key = identity.person_key(name)
    found = conn.execute(_BY_KEY, {"key": key}).scalar()
    if found:
        return found
    surname = identity.parse(name).surname
    matches = [pid for pid, variants in conn.execute(_BY_SURNAME, {"surname": surname})
               if all(identity.same_person(name, v) for v in variants if identity.parse(v).full)]
    if len(matches) == 1:
        conn.execute(person_keys.insert(), {"key": key, "person_id": matches[0]})
        return matches[0]
    return None


def create_person(conn: sa.Connection, entity: dict, article_id: str) -> str:
    """Insert a new person named by a PERSON entity; return its id."""
    canonical = identity.leader(entity["name"]) or " ".join(entity["name"].split())
    key = identity.person_key(entity["name"])
    person_id, n = identity.person_id(key), 1
    while conn.execute(sa.select(people.c.person_id).where(people.c.person_id == person_id)).first():
        n += 1  # the same folded name already names another person (an ambiguous one)
        person_id = identity.person_id(f"{key}#{n}")
    conn.execute(people.insert(), {"person_id": person_id, "name": canonical,
                                   "surname": identity.parse(canonical).surname,
                                   "title": entity.get("title"), "country": entity.get("country"),
                                   "sector": entity.get("sector"), "variants": [],
                                   "first_article_id": article_id})
    if not conn.execute(_BY_KEY, {"key": key}).first():
        conn.execute(person_keys.insert(), {"key": key, "person_id": person_id})
    return person_id


def note_variant(conn: sa.Connection, person_id: str, entity: dict) -> None:
    """Add a spelling to a person's variants, and fill its title, country and sector if unknown."""
    row = conn.execute(sa.select(people).where(people.c.person_id == person_id)).mappings().one()
    spelling = re.sub(r"[’'‘`´]s?$", "", " ".join(entity["name"].split()))  # "Trump's" -> "Trump"
    spelling = spelling.strip(" -–—\"@#") or spelling  # "Jeb Bush-", "@Hillary Clinton"
    values = {}
    if spelling not in row["variants"]:
        values["variants"] = [*row["variants"], spelling]
    for column in ("title", "country", "sector"):
        if row[column] is None and entity.get(column):
            values[column] = entity[column]
    if values:
        conn.execute(people.update().where(people.c.person_id == person_id).values(**values))


def surname_owner(conn: sa.Connection, name: str, rows, seen: Seen,
                  settings: Settings) -> Optional[str]:
    """Return the person a surname alone names: the one person of that surname named in full
    in this outlet and weeks, or the leader leaders.tsv names by it ("Putin") when no one
    else of that surname is stored; else None (no one, or several people)."""
    surname = identity.parse(name).surname
    if not surname:
        return None
    outlet, day = rows.article["outlet"], day_number(rows.article["published"])
    owners = {pid for pid, s, o, d in seen.rows
              if s == surname and o == outlet and _near(d, day, settings)}
    owners |= stored_owners(conn, surname, outlet, day, settings)
    # leaders.tsv names one well-known person by a bare surname ("Obama", "Clinton"): that
    # person is always a candidate, so "Obama" beside only Michelle Obama stays unknown.
    known = identity.surname_leader(name)
    leader = (find_person(conn, known) or f"table:{known}") if known else None
    if leader and owners:
        owners.add(leader)
    if len(owners) == 1:
        return owners.pop()
    if owners or not leader or leader.startswith("table:"):
        return None
    carriers = {pid for pid, _ in conn.execute(_BY_SURNAME, {"surname": surname})}
    carriers |= {pid for pid, s, _, _ in seen.rows if s == surname}
    return leader if carriers <= {leader} else None


def _near(a: Optional[int], b: Optional[int], settings: Settings) -> bool:
    return a is None or b is None or abs(a - b) <= settings.identity_window_days


def stored_owners(conn: sa.Connection, surname: str, outlet: Optional[str], day: Optional[int],
                  settings: Settings) -> set:
    """Return the people of that surname named in full in stored articles of the outlet and weeks."""
    clauses = [people.c.surname == surname,
               articles.c.outlet == outlet if outlet else articles.c.outlet.is_(None)]
    if day is not None:
        window = settings.identity_window_days
        low = dt.date.fromordinal(day - window).isoformat()
        high = dt.date.fromordinal(day + window).isoformat()
        clauses.append(sa.or_(articles.c.published.between(low, high), articles.c.published.is_(None)))
    query = (sa.select(people.c.person_id).distinct()
             .select_from(people.join(entities, entities.c.person_id == people.c.person_id)
                          .join(articles, articles.c.id == entities.c.article_id))
             .where(*clauses))
    return set(conn.execute(query).scalars())


@dataclass
class StoredRows:
    """The parts of a stored article's rows that linking reads and sets (for backfill)."""

    id: str
    article: dict
    children: dict
    reports: list


def _stored_rows(conn: sa.Connection, article) -> StoredRows:
    def rows(table, *columns):
        return [dict(r._mapping) for r in conn.execute(
            sa.select(*columns).where(table.c.article_id == article.id)
            .order_by(*table.primary_key.columns))]

    reports = [({"source_name": r["source_name"], "target_name": r["target_name"]},
                {"n": r["n"], "source_entity": r["source_entity"], "target_entity": r["target_entity"]})
               for r in rows(event_reports, event_reports.c.n, event_reports.c.source_name,
                             event_reports.c.target_name, event_reports.c.source_entity,
                             event_reports.c.target_entity)]
    children = {"entities": rows(entities, entities.c.entity_id, entities.c.name, entities.c.type,
                                 entities.c.title, entities.c.country, entities.c.sector),
                "quotes": rows(quotes, quotes.c.n, quotes.c.kind, quotes.c.text,
                               quotes.c.speaker_entity, quotes.c.speaker_name)}
    return StoredRows(article.id, {"outlet": article.outlet, "published": article.published},
                      children, reports)


def _bound(table: sa.Table, keys: list, values: list) -> sa.Update:
    where = [table.c[k] == sa.bindparam(f"k_{k}") for k in keys]
    return table.update().where(*where).values({v: sa.bindparam(f"v_{v}") for v in values})


_SET_ENTITY = _bound(entities, ["article_id", "entity_id"], ["person_id"])
_SET_QUOTE = _bound(quotes, ["article_id", "n"], ["speaker_person"])
_SET_REPORT = _bound(event_reports, ["article_id", "n"], ["source_person", "target_person"])


def backfill(conn: sa.Connection, settings: Settings, batch_size: int = 100) -> None:
    """Link the people of every stored article, in the order they were stored (store upgrade)."""
    stored = conn.execute(sa.select(articles.c.id, articles.c.outlet, articles.c.published)
                          .order_by(articles.c.stored_at, articles.c.id)).all()
    for start in range(0, len(stored), batch_size):
        batch = [_stored_rows(conn, a) for a in stored[start:start + batch_size]]
        link_batch(conn, batch, settings)
        for rows in batch:
            write_links(conn, rows)
    refresh_event_people(conn)


def write_links(conn: sa.Connection, rows: StoredRows) -> None:
    """Write the person ids linking set on a stored article's rows."""
    ents = [{"k_article_id": rows.id, "k_entity_id": e["entity_id"], "v_person_id": e["person_id"]}
            for e in rows.children["entities"] if e["person_id"]]
    quos = [{"k_article_id": rows.id, "k_n": q["n"], "v_speaker_person": q["speaker_person"]}
            for q in rows.children["quotes"] if q["speaker_person"]]
    reps = [{"k_article_id": rows.id, "k_n": own["n"], "v_source_person": shared["source_person"],
             "v_target_person": shared["target_person"]} for shared, own in rows.reports]
    for statement, params in ((_SET_ENTITY, ents), (_SET_QUOTE, quos), (_SET_REPORT, reps)):
        if params:
            conn.execute(statement, params)


def refresh_event_people(conn: sa.Connection) -> None:
    """Give each grouped event the people of its first report (as its other actor columns)."""
    first = (sa.select(event_reports.c.event_id, event_reports.c.source_person,
                       event_reports.c.target_person)
             .join(events, sa.and_(events.c.event_id == event_reports.c.event_id,
                                   events.c.first_article_id == event_reports.c.article_id))
             .order_by(event_reports.c.event_id, event_reports.c.n))
    done, params = set(), []
    for event_id, source, target in conn.execute(first):
        if event_id not in done and (source or target):
            params.append({"k_event_id": event_id, "v_source_person": source,
                           "v_target_person": target})
        done.add(event_id)
    if params:
        conn.execute(_bound(events, ["event_id"], ["source_person", "target_person"]), params)
    rekey_events(conn, [p["k_event_id"] for p in params])


def rekey_events(conn: sa.Connection, event_ids: list) -> None:
    """Recompute the grouping key of events that now have people, so later reports of the
    same people join them (events already stored apart stay apart)."""
    from .store import event_key

    params = []
    for start in range(0, len(event_ids), 500):
        found = conn.execute(sa.select(events).where(events.c.event_id.in_(event_ids[start:start + 500])))
        params += [{"k_event_id": row["event_id"], "v_group_key": event_key(dict(row))}
                   for row in found.mappings()]
    if params:
        conn.execute(_bound(events, ["event_id"], ["group_key"]), params)
