"""Schema upgrades: one step per store version, run in order inside one transaction.

To change the schema: edit schema.py, bump STORE_VERSION, and add
`STEPS[old_version] = function(conn)` that brings a store from `old_version`
to `old_version + 1` (ALTER TABLE, backfills). Opening an older store runs the
missing steps; tests/store/test_upgrade.py checks the chain is complete.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import StoreError
from ..periods import NotADate, day_number, period
from ..settings import DEFAULT
from . import people as people_links
from . import quotations as quotation_links
from .schema import (NEWEST_FIRST, STORE_VERSION, entities, event_reports, events, meta, people,
                     person_keys, places, quotations, quotes)


def index_newest_first(conn: sa.Connection) -> None:
    """Version 1 -> 2: replace the events' date indexes by ones in the event list's order."""
    for name in ("ix_events_date", "ix_events_type_date"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for index in NEWEST_FIRST:
        index.create(conn, checkfirst=True)


# Columns added in store version 3, with their SQL type and a default for existing rows.
VERSION_3_COLUMNS = {
    "events": [("date_end", "VARCHAR(10)", None), ("place_geonameid", "BIGINT", None),
               ("place_precision", "VARCHAR(16)", None), ("n_articles", "INTEGER", "0"),
               ("n_mentions", "INTEGER", "0"), ("place_feature", "VARCHAR(16)", None)],
    "event_reports": [("date_end", "VARCHAR(10)", None), ("place_geonameid", "BIGINT", None),
                      ("place_precision", "VARCHAR(16)", None), ("n_mentions", "INTEGER", "1"),
                      ("place_feature", "VARCHAR(16)", None), ("mentions", "JSON", None)],
}


def store_periods(conn: sa.Connection) -> None:
    """Version 2 -> 3: event dates become periods (first day, precision, last day) and events
    count articles and mentions apart from reports."""
    for table, columns in VERSION_3_COLUMNS.items():
        have = {c["name"] for c in sa.inspect(conn).get_columns(table)}
        for name, sql_type, default in columns:
            if name in have:  # a store made by a build between versions
                continue
            extra = f" NOT NULL DEFAULT {default}" if default else ""
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}{extra}")
    for table in (events, event_reports):
        _backfill_periods(conn, table)
    conn.exec_driver_sql(
        "UPDATE events SET n_articles = (SELECT COUNT(DISTINCT r.article_id) FROM event_reports r"
        " WHERE r.event_id = events.event_id), n_mentions = n_reports")


def _backfill_periods(conn: sa.Connection, table: sa.Table) -> None:
    pairs = conn.execute(sa.select(table.c.date, table.c.date_precision).distinct()
                         .where(table.c.date.is_not(None))).all()
    for value, precision in pairs:
        try:
            start, end, precision_found = period(value, precision)
        except NotADate:
            continue  # left as stored: no period to give it, and the value is kept for a reader
        values = {"date": start, "date_end": end, "date_precision": precision_found}
        if table is events:
            values["day"] = day_number(start)
        conn.execute(table.update().where(table.c.date == value,
                                          _same_or_null(table.c.date_precision, precision))
                     .values(**values))


def _same_or_null(column, value):
    return column.is_(None) if value is None else column == value


# Columns store version 4 added to existing tables: (table, column).
PERSON_COLUMNS = [(entities, "person_id"), (quotes, "speaker_person"), (quotes, "quotation_id"),
                  *[(t, f"{role}_person") for t in (events, event_reports)
                    for role in ("source", "target")]]


def add_people(conn: sa.Connection) -> None:
    """Version 3 -> 4: people and quotations tables, person and quotation columns, filled in
    for the stored articles in the order they were stored."""
    for table, name in PERSON_COLUMNS:
        add_column(conn, table, name)
    for table in (people, person_keys, quotations):
        table.create(conn, checkfirst=True)
    for table, name in PERSON_COLUMNS:
        for index in table.indexes:
            if name in index.columns:
                index.create(conn, checkfirst=True)
    people_links.backfill(conn, DEFAULT)
    quotation_links.backfill(conn, DEFAULT)


# Columns store version 5 added, the value rows stored before it get, and which rows get it:
# they were stored without roles or unresolved speakers, so every place reads as literal and
# every speaker as named (a quote without a speaker keeps NULL, as new rows do).
VERSION_5_COLUMNS = [(places, "role", "literal", sa.true()),
                     (quotes, "speaker_resolved", True, quotes.c.speaker_name.is_not(None))]


def add_roles(conn: sa.Connection) -> None:
    """Version 4 -> 5: the place mention's role and whether the quote's speaker is resolved."""
    for table, name, value, rows in VERSION_5_COLUMNS:
        add_column(conn, table, name)
        conn.execute(table.update().where(table.c[name].is_(None), rows).values({name: value}))


def add_column(conn: sa.Connection, table: sa.Table, name: str) -> None:
    """Add a column of schema.py to the stored table, with its type there, unless the store
    already has it (a store marked older than it is: tests do that)."""
    if name in {c["name"] for c in sa.inspect(conn).get_columns(table.name)}:
        return
    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} "
                         f"{table.c[name].type.compile(conn.dialect)}")


# STEPS[n] upgrades a store from version n to n + 1. Version 1 is the first.
STEPS: dict = {1: index_newest_first, 2: store_periods, 3: add_people, 4: add_roles}


def run(conn: sa.Connection, found: int) -> None:
    """Upgrade the store on `conn` from version `found` to STORE_VERSION."""
    for version in range(found, STORE_VERSION):
        step = STEPS.get(version)
        if step is None:
            raise StoreError(f"no upgrade from store version {version} to {version + 1}: "
                             "re-ingest into a new --db")
        step(conn)
    conn.execute(meta.update().where(meta.c.key == "store_version")
                 .values(value=str(STORE_VERSION)))
