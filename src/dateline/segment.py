"""Segmentation: mark the non-body spans of an article (captions, credits,
datelines, bylines, "From <outlet>" lines, related links). Nothing is deleted:
spans are recorded in `boilerplate` and later stages skip them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from .model import Boilerplate
from .resources import load_lines, load_table
from .settings import DEFAULT, Settings

_CAPTION_START = re.compile(r"^\s*(?:FILE\s*[-—–]|In this (?:photo|image|handout)|Caption\s*:|"
                            r"This (?:photo|image) (?:taken|shows|released))", re.I)


@dataclass
class Segmentation:
    """What segment() found: boilerplate spans plus metadata they give."""

    boilerplate: list = field(default_factory=list)
    source: Optional[str] = None
    dateline: Optional[str] = None          # place part of the dateline: "KYIV, Ukraine"
    dateline_span: Optional[tuple] = None   # its offsets in the text


def segment(text: str, settings: Settings = DEFAULT) -> Segmentation:
    """Return the boilerplate spans of `text` and the outlet/dateline they give."""
    seg = Segmentation()
    lines = list(_lines(text))
    caption_lines = set()
    for index, (start, end, line) in enumerate(lines):
        if _mark_line(seg, start, end, line):
            continue
        if _mark_caption(seg, start, end, line, settings.caption_max_chars):
            caption_lines.add(index)
            continue
        _mark_dateline(seg, start, line)
    if seg.dateline is None:
        _mark_inline_dateline(seg, text)
    _mark_caption_titles(seg, lines, caption_lines)
    seg.boilerplate.sort(key=lambda b: (b.start, b.end))
    return seg


def in_boilerplate(spans: list, start: int, end: int) -> bool:
    """True when [start, end) overlaps any boilerplate span."""
    return any(b.start < end and start < b.end for b in spans)


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def _mark_line(seg: Segmentation, start: int, end: int, line: str) -> bool:
    if not line.strip():
        return False
    for kind, pattern in _line_patterns():
        match = pattern.search(line)
        if match:
            lead = len(line) - len(line.lstrip())
            seg.boilerplate.append(Boilerplate(kind, start + lead, _rstrip_end(line, start, end)))
            if "source" in pattern.groupindex and not seg.source:
                seg.source = match.group("source").strip().rstrip(".")
            return True
    return False


def _mark_caption(seg: Segmentation, start: int, end: int, line: str, max_chars: int) -> bool:
    credit = _inline_credit().search(line)
    if not credit and not _CAPTION_START.search(line):
        return False
    lead = len(line) - len(line.lstrip())
    if credit:
        lead = _caption_start(line, lead, credit.start(), max_chars)
        if credit.start() > lead:
            seg.boilerplate.append(Boilerplate("caption", start + lead, start + credit.start()))
        seg.boilerplate.append(Boilerplate("credit", start + credit.start(), start + credit.end()))
    else:
        seg.boilerplate.append(Boilerplate("caption", start + lead, _rstrip_end(line, start, end)))
    return True


def _caption_start(line: str, lead: int, credit: int, max_chars: int) -> int:
    """Return where the caption before a credit at `credit` starts: the line's start, or for a
    line longer than `max_chars` (a whole body with its caption run in) the first sentence within
    `max_chars` of the credit that speaks of a photo ("This is an undated photo released by..."),
    else the last sentence (the credit itself when no sentence starts there)."""
    if credit - lead <= max_chars:
        return lead
    starts = [m.end() for m in _SENTENCE_END.finditer(line, max(lead, credit - max_chars), credit)]
    for begin, finish in zip(starts, starts[1:] + [credit]):
        if _PHOTO_WORD.search(line, begin, finish):
            return begin
    return starts[-1] if starts else credit


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘']?[A-Z])")
_PHOTO_WORD = re.compile(r"\b(?:[Pp]hoto(?:graph)?|[Ii]mage|[Pp]icture|[Pp]ictured|[Ss]hown|[Pp]oses)\b")


def _mark_caption_titles(seg: Segmentation, lines: list, caption_lines: set) -> None:
    """A short headline-like line just above a caption is the image's title."""
    for index in caption_lines:
        prev = index - 1
        if prev < 0 or prev in caption_lines:
            continue
        start, end, line = lines[prev]
        words = line.split()
        if 0 < len(words) <= 12 and not line.rstrip().endswith((".", ":", "”", '"')) \
                and not in_boilerplate(seg.boilerplate, start, end):
            lead = len(line) - len(line.lstrip())
            seg.boilerplate.append(Boilerplate("caption", start + lead, _rstrip_end(line, start, end)))


