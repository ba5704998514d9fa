"""HTML pages: article text and metadata extracted with trafilatura."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

from ..errors import ReadError
from ..model import Article
from .txt import decode


def read(path: Path) -> Iterator[Article]:
    yield from_html(path.read_bytes(), str(path), path=str(path))


def from_html(data: bytes, name: str, path: Optional[str] = None,
              url: Optional[str] = None) -> Article:
    """Return the Article extracted from an HTML page, or raise ReadError."""
    import trafilatura

    markup, notes = decode(data, name)
    try:
        doc = trafilatura.bare_extraction(markup, url=url, with_metadata=True,
                                          include_comments=False, include_tables=False)
    except (ValueError, RecursionError, TypeError) as exc:
        raise ReadError(name, f"HTML could not be parsed ({exc.__class__.__name__})") from None
    if doc is None:
        raise ReadError(name, "HTML page has no article text")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (meta.get("text") or "").replace("\r\n", "\n")
    if not text.strip():
        raise ReadError(name, "HTML page has no article text")
    return Article(text=text, title=meta.get("title"), source=meta.get("sitename"),
                   url=meta.get("url") or url, published=meta.get("date"),
                   author=meta.get("author"), path=path, notes=notes)
