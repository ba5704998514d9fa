"""The filters users ask for, shared by `dateline export`, the web API and Python callers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Optional

from ..errors import StoreError


@dataclass(frozen=True)
class Filters:
    """What to keep. Every field is optional; all given fields must hold.

    actor:   part of an actor's name, case-insensitive (event source or target,
             quote speaker, entity name; for articles: any entity).
    country: ISO 3166-1 alpha-3 or organisation code (event source, target or
             place; quote speaker; entity; for articles: any entity or place).
    type:    event type (PLOVER), quote kind or entity type, by table.
    outlet:  the article's outlet (record.source), case-insensitive.
    since, until: YYYY-MM-DD (or YYYY-MM, YYYY), inclusive: events whose period
             (date to date_end) overlaps the range; else the article's publication date.
    q:       words that must all occur (full-text search over article text and quotes).
    negated: also keep negated event reports (left out by default).
    """

    actor: Optional[str] = None
    country: Optional[str] = None
    type: Optional[str] = None
    outlet: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    q: Optional[str] = None
    negated: bool = False

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _is_date(value):
                raise StoreError(f"{name}={value!r}: not a date: use YYYY-MM-DD (or YYYY-MM, YYYY)")

    @classmethod
    def from_mapping(cls, data: dict) -> "Filters":
        """Return Filters from a dict (query string, CLI options), ignoring unknown keys and blanks."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known and v not in (None, "")})

    def as_dict(self) -> dict:
        """Return the filters that are set."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) not in (None, False)}


def _is_date(value: str) -> bool:
    parts = value.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4):
        return False
    year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def date_bounds(f: Filters) -> tuple:
    """Return (since, until) as comparable YYYY-MM-DD strings (partial dates widened)."""
    since = f.since
    until = f.until
    if until and len(until) < 10:
        until = until + "-99" * ((10 - len(until)) // 3)  # "2022-03" -> "2022-03-99"
    return since, until
