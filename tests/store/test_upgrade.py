"""Store upgrades: an older store opened by this dateline gets the current indexes."""

import sqlalchemy as sa

from dateline.model import Quote
from dateline.store import Filters, open_store
from dateline.store.queries import events_query
from dateline.store.schema import STORE_VERSION, meta, places, quotes
from dateline.store.upgrade import VERSION_3_COLUMNS, VERSION_5_COLUMNS

from sample_records import full_record

NEW = {"ix_events_newest", "ix_events_type_newest"}
OLD = {"ix_events_date", "ix_events_type_date"}


def event_indexes(engine: sa.Engine) -> set:
    with engine.connect() as conn:
        return {ix["name"] for ix in sa.inspect(conn).get_indexes("events")}


def make_version_1(engine: sa.Engine) -> None:
    """Give a fresh store the events indexes and version number of store version 1."""
    with engine.begin() as conn:
        for name in NEW:
            conn.exec_driver_sql(f"DROP INDEX {name}")
        conn.exec_driver_sql("CREATE INDEX ix_events_date ON events (date)")
        conn.exec_driver_sql("CREATE INDEX ix_events_type_date ON events (type, date)")
        conn.execute(meta.update().where(meta.c.key == "store_version").values(value="1"))


def test_version_1_store_gets_newest_first_indexes(db_url):
    with open_store(db_url) as store:
        make_version_1(store.engine)
        assert OLD <= event_indexes(store.engine)
    with open_store(db_url) as store:
        names = event_indexes(store.engine)
        with store.engine.connect() as conn:
            version = conn.execute(sa.select(meta.c.value)).scalar()
    assert NEW <= names and not OLD & names
    assert version == str(STORE_VERSION)


def test_event_list_is_read_in_index_order_without_a_sort(tmp_path):
    # Regression: SQLite sorted the whole filtered event list in a temporary B-tree
    # for every page (ORDER BY date DESC NULLS LAST, event_id).
    with open_store(str(tmp_path / "s.db")) as store, store.engine.connect() as conn:
        for f in (Filters(), Filters(type="AID"), Filters(type="AID", since="2022-03"),
                  Filters(country="UKR"), Filters(outlet="BBC")):
            stmt = events_query(f, "sqlite").limit(50)
            sql = str(stmt.compile(store.engine, compile_kwargs={"literal_binds": True}))
            plan = " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "TEMP B-TREE" not in plan, (f, plan)
            assert "_newest" in plan, (f, plan)


def make_version_2(engine: sa.Engine) -> None:
    """Give a fresh store the event columns and version number of store version 2, with a
    week-dated and a year-dated event as version 2 stored them."""
    with engine.begin() as conn:
        for table, columns in VERSION_3_COLUMNS.items():
            for name, _, _ in columns:
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {name}")
        for n, (date, precision) in enumerate([("2016-W35", "week"), ("2017", "year")]):
            conn.exec_driver_sql(
                "INSERT INTO events (event_id, type, date, date_precision, group_key, day, n_reports,"
                f" n_sources, confidence, first_article_id) VALUES ('e{n}', 'AID', '{date}',"
                f" '{precision}', 'k{n}', NULL, 2, 1, 0.5, 'a')")
        conn.execute(meta.update().where(meta.c.key == "store_version").values(value="2"))


def test_version_2_store_gets_periods_and_counts(db_url):
    with open_store(db_url) as store:
        make_version_2(store.engine)
    with open_store(db_url) as store:
        got = [(e["date"], e["date_precision"], e["date_end"], e["n_mentions"])
               for e in store.events()]
        assert [e["first_article_id"] for e in store.events(Filters(since="2016-09-01",
                                                                    until="2016-09-30"))] == ["a"]
    assert got == [("2017-01-01", "year", "2017-12-31", 2), ("2016-08-29", "week", "2016-09-04", 2)]


def test_since_bounds_the_index_scan_of_overlapping_periods(tmp_path):
    # since= compares date_end (periods overlap the range); the implied bound on date (no
    # period is longer than a year) keeps the newest-first index from scanning every older event.
    with open_store(str(tmp_path / "s.db")) as store, store.engine.connect() as conn:
        stmt = events_query(Filters(since="2016-09-01", until="2016-09-30"), "sqlite").limit(50)
        sql = str(stmt.compile(store.engine, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert "ix_events_newest (date>? AND date<?)" in plan, plan


def make_version_4(engine: sa.Engine) -> None:
    """Give a store the place and quote columns and version number of store version 4."""
    with engine.begin() as conn:
        for table, name, _, _ in VERSION_5_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE {table.name} DROP COLUMN {name}")
        conn.execute(meta.update().where(meta.c.key == "store_version").values(value="4"))


def test_version_4_store_marks_places_literal_and_speakers_resolved(db_url):
    record = full_record()
    record.places[0].role = "acting"  # stored by version 4 without it
    record.quotes.append(Quote("direct", 89, 119, '"We talked about a ceasefire,"'))
    with open_store(db_url) as store:
        store.write_record(record)
        make_version_4(store.engine)
    with open_store(db_url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(places.c.role)).scalars().all() == ["literal"]
            assert conn.execute(sa.select(quotes.c.speaker_resolved).order_by(quotes.c.n)
                                ).scalars().all() == [True, None]
        back = store.record("a1")
        assert back.places[0].role == "literal" and back.quotes[0].speaker.resolved is True
        assert [p["name"] for p in store.places()] == ["Antalya"]
