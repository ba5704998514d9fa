"""Guards for bad input: a hard time limit per article and text that is not valid Unicode.

The time limit uses SIGALRM, so it can stop a stage stuck inside one call (a
regex that backtracks, a loop over a giant sentence). Signals only reach the
main thread of a Unix process; elsewhere (Dask worker threads, Windows) the
pipeline falls back to its soft check between stages.
"""

from __future__ import annotations

import dataclasses
import re
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from .errors import ArticleTimeout
from .model import Article

_SURROGATE = re.compile("[\ud800-\udfff]")


def can_interrupt() -> bool:
    """True when a hard time limit can be enforced here (Unix, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def hard_time_limit(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout inside the block once `seconds` have passed.

    A timer already running (pytest-timeout, a caller's own limit) is put back
    with the time it had left, so limits nest.
    """
    if seconds <= 0 or not can_interrupt():
        yield
        return
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _raise_timeout(signum, frame):
    raise ArticleTimeout()


def valid_unicode(article: Article) -> Article:
    """Return the article with unpaired surrogates (not encodable as UTF-8) replaced by U+FFFD.

    JSON escapes such as "\\ud800" and some Python APIs produce them; spaCy and
    every UTF-8 writer fail on them. The replacement is one character for one,
    so offsets still point at the same places; a note on the record says so.
    """
    found = len(_SURROGATE.findall(article.text))
    if not found:
        return article
    note = (f"text had {found} unpaired surrogate code point(s), not valid Unicode: "
            "replaced by U+FFFD (fix the input's encoding to keep them)")
    return dataclasses.replace(article, text=_SURROGATE.sub("\ufffd", article.text),
                               notes=list(article.notes) + [note])
