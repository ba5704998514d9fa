"""Speed bench: bare spaCy parsing vs the whole pipeline, 1 vs 2 workers, Dask vs local.

All figures come from one run on the same texts and the same model, so their
ratios stay meaningful on a busy or slow machine. Bare vs pipeline is compared
by CPU time of this process (wall clock is shown too, but other programs on a
shared machine inflate it); worker figures are wall clock, with CPU-time estimates and a
control (the same work in one process alone and in each of two at once, without dateline:
the machine's own 2-process ceiling):

    .venv/bin/python bench/pipeline.py --limit 100
    .venv/bin/python bench/pipeline.py --limit 100 --only parse --profile   # where the time goes
    .venv/bin/python bench/pipeline.py --limit 100 --only control            # the control alone

Texts: the PolNeAR train articles in ../shared (or --data DIR of .txt files,
or the examples/ folder when neither is there).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import multiprocessing
import os
import pstats
import resource
import statistics
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


# -- ingest runs: including start-up (a fresh process each) and in steady state (warm workers) --

def ingest_once(runner: str, path: Path, db: str, settings, pool=None, client=None) -> dict:
    """Return {seconds, peaks} of one ingest of the JSONL file into a new SQLite store.

    runner is "local:N" (the local runner with N workers) or "dask:N" (a local
    Dask cluster of N workers); `pool` / `client` reuse warm workers. `peaks`
    are (articles done so far, peak resident MiB of the worker that did the task).
    """
    from dateline.run.local import ExtractPool, ingest_paths
    from dateline.store import open_store

    kind, workers = runner.split(":")
    workers, peaks = int(workers), []
    began = time.perf_counter()
    with open_store(db, settings) as store:
        if kind == "local" and (workers > 1 or pool is not None):
            own = pool is None  # a cold run starts its workers here, as ingest_paths would
            pool = pool or ExtractPool(workers, settings)
            try:
                summary = ingest_paths([str(path)], store, settings=settings, progress=False,
                                       pool=pool)
            finally:
                if own:
                    pool.shutdown()
            peaks = list(pool.peaks)
        elif kind == "local":
            summary = ingest_paths([str(path)], store, settings=settings, workers=1, progress=False)
            peaks = [(summary.seen, _own_peak_mb())]
        else:  # imported here: a local run, like `dateline ingest`, does not import Dask
            from dateline.run.dask import ingest_dask

            done = []
            summary = ingest_dask([str(path)], store, str(Path(db).with_suffix(".parts")),
                                  f"local:{workers}", client=client,
                                  settings=settings.with_overrides(
                                      partition_bytes=_partition_bytes(path, settings)),
                                  on_partition=lambda r: done.append(r))
            total = 0
            for result in done:
                total += result.records
                peaks.append((total, result.peak_rss_mb))
    seconds = time.perf_counter() - began
    assert summary.failed == 0 and summary.stored > 0, summary.line()
    return {"seconds": seconds, "peaks": peaks}


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _partition_bytes(path: Path, settings) -> int:
    # As many partitions as the local runner has tasks (Settings.worker_task_articles each), so
    # the two runners split the work alike: with fewer, larger tasks, one worker waits longer at
    # the end, and a worker's peak memory grows with its task (up to a chunk of batch_size * 4
    # articles). A real run's partitions are larger (run.dask.partition_size).
    with open(path, "rb") as lines:
        articles = sum(1 for _ in lines)
    return max(1, path.stat().st_size * settings.worker_task_articles // max(1, articles))


def time_cold(runner: str, path: Path, folder: Path, settings) -> dict:
    """Return {seconds, peaks} of an ingest in a fresh Python process: imports, model and
    table loads, worker and cluster start-up all included, as for `dateline ingest`."""
    began = time.perf_counter()
    result = in_fresh_process("cold", runner, path, folder, settings)
    result["seconds"] = time.perf_counter() - began
    return result


def time_warm(runner: str, path: Path, folder: Path, settings) -> dict:
    """Return {seconds, peaks, cpu} of an ingest by workers started and warmed up before timing.

    It runs in a fresh process, as a long `dateline ingest` would: its workers have seen the
    warm-up article only, not these texts (this process has parsed them, and workers forked
    from it would start with their words in every cache and its pipelines in their memory)."""
    return in_fresh_process("warm", runner, path, folder, settings)


def in_fresh_process(mode: str, runner: str, path: Path, folder: Path, settings) -> dict:
    """Return the JSON result of one ingest run by this script in a new Python process
    (`mode` "cold" or "warm": see fresh_main)."""
    db = folder / f"{mode}-{runner.replace(':', '')}-{time.monotonic_ns()}.sqlite"
    run = subprocess.run([sys.executable, __file__, f"--{mode}", runner, "--input", str(path),
                          "--db", str(db), "--model", settings.model,
                          "--batch-size", str(settings.batch_size),
                          "--worker-start", settings.worker_start],
                         capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        raise SystemExit(f"{mode} run {runner} failed:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def warm_run(runner: str, path: Path, db: str, settings) -> dict:
    """Return {seconds, peaks, cpu} of an ingest by workers started and warmed up here first."""
    from dateline.run.dask import WarmUp, _close, connect
    from dateline.run.local import ExtractPool

    kind, workers = runner.split(":")
    if kind == "local":  # 1 worker too is a pool process here: the same code path as 2 workers
        with ExtractPool(int(workers), settings) as pool:
            before, cpu = dict(pool.wait_warm().cpu), time.process_time()
            result = ingest_once(runner, path, db, settings, pool=pool)
            result["cpu"] = {"parent": time.process_time() - cpu,
                             "workers": [pool.cpu[pid] - before.get(pid, 0) for pid in pool.cpu]}
            return result
    client = connect(f"local:{workers}", settings)
    try:
        client.register_plugin(WarmUp(settings))  # returns once every worker has warmed up
        before, cpu = client.run(time.process_time), time.process_time()
        result = ingest_once(runner, path, db, settings, client=client)
        # This process is the client, the scheduler and the nannies of a local cluster, and loads the store.
        parent, after = time.process_time() - cpu, client.run(time.process_time)
        result["cpu"] = {"parent": parent,
                         "workers": [after[w] - before.get(w, 0) for w in after]}
        return result
    finally:
        _close(client)


def cpu_estimate(one: dict, two: dict) -> dict:
    """Return the CPU seconds of the steady-state runs and the speed-up they imply on two idle
    cores: a run takes at least its workers' CPU time shared evenly among them (tasks go to
    whichever worker is free; on a loaded machine the busiest worker is the one the other
    programs disturbed least), and at least all the CPU work of the workers and this (storing)
    process spread over the two cores."""
    return {"cpu_local1_worker": one["workers"][0], "cpu_local1_parent": one["parent"],
            "cpu_local2_workers": two["workers"], "cpu_local2_parent": two["parent"],
            "cpu_speedup_2_workers": cpu_bound(one) / cpu_bound(two)}


def cpu_bound(run: dict) -> float:
    """Return the least wall-clock seconds a run needs on two idle cores, from its CPU seconds
    (see cpu_estimate)."""
    work = sum(run["workers"])
    return max(work / len(run["workers"]), (work + run["parent"]) / 2)


def peak_at(peaks: list, articles: int) -> float:
    """Return the largest worker peak resident MiB reported by the time `articles` were done
    (the first report when none came that early)."""
    ordered = sorted(peaks, key=lambda p: p[0])
    early = [mb for done, mb in ordered if done <= articles] or [mb for _, mb in ordered[:1]]
    return max(early, default=float("nan"))


def worker_figures(texts: list, words: int, settings, rounds: int) -> dict:
    """Return words/s of the local runner (1 and 2 workers) and of Dask (2 workers), including
    start-up and in steady state, best of `rounds` alternating runs, and peak memory per worker."""
    runs = [("cold", "local:1"), ("cold", "local:2"), ("cold", "dask:2"),
            ("warm", "local:1"), ("warm", "local:2"), ("warm", "dask:2")]
    best: dict = {}
    seconds: dict = {}  # every round's seconds per run, to show the spread
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_jsonl(texts, folder)
        for _ in range(rounds):  # 1, 2, Dask, 1, 2, Dask ...: drifts in load hit all alike
            for mode, runner in runs:
                timer = time_cold if mode == "cold" else time_warm
                result = timer(runner, path, folder, settings)
                key = f"{mode}_{runner.replace(':', '')}"
                seconds.setdefault(key, []).append(result["seconds"])
                if key not in best or result["seconds"] < best[key]["seconds"]:
                    best[key] = result
    figures = {f"{key}_wps": words / r["seconds"] for key, r in best.items()}
    for mode in ("cold", "warm"):  # round by round: 1 worker / 2 workers, local 2 / Dask
        one, two, dask = (seconds[f"{mode}_{r}"] for r in ("local1", "local2", "dask2"))
        figures[f"{mode}_speedup_rounds"] = [a / b for a, b in zip(one, two)]
        figures[f"{mode}_dask_rounds"] = [b / d for b, d in zip(two, dask)]
    figures.update(cpu_estimate(best["warm_local1"]["cpu"], best["warm_local2"]["cpu"]))
    figures.update(cpu_dask_workers=best["warm_dask2"]["cpu"]["workers"],
                   cpu_dask_parent=best["warm_dask2"]["cpu"]["parent"],
                   cpu_dask_vs_local_2=cpu_bound(best["warm_local2"]["cpu"]) /
                   cpu_bound(best["warm_dask2"]["cpu"]))
    for mode in ("cold", "warm"):
        figures[f"{mode}_speedup_2_workers"] = best[f"{mode}_local2"]["seconds"] ** -1 * best[f"{mode}_local1"]["seconds"]
        figures[f"{mode}_dask_vs_local_2"] = best[f"{mode}_local2"]["seconds"] / best[f"{mode}_dask2"]["seconds"]
    quarter = max(1, len(texts) // 4)
    for runner in ("local2", "dask2"):
        peaks = best[f"warm_{runner}"]["peaks"]  # after warm-up: growth here is growth with input
        figures[f"{runner}_peak_mb_quarter"] = peak_at(peaks, quarter)
        figures[f"{runner}_peak_mb"] = max(mb for _, mb in peaks)
    figures["quarter"] = quarter
    return figures


# -- control: the same work in one process alone and in each of two at once, without dateline --

def _python_loop(n: int = 4_000_000) -> dict:
    """Return counts from interpreter-bound work (dict updates, small strings; no numpy, little memory)."""
    counts: dict = {}
    for i in range(n):
        counts[i % 1009] = counts.get(i % 1009, 0) + len(str(i))
    return counts


def _control_child(kind: str, texts: list, settings, barrier, queue) -> None:
    """Put this process's CPU seconds for one control job on `queue`, timed from the barrier."""
    if kind == "parse":
        from dateline.nlp import load_nlp

        nlp = load_nlp(settings.model)
        list(nlp.pipe(texts[:4]))  # model buffers loaded before timing, as in the bare figure

        def job():
            return list(nlp.pipe(texts, batch_size=settings.batch_size))
    else:
        job = _python_loop
    barrier.wait()  # two processes start together, so they run side by side
    cpu = time.process_time()
    job()
    queue.put(time.process_time() - cpu)


