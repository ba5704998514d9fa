"""Load records into a store: from any iterable of Records, or a folder of Parquet files.

This is the writing half of `dateline ingest`, shared by the local runner and
the Dask runner (which writes Parquet partitions, then loads them here).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import StoreError
from ..model import Record
from .store import STORED, UNCHANGED, ArticleRows, Store, failure_key, prepare_rows


@dataclass
class IngestSummary:
    """What an ingest did: articles stored, already there, and failed inputs."""

    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seen(self) -> int:
        return self.stored + self.unchanged + self.failed

    def seconds(self) -> float:
        return time.monotonic() - self.started

    def counts(self) -> dict:
        """Return {"stored": n, "unchanged": n, "failed": n}, in the order lines print them."""
        return {"stored": self.stored, "unchanged": self.unchanged, "failed": self.failed}

    def line(self) -> str:
        """Return the one-line summary printed at the end of an ingest."""
        return f"{counts_text(self.counts())} ({self.seen} inputs in {self.seconds():.1f}s)"

    def count(self, outcome: str) -> None:
        if outcome == STORED:
            self.stored += 1
        elif outcome == UNCHANGED:
            self.unchanged += 1
        else:
            self.failed += 1


def counts_text(counts: dict) -> str:
    """Return "stored 118, failed 2" for {"stored": 118, "failed": 2}."""
    return ", ".join(f"{name} {n}" for name, n in counts.items())


# Errors of the database itself, not of one record: every later write would fail too.
STORE_WIDE = ("disk is full", "no space left", "readonly database", "read-only", "disk i/o error")


def store_record(store: Store, record) -> str:
    """Write one record (a Record, or its ArticleRows); on an error record the failure and return "failed".

    A full disk or a read-only database raises StoreError instead: the ingest
    stops, every article stored so far is whole, and a rerun resumes.
    """
    try:
        return store.write_rows(_rows_of(record))
    except Exception as exc:  # one bad record must not stop a batch
        _raise_if_store_wide(exc, record.id)
        store.record_failure(failure_key(record.path, record.id), f"{exc.__class__.__name__}: {exc}", "store")
        return "failed"


def store_records(store: Store, records: list) -> list:
    """Write records (Records or ArticleRows) in one transaction; return each one's outcome.

    When the batch cannot be written whole, the records are written one by
    one (store_record), so the good ones are stored and the bad one is named
    in the failures table, as if each had been written alone.
    """
    try:
        return store.write_batch([_rows_of(record) for record in records])
    except Exception as exc:
        _raise_if_store_wide(exc, records[0].id)
        return [store_record(store, record) for record in records]


def _rows_of(record) -> ArticleRows:
    return record if isinstance(record, ArticleRows) else prepare_rows(record)


def _raise_if_store_wide(exc: Exception, article_id: str) -> None:
    if any(marker in str(exc).lower() for marker in STORE_WIDE):
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise StoreError(f"cannot write to the store ({first}) at article {article_id}: "
                         "free disk space or make the database writable, then rerun "
                         "(stored articles are kept, nothing is stored twice)") from None


def load_records(store: Store, records: Iterable[Record],
                 summary: IngestSummary = None,
                 on_outcome: Callable[[str], None] = lambda outcome: None,
                 batch: int = 32) -> IngestSummary:
    """Store every record (one transaction per `batch` records) and return the counts."""
    summary = summary or IngestSummary()
    records = iter(records)
    while chunk := list(islice(records, batch)):
        for outcome in store_records(store, chunk):
            summary.count(outcome)
            on_outcome(outcome)
    return summary


def parquet_records(folder: str) -> Iterator[Record]:
    """Yield the records of a folder of Parquet files with a `record` column (JSON), in name order."""
    import pyarrow.parquet as pq

    path = Path(folder)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    if not files or not files[0].exists():
        raise StoreError(f"{folder}: no .parquet files: give the folder the Dask runner wrote")
    for file in files:
        parquet = pq.ParquetFile(file)
        if "record" not in parquet.schema_arrow.names:
            raise StoreError(f"{file}: no 'record' column: expected Parquet written by dateline")
        for batch in parquet.iter_batches(columns=["record"], batch_size=256):
            for line in batch.column(0).to_pylist():
                yield Record.from_json(line)


def load_parquet(store: Store, folder: str, **options) -> IngestSummary:
    """Store the records of a Parquet folder (see parquet_records) and return the counts."""
    return load_records(store, parquet_records(folder), **options)