def _mark_dateline(seg: Segmentation, start: int, line: str) -> None:
    if seg.dateline is not None:
        return
    match = _dateline().match(line)
    if match and _looks_like_dateline(match):
        _take_dateline(seg, match, start)


def _take_dateline(seg: Segmentation, match: re.Match, offset: int = 0) -> None:
    """Record a dateline match (of text starting at `offset`): its place and its boilerplate span."""
    seg.dateline = match.group("place").strip()
    seg.dateline_span = (offset + match.start("place"), offset + match.end("place"))
    seg.boilerplate.append(Boilerplate("dateline", offset + match.start(), offset + match.end()))


# How far into a text a dateline inside a line may start: after a headline (and a byline).
INLINE_DATELINE_CHARS = 400


def inline_dateline(text: str) -> Optional[re.Match]:
    """Return the dateline that opens the body inside a line, as in text that has lost its line
    breaks ("... for Ukraine BRUSSELS (Reuters) — NATO defence ministers ..."), else None.

    It must start within INLINE_DATELINE_CHARS of the text's start, after a space (not at a
    line's start: the line rule has those), with an upper-case place. Inside a line an
    upper-case word before a dash is common ("sanctions on NATO — Allies ..."), so it also
    needs a wire service in parentheses, or a dash (or a hyphen between spaces), a capital
    after it and a place that is surely one: with a region ("DECATUR, Ill. —") or a gazetteer
    place of INLINE_PLACE_PEOPLE.
    """
    for match in _inline_dateline().finditer(text, 0, INLINE_DATELINE_CHARS + 200):
        if match.start() > INLINE_DATELINE_CHARS:
            return None
        line = text.rfind("\n", 0, match.start()) + 1
        if _dateline().match(text[line:match.end()]):  # the line rule's: "LOS ANGELES (AP)" from "ANGELES"
            continue
        if _looks_like_dateline(match) and (match.group("agency") or _dash_dateline(text, match)):
            return match
    return None


# The least population of a dateline place written without a wire service, inside a line.
INLINE_PLACE_PEOPLE = 50_000


def _dash_dateline(text: str, match: re.Match) -> bool:
    if not text[match.start():match.end()].rstrip().endswith(("—", "–", "--", " -")):
        return False
    if not text[match.end():match.end() + 1].isupper():
        return False
    place = match.group("place")
    if "," in place:
        return True
    from .gazetteer import open_gazetteer  # only here: segmentation needs no index otherwise

    entries = open_gazetteer().lookup(place.strip().title())
    return max((entry.population or 0 for entry, _ in entries), default=0) >= INLINE_PLACE_PEOPLE


def _mark_inline_dateline(seg: Segmentation, text: str) -> None:
    match = inline_dateline(text)
    if match:
        _take_dateline(seg, match)


def _looks_like_dateline(match: re.Match) -> bool:
    head = match.group("place").split(",")[0]
    letters = [c for c in head if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _rstrip_end(line: str, start: int, end: int) -> int:
    return start + len(line.rstrip())


@functools.cache
def _line_patterns():
    return [(kind, re.compile(rx)) for kind, rx, *_ in load_table("boilerplate.tsv")]


@functools.cache
def _inline_credit():
    return re.compile(load_lines("inline_credit.txt")[0])


@functools.cache
def _dateline():
    return re.compile(load_lines("dateline.txt")[0])


@functools.cache
def _inline_dateline():
    # The same pattern after a space inside a line: "[ \t]" (not "\s"), so never at a line's start.
    return re.compile(r"(?<=[ \t])" + load_lines("dateline.txt")[0].removeprefix("^"))
