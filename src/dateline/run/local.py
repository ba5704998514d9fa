"""The local runner: read inputs, extract in batches, keep input order; ingest into a store."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional, TextIO

from tqdm import tqdm

from ..model import Article, Skip
from ..nlp import load_nlp
from ..pipeline import chunks, extract_many, new_record
from ..read import ReadFailure, input_files, read_inputs
from ..settings import DEFAULT, Settings
from ..store.load import counts_text
from ..store.store import failure_key, prepare_rows
from .warm import forking_warm, peak_rss_mb, settle, settled_after_first, warm_up


def records_for_paths(paths: Iterable[str], settings: Settings = DEFAULT,
                      published: Optional[str] = None, source: Optional[str] = None,
                      nlp=None) -> Iterator:
    """Yield a Record per article and a ReadFailure per unreadable input, in input order."""
    items = read_inputs(paths, published=published, source=source, settings=settings)
    yield from records_for_items(items, settings=settings, nlp=nlp)


def records_for_items(items: Iterable, settings: Settings = DEFAULT, nlp=None) -> Iterator:
    """Yield records for Articles and pass ReadFailures through, keeping order."""
    nlp = nlp or load_nlp(settings.model)
    yield from settled_after_first(_records_in_order(items, settings, nlp))


def _records_in_order(items: Iterable, settings: Settings, nlp) -> Iterator:
    for chunk in chunks(items, settings.batch_size * 4):
        articles = [item for item in chunk if isinstance(item, Article)]
        records = extract_many(articles, nlp=nlp, settings=settings)
        for item in chunk:
            yield next(records) if isinstance(item, Article) else item


def extract_paths(paths: Iterable[str], out: TextIO, settings: Settings = DEFAULT,
                  published: Optional[str] = None, source: Optional[str] = None,
                  on_failure: Callable[[ReadFailure], None] = lambda f: None,
                  on_warning: Callable[[str], None] = lambda m: None,
                  progress: Optional[bool] = None) -> int:
    """Write JSON Lines records for every input to `out`; return the number of failed inputs.

    Records that were decoded from another encoding or not analysed (not English,
    too long) are written and also reported through `on_warning`. Progress goes to
    stderr (see Progress; `progress` False: lines only, never a bar).
    """
    paths = list(paths)
    meter = Progress(count_inputs(paths), progress, every=settings.progress_seconds, label="extract")
    failures = seen = 0
    for item in records_for_paths(paths, settings, published, source):
        seen += 1
        meter.update(seen, {"failed": failures} if failures else None)
        if isinstance(item, ReadFailure):
            failures += 1
            on_failure(item)
            continue
        for skip in item.skipped:
            if skip.stage in ("read", "all"):
                on_warning(f"{item.path or item.id}: {skip.reason}")
        out.write(item.to_json() + "\n")
    return failures


# -- ingest: extract into a store, with a process pool -------------------------

def ingest_paths(paths: Iterable[str], store, settings: Settings = DEFAULT,
                 workers: Optional[int] = None, published: Optional[str] = None,
                 source: Optional[str] = None, progress: Optional[bool] = None,
                 pool: Optional["ExtractPool"] = None, retry_failed: bool = False):
    """Extract every input into `store` and return an IngestSummary (stored, unchanged, failed).

    Articles already in the store are not extracted again, so a rerun after a
    crash only does the rest; nor are articles whose extraction failed before
    (a worker died or overran on them), unless `retry_failed`. `workers`
    processes extract (default: one per core); this process writes, one
    transaction per article. `pool` reuses started worker processes (the caller
    shuts them down).
    """
    from ..store.load import IngestSummary

    summary = IngestSummary()
    total = count_inputs(paths)
    if pool is not None:
        workers = pool.workers
    elif workers is None:
        # Starting processes costs a model load each: not worth it for one batch.
        workers = 1 if total is not None and total <= settings.batch_size else default_workers()
    meter = Progress(total, progress, every=settings.progress_seconds)
    items = read_inputs(paths, published=published, source=source, settings=settings)
    if not retry_failed:
        items = _skip_failed(items, store)
    for batch in chunks(_extracted(items, store, settings, workers, pool, total),
                        settings.worker_task_articles):
        for outcome in _store_batch(store, batch):
            summary.count(outcome)
            meter.update(summary.seen, summary.counts())
    meter.close(summary)
    return summary


def _skip_failed(items: Iterable, store) -> Iterator:
    """Yield the items, with "failed" in place of articles whose extraction failed in an earlier run."""
    for chunk in chunks(items, 256):
        keys = {failure_key(item.path, item.id) for item in chunk if isinstance(item, Article)}
        failed = store.failed_inputs(keys) if keys else set()
        for item in chunk:
            known = isinstance(item, Article) and failure_key(item.path, item.id) in failed
            yield FAILED_BEFORE if known else item


# An article whose extraction failed in an earlier run (its failures row stays as it was).
FAILED_BEFORE = "failed"


def _store_batch(store, batch: list) -> list:
    """Return the outcome of each input of a batch: its records stored in one transaction,
    "unchanged" as it is, "failed" for extraction failures (recorded in the store)."""
    from ..store.load import store_records

    storable = [item for item in batch if not isinstance(item, (str, ExtractFailure))]
    outcomes = iter(store_records(store, storable) if storable else [])
    return [_marker_outcome(store, item) if isinstance(item, (str, ExtractFailure))
            else next(outcomes) for item in batch]


def _marker_outcome(store, item) -> str:
    if isinstance(item, ExtractFailure):
        store.record_failure(item.key, item.reason, "extract")
        return "failed"
    return item


def task_size(remaining: Optional[int], workers: int, size: int, least: int = 1) -> int:
    """Return the size of the next task for `workers` processes when `remaining` work is left.

    `size`, until the end nears: then a share of what is left (at least `least`), so the
    workers finish together instead of one idling while another runs a full-size last task
    (guided scheduling). Unknown or miscounted work (`remaining` None or used up) and a
    single worker keep `size`.
    """
    if workers <= 1 or remaining is None or remaining <= 0:
        return size
    return min(size, max(least, -(-remaining // (2 * workers))))


def default_workers() -> int:
    """Return the number of extraction processes to use: one per available core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def _extracted(items: Iterable, store, settings: Settings, workers: int,
               pool: Optional["ExtractPool"] = None, total: Optional[int] = None) -> Iterator:
    """Yield a Record per new article, and "unchanged"/"failed" for the other inputs, in order.

    `total` (the inputs' count, when known) lets the last tasks shrink (task_size)."""
    if workers <= 1 and pool is None:
        # The model is loaded on first use, so a rerun with nothing new stays instant.
        yield from settled_after_first(
            outcome for batch in _new_article_batches(items, store, settings.batch_size)
            for outcome in _outcomes(batch, lambda arts: _extract_batch(arts, settings,
                                                                        load_nlp(settings.model))))
        return
    keeper, pending = _Keeper(workers, settings, pool), deque()
    try:
        for batch in _new_article_batches(items, store, settings.worker_task_articles,
                                          total, workers):
            articles = [item for item in batch if isinstance(item, Article)]
            # The pool is started on first need: a rerun may have nothing to do.
            pending.append([batch, keeper.submit(articles) if articles else None])
            # Bounded (memory stays flat), yet deep enough that no worker waits for a task.
            while len(pending) > workers * 4:
                yield from keeper.resolve(pending)
        while pending:
            yield from keeper.resolve(pending)
    finally:
        keeper.shutdown()


