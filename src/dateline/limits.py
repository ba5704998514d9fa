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
from .settings import Settings

# Unpaired surrogates (not encodable as UTF-8) and NUL (PostgreSQL refuses it in text).
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
_META = ("title", "source", "url", "published", "author", "path", "id")
# Characters that are not letters (digits, punctuation, symbols, spaces), for degenerate().
_NOT_LETTER = re.compile(r"[\W\d_]+")
# A stretch between sentence ends or line breaks, and the tokens (words, symbols) in it.
_SENTENCE_END = re.compile(r"[.!?\n]+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
# Runs of one non-space character (shorter ones do not matter for longest_run).
_RUN = re.compile(r"(\S)\1{15,}")


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
    """Return the article with unpaired surrogates and NULs replaced by U+FFFD, in every field.

    JSON escapes such as "\\ud800" and some Python APIs produce surrogates, which
    spaCy and every UTF-8 writer fail on; PostgreSQL refuses NUL in text, so
    both backends get the same text. The replacement is one character for one,
    so offsets still point at the same places; a note on the record says so.
    """
    found = len(_UNSTORABLE.findall(article.text))
    meta = {name: _UNSTORABLE.sub("\ufffd", value) for name in _META
            if isinstance(value := getattr(article, name), str) and _UNSTORABLE.search(value)}
    if not found and not meta:
        return article
    notes = list(article.notes)
    if found:
        notes.append(f"text had {found} unpaired surrogate or NUL code point(s), not storable: "
                     "replaced by U+FFFD (fix the input's encoding to keep them)")
    if meta:
        notes.append(f"{', '.join(sorted(meta))} had unpaired surrogate or NUL code points: "
                     "replaced by U+FFFD")
    text = _UNSTORABLE.sub("\ufffd", article.text) if found else article.text
    return dataclasses.replace(article, text=text, notes=notes, **meta)


def degenerate(text: str, settings: Settings) -> str:
    """Return why `text` is not prose worth parsing ('' when it is): too few letters, one
    character repeated too long, or a "sentence" of too many tokens.

    spaCy's parser takes time about the square of a sentence's length (10,000 `"`
    in a row took 14 s, 100 KB of them over 600 s), so such texts are refused
    before parsing. Each check is one regular-expression pass in C.
    """
    if len(text) < 200:  # short texts parse fast whatever they hold
        return ""
    dense = len(text) - sum(map(text.count, " \n\t\r\xa0"))
    letters = len(_NOT_LETTER.sub("", text))
    if letters < settings.min_letter_share * dense:
        return (f"only {letters / max(1, dense):.0%} of its characters are letters "
                f"(under settings.min_letter_share {settings.min_letter_share:.0%}): not prose")
    run = longest_run(text)
    if run > settings.max_char_run:
        return (f"one character repeated {run} times in a row (over settings.max_char_run "
                f"{settings.max_char_run}): not prose")
    # A token is at least one character, so only stretches longer than the limit need counting.
    tokens = max((len(_TOKEN.findall(part)) for part in _SENTENCE_END.split(text)
                  if len(part) > settings.max_sentence_tokens), default=0)
    if tokens > settings.max_sentence_tokens:
        return (f"a sentence of {tokens} tokens (over settings.max_sentence_tokens "
                f"{settings.max_sentence_tokens}): the parser would take too long")
    return ""


def longest_run(text: str) -> int:
    """Return the length of the longest run of one repeated character (not whitespace)."""
    best = 0
    for match in _RUN.finditer(text):
        best = max(best, match.end() - match.start())
    return best