def cpu_in_processes(kind: str, texts: list, settings, processes: int) -> list:
    """Return the CPU seconds of each of `processes` spawned processes doing the same control job
    at once ("parse": bare nlp.pipe over the texts; "python": a pure-Python loop)."""
    context = multiprocessing.get_context("spawn")
    queue, barrier = context.Queue(), context.Barrier(processes)
    children = [context.Process(target=_control_child, args=(kind, texts, settings, barrier, queue))
                for _ in range(processes)]
    for child in children:
        child.start()
    cpu = [queue.get() for _ in children]
    for child in children:
        child.join()
    return cpu


def control_figures(texts: list, settings, rounds: int) -> dict:
    """Return the CPU seconds of the control jobs alone and two at once (best of `rounds`
    alternating runs): how much more CPU the same work costs each process when two run on
    this machine's two cores, whatever dateline does (shared caches, memory bandwidth, the
    host's clock). 2 / (1 + that extra) is the most two processes can gain here."""
    best: dict = {}
    for _ in range(rounds):
        for kind in ("parse", "python"):
            for processes in (1, 2):
                cpu = cpu_in_processes(kind, texts, settings, processes)
                key = f"ctl_{kind}_{processes}"
                if key not in best or sum(cpu) < sum(best[key]):
                    best[key] = cpu
    return best


