"""JSON Lines batches: one {"id", "text", ...} object per line, streamed.

Lines are read as bytes with a cap (settings.max_line_bytes), so one huge line
(a 1 GiB line inside a 1 MB .jsonl.gz) costs a failure, not gigabytes; the
whole stream has a cap too (settings.max_stream_bytes). Anything a line can
raise (not JSON, nested too deeply, a number too long to convert) makes that
line a ReadFailure and the file goes on.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..errors import ReadError
from ..model import Article
from ..settings import DEFAULT, Settings
from .txt import decode_utf8

FIELDS = ("id", "title", "published", "source", "url", "author")
_CHUNK = 1024 * 1024


class Oversize:
    """A line longer than the cap, passed over unread: its size in bytes (at least)."""

    def __init__(self, size: int):
        self.size = size


def read(path: Path, settings: Settings = DEFAULT) -> Iterator:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as stream:
        yield from read_lines(capped_lines(stream, str(path), settings), str(path), settings=settings)


def capped_lines(stream: BinaryIO, name: str, settings: Settings = DEFAULT) -> Iterator:
    """Yield each line of a byte stream as bytes, or an Oversize for a line over
    settings.max_line_bytes; raise ReadError once settings.max_stream_bytes are read."""
    cap, total = settings.max_line_bytes, 0
    while line := stream.readline(cap + 1):
        total += len(line)
        if len(line) > cap and not line.endswith(b"\n"):
            size = len(line)
            while (rest := stream.readline(_CHUNK)) and total <= settings.max_stream_bytes:
                size += len(rest)
                total += len(rest)
                if rest.endswith(b"\n"):
                    break
            line = Oversize(size)
        if total > settings.max_stream_bytes:
            raise ReadError(name, f"stream is over {settings.max_stream_bytes} bytes (decompressed) "
                                  "(settings.max_stream_bytes): articles before this point were read")
        yield line


def read_lines(lines: Iterable, name: str, first: int = 1,
               settings: Settings = DEFAULT) -> Iterator:
    """Yield an Article per line (str or bytes), or a ReadFailure naming the bad line
    (numbered from `first`)."""
    from . import ReadFailure

    for number, line in enumerate(lines, first):
        where = f"{name}:{number}"
        if isinstance(line, Oversize):
            yield ReadFailure(where, f"line of {line.size}+ bytes is over the limit of "
                                     f"{settings.max_line_bytes} (settings.max_line_bytes): not read")
            continue
        if not line.strip():
            continue
        try:
            yield parse_line(line, where)
        except ReadError as exc:
            yield ReadFailure(exc.path, exc.reason)
        except Exception as exc:  # whatever one line raises costs only that line
            yield ReadFailure(where, f"line could not be read ({exc.__class__.__name__})")


def parse_line(line, where: str) -> Article:
    """Return the Article of one JSONL line (str, or bytes as UTF-8), or raise ReadError."""
    notes, replaced = [], 0
    if isinstance(line, bytes):
        line, replaced = decode_utf8(line)
        if replaced:
            notes.append(f"line is not valid UTF-8: {replaced} invalid byte(s) replaced by U+FFFD")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(where, f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ReadError(where, "not readable JSON: nested too deeply") from None
    except ValueError as exc:  # an integer of more than sys.get_int_max_str_digits() digits
        raise ReadError(where, f"not readable JSON ({str(exc).split(':')[0]})") from None
    if not isinstance(obj, dict):
        raise ReadError(where, "a JSONL line must be an object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(where, "missing or empty 'text' field")
    meta = {k: _str_or_none(obj.get(k)) for k in FIELDS}
    return Article(text=text.replace("\r\n", "\n"), path=where.rsplit(":", 1)[0], notes=notes,
                   encoding="utf-8" if replaced else None, bytes_replaced=replaced, **meta)


def _str_or_none(value):
    return None if value is None else str(value)
