"""The distributed runner: the same pipeline on a Dask cluster, records written as Parquet.

The input is cut into partitions (groups of whole files, or byte ranges of a
large plain JSONL file); each Dask task reads its partition lazily, maps it
with the local runner's `records_for_items` (so records are identical to
`dateline extract`'s) and writes one Parquet file, `part-NNNNN.parquet`, a row
group at a time: memory per worker stays flat however large the input. Each
worker loads the spaCy model and the stages' tables once (WarmUp plugin); tasks reuse them.

Parquet rows: `id`, `path`, `url`, `title`, `source`, `published`,
`language`, `model` (for filtering without parsing) and `record`, the full
record as the JSON of the contract. Partition files are read back in order
with `dateline.store.load.parquet_records`; `ingest_dask` loads them into a store.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import ClusterError
from ..model import Record
from ..nlp import load_nlp
from ..read import ReadFailure, fill_defaults, input_files, read_file
from ..read.jsonl import capped_lines, read_lines
from ..settings import DEFAULT, Settings
from .local import Progress, count_inputs, records_for_items, start_method, task_size
from .warm import forking_warm, peak_rss_mb, settle, warm_up

COLUMNS = ("id", "path", "url", "title", "source", "published", "language", "model")


@dataclass(frozen=True)
class Partition:
    """One task's share of the input: whole files, or bytes [start, end) of one plain JSONL file."""

    index: int
    paths: tuple
    start: int = 0
    end: Optional[int] = None

    def name(self) -> str:
        return f"part-{self.index:05d}.parquet"


@dataclass
class PartitionResult:
    """What one task did: its Parquet file, counts, read failures (path, reason) and the worker's peak memory."""

    index: int
    file: str
    records: int
    failures: list
    seconds: float
    peak_rss_mb: float


@dataclass
class RunSummary:
    """What a Dask run did, over all partitions."""

    out: str
    files: list = field(default_factory=list)
    records: int = 0
    failures: list = field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the largest peak resident memory of any worker process


# -- planning ----------------------------------------------------------------


def input_sizes(paths: Iterable[str]) -> list:
    """Return (file, bytes) for every file the inputs stand for, in input order (0 bytes for a
    path that is not a file: its partition reports it). Standard input cannot be split."""
    sizes = []
    for raw in paths:
        if raw == "-":
            raise ClusterError("-: standard input cannot be split over a cluster; "
                               "save it to a .jsonl file and give that path")
        sizes.extend((path, path.stat().st_size if path.is_file() else 0) for path in input_files(raw))
    return sizes


