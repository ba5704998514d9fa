"""WARC archives (Common Crawl's CC-NEWS and the like): one Article per HTML response.

Records are streamed one at a time with warcio (plain or gzip'd WARC), so memory
stays flat however large the archive. Request, metadata, warcinfo and revisit
records are not documents and are passed over; a response that gives no article
(not HTML, not HTTP 2xx, no article text) becomes a ReadFailure naming its URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import ReadError
from ..model import Article
from ..settings import DEFAULT, Settings
from .html import from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: Path, settings: Settings = DEFAULT) -> Iterator:
    """Yield an Article per HTML response in the WARC file, a ReadFailure per unusable one.

    A file cut short (a download or copy that stopped) ends with a ReadError
    after the articles before the cut, so the loss is never silent.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    types = set()
    truncated = ReadError(str(path), "WARC file is truncated (it ends inside a record): "
                                     "articles before this point were read")
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                types.add(record.rec_type)
                if record.rec_type == "response":
                    yield _article_or_failure(record, str(path), settings)
                else:
                    _drain(record.content_stream())  # to its end, so a cut is noticed here
                if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than promised
                    raise truncated
        except ArchiveLoadFailed as exc:
            raise ReadError(str(path), f"not a readable WARC file ({exc.msg})") from None
        except (EOFError, OSError, AttributeError, ValueError):  # warcio on a cut gzip member
            raise truncated from None
        if types - {None} and _left_over(stream, records.offset):
            raise truncated  # the last record's headers were cut: warcio stops without a word
    if not types - {None}:  # an empty or cut-off file must not pass silently
        raise ReadError(str(path), "no WARC records: the file is empty, truncated or not WARC")


def _left_over(stream, offset: int) -> bool:
    """True when bytes other than blank lines follow the end of the last whole record."""
    stream.seek(offset)
    return bool(stream.read(4096).strip())


def _article_or_failure(record, path: str, settings: Settings = DEFAULT):
    """Return the Article of one WARC response record, or a ReadFailure saying why not."""
    from . import ReadFailure, read_at_most

    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{path}#{url}"
    reason = _unusable(record)
    content = record.content_stream()
    if reason:
        _drain(content)
        return ReadFailure(where, reason)
    try:
        data = read_at_most(content, where, settings, what="response")
    except ReadError as exc:
        _drain(content)
        return ReadFailure(exc.path, exc.reason)
    try:
        return from_html(data, where, path=path, url=url, settings=settings)
    except ReadError as exc:
        return ReadFailure(exc.path, exc.reason)


def _drain(stream) -> None:
    while stream.read(1024 * 1024):
        pass


def _unusable(record) -> str:
    """Return why a response cannot hold an article ('' when it can)."""
    http = record.http_headers
    if http is None:
        return "WARC response without HTTP headers: not a web page"
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP status {status}: no page to read"
    kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind and kind not in HTML_TYPES:
        return f"content type {kind!r} is not HTML"
    return ""
