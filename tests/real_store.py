"""A store made by a real `dateline ingest` of real articles, for tests that must meet real data.

50 PolNeAR train articles (every 16th file in name order, with their outlet, date and
title from metadata.tsv) and the articles of examples/ are ingested once per test
session. The database is kept in pytest's cache under a name made from a hash of the
code and resources (src/dateline) and of the inputs, so a run whose code did not
change reuses it and any change to the code builds it anew.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "datasets" / "polnear"
EXAMPLES = ROOT / "examples"
N_ARTICLES = 50
# Every 16th of the 840 train files, so the 50 cover the outlets and months of the set.
STEP = 16


def polnear_lines() -> list:
    """Return the JSONL lines (id, title, published, source, text) of the chosen articles."""
    meta = {}
    with open(POLNEAR / "metadata.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            meta[(row["compartment"], row["filename"])] = row
    files = sorted((POLNEAR / "train" / "text").glob("*.txt"))[::STEP][:N_ARTICLES]
    lines = []
    for path in files:
        row = meta.get(("train", path.stem), {})
        lines.append(json.dumps({"id": f"polnear-{path.stem}", "title": row.get("title"),
                                 "published": row.get("publication_date"),
                                 "source": row.get("publisher"),
                                 "text": path.read_text(encoding="utf-8")}))
    return lines


def code_key(lines: list) -> str:
    """Return a short hash of the package's files and the inputs (the cache key)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "dateline").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    for line in lines:
        digest.update(line.encode())
    for path in sorted(EXAMPLES.glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_real_store(folder: Path) -> Path:
    """Return the path of the real-data store in `folder`, ingesting it first unless a store
    built by the same code from the same inputs is already there."""
    lines = polnear_lines()
    db = folder / f"real-{code_key(lines)}.db"
    if db.exists():
        return db
    folder.mkdir(parents=True, exist_ok=True)
    batch = folder / "polnear-50.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial = folder / f"building-{os.getpid()}.db"
    partial.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(batch), str(EXAMPLES),
                           "--db", str(partial), "--workers", "1", "--no-progress"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the real-data ingest failed: {done.stderr[-2000:]}")
    partial.rename(db)  # only a finished store gets the name that is reused
    return db
