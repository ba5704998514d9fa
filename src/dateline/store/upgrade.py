"""Schema upgrades: one step per store version, run in order inside one transaction.

To change the schema: edit schema.py, bump STORE_VERSION, and add
`STEPS[old_version] = function(conn)` that brings a store from `old_version`
to `old_version + 1` (ALTER TABLE, backfills). Opening an older store runs the
missing steps; tests/store/test_upgrade.py checks the chain is complete.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import StoreError
from ..settings import DEFAULT
from . import people as people_links
from . import quotations as quotation_links
from .schema import (NEWEST_FIRST, STORE_VERSION, entities, event_reports, events, meta, people,
                     person_keys, quotations, quotes)


def index_newest_first(conn: sa.Connection) -> None:
    """Version 1 -> 2: replace the events' date indexes by ones in the event list's order."""
    for name in ("ix_events_date", "ix_events_type_date"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for index in NEWEST_FIRST:
        index.create(conn, checkfirst=True)


# Columns store version 3 added to existing tables: (table, column).
PERSON_COLUMNS = [(entities, "person_id"), (quotes, "speaker_person"), (quotes, "quotation_id"),
                  *[(t, f"{role}_person") for t in (events, event_reports)
                    for role in ("source", "target")]]


def add_people(conn: sa.Connection) -> None:
    """Version 2 -> 3: people and quotations tables, person and quotation columns, filled in
    for the stored articles in the order they were stored."""
    inspector = sa.inspect(conn)
    for table, name in PERSON_COLUMNS:
        column = table.c[name]
        if name in {c["name"] for c in inspector.get_columns(table.name)}:
            continue  # a store marked older than it is (tests do that)
        conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} "
                             f"{column.type.compile(conn.dialect)}")
    for table in (people, person_keys, quotations):
        table.create(conn, checkfirst=True)
    for table, name in PERSON_COLUMNS:
        for index in table.indexes:
            if name in index.columns:
                index.create(conn, checkfirst=True)
    people_links.backfill(conn, DEFAULT)
    quotation_links.backfill(conn, DEFAULT)


# STEPS[n] upgrades a store from version n to n + 1. Version 1 is the first.
STEPS: dict = {1: index_newest_first, 2: add_people}


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
