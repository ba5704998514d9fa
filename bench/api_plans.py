"""Query plans and times of the event list's queries (a page and its total) per common filter.

    .venv/bin/python bench/api_plans.py --db out/bench-web.db

Runs, for each filter (none, type, country, actor, outlet, date range, full
text, and type with each), the SQL that `/api/events` sends to a SQLite store:
the page (50 rows, page 3) and the total (COUNT over the filtered set), each
once, printing the time and SQLite's `EXPLAIN QUERY PLAN`. The store is opened
read-only. Times are single runs on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import time

import sqlalchemy as sa

from dateline.store import Filters
from dateline.store.queries import events_query

CASES = {
    "none": {}, "type": {"type": "ASSAULT"}, "country": {"country": "UKR"},
    "actor": {"actor": "official 12-"}, "outlet": {"outlet": "reuters"},
    "month": {"since": "2021-03", "until": "2021-03"}, "full text": {"q": "Kyiv official"},
    "type+country": {"type": "ASSAULT", "country": "UKR"},
    "type+outlet": {"type": "AID", "outlet": "BBC"},
    "type+month": {"type": "AID", "since": "2021-03", "until": "2021-03"},
}


def statements(f: Filters) -> dict:
    """Return the page and count SELECTs the API runs for a filter."""
    stmt = events_query(f, "sqlite")
    return {"page": stmt.limit(50).offset(100),
            "count": sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())}


def measure(conn: sa.Connection, stmt) -> tuple:
    """Return (milliseconds, plan) of one run of a statement."""
    sql = str(stmt.compile(conn.engine, compile_kwargs={"literal_binds": True}))
    started = time.perf_counter()
    conn.exec_driver_sql(sql).fetchall()
    ms = 1000 * (time.perf_counter() - started)
    plan = " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    return ms, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="out/bench-web.db")
    args = parser.parse_args()
    engine = sa.create_engine(f"sqlite:///file:{args.db}?mode=ro&uri=true")
    print(f"load average {os.getloadavg()[0]:.1f}")
    with engine.connect() as conn:
        for name, values in CASES.items():
            for what, stmt in statements(Filters(**values)).items():
                ms, plan = measure(conn, stmt)
                print(f"{name:13s} {what:5s} {ms:8.1f} ms  {plan}")


if __name__ == "__main__":
    main()