class _Keeper:
    """The ingest's process pool, replaced when a worker dies or overruns its task's time.

    The batch being waited for is then extracted again one article at a time on
    the new pool, so only the article that kills or stalls a worker is lost: one
    that overruns again becomes a record whose `skipped` says so, one that kills
    its worker again an ExtractFailure (a failures row; a rerun passes over it
    unless --retry-failed). The batches still pending go to the new pool.
    """

    def __init__(self, workers: int, settings: Settings, pool: Optional["ExtractPool"]):
        self.workers, self.settings = workers, settings
        self.pool, self.own = pool, pool is None
        self.last_reason = ""

    def submit(self, articles: list) -> Future:
        if self.pool is None:
            self.pool, self.own = ExtractPool(self.workers, self.settings), True
        return self.pool.submit(articles, for_store=True)

    def resolve(self, pending: deque) -> Iterator:
        """Yield the outcomes of the oldest pending batch."""
        batch, future = pending.popleft()
        articles = [item for item in batch if isinstance(item, Article)]
        records = self._wait(future, articles, pending) if future else []
        if records is None:
            records = [self._alone(article, pending) for article in articles]
        yield from _outcomes(batch, lambda arts: records)

    def _wait(self, future: Future, articles: list, pending: deque) -> Optional[list]:
        """Return the task's records, or None after replacing a pool whose worker died or overran."""
        seconds = task_seconds(len(articles), self.settings)
        try:
            return future.result(timeout=seconds)
        except TimeoutError:
            self._replace(pending, f"a worker overran its task's time ({seconds:.0f}s for "
                                   f"{len(articles)} article(s), from settings.time_limit)")
        except BrokenProcessPool:
            self._replace(pending, f"a worker process died (killed, or out of memory) on a task of "
                                   f"{len(articles)} article(s)")
        return None

    def _alone(self, article: Article, pending: deque):
        """Return the record (or failure) of one article extracted by itself on a fresh pool."""
        records = self._wait(self.submit([article]), [article], pending)
        if records is not None:
            return records[0]
        if self.last_reason.startswith("a worker overran"):
            record = new_record(article)
            record.skipped.append(Skip("all", f"not analysed: {self.last_reason}; the worker was "
                                              "stopped and replaced"))
            return record
        return ExtractFailure(failure_key(article.path, article.id), self.last_reason)

    def _replace(self, pending: deque, reason: str) -> None:
        self.last_reason = reason
        print(f"ingest: {reason}: a new worker pool goes on (its articles are tried one by one)",
              file=sys.stderr, flush=True)
        self.pool.kill()
        if self.own:
            self.pool.shutdown()
        self.pool, self.own = ExtractPool(self.workers, self.settings), True
        for entry in pending:  # their futures died with the old pool
            arts = [item for item in entry[0] if isinstance(item, Article)]
            entry[1] = self.pool.submit(arts, for_store=True) if arts else None

    def shutdown(self) -> None:
        if self.own and self.pool is not None:
            self.pool.shutdown()


