"""Share of the quotes stage in the whole pipeline's time, on the same texts in one run.

Times (CPU time of this process, so other programs on a shared machine do not
count) spaCy parsing, each stage, and the whole; prints the quotes stage as a
share of the whole pipeline:

    .venv/bin/python bench/quotes_share.py --limit 100

Texts: the PolNeAR train articles in ../shared (or --data DIR of .txt files,
or the examples/ folder when neither is there).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dateline import pipeline
from dateline.model import Article
from dateline.nlp import load_nlp
from dateline.stages import STAGES

from texts import DEFAULT_DATA, ROOT, load_texts  # noqa: E402  (bench/ is on sys.path)


def timed_stages(seconds: dict) -> tuple:
    """Return STAGES with each run wrapped to add its CPU seconds to `seconds[name]`."""
    def wrap(name, run):
        def timed(ctx):
            started = time.process_time()
            try:
                return run(ctx)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.process_time() - started
        return timed
    return tuple((name, wrap(name, run)) for name, run in STAGES)


def measure(texts: list) -> dict:
    """Return CPU seconds of parsing, of each stage and of the whole pipeline on `texts`."""
    nlp = load_nlp("md")
    nlp("warm up")
    seconds: dict = {}
    pipeline.STAGES = timed_stages(seconds)  # analyse() reads the module's table
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.process_time() - started
    for text, doc in zip(texts, docs):
        pipeline.analyse(Article(text=text), doc)
    total = time.process_time() - started
    words = sum(len(t.split()) for t in texts)
    return {"articles": len(texts), "words": words, "parse_seconds": round(parse, 2),
            "stage_seconds": {k: round(v, 2) for k, v in seconds.items()},
            "whole_seconds": round(total, 2),
            "quotes_share": round(seconds.get("quotes", 0.0) / total, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args()
    result = measure(load_texts(args.data, args.limit))
    print(json.dumps(result, indent=2))
    print(f"quotes stage: {result['quotes_share']:.1%} of the whole pipeline "
          f"({result['stage_seconds'].get('quotes', 0)}s of {result['whole_seconds']}s CPU)")


if __name__ == "__main__":
    main()
