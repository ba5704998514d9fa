"""Plain-text articles: the file decoded as UTF-8 (or detected), CRLF -> LF, nothing else changed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Optional

from ..errors import ReadError
from ..model import Article
from ..settings import DEFAULT

_HEADLINE_END = re.compile(r"[.:;,]$")
_DATELINE_START = re.compile(r"^[A-Z][A-Z .'-]+,.*(—|--| - )")


def read(path: Path) -> Iterator[Article]:
    yield from_bytes(path.read_bytes(), str(path), path=str(path))


def from_bytes(data: bytes, name: str, path: Optional[str]) -> Article:
    """Return the Article in `data`, or raise ReadError saying why it is not one."""
    text, notes = decode(data, name)
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise ReadError(name, "empty file: no text to analyse")
    return Article(text=text, title=guess_title(text), path=path, notes=notes)


def decode(data: bytes, name: str) -> tuple[str, list]:
    """Return (text, notes): UTF-8 when valid, else the detected encoding, named in a note."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(name, "binary file (NUL bytes): not a text article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes as detect

    best = detect(data).best()
    if best is None:
        raise ReadError(name, "binary file: no text encoding fits it")
    text = str(best)
    if _control_share(text) > 0.05:
        raise ReadError(name, f"binary file: decodes as {best.encoding} only to control characters")
    return text, [f"not UTF-8: decoded as {best.encoding}"]


def guess_title(text: str) -> Optional[str]:
    """Return the first line when it stands alone before a blank line and reads as a headline."""
    first, sep, rest = text.partition("\n")
    if not sep or not rest.startswith("\n"):
        return None
    line = first.strip()
    if not line or len(line) > DEFAULT.headline_max_chars or len(line.split()) < 2:
        return None
    if _HEADLINE_END.search(line) or _DATELINE_START.match(line):
        return None
    return line


def _control_share(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t")
    return bad / max(1, len(sample))
