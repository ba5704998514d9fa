"""Speed bench: bare spaCy parsing vs the whole pipeline, 1 vs 2 workers, Dask vs local.

All figures come from one run on the same texts and the same model, so their
ratios stay meaningful on a busy or slow machine. Bare vs pipeline is compared
by CPU time of this process (wall clock is shown too, but other programs on a
shared machine inflate it); worker figures are wall clock:

    .venv/bin/python bench/pipeline.py --limit 100
    .venv/bin/python bench/pipeline.py --limit 100 --only parse --profile   # where the time goes

Texts: the PolNeAR train articles in ../shared (or --data DIR of .txt files,
or the examples/ folder when neither is there).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from texts import DEFAULT_DATA, ROOT, load_texts  # noqa: E402  (bench/ is on sys.path)


def time_bare(nlp, texts: list, batch_size: int) -> tuple:
    """Return (wall seconds, CPU seconds, words) for parsing the texts with nlp.pipe alone."""
    wall, cpu = time.perf_counter(), time.process_time()
    words = sum(sum(not t.is_space for t in doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - wall, time.process_time() - cpu, words


def time_pipeline(nlp, texts: list, settings, profile: bool = False) -> tuple:
    """Return (wall seconds, CPU seconds, records, profile report) for extract_many over the texts."""
    from dateline import Article, extract_many

    articles = [Article(text=t) for t in texts]
    profiler = cProfile.Profile() if profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    records = list(extract_many(articles, nlp=nlp, settings=settings))
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, records, _report(profiler) if profiler else ""


def warm_up(nlp, texts: list, settings) -> None:
    """Run the parser and the pipeline once, so one-time loads (model buffers, lexicons,
    gazetteer, country tables) are not counted: they are paid once per process."""
    from dateline import Article, extract_many

    list(nlp.pipe(texts))
    list(extract_many([Article(text=t) for t in texts], nlp=nlp, settings=settings))


def _report(profiler) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def write_jsonl(texts: list, folder: Path) -> Path:
    path = folder / "bench.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": f"b{i:05d}", "text": text}) + "\n")
    return path


def time_local(path: Path, folder: Path, workers: int, settings) -> float:
    """Return seconds for `dateline ingest --workers N` (process pool, store writes) on the file."""
    from dateline.run.local import ingest_paths
    from dateline.store import open_store

    began = time.perf_counter()
    with open_store(str(folder / f"local{workers}.sqlite"), settings) as store:
        summary = ingest_paths([str(path)], store, settings=settings, workers=workers, progress=False)
    assert summary.failed == 0, summary.line()
    return time.perf_counter() - began


def time_dask(path: Path, folder: Path, workers: int, settings) -> tuple:
    """Return (seconds, peak MiB per worker) for `ingest --dask local:N` (cluster start, Parquet, load)."""
    from dateline.run.dask import run_dask
    from dateline.store import open_store
    from dateline.store.load import load_parquet

    began = time.perf_counter()
    run = run_dask([str(path)], str(folder / "parts"), f"local:{workers}",
                   settings=settings.with_overrides(partition_bytes=_partition_bytes(path, workers)))
    with open_store(str(folder / f"dask{workers}.sqlite"), settings) as store:
        load_parquet(store, str(folder / "parts"))
    return time.perf_counter() - began, run.peak_rss_mb


def _partition_bytes(path: Path, workers: int) -> int:
    # Several partitions per worker so that neither waits on the other at the end.
    return max(1, path.stat().st_size // (workers * 4))


def children_peak_mb() -> float:
    """Return the largest peak resident memory of any finished child process, in MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def commit() -> str:
    """Return the short commit hash, with '+dirty' when the tree has uncommitted changes.

    DATELINE_COMMIT names it instead, for a bench run from an exported commit
    (`git archive`) while the working tree is busy.
    """
    if os.environ.get("DATELINE_COMMIT"):
        return os.environ["DATELINE_COMMIT"]

    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return git("rev-parse", "--short", "HEAD") + ("+dirty" if git("status", "--porcelain", "-uno") else "")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=100, help="Number of articles (default 100).")
    parser.add_argument("--model", default="md")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--only", choices=["parse", "all"], default="all",
                        help="parse: only bare vs pipeline (no workers, no Dask).")
    parser.add_argument("--rounds", type=int, default=2,
                        help="Alternate bare and pipeline passes this many times; keep the best.")
    parser.add_argument("--profile", action="store_true", help="cProfile the pipeline pass.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args(argv)

    from dateline.nlp import load_nlp
    from dateline.settings import DEFAULT

    settings = DEFAULT.with_overrides(model=args.model, batch_size=args.batch_size)
    texts = load_texts(args.data, args.limit)
    nlp = load_nlp(settings.model)
    warm_up(nlp, texts[:4], settings)
    figures = {"commit": commit(), "articles": len(texts), "model": args.model,
               "batch_size": settings.batch_size, "rounds": args.rounds}
    bare_s = bare_cpu = pipe_s = pipe_cpu = float("inf")
    for _ in range(args.rounds):  # alternate, keep the best of each: less order and noise bias
        wall, cpu, words = time_bare(nlp, texts, settings.batch_size)
        bare_s, bare_cpu = min(bare_s, wall), min(bare_cpu, cpu)
        wall, cpu, records, profile = time_pipeline(nlp, texts, settings, args.profile)
        pipe_s, pipe_cpu = min(pipe_s, wall), min(pipe_cpu, cpu)
    figures.update(words=words, bare_wps=words / bare_s, pipeline_wps=words / pipe_s,
                   bare_cpu_wps=words / bare_cpu, pipeline_cpu_wps=words / pipe_cpu,
                   pipeline_share=bare_cpu / pipe_cpu, pipeline_share_wall=bare_s / pipe_s,
                   analysed=sum(1 for r in records if not any(s.stage == "all" for s in r.skipped)),
                   timed_out=sum(1 for r in records if any("time limit" in s.reason for s in r.skipped)))
    if args.only == "all":
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            path = write_jsonl(texts, folder)
            w1 = time_local(path, folder, 1, settings)
            w2 = time_local(path, folder, 2, settings)
            figures.update(local1_wps=words / w1, local2_wps=words / w2, speedup_2_workers=w1 / w2,
                           local_worker_peak_mb=children_peak_mb())
            d2, peak = time_dask(path, folder, 2, settings)
            figures.update(dask2_wps=words / d2, dask_vs_local_2=w2 / d2, dask_worker_peak_mb=peak)
    print(json.dumps(figures, indent=2) if args.json else format_figures(figures))
    if profile:
        print(profile)
    return figures


def format_figures(f: dict) -> str:
    """Return the figures as the report printed by the bench."""
    lines = [f"commit {f['commit']}: {f['articles']} articles, {f['words']} words, "
             f"model {f['model']}, batch size {f['batch_size']} ({f['analysed']} analysed, "
             f"{f['timed_out']} stopped by the time limit), "
             f"best of {f['rounds']} rounds",
             f"  bare nlp.pipe        {f['bare_cpu_wps']:8.0f} words/CPU-s  ({f['bare_wps']:.0f} words/s wall)",
             f"  whole pipeline       {f['pipeline_cpu_wps']:8.0f} words/CPU-s  ({f['pipeline_wps']:.0f} words/s wall)",
             f"  pipeline / bare      {f['pipeline_share']:8.0%} by CPU time, "
             f"{f['pipeline_share_wall']:.0%} by wall clock (target >= 80%)"]
    if "local1_wps" in f:
        lines += [f"  ingest, 1 worker     {f['local1_wps']:8.0f} words/s",
                  f"  ingest, 2 workers    {f['local2_wps']:8.0f} words/s   "
                  f"= {f['speedup_2_workers']:.2f}x of 1 worker (target >= 1.7x)",
                  f"  ingest --dask local:2 {f['dask2_wps']:7.0f} words/s   "
                  f"= {f['dask_vs_local_2']:.2f}x of local 2 workers (target >= 0.9x)",
                  f"  peak memory per worker: local {f['local_worker_peak_mb']:.0f} MiB, "
                  f"Dask {f['dask_worker_peak_mb']:.0f} MiB"]
    lines.append("  (wall-clock figures; the ingest ones include worker start-up and store writes)")
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
