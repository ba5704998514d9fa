"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL URL comes from DATELINE_TEST_PG (default: the role and database
scripts/services.sh creates). Each test gets its own PostgreSQL schema, so
runs do not see each other. Without a server the PostgreSQL leg is skipped,
except in CI (CI=true), where it fails: CI must test both backends.
"""

import os
import uuid

import pytest
import sqlalchemy as sa

from dateline.store import open_store
from dateline.store.db import store_url

PG_URL = os.environ.get("DATELINE_TEST_PG",
                        "postgresql://dateline:dateline@127.0.0.1/dateline_test")


def _pg_engine() -> sa.Engine:
    engine = sa.create_engine(store_url(PG_URL))
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        message = (f"PostgreSQL not reachable at {PG_URL}: run scripts/services.sh "
                   f"({str(exc.orig).strip().splitlines()[0]})")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL (or path) of an empty store on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    engine = _pg_engine()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    engine.dispose()


@pytest.fixture
def store(db_url):
    with open_store(db_url) as opened:
        yield opened
