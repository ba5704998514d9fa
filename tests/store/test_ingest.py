"""Ingest: real extraction of the examples, read failures, reruns, workers, the CLI."""

import json
import subprocess
import sys

from dateline.run.local import count_inputs, ingest_paths
from dateline.settings import DEFAULT
from dateline.store import Filters, open_store

EXAMPLES = "examples"


def short_articles(n: int, start: int = 0) -> list:
    """Return n distinct short articles as JSONL objects."""
    return [{"id": f"art-{i}", "source": "Wire" if i % 2 else "Daily", "published": "2022-03-10",
             "text": f"Foreign minister Anna Berg met envoy Tom Reyes in Geneva on Tuesday. "
                     f"\"We agreed on round {i} of the talks,\" Berg said after meeting {i}."}
            for i in range(start, start + n)]


def write_jsonl(path, rows, bad_line: bool = False):
    lines = [json.dumps(r) for r in rows]
    if bad_line:
        lines.insert(1, "{not json")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_examples_are_stored_once(db_url, nlp):
    with open_store(db_url) as store:
        first = ingest_paths([EXAMPLES], store, workers=1, progress=False)
        again = ingest_paths([EXAMPLES], store, workers=1, progress=False)
        n = count_inputs([EXAMPLES])
        assert (first.stored, first.unchanged, first.failed) == (n, 0, 0)
        assert (again.stored, again.unchanged, again.failed) == (0, n, 0)
        counts = store.counts()
        assert counts["articles"] == n and counts["entities"] > 0
        for row in store.articles(limit=None):
            record = store.record(row["id"])
            assert record.model and record.text
            for quote in record.quotes:
                assert record.text[quote.start:quote.end] == quote.text


def test_read_failures_are_stored_and_counted(db_url, nlp, tmp_path):
    batch = write_jsonl(tmp_path / "batch.jsonl", short_articles(3), bad_line=True)
    with open_store(db_url) as store:
        summary = ingest_paths([str(batch), str(tmp_path / "missing.txt")], store,
                               workers=1, progress=False)
        assert (summary.stored, summary.unchanged, summary.failed) == (3, 0, 2)
        reasons = {f["input"]: f["reason"] for f in store.failures()}
        assert len(reasons) == 2 and any("missing.txt" in k for k in reasons)
        assert store.counts()["failures"] == 2


def test_summary_line_names_the_three_counts(db_url, nlp, tmp_path):
    batch = write_jsonl(tmp_path / "b.jsonl", short_articles(2))
    with open_store(db_url) as store:
        line = ingest_paths([str(batch)], store, workers=1, progress=False).line()
    assert line.startswith("stored 2, unchanged 0, failed 0 (2 inputs in ")


def test_two_workers_give_the_same_records_as_one(tmp_path):
    batch = write_jsonl(tmp_path / "b.jsonl", short_articles(40))
    settings = DEFAULT.with_overrides(model="sm", batch_size=8)
    results = []
    for workers in (1, 2):
        with open_store(str(tmp_path / f"w{workers}.db"), settings) as store:
            summary = ingest_paths([str(batch)], store, settings=settings, workers=workers,
                                   progress=False)
            assert summary.stored == 40
            results.append([store.record(f"art-{i}").to_dict() for i in range(40)])
    assert results[0] == results[1]


def test_cli_ingest_then_export(tmp_path):
    batch = write_jsonl(tmp_path / "b.jsonl", short_articles(3), bad_line=True)
    db = str(tmp_path / "cli.db")
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(batch), "--db", db,
                          "--model", "sm", "--workers", "1"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert run.stdout.strip().startswith("stored 3, unchanged 0, failed 1")
    out = subprocess.run([sys.executable, "-m", "dateline.cli", "export", "--db", db, "--what",
                          "articles", "--format", "jsonl", "--outlet", "wire"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert [json.loads(line)["id"] for line in out.stdout.splitlines()] == ["art-1"]


def test_cli_bad_db_is_one_line_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "export", "--db",
                          str(tmp_path / "no" / "x.db")], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.startswith("Error: ") and len(run.stderr.strip().splitlines()) == 1


def test_count_inputs_counts_jsonl_lines_and_files(tmp_path):
    batch = write_jsonl(tmp_path / "b.jsonl", short_articles(4))
    (tmp_path / "one.txt").write_text("A text.")
    assert count_inputs([str(batch), str(tmp_path / "one.txt")]) == 5
    assert count_inputs(["-"]) is None


def test_filters_reach_ingested_rows(tmp_path, nlp):
    batch = write_jsonl(tmp_path / "b.jsonl", short_articles(4))
    with open_store(str(tmp_path / "f.db")) as store:
        ingest_paths([str(batch)], store, workers=1, progress=False)
        assert len(store.articles(Filters(outlet="Daily"))) == 2
        assert len(store.articles(Filters(q="round 3"))) >= 1
