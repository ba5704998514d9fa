"""The filters users ask for, shared by `dateline export`, the web API and Python callers."""

from __future__ import annotations

import datetime as dt
import functools
import re
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
    source_country, target_country: the code of the event's source or target
             actor only (a dyad is both); source_sector, target_sector: its
             CAMEO-style sector (GOV, MIL, REB, IGO...). Events only.
    place:   a place's name, case-insensitive, whole (event place; place
             mentions; for articles: any place mentioned).
    type:    event type (PLOVER), quote kind or entity type, by table.
    Codes and types may be comma lists ("ASSAULT,COERCE"): any of them matches.
    outlet:  the article's outlet (record.source), case-insensitive.
    since, until: YYYY-MM-DD (or YYYY-MM, YYYY), inclusive: events whose period
             (date to date_end) overlaps the range; else the article's publication date.
    q:       words that must all occur (full-text search over article text and quotes).
    negated: also keep negated event reports (left out by default).
    role:    place mentions of these roles (literal, acting, modifier, demonym; a
             comma list), or "any" for all; unset: literal places only (docs/places.md).
    """

    actor: Optional[str] = None
    country: Optional[str] = None
    type: Optional[str] = None
    outlet: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    q: Optional[str] = None
    negated: bool = False
    source_country: Optional[str] = None
    target_country: Optional[str] = None
    source_sector: Optional[str] = None
    target_sector: Optional[str] = None
    place: Optional[str] = None
    role: Optional[str] = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and first_day(value) is None:
                raise StoreError(f"{name}={value!r}: not a date: use YYYY-MM-DD (or YYYY-MM, YYYY)")
        for name in CODE_FILTERS:
            value = getattr(self, name)
            if value:
                object.__setattr__(self, name, ",".join(check_codes(name, value)))
        if self.role:
            object.__setattr__(self, "role", ",".join(check_roles(self.role)))

    @classmethod
    def from_mapping(cls, data: dict) -> "Filters":
        """Return Filters from a dict (query string, CLI options), ignoring unknown keys and blanks."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known and v not in (None, "")})

    def as_dict(self) -> dict:
        """Return the filters that are set."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) not in (None, False)}


# Filters whose values are country, organisation or sector codes (comma lists allowed).
CODE_FILTERS = ("country", "source_country", "target_country", "source_sector", "target_sector")
# A sector code (GOV, MIL, REB, IGO...: CAMEO agent types).
SECTOR = re.compile(r"[A-Z]{3}")


def check_codes(name: str, value: str) -> list:
    """Return the upper-case codes of a comma list, or raise StoreError naming the bad one."""
    codes = split_values(value.upper())
    for code in codes:
        known = SECTOR.fullmatch(code) if name.endswith("sector") else code in actor_codes()
        if not known:
            what = "sector (GOV, MIL, REB...)" if name.endswith("sector") else (
                "country (ISO 3166-1 alpha-3, UKR) or organisation (NATO, UNO, EUR)")
            raise StoreError(f"{name}: {code!r} is not a {what} code")
    return codes


# The columns each list can be sorted on (`sort=name`, `sort=-name` for descending).
SORTS = {
    "events": ("date", "type", "source_name", "target_name", "place_name", "n_reports",
               "n_sources"),
    "quotes": ("published", "speaker_name", "kind", "outlet", "text"),
    "articles": ("published", "title", "outlet", "n_entities", "n_quotes", "n_events"),
    "entities": ("name", "type", "country", "articles", "mentions"),
    "places": ("name", "country", "feature", "latitude", "longitude", "role", "mentions",
               "articles"),
    "speakers": ("name", "quotes", "articles", "first", "last"),
}


def check_sort(value: Optional[str], kind: str) -> Optional[tuple]:
    """Return (column, descending) of a sort value ("n_reports", "-n_reports") for the list
    `kind`, or None for the list's own order; raise StoreError naming the columns it sorts on."""
    value = (value or "").strip()
    if not value:
        return None
    column, allowed = value.lstrip("-"), SORTS.get(kind, ())
    if column not in allowed:
        raise StoreError(f"sort: {value!r}: " + (
            f"this list sorts on {', '.join(allowed)} (- before the name for descending)" if allowed
            else f"{kind} come in their own order; sort one of {', '.join(SORTS)}"))
    return column, value.startswith("-")


# The roles of a stored place mention (dateline.stages.place_roles; in_name mentions are
# never output), and the role filter's word for all of them.
PLACE_ROLES = ("literal", "acting", "modifier", "demonym")
ANY_ROLE = "any"


def check_roles(value: str) -> list:
    """Return the lower-case roles of a comma list (["any"] when it names any), or raise
    StoreError naming the bad one."""
    roles = split_values(value.lower())
    for role in roles:
        if role not in PLACE_ROLES + (ANY_ROLE,):
            raise StoreError(f"role: {role!r} is not a place role; use {', '.join(PLACE_ROLES)} "
                             f"or {ANY_ROLE}")
    return [ANY_ROLE] if ANY_ROLE in roles else roles


@functools.cache
def actor_codes() -> frozenset:
    """Return the codes an actor's or place's country can have: ISO 3166-1 alpha-3, Kosovo's
    XKX, the organisation table's codes (NATO, UNO, EUR...) and the groups table's (IMG)."""
    import pycountry

    from ..countries import organizations
    from ..resources import load_table

    return frozenset({c.alpha_3 for c in pycountry.countries} | {"XKX"}
                     | {code for code, _, _ in organizations().values()}
                     | {row[1] for row in load_table("groups.tsv")})


def split_values(value: Optional[str]) -> list:
    """Return the items of a comma list, stripped, without blanks ("A, B" -> ["A", "B"])."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def first_day(value: str) -> Optional[dt.date]:
    """Return the first day of a date, month or year written YYYY-MM-DD, YYYY-MM or YYYY, or None
    when the value is not one (the one reading of the since/until bounds: store, CLI and web)."""
    parts = value.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4
            and all(len(p) == 2 for p in parts[1:])):
        return None
    year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_bounds(f: Filters) -> tuple:
    """Return (since, until) as comparable YYYY-MM-DD strings (partial dates widened)."""
    since = f.since
    until = f.until
    if until and len(until) < 10:
        until = until + "-99" * ((10 - len(until)) // 3)  # "2022-03" -> "2022-03-99"
    return since, until
