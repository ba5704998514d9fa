"""The local runner: read inputs, extract in batches, keep input order."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional, TextIO

from ..model import Article
from ..nlp import load_nlp
from ..pipeline import chunks, extract_many
from ..read import ReadFailure, read_inputs
from ..settings import DEFAULT, Settings


def records_for_paths(paths: Iterable[str], settings: Settings = DEFAULT,
                      published: Optional[str] = None, source: Optional[str] = None,
                      nlp=None) -> Iterator:
    """Yield a Record per article and a ReadFailure per unreadable input, in input order."""
    items = read_inputs(paths, published=published, source=source)
    yield from records_for_items(items, settings=settings, nlp=nlp)


def records_for_items(items: Iterable, settings: Settings = DEFAULT, nlp=None) -> Iterator:
    """Yield records for Articles and pass ReadFailures through, keeping order."""
    nlp = nlp or load_nlp(settings.model)
    for chunk in chunks(items, settings.batch_size * 4):
        articles = [item for item in chunk if isinstance(item, Article)]
        records = extract_many(articles, nlp=nlp, settings=settings)
        for item in chunk:
            yield next(records) if isinstance(item, Article) else item


def extract_paths(paths: Iterable[str], out: TextIO, settings: Settings = DEFAULT,
                  published: Optional[str] = None, source: Optional[str] = None,
                  on_failure: Callable[[ReadFailure], None] = lambda f: None,
                  on_warning: Callable[[str], None] = lambda m: None) -> int:
    """Write JSON Lines records for every input to `out`; return the number of failed inputs.

    Records that were decoded from another encoding or not analysed (not English,
    too long) are written and also reported through `on_warning`.
    """
    failures = 0
    for item in records_for_paths(paths, settings, published, source):
        if isinstance(item, ReadFailure):
            failures += 1
            on_failure(item)
            continue
        for skip in item.skipped:
            if skip.stage in ("read", "all"):
                on_warning(f"{item.path or item.id}: {skip.reason}")
        out.write(item.to_json() + "\n")
    return failures
