"""SIGKILL an ingest at several points; a rerun must finish with exact counts and no duplicates."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from dateline.run.local import ingest_paths
from dateline.settings import DEFAULT
from dateline.store import Filters, open_store
from dateline.store.schema import (article_bands, articles, entities, event_reports, events,
                                   minhashes, quotes)

N = 120


def make_batch(path, n: int = N):
    rows = [{"id": f"k{i}", "source": ("Wire", "Daily", "Post")[i % 3], "published": "2022-03-10",
             "text": f"Defence minister Lena Ortiz met general Omar Haddad in Tunis on Monday. "
                     f"\"Talks number {i} went well,\" Ortiz said. The army shelled village {i}."}
            for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def start_ingest(batch, db: str, workers: int = 1) -> subprocess.Popen:
    # A new session, so the kill takes any worker processes with the parent.
    return subprocess.Popen([sys.executable, "-m", "dateline.cli", "ingest", str(batch), "--db", db,
                             "--model", "sm", "--workers", str(workers), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def stored(db: str) -> int:
    try:
        with open_store(db) as store, store.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar()
    except Exception:  # the store may not exist yet
        return 0


def kill_when(proc: subprocess.Popen, db: str, at_least: int, timeout: float = 120) -> None:
    """SIGKILL the ingest (and its workers) once `at_least` articles are stored."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if at_least == 0 or stored(db) >= at_least:
            break
        time.sleep(0.02)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def check_complete(db: str, n: int) -> None:
    """Every article once, with all its child rows, and event counts that add up."""
    with open_store(db) as store, store.engine.connect() as conn:
        def count(table, *where):
            return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar()

        assert count(articles) == n
        assert count(minhashes) == n and count(article_bands) == n * 16
        n_entities, n_quotes = conn.execute(
            sa.select(sa.func.sum(articles.c.n_entities), sa.func.sum(articles.c.n_quotes))).one()
        assert count(entities) == n_entities and count(quotes) == n_quotes
        reported = conn.execute(sa.select(sa.func.sum(events.c.n_reports))).scalar() or 0
        assert reported == count(event_reports, event_reports.c.event_id.is_not(None))
        assert len(store.articles(Filters(q="Ortiz"), limit=None)) == n  # full text indexed once
        assert store.failures() == []


def run_with_kills(batch, db: str, points, workers: int = 1) -> None:
    for at_least in points:
        kill_when(start_ingest(batch, db, workers), db, at_least)
    before = stored(db)
    assert before < N, "the kills came too late to test anything: use more articles"
    final = start_ingest(batch, db, workers)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert out.strip().startswith(f"stored {N - before}, unchanged {before}, failed 0"), out
    check_complete(db, N)
    with open_store(db) as store:
        again = ingest_paths([str(batch)], store, settings=DEFAULT.with_overrides(model="sm"),
                             workers=1, progress=False)
    assert (again.stored, again.unchanged, again.failed) == (0, N, 0)


def test_sigkill_then_rerun_stores_every_article_once(db_url, tmp_path):
    batch = make_batch(tmp_path / "batch.jsonl")
    run_with_kills(batch, db_url, points=[0, 10, 60])


@pytest.mark.slow
def test_many_sigkills_with_two_workers(db_url, tmp_path):
    batch = make_batch(tmp_path / "batch.jsonl")
    # The last kill comes at least two tasks (8 articles each) before the end: warm forked
    # workers store the last articles before a later kill can land.
    run_with_kills(batch, db_url, points=[0, 1, 5, 20, 40, 70, 100], workers=2)