def plan_partitions(sizes: list, size: int = DEFAULT.partition_bytes, threads: int = 1) -> list:
    """Return the partitions of the input files (`input_sizes`), in input order, each about `size` bytes.

    For `threads` task threads the last partitions are smaller (`run.local.task_size`, down to
    an eighth of `size`), so the threads finish together.
    """
    parts, group, group_bytes = [], [], 0
    remaining, least = sum(nbytes for _, nbytes in sizes), max(1, size // 8)

    def wanted(left: int) -> int:  # the size of a partition that starts with `left` bytes to go
        return task_size(left, threads, size, least)

    for path, nbytes in sizes:
        if nbytes > size and _splittable(path):
            if group:
                parts.append(Partition(len(parts), tuple(group)))
                group, group_bytes = [], 0
            start = 0
            while start < nbytes:
                end = min(start + wanted(remaining), nbytes)
                parts.append(Partition(len(parts), (str(path),), start, end))
                remaining, start = remaining - (end - start), end
            continue
        if group and group_bytes + nbytes > wanted(remaining + group_bytes):
            parts.append(Partition(len(parts), tuple(group)))
            group, group_bytes = [], 0
        group.append(str(path))
        group_bytes += nbytes
        remaining -= nbytes
    if group:
        parts.append(Partition(len(parts), tuple(group)))
    return parts


def partition_size(sizes: list, threads: int, settings: Settings = DEFAULT) -> int:
    """Return the bytes per partition for the input files (`input_sizes`) on a cluster of `threads`
    task threads: Settings.partition_bytes, or less when that would leave threads idle (at least
    four partitions per thread, so none waits long at the end), but not under MIN_PARTITION_BYTES."""
    total = sum(nbytes for _, nbytes in sizes)
    wanted = max(MIN_PARTITION_BYTES, total // (max(1, threads) * 4))
    return min(settings.partition_bytes, wanted)


# About 8 wire articles as JSONL: the local runner's task (Settings.worker_task_articles).
MIN_PARTITION_BYTES = 32 * 1024


def _splittable(path: Path) -> bool:
    """True for plain JSONL, whose lines can be cut at byte offsets (gzip and WARC cannot)."""
    return path.name.lower().endswith(".jsonl")


# -- one partition, on a worker ------------------------------------------------


def read_partition(part: Partition, published: Optional[str] = None,
                   source: Optional[str] = None, settings: Settings = DEFAULT) -> Iterator:
    """Yield the Articles and ReadFailures of a partition, lazily, as `read_inputs` would."""
    if part.end is None:
        for path in part.paths:
            yield from fill_defaults(read_file(Path(path), settings), published, source)
        return
    yield from fill_defaults(_read_jsonl_range(Path(part.paths[0]), part.start, part.end, settings),
                             published, source)


def _read_jsonl_range(path: Path, start: int, end: int, settings: Settings = DEFAULT) -> Iterator:
    """Yield the items of the JSONL lines that start in bytes [start, end) of `path`."""
    with open(path, "rb") as stream:
        first = _line_number_at(stream, start)
        yield from read_lines(_lines_between(stream, end, str(path), settings), str(path),
                              first=first, settings=settings)


def _line_number_at(stream, start: int) -> int:
    """Seek to the first line starting at or after `start`; return its 1-based number."""
    if start == 0:
        return 1
    stream.seek(start - 1)
    stream.readline()  # finish the line that began before `start` (it is the previous task's)
    stop, newlines = stream.tell(), 0
    stream.seek(0)
    while stream.tell() < stop:
        newlines += stream.read(min(1 << 20, stop - stream.tell())).count(b"\n")
    return newlines + 1


def _lines_between(stream, end: int, name: str, settings: Settings = DEFAULT) -> Iterator:
    """Yield the lines (bytes, or jsonl.Oversize for one over the cap) that start before `end`."""
    if stream.tell() >= end:
        return
    for line in capped_lines(stream, name, settings):
        yield line
        if stream.tell() >= end:
            return


def run_partition(part: Partition, out: str, settings: Settings = DEFAULT,
                  published: Optional[str] = None, source: Optional[str] = None) -> PartitionResult:
    """Return what writing the records of one partition to `out`/part-NNNNN.parquet did."""
    began = time.perf_counter()
    nlp = load_nlp(settings.model)
    failures: list = []
    records = (item for item in records_for_items(read_partition(part, published, source, settings),
                                                  settings=settings, nlp=nlp)
               if not _is_failure(item, failures))
    target = os.path.join(out, part.name())
    count = write_parquet(records, target, settings.parquet_rows)
    return PartitionResult(part.index, target, count, failures, time.perf_counter() - began,
                           peak_rss_mb())


def _is_failure(item, failures: list) -> bool:
    if isinstance(item, ReadFailure):
        failures.append((item.path, item.reason))
        return True
    return False


def write_parquet(records: Iterable[Record], target: str, rows: int = DEFAULT.parquet_rows) -> int:
    """Write records to a Parquet file a row group at a time; return how many were written.

    The file appears under its name only when complete, so a task retried by
    Dask never leaves half a partition behind.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in COLUMNS + ("record",)])
    partial = f"{target}.partial"
    count = 0
    with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
        batch: list = []
        for record in records:
            batch.append(record)
            if len(batch) >= rows:
                count += _write_rows(writer, schema, batch)
                batch = []
        count += _write_rows(writer, schema, batch)
    os.replace(partial, target)
    return count


def _write_rows(writer, schema, records: list) -> int:
    import pyarrow as pa

    if not records:
        return 0
    data = [record.to_dict() for record in records]
    columns = {name: [_text(row.get(name)) for row in data] for name in COLUMNS}
    columns["record"] = [json.dumps(row, ensure_ascii=False) for row in data]
    writer.write_table(pa.table(columns, schema=schema))
    return len(records)


def _text(value) -> Optional[str]:
    return None if value is None else str(value)


# -- the cluster -----------------------------------------------------------------


class WarmUp(WorkerPlugin):
    """Dask worker plugin: load the model and the stages' tables once when a worker starts.

    Registered once per model: a later run on the same cluster finds it there (idempotent)
    instead of warming every worker up again.
    """

    idempotent = True

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = f"dateline-warm-up-{settings.model}"

    def setup(self, worker) -> None:
        warm_up(self.settings)
        settle()


# Dask's own bookkeeping, slowed down for a local cluster. By default a worker samples its
# task thread's stack every 10 ms (the dashboard's profile) and each process wakes its
# event loop every 20 ms: with spaCy holding the GIL, each wake-up takes the GIL from the
# task. On 48 PolNeAR articles this cost the two workers 27.7 CPU-s against 19.7 for the
# local runner's; with these, 20.8 (docs/scale.md). A remote cluster's workers take the
# same keys from their own configuration (see docs/scale.md).
QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def connect(scheduler: str, settings: Settings = DEFAULT):
    """Return a Dask Client on `scheduler` ("host:port" or a URL), or on a new "local:N" cluster.

    A local cluster's workers start as the local runner's do (Settings.worker_start): where
    forking is safe, this process loads the model and tables first and the workers are forked
    from it, warm; otherwise each worker is spawned and loads them itself.
    """
    from distributed import Client, LocalCluster

    if scheduler.startswith("local:"):
        import dask

        workers = _local_workers(scheduler)
        # One thread per worker: spaCy is CPU-bound and holds the GIL, so
        # parallelism comes from processes, each with its own model.
        config, fork = dict(QUIET_CLUSTER), start_method(settings.worker_start) == "fork"
        if fork:  # checked before the cluster's threads start
            config["distributed.worker.multiprocessing-method"] = "fork"
        with dask.config.set(config), (forking_warm(settings) if fork else nullcontext()):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        return Client(cluster)
    try:
        return Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"{scheduler}: cannot reach a Dask scheduler ({exc.__class__.__name__}); "
                           "start one with `dask scheduler` or use --dask local:N") from None


def _local_workers(scheduler: str) -> int:
    count = scheduler.split(":", 1)[1] or str(os.cpu_count() or 1)
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"{scheduler}: give the number of local workers, e.g. local:2")
    return int(count)


def run_dask(paths: Iterable[str], out: str, scheduler: str = "local:2",
             settings: Settings = DEFAULT, published: Optional[str] = None,
             source: Optional[str] = None, client=None,
             on_partition: Callable[[PartitionResult], None] = lambda result: None) -> RunSummary:
    """Return the summary of extracting every input on a Dask cluster into Parquet files in `out`.

    `client` reuses a connected Client (the caller closes it); otherwise one is
    made from `scheduler` and closed at the end.
    """
    from distributed import as_completed

    began = time.perf_counter()
    out = str(Path(out).resolve())  # workers may run in another directory
    Path(out).mkdir(parents=True, exist_ok=True)
    _clear_partitions(out)
    sizes, own = input_sizes(paths), client is None  # before a cluster starts: stdin fails at once
    client = client or connect(scheduler, settings)
    summary = RunSummary(out=out)
    try:
        threads = sum(client.nthreads().values())
        parts = plan_partitions(sizes, partition_size(sizes, threads, settings), threads)
        client.register_plugin(WarmUp(settings))
        futures = client.map(run_partition, parts, out=out, settings=settings,
                             published=published, source=source, pure=False)
        results = []
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            on_partition(result)
        _summarise(summary, sorted(results, key=lambda r: r.index))
    finally:
        if own:
            _close(client)
    summary.seconds = time.perf_counter() - began
    return summary


def _clear_partitions(out: str) -> None:
    """Remove the partitions of an earlier run in `out`, so a read-back never mixes runs."""
    for old in Path(out).glob("part-*.parquet*"):
        old.unlink()


def _summarise(summary: RunSummary, results: list) -> None:
    for result in results:
        summary.files.append(result.file)
        summary.records += result.records
        summary.failures.extend(result.failures)
        summary.peak_rss_mb = max(summary.peak_rss_mb, result.peak_rss_mb)


def _close(client) -> None:
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def ingest_dask(paths: Iterable[str], store, out: str, scheduler: str = "local:2",
                settings: Settings = DEFAULT, published: Optional[str] = None,
                source: Optional[str] = None, client=None,
                on_partition: Callable[[PartitionResult], None] = lambda result: None,
                progress: Optional[bool] = None):
    """Extract every input on Dask into Parquet in `out`, load it into `store`; return an IngestSummary.

    Records already in the store count as unchanged (they are extracted again:
    workers do not see the store); read failures are recorded in the store.
    Partitions are stored in order as soon as they and those before them are
    done; `on_partition` sees each result when it is done. Progress goes to
    stderr as in a local ingest (see run.local.Progress), counted as partitions
    are stored.
    """
    from ..store.load import IngestSummary

    paths = list(paths)
    summary = IngestSummary()
    loader = PartitionLoader(store, summary)
    meter = Progress(count_inputs(paths), progress, every=settings.progress_seconds)

    def done(result: PartitionResult) -> None:
        on_partition(result)
        loader.add(result)
        meter.update(summary.seen, summary.counts())

    run_dask(paths, out, scheduler, settings=settings, published=published, source=source,
             client=client, on_partition=done)
    meter.close()
    return summary


class PartitionLoader:
    """Stores finished partitions in partition order while later ones are still being extracted.

    Loading after the whole run would leave the workers idle while this
    process writes every record; here the store keeps pace with the cluster.
    """

    def __init__(self, store, summary):
        self.store, self.summary = store, summary
        self.waiting: dict = {}
        self.next = 0

    def add(self, result: PartitionResult) -> None:
        """Store `result` and every waiting partition after it, once the ones before it are stored."""
        from ..store.load import load_parquet

        self.waiting[result.index] = result
        while self.next in self.waiting:
            ready = self.waiting.pop(self.next)
            for path, reason in ready.failures:
                self.store.record_failure(path, reason, "read")
                self.summary.failed += 1
            if ready.records:
                load_parquet(self.store, ready.file, summary=self.summary)
            self.next += 1
