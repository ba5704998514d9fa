"""The local runner's worker pool: warm workers, order kept, memory flat as the input grows."""

import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from dateline.run.local import (ExtractPool, _new_article_batches, ingest_paths, records_for_paths,
                                start_method, task_size)
from dateline.run.warm import settled_after_first
from dateline.read import read_inputs
from dateline.settings import DEFAULT
from dateline.store import open_store

SETTINGS = DEFAULT.with_overrides(model="sm", worker_task_articles=4)


def write_articles(path, n: int):
    """Write n distinct short articles as JSONL; return the path."""
    rows = [{"id": f"a{i:04d}",
             "text": f"Harbour workers in Port Ellis walked out on Monday, the union said. "
                     f"\u201cWe will stay out for {i} days,\u201d said union leader Mara Quist. "
                     f"The port authority said talks would resume in Rotterdam on Friday."}
            for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_warm_pool_gives_the_in_process_records_in_order(tmp_path, start):
    path = write_articles(tmp_path / "in.jsonl", 12)
    expected = [r.to_dict() for r in records_for_paths([str(path)], settings=SETTINGS)]
    settings = SETTINGS.with_overrides(worker_start=start)
    method = start_method(start)  # before the pool's own threads start
    with ExtractPool(2, settings) as pool, open_store(str(tmp_path / "s.sqlite")) as store:
        assert pool.start_method == method
        assert pool.wait_warm() is pool
        summary = ingest_paths([str(path)], store, settings=settings, pool=pool, progress=False)
        assert summary.stored == 12
        assert [store.record(r["id"]).to_dict() for r in expected] == expected
    assert pool.done == 12 and 0 < len(pool.peaks) <= 2 * 2  # grows a few times per worker, not per task


def test_tasks_shrink_at_the_end_so_workers_finish_together(tmp_path):
    assert task_size(100, 2, 8) == 8
    assert task_size(20, 2, 8) == 5  # a quarter of what is left, for two workers
    assert task_size(3, 2, 8) == 1
    # One worker has no one to wait for; unknown or miscounted input keeps the size.
    assert task_size(3, 1, 8) == task_size(None, 2, 8) == task_size(0, 2, 8) == 8
    path = write_articles(tmp_path / "in.jsonl", 12)
    with open_store(str(tmp_path / "s.sqlite")) as store:
        items = list(read_inputs([str(path)]))
        sizes = [len(b) for b in _new_article_batches(iter(items), store, 4, total=12, workers=2)]
        assert sizes == [3, 3, 2, 1, 1, 1, 1]
        assert [len(b) for b in _new_article_batches(iter(items), store, 4)] == [4, 4, 4]


def test_workers_are_forked_only_where_no_other_thread_could_hold_a_lock():
    assert start_method("spawn") == "spawn"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method("fork") == "spawn"
    finally:
        stop.set()
        other.join()
    if threading.active_count() == 1 and sys.platform.startswith("linux"):
        assert start_method("fork") == "fork"
    with pytest.raises(ValueError, match="worker_start 'thread'"):
        start_method("thread")


def test_worker_memory_stays_flat_as_the_input_grows(tmp_path):
    # Peak resident memory of the workers after n articles and after 4n: streaming input,
    # bounded tasks in flight, so a longer input must not need more memory per worker.
    n = 16
    path = write_articles(tmp_path / "in.jsonl", 4 * n)
    with ExtractPool(2, SETTINGS) as pool, open_store(str(tmp_path / "s.sqlite")) as store:
        ingest_paths([str(path)], store, settings=SETTINGS, pool=pool.wait_warm(), progress=False)
    early = max(mb for done, mb in pool.peaks if done <= n)
    late = max(mb for _, mb in pool.peaks)
    assert late - early < 40, f"peak per worker grew from {early:.0f} to {late:.0f} MiB"


def test_workers_send_store_rows_and_a_record_they_cannot_prepare_is_named(tmp_path):
    # Workers turn records into store rows (ArticleRows); a record whose rows cannot be
    # built comes back as it is, and the storing process records it as a failure.
    from dateline.model import Entity, Record
    from dateline.run.local import _store_rows
    from dateline.store.store import ArticleRows

    good = Record(id="g1", text="Mara Quist spoke.", path="/in/g1.txt")
    bad = Record(id="b1", text="Mara Quist spoke.", path="/in/b1.txt",
                 entities=[Entity("e1", "Mara Quist", "PERSON", None)])
    assert isinstance(_store_rows(good), ArticleRows)
    assert _store_rows(bad) is bad
    with open_store(str(tmp_path / "s.sqlite")) as store:
        from dateline.run.local import _store_batch
        assert _store_batch(store, [_store_rows(good), "unchanged", _store_rows(bad)]) == \
            ["stored", "unchanged", "failed"]
        assert [f["input"] for f in store.failures()] == ["/in/b1.txt#b1"]
        assert store.record("g1") is not None and store.record("b1") is None


POOL_SCRIPT = """
import sys
from dateline.run.local import ExtractPool
from dateline.settings import DEFAULT

if __name__ == "__main__":
    pool = ExtractPool(2, DEFAULT.with_overrides(model="sm")).wait_warm()
    print(" ".join(str(pid) for pid in pool.cpu), flush=True)
    sys.stdin.read()  # until killed
"""


def _running(pid: int) -> bool:
    """Return whether the process exists and is not a zombie (dead, waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_workers_exit_when_the_pool_process_is_killed(tmp_path):
    # A SIGKILLed ingest (kill -9 of its pid, the OOM killer) must not leave its workers
    # behind, each holding a model in memory.
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    workers = []
    try:
        workers = [int(pid) for pid in proc.stdout.readline().split()]
        assert len(workers) == 2
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, not its process group
        proc.wait()
        deadline = time.monotonic() + 30
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in workers if _running(pid)], "workers outlived their pool"
    finally:
        proc.kill()
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_single_process_run_freezes_what_it_loaded_until_it_ends():
    # After the first record the model and tables are loaded: the collector's passes skip
    # them while the run goes on, walk them again after it, and skip them at exit.
    gc.unfreeze()  # an earlier test's in-process Dask worker settles this process
    frozen = []
    for item in settled_after_first(iter(range(3))):
        frozen.append(gc.get_freeze_count() > 0)
    assert frozen == [False, True, True]
    assert gc.get_freeze_count() == 0
    assert list(settled_after_first([])) == []
    assert gc.get_freeze_count() == 0


def test_a_worker_that_has_settled_stays_settled_through_its_tasks():
    from dateline.run.warm import settle

    gc.collect()
    try:
        settle()  # as a Dask worker does after its warm-up
        frozen = gc.get_freeze_count()
        assert frozen > 0
        for _ in settled_after_first(iter(range(3))):  # a task (run_partition) inside it
            pass
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
