"""Readers: turn input paths (files, folders, '-') into Articles, one module per format.

`read_inputs` yields an Article for each document and a ReadFailure for each
input (or JSONL line) that could not be read, so a batch never stops on one
bad file and nothing is dropped silently.
"""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..errors import ReadError
from ..model import Article
from ..settings import DEFAULT, Settings
from . import html, jsonl, txt

READERS = {".txt": txt.read, ".html": html.read, ".htm": html.read, ".jsonl": jsonl.read}
SUFFIXES = tuple(READERS)


@dataclass
class ReadFailure:
    """An input that gave no article, and why."""

    path: str
    reason: str

    def message(self) -> str:
        return f"{self.path}: {self.reason}"


Item = Union[Article, ReadFailure]


def read_inputs(paths: Iterable[str], published: Optional[str] = None,
                source: Optional[str] = None, settings: Settings = DEFAULT) -> Iterator[Item]:
    """Yield the articles of every input in order; folders are walked recursively."""
    for raw in paths:
        yield from fill_defaults(_read_one(raw, settings), published, source)


def fill_defaults(items: Iterable[Item], published: Optional[str] = None,
                  source: Optional[str] = None) -> Iterator[Item]:
    """Yield the items, giving articles that lack them the default date and outlet."""
    for item in items:
        if isinstance(item, Article):
            item.published = item.published or published
            item.source = item.source or source
        yield item


def input_files(raw: str) -> list:
    """Return the files an input path stands for, in reading order (a folder's readable files, sorted)."""
    path = Path(raw)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if _readable_suffix(p))
    return [path]


def _read_one(raw: str, settings: Settings) -> Iterator[Item]:
    if raw == "-":
        yield from _guard("<stdin>", lambda: _read_stdin(settings))
        return
    for path in input_files(raw):
        yield from read_file(path, settings)


def read_file(path: Path, settings: Settings = DEFAULT) -> Iterator[Item]:
    """Yield the articles of one file (any known format), or ReadFailures saying why not."""
    if not path.exists():
        yield ReadFailure(str(path), "no such file")
        return
    reader = READERS.get(_suffix(path))
    if reader is None:
        reader = _other_reader(path)
        if reader is None:
            yield ReadFailure(str(path), f"unknown input format {path.suffix!r} "
                              f"(known: {', '.join(SUFFIXES + ('.warc', '.gz'))})")
            return
    yield from _guard(str(path), lambda: reader(path, settings))


def read_capped(path: Path, settings: Settings = DEFAULT) -> bytes:
    """Return the bytes of one file, or raise ReadError when it is over settings.max_file_bytes."""
    with open(path, "rb") as stream:
        return read_at_most(stream, str(path), settings)


def read_at_most(stream, name: str, settings: Settings = DEFAULT, what: str = "file") -> bytes:
    """Return the rest of a byte stream (a file, standard input, a WARC response), or raise
    ReadError when it holds more than settings.max_file_bytes (reading stops there)."""
    data = stream.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise ReadError(name, f"{what} is over the limit of {settings.max_file_bytes} bytes "
                              "(settings.max_file_bytes): not read")
    return data


def _guard(name: str, produce) -> Iterator[Item]:
    try:
        for item in produce():
            yield item
    except ReadError as exc:
        yield ReadFailure(exc.path, exc.reason)
    except OSError as exc:
        yield ReadFailure(name, f"cannot read: {exc.strerror or exc}")
    except (EOFError, zlib.error) as exc:  # gzip streams that are cut short or corrupt
        yield ReadFailure(name, f"compressed file is truncated or corrupt ({exc}): "
                                "articles before this point were read")
    except Exception as exc:  # a reader's bug or a library's surprise costs this input only
        yield ReadFailure(name, f"could not be read ({exc.__class__.__name__}: {str(exc)[:200]})")


def _read_stdin(settings: Settings) -> Iterator[Item]:
    stream = sys.stdin.buffer
    head = stream.peek(64) if hasattr(stream, "peek") else b""
    if head.lstrip()[:1] == b"{":
        yield from jsonl.read_lines(jsonl.capped_lines(stream, "<stdin>", settings), "<stdin>",
                                    settings=settings)
        return
    data = read_at_most(stream, "<stdin>", settings, what="input")
    if data.lstrip()[:1] == b"{":  # no peek: a JSONL stream read whole
        yield from jsonl.read_lines(data.splitlines(), "<stdin>", settings=settings)
    else:
        yield txt.from_bytes(data, "<stdin>", path=None)


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _readable_suffix(path: Path) -> bool:
    return path.is_file() and (_suffix(path) in READERS or _other_reader(path) is not None)


def _other_reader(path: Path):
    """Return the reader for archive formats (WARC, gzip'd JSONL), if available."""
    name = path.name.lower()
    if name.endswith((".jsonl.gz", ".json.gz")):
        return jsonl.read
    if name.endswith((".warc", ".warc.gz")):
        try:
            from . import warc
        except ImportError:
            return None
        return warc.read
    return None
