"""Ingest throughput with 1 and 2 workers, and ingest time over extract time (storage overhead).

    .venv/bin/python bench/ingest.py [--n 924] [--model md] [--db-url postgresql://...]

Texts are the PolNeAR articles from ../shared (train and dev, about 900). The
same JSONL batch goes through `dateline extract` (records to /dev/null), then
the store alone (the extracted records written with load_records), then
`dateline ingest` with 1 and with 2 workers, each into a new SQLite file (or a
fresh schema of --db-url).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path

from dateline.nlp import load_nlp
from dateline.run.local import ingest_paths, records_for_paths
from dateline.settings import DEFAULT
from dateline.store import open_store
from dateline.store.load import counts_text, load_records

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared/datasets/polnear"


def load_texts(n: int) -> list:
    """Return up to n PolNeAR texts (train, then dev)."""
    files = sorted((POLNEAR / "train/text").glob("*.txt")) + sorted((POLNEAR / "dev/text").glob("*.txt"))
    if not files:
        raise SystemExit(f"no texts at {POLNEAR}: put ../shared beside the repo")
    return [f.read_text(encoding="utf-8") for f in files[:n]]


def new_target(tmp: Path, name: str, db_url: str | None) -> str:
    """Return an empty store: a new SQLite file, or a new schema on the PostgreSQL server."""
    if not db_url:
        return str(tmp / f"{name}.db")
    import sqlalchemy as sa

    from dateline.store.db import store_url

    schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    with sa.create_engine(store_url(db_url)).begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    return f"{db_url}?options=-csearch_path%3D{schema}"


def timed(func) -> tuple:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=924)
    parser.add_argument("--model", default="md")
    parser.add_argument("--db-url", help="PostgreSQL URL (default: SQLite files in a temp folder)")
    args = parser.parse_args()
    texts = load_texts(args.n)
    settings = DEFAULT.with_overrides(model=args.model)
    load_nlp(args.model)  # loaded before timing, as in a long-running ingest
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        batch = tmp / "batch.jsonl"
        batch.write_text("".join(json.dumps({"id": f"p{i}", "text": t}) + "\n"
                                 for i, t in enumerate(texts)))
        t_extract, records = timed(lambda: list(records_for_paths([str(batch)], settings)))
        with open_store(new_target(tmp, "store", args.db_url), settings) as store:
            t_store, _ = timed(lambda: load_records(store, records))
        results = {}
        for workers in (1, 2):
            with open_store(new_target(tmp, f"w{workers}", args.db_url), settings) as store:
                results[workers] = timed(lambda: ingest_paths(
                    [str(batch)], store, settings=settings, workers=workers, progress=False))
    n = len(texts)
    print(f"articles {n}  model {args.model}  backend {'postgresql' if args.db_url else 'sqlite'}")
    print(f"extract (1 process)     {n / t_extract:8.2f} articles/s  ({t_extract:.1f} s)")
    print(f"store only              {n / t_store:8.2f} articles/s  ({t_store:.1f} s)")
    for workers, (seconds, summary) in results.items():
        print(f"ingest --workers {workers}      {n / seconds:8.2f} articles/s  ({seconds:.1f} s; "
              f"{counts_text(summary.counts())})")
    print(f"ingest/extract time, 1 worker   {results[1][0] / t_extract:.2f}")
    print(f"store-only/extract time         {t_store / t_extract:.2f}")
    print(f"speed-up 2 workers / 1 worker   {results[1][0] / results[2][0]:.2f}")


if __name__ == "__main__":
    main()