def per_process_extra(alone: float, together: list, split: bool = False) -> float:
    """Return how much more CPU the same work cost per process when they ran together: each
    did all of it (the controls), or with `split` they shared it (dateline's workers)."""
    return (sum(together) if split else sum(together) / len(together)) / alone - 1


def fresh_main(args) -> None:
    """One ingest in this fresh process (see time_cold, time_warm); print its result as JSON."""
    from dateline.settings import DEFAULT

    settings = DEFAULT.with_overrides(model=args.model, batch_size=args.batch_size,
                                      worker_start=args.worker_start)
    if args.cold:
        print(json.dumps({"peaks": ingest_once(args.cold, Path(args.input), args.db, settings)["peaks"]}))
    else:
        print(json.dumps(warm_run(args.warm, Path(args.input), args.db, settings)))


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
    parser.add_argument("--worker-start", choices=["fork", "spawn"],
                        help="How the local runner's workers start (Settings.worker_start; default fork).")
    parser.add_argument("--only", choices=["parse", "control", "all"], default="all",
                        help="parse: only bare vs pipeline (no workers, no Dask); control: only "
                             "the 1-vs-2-process control jobs.")
    parser.add_argument("--rounds", type=int, default=2,
                        help="Alternate bare and pipeline passes this many times; keep the best.")
    parser.add_argument("--profile", action="store_true", help="cProfile the pipeline pass.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--worker-rounds", type=int, default=3,
                        help="Alternate the ingest runs (1 worker, 2, Dask) this many times; keep the "
                             "best (default 3: on a shared VM one round can be 20%% off).")
    parser.add_argument("--cold", help=argparse.SUPPRESS)  # internal: one run in a fresh process
    parser.add_argument("--warm", help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold or args.warm:
        return fresh_main(args)

    from dateline.nlp import load_nlp, load_stock
    from dateline.settings import DEFAULT

    settings = DEFAULT.with_overrides(model=args.model, batch_size=args.batch_size,
                                      worker_start=args.worker_start)
    texts = load_texts(args.data, args.limit)
    stock = load_stock(settings.model)  # the baseline: spaCy's pipeline as shipped
    nlp = load_nlp(settings.model)  # dateline's: fast attribute ruler and lemmatizer, paragraph breaks
    list(stock.pipe(texts[:4]))
    warm_up(nlp, texts[:4], settings)
    figures = {"commit": commit(), "articles": len(texts), "model": args.model,
               "batch_size": settings.batch_size, "rounds": args.rounds,
               "worker_rounds": args.worker_rounds, "load_before": os.getloadavg()}
    bare_s = bare_cpu = own_cpu = pipe_s = pipe_cpu = float("inf")
    for _ in range(args.rounds):  # alternate, keep the best of each: less order and noise bias
        wall, cpu, words = time_bare(stock, texts, settings.batch_size)
        bare_s, bare_cpu = min(bare_s, wall), min(bare_cpu, cpu)
        own_cpu = min(own_cpu, time_bare(nlp, texts, settings.batch_size)[1])
        wall, cpu, records, profile = time_pipeline(nlp, texts, settings, args.profile)
        pipe_s, pipe_cpu = min(pipe_s, wall), min(pipe_cpu, cpu)
    figures.update(words=words, bare_wps=words / bare_s, pipeline_wps=words / pipe_s,
                   bare_cpu_wps=words / bare_cpu, pipeline_cpu_wps=words / pipe_cpu,
                   parse_cpu_wps=words / own_cpu, pipeline_share_of_parse=own_cpu / pipe_cpu,
                   pipeline_share=bare_cpu / pipe_cpu, pipeline_share_wall=bare_s / pipe_s,
                   analysed=sum(1 for r in records if not any(s.stage == "all" for s in r.skipped)),
                   timed_out=sum(1 for r in records if any("time limit" in s.reason for s in r.skipped)))
    if args.only == "all":
        figures.update(worker_figures(texts, words, settings, args.worker_rounds))
    if args.only in ("all", "control"):
        figures.update(control_figures(texts, settings, args.worker_rounds))
    figures["load_after"] = os.getloadavg()
    print(json.dumps(figures, indent=2) if args.json else format_figures(figures))
    if profile:
        print(profile)
    return figures


def _ratios(values: list) -> str:
    rounds = " ".join(f"{v:.2f}x" for v in values)
    return f"{rounds} (median {statistics.median(values):.2f}x)" if len(values) > 2 else rounds


def format_figures(f: dict) -> str:
    """Return the figures as the report printed by the bench."""
    lines = [f"commit {f['commit']}: {f['articles']} articles, {f['words']} words, "
             f"model {f['model']}, batch size {f['batch_size']} ({f['analysed']} analysed, "
             f"{f['timed_out']} stopped by the time limit), "
             f"best of {f['rounds']} rounds (parse), {f['worker_rounds']} (ingest)",
             "load average (1, 5, 15 min) before {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}".format(
                 *f["load_before"], *f["load_after"]),
             f"  bare nlp.pipe        {f['bare_cpu_wps']:8.0f} words/CPU-s  ({f['bare_wps']:.0f} words/s wall)"
             "  spaCy's pipeline as shipped",
             f"  dateline's parse     {f['parse_cpu_wps']:8.0f} words/CPU-s  the same model as dateline "
             "runs it: fast attribute ruler and lemmatizer, paragraph breaks",
             f"  whole pipeline       {f['pipeline_cpu_wps']:8.0f} words/CPU-s  ({f['pipeline_wps']:.0f} words/s wall)",
             f"  pipeline / bare      {f['pipeline_share']:8.0%} by CPU time, "
             f"{f['pipeline_share_wall']:.0%} by wall clock (target >= 80%)",
             f"  pipeline / dateline's parse {f['pipeline_share_of_parse']:.0%} by CPU time (the rest is the stages)"]
    if "cold_local1_wps" in f:
        for mode, label in (("cold", "including start-up (a fresh process: imports, model, tables, "
                                     "workers or cluster; SQLite writes)"),
                            ("warm", "steady state (worker processes started and warmed up before "
                                     "timing; SQLite writes)")):
            lines += [f"  ingest, {label}:",
                      f"    1 worker           {f[mode + '_local1_wps']:8.0f} words/s",
                      f"    2 workers          {f[mode + '_local2_wps']:8.0f} words/s   "
                      f"= {f[mode + '_speedup_2_workers']:.2f}x of 1 worker (target >= 1.7x); "
                      f"round by round {_ratios(f[mode + '_speedup_rounds'])}",
                      f"    Dask local:2       {f[mode + '_dask2_wps']:8.0f} words/s   "
                      f"= {f[mode + '_dask_vs_local_2']:.2f}x of local 2 workers (target >= 0.9x); "
                      f"round by round {_ratios(f[mode + '_dask_rounds'])}"]
        lines += [f"  steady state by CPU time (little disturbed by other programs): 1 worker "
                  f"{f['cpu_local1_worker']:.1f} CPU-s, storing process {f['cpu_local1_parent']:.1f}; "
                  "2 workers "
                  f"{' + '.join(f'{c:.1f}' for c in f['cpu_local2_workers'])} CPU-s, storing process "
                  f"{f['cpu_local2_parent']:.1f}",
                  f"    = {f['cpu_speedup_2_workers']:.2f}x of 1 worker on two idle cores "
                  "(estimate from the CPU times; target >= 1.7x)",
                  f"    Dask local:2: workers {' + '.join(f'{c:.1f}' for c in f['cpu_dask_workers'])} "
                  f"CPU-s, client process (scheduler, nannies, loading the store) "
                  f"{f['cpu_dask_parent']:.1f}",
                  f"    = {f['cpu_dask_vs_local_2']:.2f}x of local 2 workers on two idle cores "
                  "(estimate from the CPU times; target >= 0.9x)"]
        lines += [f"  peak memory per worker in steady state (resident, MiB) after {f['quarter']} and after "
                  f"{f['articles']} articles: local {f['local2_peak_mb_quarter']:.0f} -> "
                  f"{f['local2_peak_mb']:.0f}, Dask {f['dask2_peak_mb_quarter']:.0f} -> "
                  f"{f['dask2_peak_mb']:.0f}"]
    if "ctl_parse_1" in f:
        lines.append("  control, this machine's own ceiling: the same work in 1 process alone and in each "
                     "of 2 processes at once (CPU-s)")
        rows = [("bare nlp.pipe, same texts", f["ctl_parse_1"][0], f["ctl_parse_2"], False),
                ("pure-Python loop", f["ctl_python_1"][0], f["ctl_python_2"], False)]
        if "cpu_local1_worker" in f:  # the two workers share the articles: compare their sum
            rows.append(("dateline workers (steady state)", f["cpu_local1_worker"],
                         f["cpu_local2_workers"], True))
        for label, alone, together, split in rows:
            extra = per_process_extra(alone, together, split)
            lines.append(f"    {label:32} {alone:6.1f} alone; {' + '.join(f'{c:.1f}' for c in together)} "
                         f"at once = {extra:+.0%} per process -> 2 processes at most "
                         f"{2 / (1 + extra):.2f}x of 1")
    lines.append("  (wall clock unless marked CPU)")
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