def task_seconds(articles: int, settings: Settings) -> float:
    """Return how long the ingest waits for a task of `articles` before replacing its worker:
    the per-article time limit for each, twice over, and one more for the task itself."""
    return 2 * settings.time_limit * (articles + 1)


def _new_article_batches(items: Iterable, store, size: int, total: Optional[int] = None,
                         workers: int = 1) -> Iterator[list]:
    """Yield lists of up to `size` Articles to extract, "unchanged" and "failed" markers, in input order.

    Given the `total` number of inputs, the last lists shrink for `workers` processes (task_size).
    """
    items, remaining = iter(items), total
    while chunk := list(islice(items, task_size(remaining, workers, size))):
        remaining = None if remaining is None else remaining - len(chunk)
        ids = [item.id for item in chunk if isinstance(item, Article)]
        known = store.stored_ids(ids) if ids else set()
        batch = []
        for item in chunk:
            if isinstance(item, ReadFailure):
                store.record_failure(item.path, item.reason, "read")
                batch.append("failed")
            elif isinstance(item, str):  # FAILED_BEFORE
                batch.append(item)
            elif item.id in known:
                batch.append("unchanged")
            else:
                batch.append(item)
        yield batch


def _outcomes(batch: list, extract: Callable) -> Iterator:
    articles = [item for item in batch if isinstance(item, Article)]
    records = iter(extract(articles) if articles else [])
    for item in batch:
        yield next(records) if isinstance(item, Article) else item


def _extract_batch(articles: list, settings: Settings, nlp) -> list:
    """Return the records of a batch; an article whose extraction raises gets a record of the failure."""
    try:
        return list(extract_many(articles, nlp=nlp, settings=settings))
    except Exception:  # find the culprit one by one, keep the others
        return [_extract_one(article, settings, nlp) for article in articles]


