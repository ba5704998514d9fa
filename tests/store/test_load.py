"""Loading records made elsewhere: iterables of Records and Parquet folders (the Dask runner's)."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dateline.errors import StoreError
from dateline.store.load import load_parquet, load_records

from sample_records import TEXT, full_record


def test_load_records_counts_and_is_idempotent(store):
    records = [full_record("a1"), full_record("a2", text=TEXT + " Two.")]
    first = load_records(store, records)
    again = load_records(store, records)
    assert (first.stored, first.unchanged, first.failed) == (2, 0, 0)
    assert (again.stored, again.unchanged, again.failed) == (0, 2, 0)


def test_a_record_that_cannot_be_written_is_a_failure(store):
    bad = full_record("a1")
    bad.entities[0].mentions = None  # len(None) raises while building rows
    summary = load_records(store, [bad, full_record("a2")])
    assert (summary.stored, summary.failed) == (1, 1)
    assert store.failures()[0]["input"] == "/in/a1.txt#a1"
    assert store.record("a1") is None  # nothing half-stored


def test_load_parquet_folder(store, tmp_path):
    for part, ids in enumerate((["a1", "a2"], ["a3"])):
        table = pa.table({"id": ids, "record": [full_record(i, text=f"{TEXT} {i}").to_json()
                                                for i in ids]})
        pq.write_table(table, tmp_path / f"part-{part:05d}.parquet")
    summary = load_parquet(store, str(tmp_path))
    assert summary.stored == 3
    assert store.record("a3").to_dict() == full_record("a3", text=f"{TEXT} a3").to_dict()


def test_parquet_without_records_is_a_clear_error(store, tmp_path):
    with pytest.raises(StoreError, match="no .parquet"):
        load_parquet(store, str(tmp_path))
    pq.write_table(pa.table({"id": ["x"]}), tmp_path / "p.parquet")
    with pytest.raises(StoreError, match="'record' column"):
        load_parquet(store, str(tmp_path))
