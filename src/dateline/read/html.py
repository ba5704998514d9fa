"""HTML pages: article text and metadata extracted with trafilatura."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Optional

from ..errors import ArticleTimeout, ReadError
from ..limits import hard_time_limit
from ..model import Article
from ..settings import DEFAULT, Settings
from .txt import decode


def read(path: Path, settings: Settings = DEFAULT) -> Iterator[Article]:
    from . import read_capped

    yield from_html(read_capped(path, settings), str(path), path=str(path), settings=settings)


def from_html(data: bytes, name: str, path: Optional[str] = None,
              url: Optional[str] = None, settings: Settings = DEFAULT) -> Article:
    """Return the Article extracted from an HTML page, or raise ReadError."""
    import trafilatura

    crowded = most_attributes(data)
    if crowded > settings.max_html_attributes:
        raise ReadError(name, f"HTML tag with {crowded} attributes, over the limit of "
                              f"{settings.max_html_attributes} (settings.max_html_attributes): "
                              "not a page (parsing it takes time quadratic in that number)")
    markup, notes, encoding, replaced = decode(data, name)
    try:  # under the per-article time limit: extraction is part of the article's budget
        with hard_time_limit(settings.time_limit):
            doc = trafilatura.bare_extraction(markup, url=url, with_metadata=True,
                                              include_comments=False, include_tables=False)
    except (ValueError, RecursionError, TypeError) as exc:
        raise ReadError(name, f"HTML could not be parsed ({exc.__class__.__name__})") from None
    except ArticleTimeout:
        raise ReadError(name, f"HTML extraction ran past the time limit of {settings.time_limit}s "
                              "(settings.time_limit)") from None
    if doc is None:
        raise ReadError(name, "HTML page has no article text")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (meta.get("text") or "").replace("\r\n", "\n")
    if not text.strip():
        raise ReadError(name, "HTML page has no article text")
    return Article(text=text, title=meta.get("title"), source=meta.get("sitename"),
                   url=meta.get("url") or url, published=meta.get("date"),
                   author=meta.get("author"), path=path, notes=notes, encoding=encoding,
                   bytes_replaced=replaced)


def most_attributes(data: bytes) -> int:
    """Return about the most attributes on one tag (0 for pages whose tags are all short).

    One linear pass finds the tags; only the long ones (a base64 image is one
    long attribute, and has no spaces) have their attributes counted.
    """
    most = 0
    for tag in _TAG.finditer(data):
        if tag.end() - tag.start() > 4096:
            most = max(most, len(_ATTRIBUTE.findall(tag.group())))
    return most


_TAG = re.compile(rb"<[A-Za-z][^<>]*")
_ATTRIBUTE = re.compile(rb"\s+[^\s=/>]+")
