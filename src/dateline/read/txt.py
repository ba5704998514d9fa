"""Plain-text articles: the file decoded as UTF-8 (or detected), CRLF -> LF, nothing else changed."""

from __future__ import annotations

import codecs
import re
import threading
from pathlib import Path
from typing import Iterator, Optional

from ..errors import ReadError
from ..model import Article
from ..settings import DEFAULT, Settings

_HEADLINE_END = re.compile(r"[.:;,]$")
_DATELINE_START = re.compile(r"^[A-Z][A-Z .'-]+,.*(—|--| - )")


def read(path: Path, settings: Settings = DEFAULT) -> Iterator[Article]:
    from . import read_capped

    yield from_bytes(read_capped(path, settings), str(path), path=str(path))


def from_bytes(data: bytes, name: str, path: Optional[str]) -> Article:
    """Return the Article in `data`, or raise ReadError saying why it is not one."""
    text, notes, encoding, replaced = decode(data, name)
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise ReadError(name, "empty file: no text to analyse")
    return Article(text=text, title=guess_title(text), path=path, notes=notes,
                   encoding=encoding, bytes_replaced=replaced)


def decode(data: bytes, name: str) -> tuple:
    """Return (text, notes, encoding, bytes replaced by U+FFFD), deciding the encoding honestly.

    UTF-8 when valid, and also when its valid multi-byte characters outnumber
    the bad bytes (a stray byte in a UTF-8 file is replaced, not taken as a sign
    of another encoding). Text with a few high bytes and no UTF-8 character is
    Windows-1252 (Latin-1 as written in practice). Only text dense in high bytes
    (Cyrillic, Greek, Central European, UTF-16) is left to charset_normalizer.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(name, "binary file (NUL bytes): not a text article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text, bad = decode_utf8(data)
    if not bad:
        return text, [], "utf-8", 0
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        wide = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
        if wide >= bad:
            return text, [f"UTF-8 with {bad} invalid byte(s): replaced by U+FFFD"], "utf-8", bad
        if len(_HIGH_BYTES.findall(data)) <= LEGACY_SPARSE * len(data):
            return (data.decode("cp1252", "dateline-latin1"),
                    ["not UTF-8: decoded as cp1252 (few non-ASCII bytes, none of them UTF-8)"],
                    "cp1252", 0)
    from charset_normalizer import from_bytes as detect

    best = detect(data).best()
    if best is None:
        raise ReadError(name, "binary file: no text encoding fits it")
    text = str(best)
    if _control_share(text) > 0.05:
        raise ReadError(name, f"binary file: decodes as {best.encoding} only to control characters")
    return text, [f"not UTF-8: decoded as {best.encoding}"], best.encoding, 0


def decode_utf8(data: bytes) -> tuple:
    """Return (text, bytes replaced): `data` as UTF-8, each invalid byte counted and replaced by U+FFFD."""
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    _BAD.count = 0
    text = data.decode("utf-8", "dateline-count")
    return text, _BAD.count


def _replace_counting(exc: UnicodeDecodeError) -> tuple:
    _BAD.count += exc.end - exc.start
    return "\ufffd", exc.end


def _latin1(exc: UnicodeDecodeError) -> tuple:
    """The five bytes cp1252 leaves undefined, read as Latin-1 (control characters) as browsers do."""
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


_BAD = threading.local()
codecs.register_error("dateline-count", _replace_counting)
codecs.register_error("dateline-latin1", _latin1)
_NON_ASCII = re.compile("[^\x00-\x7f]")
_HIGH_BYTES = re.compile(b"[\x80-\xff]")
# Legacy text whose high bytes are at most this share of all bytes is taken as cp1252 (English
# with a few accented names); denser text is left to detection.
LEGACY_SPARSE = 0.05


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
