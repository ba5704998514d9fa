"""Words per second of `dateline extract` on a JSONL batch vs. bare nlp.pipe, same model, same texts.

    .venv/bin/python bench/extract.py [--n 200] [--model md]

Texts are PolNeAR articles from ../shared (train split). Both runs use the
same loaded model in this process; `extract` goes through the CLI's own
function (read JSONL -> records -> JSON Lines) with output to /dev/null.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from dateline.nlp import load_nlp
from dateline.run.local import extract_paths
from dateline.settings import DEFAULT

from texts import DEFAULT_DATA, load_texts  # bench/ is on sys.path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--model", default="md")
    args = parser.parse_args()
    texts = load_texts(DEFAULT_DATA, args.n)
    words = sum(len(t.split()) for t in texts)
    settings = DEFAULT.with_overrides(model=args.model)
    nlp = load_nlp(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.jsonl"
        batch.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)))
        list(nlp.pipe(texts[:5]))  # warm up
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        bare = time.perf_counter() - start
        start = time.perf_counter()
        with open("/dev/null", "w") as sink:
            extract_paths([str(batch)], sink, settings=settings)
        full = time.perf_counter() - start
    print(f"articles {len(texts)}  words {words}  model {args.model}")
    print(f"bare nlp.pipe      {words / bare:10.0f} words/s  ({bare:.1f} s)")
    print(f"dateline extract   {words / full:10.0f} words/s  ({full:.1f} s)")
    print(f"ratio extract/bare {bare / full:10.2f}")


if __name__ == "__main__":
    main()
