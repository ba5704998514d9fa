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
from .html import from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: Path) -> Iterator:
    """Yield an Article per HTML response in the WARC file, a ReadFailure per unusable one."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    types = set()
    with open(path, "rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                types.add(record.rec_type)
                if record.rec_type == "response":
                    yield _article_or_failure(record, str(path))
        except ArchiveLoadFailed as exc:
            raise ReadError(str(path), f"not a readable WARC file ({exc.msg})") from None
    if not types - {None}:  # an empty or cut-off file must not pass silently
        raise ReadError(str(path), "no WARC records: the file is empty, truncated or not WARC")


def _article_or_failure(record, path: str):
    """Return the Article of one WARC response record, or a ReadFailure saying why not."""
    from . import ReadFailure

    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{path}#{url}"
    reason = _unusable(record)
    if reason:
        return ReadFailure(where, reason)
    try:
        return from_html(record.content_stream().read(), where, path=path, url=url)
    except ReadError as exc:
        return ReadFailure(exc.path, exc.reason)


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
