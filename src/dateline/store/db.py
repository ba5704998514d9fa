"""Engines for the store: a SQLite file (WAL) by default, or a PostgreSQL URL.

`connect(target)` takes a path or a SQLAlchemy URL and returns an engine whose
schema is created or upgraded to STORE_VERSION.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from ..errors import StoreError
from . import fulltext, upgrade
from .schema import STORE_VERSION, meta, metadata


def store_url(target: str) -> str:
    """Return the SQLAlchemy URL for a path or URL (PostgreSQL through psycopg 3)."""
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            return "postgresql+psycopg://" + target[len(prefix):]
    return target


def connect(target: str) -> sa.Engine:
    """Return an engine on the store at `target`, creating or upgrading its tables."""
    url = store_url(target)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).parent.is_dir():
        raise StoreError(f"{target}: folder does not exist: create it or choose another --db path")
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"{target}: not a database path or URL ({exc}); give a file path "
                         "or postgresql://user:password@host/dbname") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    try:
        prepare(engine)
    except sa.exc.OperationalError as exc:
        raise StoreError(f"{target}: cannot open the database: "
                         f"{str(exc.orig).strip().splitlines()[0]}") from None
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers (the web app) work during an ingest; NORMAL sync still
    # survives a killed process, which is what resumable ingest needs.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def prepare(engine: sa.Engine) -> None:
    """Create the tables of a new store, or upgrade an older one to STORE_VERSION."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Two processes opening a new store at once must not both create it.
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(4242)"))
        found = stored_version(conn)
        if found is None:
            metadata.create_all(conn)
            fulltext.create(conn)
            conn.execute(meta.insert(), [{"key": "store_version", "value": str(STORE_VERSION)}])
        elif found < STORE_VERSION:
            upgrade.run(conn, found)
        elif found > STORE_VERSION:
            raise StoreError(f"store version {found} is newer than this dateline "
                             f"(knows {STORE_VERSION}): upgrade dateline")


def stored_version(conn: sa.Connection):
    """Return the store version recorded in the database, or None for an empty one."""
    if not sa.inspect(conn).has_table("meta"):
        return None
    value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "store_version")).scalar()
    return int(value) if value is not None else None
