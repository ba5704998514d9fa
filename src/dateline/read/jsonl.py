"""JSON Lines batches: one {"id", "text", ...} object per line, streamed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import ReadError
from ..model import Article

FIELDS = ("id", "title", "published", "source", "url", "author")


def read(path: Path) -> Iterator:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as lines:
        yield from read_lines(lines, str(path))


def read_lines(lines: Iterable[str], name: str, first: int = 1) -> Iterator:
    """Yield an Article per line, or a ReadFailure naming the bad line (numbered from `first`)."""
    from . import ReadFailure

    for number, line in enumerate(lines, first):
        if not line.strip():
            continue
        try:
            yield parse_line(line, f"{name}:{number}")
        except ReadError as exc:
            yield ReadFailure(exc.path, exc.reason)


def parse_line(line: str, where: str) -> Article:
    """Return the Article of one JSONL line, or raise ReadError."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(where, f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ReadError(where, "a JSONL line must be an object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(where, "missing or empty 'text' field")
    meta = {k: _str_or_none(obj.get(k)) for k in FIELDS}
    return Article(text=text.replace("\r\n", "\n"), path=where.rsplit(":", 1)[0], **meta)


def _str_or_none(value):
    return None if value is None else str(value)
