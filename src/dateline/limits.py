"""Guards for bad input: a hard time limit per article and text that is not valid Unicode.

The time limit uses SIGALRM, so it can stop a stage stuck inside one call (a
regex that backtracks, a loop over a giant sentence). Signals only reach the
main thread of a Unix process; in other threads (Dask runs tasks in worker
threads) a watchdog timer raises the timeout in the thread instead, which
stops Python code (a loop that never ends) but not one C call that never
returns (a backtracking regex). Where neither works (Windows, another Python)
the pipeline falls back to its soft check between stages.
"""

from __future__ import annotations

import ctypes
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
    if seconds <= 0:
        yield
        return
    if not can_interrupt():
        with _thread_time_limit(seconds):
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


@contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in this thread at its next Python instruction once `seconds` have passed."""
    ident, lock, active = threading.get_ident(), threading.Lock(), [True]

    def fire():
        with lock:  # never after the block has ended: the exception would hit the next article
            if active[0]:
                _raise_in_thread(ident)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        timer.cancel()


def _raise_in_thread(ident: int) -> None:
    """Make the thread `ident` raise ArticleTimeout (CPython's asynchronous exception; no-op elsewhere)."""
    set_async_exc = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if set_async_exc is not None:
        set_async_exc(ctypes.c_ulong(ident), ctypes.py_object(ArticleTimeout))


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
