"""The Dask runner: partitions, JSONL byte ranges, and records identical to the local runner's."""

import json
import subprocess
import sys

import pytest

from dateline.errors import ClusterError
from dateline.model import Article
from dateline.read import ReadFailure, read_inputs
from dateline.run.dask import (MIN_PARTITION_BYTES, _close, connect, ingest_dask, input_sizes,
                               partition_size, plan_partitions, read_partition, run_dask)
from dateline.store.load import parquet_records
from dateline.run.local import records_for_paths
from dateline.settings import DEFAULT
from dateline.store import open_store

STORIES = [
    "Harbour workers in Port Ellis walked out on Monday, the union said. "
    "\u201cWe will stay out until the port listens,\u201d said union leader Mara Quist.",
    "The Marlow county council approved a second bridge on Tuesday. Mayor Tom Ridley "
    "said the work would take four years.",
    "Officials in Ankara said Turkey would host talks between the two ministers next week.",
    "Police in Lyon arrested three men after a protest outside the town hall turned violent.",
    "Le conseil municipal de Lyon a vot\u00e9 le budget mardi soir apr\u00e8s un long d\u00e9bat sur les transports.",
    "The World Health Organization sent medical teams to the flooded villages, a spokesman said.",
]


def write_jsonl(path, stories=STORIES, bad_line_at=3):
    lines = [json.dumps({"id": f"s{i}", "text": text}) for i, text in enumerate(stories)]
    lines.insert(bad_line_at, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_byte_ranges_cover_every_line_once_with_true_line_numbers(tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl")
    parts = plan_partitions(input_sizes([str(path)]), size=120)
    assert len(parts) > 3 and all(p.end is not None for p in parts)
    split = [item for part in parts for item in read_partition(part)]
    whole = list(read_inputs([str(path)]))
    assert [_key(i) for i in split] == [_key(i) for i in whole]
    failure = next(i for i in split if isinstance(i, ReadFailure))
    assert failure.path == f"{path}:4"
    # For two task threads the last partitions shrink (to 120 // 8 bytes at least), the lines stay the same
    tail = plan_partitions(input_sizes([str(path)]), size=120, threads=2)
    widths = [p.end - p.start for p in tail]
    assert widths[0] == 120 and widths[-1] < 120 // 2 and min(widths[:-1]) >= 120 // 8
    assert [_key(i) for part in tail for i in read_partition(part)] == [_key(i) for i in whole]


def test_small_files_are_grouped_in_input_order(tmp_path):
    for name in ("b.txt", "a.txt", "c.txt"):
        (tmp_path / name).write_text("The mayor of Marlow resigned on Friday.\n", encoding="utf-8")
    parts = plan_partitions(input_sizes([str(tmp_path)]), size=100)
    assert [p.paths for p in parts] == [(str(tmp_path / "a.txt"), str(tmp_path / "b.txt")),
                                        (str(tmp_path / "c.txt"),)]


def test_partitions_shrink_so_every_thread_gets_work(tmp_path):
    path = tmp_path / "mid.jsonl"
    path.write_bytes(b"x" * (1024 * 1024))
    inputs = input_sizes([str(path), str(tmp_path / "missing.txt")])
    # 1 MiB would be one 64 MiB partition: one busy worker; here four per thread
    assert partition_size(inputs, threads=2) == 1024 * 1024 // 8
    assert partition_size(inputs, threads=2, settings=DEFAULT.with_overrides(partition_bytes=1000)) == 1000
    assert partition_size(input_sizes([str(path)]), threads=1000) == MIN_PARTITION_BYTES
    assert partition_size(input_sizes([str(path)]), threads=0) == 1024 * 1024 // 4  # no worker yet: one thread


def test_stdin_cannot_be_distributed(tmp_path):
    with pytest.raises(ClusterError, match="standard input"):
        input_sizes(["-"])
    with pytest.raises(ClusterError, match="standard input"):  # before reaching any scheduler
        run_dask(["-"], str(tmp_path / "parts"), scheduler="127.0.0.1:1")


def test_bad_local_worker_count_is_one_line_error(tmp_path):
    with pytest.raises(ClusterError, match="local:2"):
        run_dask([str(write_jsonl(tmp_path / "in.jsonl"))], str(tmp_path / "out"), "local:many")


@pytest.fixture(scope="module")
def client():
    """A two-worker local cluster (separate processes, one model each), shared by this module."""
    client = connect("local:2")
    yield client
    _close(client)


def test_dask_records_equal_local_records_id_by_id(tmp_path, client):
    inputs = [str(write_jsonl(tmp_path / "in.jsonl")), str(tmp_path / "missing.txt")]
    (tmp_path / "note.txt").write_text("Kyiv\n\nThe minister spoke in Kyiv on Thursday.\n",
                                       encoding="utf-8")
    inputs.append(str(tmp_path / "note.txt"))
    settings = DEFAULT.with_overrides(partition_bytes=200, parquet_rows=2)
    local = list(records_for_paths(inputs, settings=settings, published="2024-05-02"))
    summary = run_dask(inputs, str(tmp_path / "out"), settings=settings,
                       published="2024-05-02", client=client)
    remote = list(parquet_records(str(tmp_path / "out")))
    expected = [r for r in local if not isinstance(r, ReadFailure)]
    assert len(summary.files) > 2 and summary.records == len(expected) == len(remote)
    assert [r.id for r in remote] == [r.id for r in expected]
    by_id = {r.id: r.to_dict() for r in remote}
    for record in expected:
        assert by_id[record.id] == record.to_dict()
    assert summary.failures == [(f.path, f.reason) for f in local if isinstance(f, ReadFailure)]
    assert any(r.language not in (None, "en") for r in remote)  # the French story is recorded, not dropped
    assert summary.peak_rss_mb > 0


def test_ingest_dask_loads_parquet_into_the_store_and_records_failures(tmp_path, client):
    inputs = [str(write_jsonl(tmp_path / "in.jsonl")), str(tmp_path / "missing.txt")]
    with open_store(str(tmp_path / "news.sqlite")) as store:
        first = ingest_dask(inputs, store, str(tmp_path / "parts"), client=client)
        again = ingest_dask(inputs, store, str(tmp_path / "parts"), client=client)
        assert (first.stored, first.unchanged, first.failed) == (len(STORIES), 0, 2)
        assert (again.stored, again.unchanged) == (0, len(STORIES))
        assert store.counts()["articles"] == len(STORIES)


def test_ingest_dask_prints_progress_lines_like_a_local_ingest(tmp_path, client, capsys):
    # Regression: single-process and --workers ingests printed progress lines, Dask ones none.
    inputs = [str(write_jsonl(tmp_path / "in.jsonl")), str(tmp_path / "missing.txt")]
    settings = DEFAULT.with_overrides(progress_seconds=0)
    with open_store(str(tmp_path / "news.sqlite")) as store:
        ingest_dask(inputs, store, str(tmp_path / "parts"), settings=settings, client=client,
                    progress=False)
    lines = capsys.readouterr().err.splitlines()
    assert lines and lines[-1].startswith("ingest: 8/8 articles (100%), stored 6, unchanged 0, failed 2")


def test_cli_dask_option_reports_a_bad_address_in_one_line(tmp_path):
    from click.testing import CliRunner

    from dateline.cli import main

    path = write_jsonl(tmp_path / "in.jsonl")
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(tmp_path / "x.sqlite"),
                                       "--dask", "local:0", "--parquet", str(tmp_path / "p")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: local:0: give the number of local workers")


def _key(item):
    if isinstance(item, Article):
        return ("article", item.id, item.text, item.path)
    return ("failure", item.path, item.reason)


def test_time_limit_stops_a_stuck_stage_in_a_dask_worker_thread(tmp_path, monkeypatch):
    # Dask runs tasks in worker threads, which SIGALRM cannot reach: the watchdog must.
    from distributed import Client, LocalCluster

    from dateline import pipeline

    def stuck(ctx):
        while True:
            pass

    monkeypatch.setattr(pipeline, "STAGES", tuple((name, stuck if name == "quotes" else run)
                                                  for name, run in pipeline.STAGES))
    path = write_jsonl(tmp_path / "in.jsonl", STORIES[:2], bad_line_at=0)
    settings = DEFAULT.with_overrides(model="sm", time_limit=2.0)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as local_client:
        summary = run_dask([str(path)], str(tmp_path / "out"), settings=settings,
                           client=local_client)
    records = list(parquet_records(str(tmp_path / "out")))
    assert summary.records == 2
    for record in records:
        assert "quotes" in [s.stage for s in record.skipped]
        assert all("settings.time_limit" in s.reason for s in record.skipped)


FORK_SCRIPT = """
import json, sys
from dateline.nlp import load_nlp
from dateline.run.dask import _close, connect, run_dask
from dateline.run.local import records_for_paths
from dateline.settings import DEFAULT
from dateline.store.load import parquet_records

def models_loaded():
    return load_nlp.cache_info().currsize

if __name__ == "__main__":
    settings = DEFAULT.with_overrides(model="sm", worker_start=sys.argv[1], partition_bytes=200)
    client = connect("local:2", settings)
    try:
        loaded = sorted(client.run(models_loaded).values())  # before any task or warm-up plugin
        run_dask([sys.argv[2]], sys.argv[3], settings=settings, client=client)
    finally:
        _close(client)
    local = [r.to_dict() for r in records_for_paths([sys.argv[2]], settings=settings)
             if hasattr(r, "to_dict")]
    print(json.dumps({"loaded": loaded, "same": [r.to_dict() for r in parquet_records(sys.argv[3])] == local}))
"""


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_local_cluster_workers_start_warm_by_fork_and_give_the_same_records(tmp_path, start):
    # In a fresh process (no other thread), "fork" workers are copies of a process that has
    # loaded the model; "spawn" workers load it themselves. Records are the same either way.
    script = tmp_path / "fork.py"
    script.write_text(FORK_SCRIPT, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), start, str(write_jsonl(tmp_path / "in.jsonl")),
                          str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"loaded": [1, 1] if start == "fork" else [0, 0], "same": True}
