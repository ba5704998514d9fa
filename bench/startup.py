"""Start-up time of the commands that do not analyse text: wall time of fresh processes.

    .venv/bin/python bench/startup.py --db news.db [--runs 5] [--src path/to/src]

Each command runs `--runs` times in a new interpreter; the median wall time is printed,
with the seconds `python -X importtime` attributes to the imports of `import dateline.cli`
and the model libraries (spaCy, datasketch, dask) that were imported at all. `--src`
times another checkout (e.g. the commit before a change) with the same interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("spacy", "thinc", "datasketch", "dask")


def wall(argv: list, env: dict, runs: int) -> float:
    """Return the median wall time in seconds of running `argv` `runs` times."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def import_seconds(env: dict) -> tuple:
    """Return (seconds of `import dateline.cli` by -X importtime, model libraries it imported)."""
    report = subprocess.run([sys.executable, "-X", "importtime", "-c", "import dateline.cli"],
                            env=env, check=True, capture_output=True, text=True).stderr
    total, heavy = 0, set()
    for line in report.splitlines():
        if "|" not in line or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        if not name.startswith("  "):  # top-level imports only: their cumulative time adds up
            total += int(cumulative.split(":")[-1])
        if name.strip().split(".")[0] in HEAVY:
            heavy.add(name.strip().split(".")[0])
    return total / 1e6, sorted(heavy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store to export from")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=args.src)
    cli = [sys.executable, "-m", "dateline.cli"]
    out = Path(tempfile.mkdtemp()) / "events.csv"
    seconds, heavy = import_seconds(env)
    print(f"src: {args.src}")
    print(f"import dateline.cli: {seconds:.2f} s of imports; model libraries imported: {heavy or 'none'}")
    for name, argv in [("dateline --version", cli + ["--version"]),
                       ("dateline export (events, csv)", cli + ["export", "--db", args.db, "-o", str(out)]),
                       ("serve's app (create_app)", [sys.executable, "-c",
                        f"from dateline.web.app import create_app; create_app({args.db!r})"])]:
        print(f"{name}: {wall(argv, env, args.runs):.2f} s (median of {args.runs})")


if __name__ == "__main__":
    main()
