"""Warm-up of a worker process: the model and every table the stages load on first use.

Stages load their lexicons, the gazetteer and the country tables lazily (cached
per process), so a new worker's first article pays about two CPU-seconds of
loading on top of the model. A worker warms up when it starts, before it takes
any task: its first task then runs at the steady-state rate, and start-up is
paid by all workers at once rather than by whichever task comes first.
Once warm, a process that keeps its model to the end takes it out of the
garbage collector's passes (`settle`, `settled`).
"""

from __future__ import annotations

import atexit
import gc
import resource
from contextlib import contextmanager
from itertools import islice
from typing import Iterable, Iterator

from ..nlp import load_nlp
from ..pipeline import extract
from ..settings import DEFAULT, Settings

# One short article that reaches every stage: names, a quote, places (gazetteer), a
# country, a date and an event.
WARM_UP_TEXT = ("Police in Lyon arrested three protesters on Monday, 4 March 2024, the French "
                "interior ministry said. \u201cWe will not tolerate violence,\u201d said Mayor "
                "Anne Ridley of Lyon. Turkey and Germany condemned the attack in Ankara.")


def warm_up(settings: Settings = DEFAULT) -> None:
    """Return once the model, the stages' tables and the store's MinHash are loaded in this process."""
    extract(WARM_UP_TEXT, nlp=load_nlp(settings.model), settings=settings)
    # Workers also make store rows (a MinHash signature): its library is imported where it is
    # used, so load it here, not in the first task (a settled worker's memory stays flat).
    from ..store.dedup import signature

    signature(WARM_UP_TEXT)


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settle() -> None:
    """Take every object alive now out of the garbage collector's passes (`gc.freeze`), for good.

    For a process that has warmed up and keeps its model and tables to the end (a worker):
    each full collection would otherwise walk their objects again (about 70 ms on md, a few
    times in a run's first minute), and so would the last one when the process exits
    (0.2-0.4 s). Garbage made later is collected as before.
    """
    gc.collect()
    gc.freeze()
    # The pass at exit walks what was unfrozen since (settled) or made after; skip it too.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


@contextmanager
def settled():
    """Inside the block, the objects alive at its start stay out of the collector's passes
    (see settle); after it, they are collected as before (this process may live on).

    In a process that has settled already (a worker: a Dask task runs inside its worker's
    settle) the block changes nothing: unfreezing at its end would unfreeze the worker's
    model too, and a forked worker's collections would then copy the pages it shares.
    """
    if gc.get_freeze_count():
        yield
        return
    settle()
    try:
        yield
    finally:
        gc.unfreeze()


def settled_after_first(items: Iterable) -> Iterator:
    """Yield the items, from the second on inside `settled()`: a single-process run has
    loaded its model and tables by the time its first record is out."""
    items = iter(items)
    yield from islice(items, 1)
    with settled():
        yield from items


@contextmanager
def forking_warm(settings: Settings = DEFAULT):
    """Warm this process up, then let the block fork workers from it: copies that start warm.

    Inside the block the garbage collector leaves every object that exists now alone
    (`settled`), in this process and in the copies, which keep them frozen: otherwise each
    copy's collections write to the headers of the objects it inherited and so copy, page
    by page, memory that it could share with this process.
    """
    warm_up(settings)
    with settled():
        yield