def _extract_one(article: Article, settings: Settings, nlp):
    try:
        return next(extract_many([article], nlp=nlp, settings=settings))
    except Exception as exc:
        return ExtractFailure(failure_key(article.path, article.id), f"{exc.__class__.__name__}: {exc}")


@dataclass
class ExtractFailure:
    """An article whose extraction raised; stored in the failures table."""

    key: str
    reason: str


class ExtractPool:
    """Worker processes that extract batches of articles, each with its model and tables loaded once.

    On Linux, when this process runs no other thread, it loads the model and
    tables itself and the workers start as forked copies of it: warm at once,
    without each paying the imports and loads again (about 5 CPU-seconds), and
    sharing the model's memory pages. Otherwise (another thread could hold a lock
    that a copy would inherit locked; macOS, Windows) workers are spawned, each a
    fresh interpreter that warms up when it starts, all at once.
    `done` counts the articles extracted; `peaks` lists (articles done so far,
    peak resident MiB) each time a worker's peak grows (a few entries however
    long the run); `cpu` holds each worker's CPU seconds as of its last task.
    """

    def __init__(self, workers: int, settings: Settings = DEFAULT):
        self.workers = workers
        self.settings = settings
        self.done = 0
        self.peaks: list = []
        self.cpu: dict = {}
        self._peak: dict = {}
        self.start_method = start_method(settings.worker_start)
        self._executor = ProcessPoolExecutor(workers,
                                             mp_context=multiprocessing.get_context(self.start_method),
                                             initializer=_init_worker,
                                             initargs=(settings, self.start_method == "spawn"))
        if self.start_method == "fork":
            with forking_warm(settings):
                # A forking executor starts all its workers at the first submit: here, warm copies.
                self._executor.submit(os.getpid)

    def submit(self, articles: list, for_store: bool = False) -> Future:
        """Return a future of the batch's records (or ExtractFailures), in order.

        With `for_store`, the worker turns each record into its store rows
        (`ArticleRows`: MinHash signature, row dicts), work that would
        otherwise fall on the storing process, which shares the cores.
        """
        future = Future()
        self._executor.submit(_worker_extract, articles, for_store).add_done_callback(
            lambda done: self._unpack(done, future))
        return future

    def _unpack(self, done: Future, future: Future) -> None:
        if done.exception() is not None:
            future.set_exception(done.exception())
            return
        records, peak, (pid, cpu) = done.result()
        self.cpu[pid] = cpu
        self.done += len(records)
        if peak > self._peak.get(pid, 0):
            self._peak[pid] = peak
            self.peaks.append((self.done, peak))
        future.set_result(records)

    def wait_warm(self) -> "ExtractPool":
        """Return the pool once every worker process has started and warmed up."""
        seen: set = set()
        while len(seen) < self.workers:  # a task runs only after its worker's warm-up
            for future in [self._executor.submit(_worker_cpu) for _ in range(self.workers * 2)]:
                pid, cpu = future.result()
                seen.add(pid)
                self.cpu[pid] = cpu
        return self

    def shutdown(self) -> None:
        self._executor.shutdown(cancel_futures=True)

    def kill(self) -> None:
        """Stop every worker process now (one is stuck or dead); the pool is unusable after."""
        for process in list((self._executor._processes or {}).values()):  # no public handle
            if process.is_alive():
                process.kill()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> "ExtractPool":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


def start_method(wanted: str = "fork") -> str:
    """Return how ExtractPool starts workers (Settings.worker_start): "fork" where a copy of this
    process is safe (Linux, no other thread running) unless "spawn" is wanted, else "spawn"."""
    if wanted not in ("fork", "spawn"):
        raise ValueError(f"worker_start {wanted!r}: use fork or spawn")
    if wanted != "spawn" and sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


_WORKER: dict = {}


def _init_worker(settings: Settings, spawned: bool = True) -> None:
    """Set up a worker; a spawned one warms up here, a forked one already is (ExtractPool)."""
    exit_with_parent()
    _WORKER["settings"] = settings
    _WORKER["nlp"] = load_nlp(settings.model)
    if spawned:  # a forked one inherits its parent's frozen objects (forking_warm)
        warm_up(settings)
        settle()


