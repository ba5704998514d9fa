"""Crash safety of `dateline ingest` on SQLite: SIGKILL at random moments, a full disk and a
read-only database leave the store consistent, and a rerun stores every article exactly once.
Readers keep answering while an ingest writes.

The kill times are random (seeded; the seed is in the assertion message) so
that, over runs, kills land inside transactions as well as between them.
`-m slow` runs 20 kills.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from dateline import Settings
from dateline.errors import DatelineError
from dateline.store import open_store
from dateline.store.schema import articles, metadata

N = 80
SETTINGS = Settings(model="sm")


def make_batch(path, n: int = N):
    """Write n short distinct articles as JSONL; return the path."""
    rows = [{"id": f"r{i}", "published": "2022-03-10", "source": ("Wire", "Daily")[i % 2],
             "text": f"Defence minister Lena Ortiz met general Omar Haddad in Tunis on Monday. "
                     f"\"Round {i} of talks went well,\" Ortiz said. Troops shelled the "
                     f"village of Kasr {i} on Sunday, officials said."} for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def ingest_cmd(batch, db) -> list:
    return [sys.executable, "-m", "dateline.cli", "ingest", str(batch), "--db", str(db),
            "--model", "sm", "--workers", "1", "--no-progress"]


def stored(db) -> int:
    """Return how many articles the store holds (0 while it is being created)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_at_random(batch, db, rng: random.Random) -> None:
    """Start an ingest and SIGKILL it at a random moment while it stores articles."""
    target = rng.randrange(0, N // 2)
    proc = subprocess.Popen(ingest_cmd(batch, db), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 180
    while proc.poll() is None and time.monotonic() < deadline and stored(db) < target:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.05))  # land anywhere, also inside a write
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def table_counts(db) -> dict:
    """Return {table: rows} for every table of the store schema."""
    with open_store(str(db)) as store, store.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in metadata.sorted_tables}


def integrity(db) -> str:
    with sqlite3.connect(str(db)) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


@pytest.fixture(scope="module")
def clean_counts(tmp_path_factory):
    """Row counts of every table after one uninterrupted ingest: what a resumed run must match."""
    folder = tmp_path_factory.mktemp("clean")
    batch, db = make_batch(folder / "batch.jsonl"), folder / "clean.db"
    run = subprocess.run(ingest_cmd(batch, db), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    counts = table_counts(db)
    assert counts["articles"] == N
    return counts


def kill_then_resume(tmp_path, clean_counts, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    batch, db = make_batch(tmp_path / "batch.jsonl"), tmp_path / "store.db"
    for _ in range(kills):
        kill_at_random(batch, db, rng)
        if db.exists():
            assert integrity(db) == "ok", f"seed {seed}"
    before = stored(db)
    assert before < N, f"seed {seed}: every kill came too late"
    run = subprocess.run(ingest_cmd(batch, db), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"stored {N - before}, unchanged {before}, failed 0"), \
        (seed, run.stdout)
    assert table_counts(db) == clean_counts, f"seed {seed}"
    assert integrity(db) == "ok"


def test_three_random_sigkills_then_rerun_lose_and_duplicate_nothing(tmp_path, clean_counts):
    kill_then_resume(tmp_path, clean_counts, kills=3, seed=int(time.time()) % 10_000)


@pytest.mark.slow
def test_twenty_random_sigkills_then_rerun_lose_and_duplicate_nothing(tmp_path, clean_counts):
    kill_then_resume(tmp_path, clean_counts, kills=20, seed=int(time.time()) % 10_000)


def ingest_with_pragma(batch, db, pragma: str):
    """Run an ingest in this process with `pragma` set on every store connection."""
    from dateline.run.local import ingest_paths

    with open_store(str(db), SETTINGS) as store:
        sa.event.listen(store.engine, "connect", lambda conn, _: conn.execute(pragma))
        store.engine.dispose()  # connections made before the listener lack the pragma
        return ingest_paths([str(batch)], store, settings=SETTINGS, workers=1, progress=False)


def rerun_completes(batch, db, clean_counts) -> None:
    run = subprocess.run(ingest_cmd(batch, db), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert table_counts(db) == clean_counts
    assert integrity(db) == "ok"


def test_disk_full_stops_with_a_clear_error_and_a_rerun_completes(tmp_path, clean_counts):
    batch, db = make_batch(tmp_path / "batch.jsonl"), tmp_path / "store.db"
    open_store(str(db)).close()
    with sqlite3.connect(db) as conn:
        pages = conn.execute("pragma page_count").fetchone()[0]
    with pytest.raises(DatelineError, match="disk is full.*rerun"):
        ingest_with_pragma(batch, db, f"PRAGMA max_page_count={pages + 30}")
    assert 0 < stored(db) < N and integrity(db) == "ok"
    rerun_completes(batch, db, clean_counts)


def test_read_only_database_stops_with_a_clear_error_and_writes_nothing(tmp_path, clean_counts):
    batch, db = make_batch(tmp_path / "batch.jsonl"), tmp_path / "store.db"
    open_store(str(db)).close()
    with pytest.raises(DatelineError, match="readonly database.*writable"):
        ingest_with_pragma(batch, db, "PRAGMA query_only=ON")
    assert stored(db) == 0
    rerun_completes(batch, db, clean_counts)


def test_web_app_keeps_answering_while_an_ingest_writes(tmp_path):
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    batch, db = make_batch(tmp_path / "batch.jsonl"), tmp_path / "store.db"
    open_store(str(db)).close()
    client = TestClient(create_app(str(db)))
    proc = subprocess.Popen(ingest_cmd(batch, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    seen, answers = [], 0
    try:
        while proc.poll() is None or not answers:
            for path in ("/api/stats", "/api/articles?per_page=5", "/api/events", "/articles"):
                response = client.get(path)
                assert response.status_code == 200, (path, response.text[:300])
                answers += 1
            seen.append(stored(db))
    finally:
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert seen == sorted(seen), "a reader saw the article count go down"
    assert answers >= 8 and client.get("/api/stats").status_code == 200
    assert stored(db) == N