def exit_with_parent() -> None:
    """Return at once; this worker process then ends as soon as the process that started it dies.

    A worker blocks waiting for its next task and never learns that the pool's
    process was killed (SIGKILL, the OOM killer): spawned or forked, it holds
    both ends of the task pipe, so it sees no end-of-file and would stay
    behind for ever with a model in memory. A daemon thread waits (no CPU, no
    GIL) on the parent's sentinel, which closes when the parent dies.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_wait_then_exit, args=(parent.sentinel,), daemon=True,
                         name="exit-with-parent").start()


def _wait_then_exit(sentinel) -> None:
    if hasattr(signal, "pthread_sigmask"):
        # SIGALRM (the per-article time limit) must reach the main thread, where the stages run.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _worker_extract(articles: list, for_store: bool = False) -> tuple:
    """Return (records, peak resident MiB, (pid, CPU seconds)) of this worker for a batch;
    with `for_store`, records as their store rows (see ExtractPool.submit)."""
    records = _extract_batch(articles, _WORKER["settings"], _WORKER["nlp"])
    if for_store:
        records = [_store_rows(record) for record in records]
    return records, peak_rss_mb(), (os.getpid(), time.process_time())


def _store_rows(item):
    """Return a record's ArticleRows; the record itself when they cannot be built (the
    storing process then tries again and records why it failed)."""
    if isinstance(item, ExtractFailure):
        return item
    try:
        return prepare_rows(item)
    except Exception:
        return item


def _worker_cpu() -> tuple:
    """Return (pid, CPU seconds) of this worker."""
    time.sleep(0.05)  # long enough that one idle worker cannot take every probe
    return os.getpid(), time.process_time()


def count_inputs(paths: Iterable[str]) -> Optional[int]:
    """Return how many articles the inputs hold (files, JSONL lines), or None when unknown (stdin, archives)."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        for path in input_files(raw):
            name = path.name.lower()
            if name.endswith(".jsonl"):
                with open(path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif name.endswith((".gz", ".warc")):
                return None
            else:
                total += 1
    return total


class Progress:
    """Progress of a run on stderr: a tqdm bar (count, rate, ETA) on a terminal; without one
    (a log file, nohup, cron, CI) a line every `every` seconds with the same figures."""

    def __init__(self, total: Optional[int], show: Optional[bool] = None, every: float = 5.0,
                 label: str = "ingest", stream=None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        interactive = self.stream.isatty() if show is None else show
        self.bar = _Bar(total=total, unit="article", file=self.stream) if interactive else None
        self.total, self.every, self.label, self.clock = total, every, label, clock
        self.last = clock()
        self.first = None  # (time, count) of the first input done: the rate is measured from
        # there, as the model's load before it would make the first ETA hours long

    def update(self, seen: int, counts: Optional[dict] = None) -> None:
        """Count the inputs done (`seen` in all: one more, or a Dask partition's worth);
        `counts` says what became of them ({"stored": 118, "failed": 2})."""
        if self.bar is not None:
            self.bar.update(seen - self.bar.n)
            return
        now = self.clock()
        if self.first is None:
            self.first = (now, seen)
        if now - self.last >= self.every:
            self.last = now
            print(self.line(seen, counts, now), file=self.stream, flush=True)

    def line(self, seen: int, counts: Optional[dict], now: float) -> str:
        """Return "ingest: 120/300 articles (40%), stored 118, failed 2, 2.3/s, ETA 1m18s"."""
        done = f"{seen}/{self.total} articles ({seen / self.total:.0%})" if self.total else f"{seen} articles"
        out = f"{self.label}: {done}{', ' + counts_text(counts) if counts else ''}"
        since, counted = self.first or (now, seen)
        if now <= since or seen <= counted:
            return out  # no rate yet
        rate = (seen - counted) / (now - since)
        out += f", {rate:.1f}/s"
        if self.total and seen < self.total:
            out += f", ETA {_duration((self.total - seen) / rate)}"
        return out

    def close(self, summary=None) -> None:
        if self.bar is not None:
            self.bar.close()


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class _Bar(tqdm):
    """tqdm without its monitor thread, which would keep ExtractPool from forking warm workers."""

    monitor_interval = 0
