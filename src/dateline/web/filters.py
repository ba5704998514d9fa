"""The filters of the API and pages: parsed from query parameters, checked, and
turned into SQLAlchemy conditions (bound parameters only, never joined strings).

A bad parameter raises `BadParameter`, which the app answers with 422 and a
message naming the parameter and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlencode

from ..errors import DatelineError, StoreError
from ..store.filters import (CODE_FILTERS, SORTS, Filters, check_codes, check_roles, check_sort, first_day,
                             split_values)

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
BUCKETS = ("day", "week", "month", "year")
PAGING = ("page", "per_page")


class BadParameter(DatelineError):
    """A query parameter the API cannot use; answered with HTTP 422."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"{name}: {message}")


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


FILTER_NAMES = ("q", "actor", "type", "country", "outlet", "since", "until",
                "source_country", "target_country", "source_sector", "target_sector", "place")
# Filters only some lists take, by list: the others answer 422 to them.
LIST_FILTERS = {"places": ("role",)}
# Filters that take several values, repeated (type=A&type=B) or as a comma list (type=A,B).
MULTI_VALUED = ("type", "role") + CODE_FILTERS
QUOTE_KINDS = ("direct", "partial", "indirect")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
PLACE_FEATURES = ("city", "admin", "country", "region", "physical")


def parse_filters(params, kind: str = "events") -> Filters:
    """Return the Filters of a query-parameter mapping for a list of `kind` (events, quotes,
    entities, places, articles), or raise BadParameter saying which is wrong and why."""
    values = {name: read_value(params, name) for name in FILTER_NAMES + LIST_FILTERS.get(kind, ())}
    if values.get("role"):
        values["role"] = check_role(values["role"])
    if values["type"]:
        values["type"] = ",".join(check_type(v, kind) for v in split_values(values["type"]))
    for name in CODE_FILTERS:
        if values[name]:
            values[name] = check_country(values[name], name)
    for name in ("since", "until"):
        if values[name]:
            values[name] = check_date(name, values[name])
    if values["since"] and values["until"] and values["since"][:len(values["until"])] > values["until"]:
        raise BadParameter("since", f"{values['since']} is after until={values['until']}: swap them")
    for name in ("q", "actor", "outlet", "place"):
        if values[name] and len(values[name]) > 200:
            raise BadParameter(name, "longer than 200 characters: shorten it")
    return Filters(**values)


def read_value(params, name: str) -> Optional[str]:
    """Return a parameter's value, stripped; a multi-valued filter given several times comes
    back as one comma list."""
    many = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    given = [v.strip() for v in many if v and v.strip()]
    if len(given) > 1 and name not in MULTI_VALUED:
        raise BadParameter(name, "given more than once; it takes one value")
    return ",".join(given) or None


def parse_sort(params, kind: str) -> Optional[tuple]:
    """Return (column, descending) of the `sort` parameter of a list, or None for its
    default order; raise BadParameter for a column the list cannot be sorted on."""
    try:
        return check_sort(params.get("sort"), kind)
    except StoreError as exc:
        raise BadParameter("sort", str(exc).split(": ", 1)[1]) from None


def parse_paging(params: dict, max_per_page: int, default_per_page: int) -> Paging:
    """Return the page number and size, the size capped at `max_per_page`."""
    page = check_int("page", params.get("page"), 1, 1, 10_000_000)
    per_page = check_int("per_page", params.get("per_page"), default_per_page, 1, max_per_page)
    return Paging(page=page, per_page=per_page)


def check_unknown(params, allowed: tuple) -> None:
    """Raise BadParameter for a parameter the endpoint does not take (a misspelt filter
    would otherwise be silently ignored and return everything)."""
    for name in params:
        if name not in allowed:
            raise BadParameter(name, f"unknown parameter; this endpoint takes {', '.join(allowed)}")


def check_type(value: str, kind: str = "events") -> str:
    """Return the type filter of a list (PLOVER type for events and articles, quote kind,
    entity type, place feature), normalised, or raise BadParameter."""
    allowed = {"quotes": QUOTE_KINDS, "entities": ENTITY_TYPES, "places": PLACE_FEATURES}.get(
        kind, EVENT_TYPES)
    wanted = value.lower() if allowed[0].islower() else value.upper()
    if wanted not in allowed:
        what = {"quotes": "quote kind", "entities": "entity type", "places": "place feature"}.get(
            kind, "PLOVER event type")
        raise BadParameter("type", f"{value!r} is not a {what}; use one of {', '.join(allowed)}")
    return wanted


def check_country(value: str, name: str = "country") -> str:
    """Return a comma list of country, organisation (NATO, UNO) or sector codes in upper
    case, the way `dateline export` takes them, or raise BadParameter."""
    return _checked_list(name, lambda: check_codes(name, value))


def check_role(value: str) -> str:
    """Return a comma list of place roles (or "any") in lower case, or raise BadParameter."""
    return _checked_list("role", lambda: check_roles(value))


def _checked_list(name: str, check) -> str:
    """Return the comma list a store check returns, its StoreError ("name: why") as BadParameter."""
    try:
        return ",".join(check())
    except StoreError as exc:
        raise BadParameter(name, str(exc).split(": ", 1)[1]) from None


def check_date(name: str, value: str) -> str:
    """Return a date YYYY-MM-DD (or a month YYYY-MM, or a year YYYY), or raise BadParameter."""
    if first_day(value) is not None:
        return value
    raise BadParameter(name, f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")


def check_bucket(value: Optional[str]) -> str:
    """Return the timeline bucket (day, week, month or year), or raise BadParameter."""
    value = (value or "month").lower()
    if value not in BUCKETS:
        raise BadParameter("bucket", f"{value!r} is not one of {', '.join(BUCKETS)}")
    return value


def check_int(name: str, value, default: int, low: int, high: int) -> int:
    """Return an integer parameter within [low, high], or raise BadParameter."""
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadParameter(name, f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise BadParameter(name, f"{number} is out of range; use {low} to {high}")
    return number


class Query:
    """The current page's query string, with helpers to change one parameter in templates."""

    def __init__(self, params):
        # Repeated parameters (type=A&type=B) are kept as one comma list, as filters read them.
        items = params.multi_items() if hasattr(params, "multi_items") else params.items()
        self.params = {}
        for k, v in items:
            if v not in (None, ""):
                self.params[k] = f"{self.params[k]},{v}" if k in self.params else v

    def with_(self, name: str, value) -> str:
        """Return the query string with `name` set to `value` (and the page reset unless it is the page)."""
        params = dict(self.params)
        if name != "page":
            params.pop("page", None)
        params[name] = value
        return urlencode(params)

    def without(self, *names: str) -> str:
        """Return the query string without the given parameters."""
        return urlencode({k: v for k, v in self.params.items() if k not in names})

    def sorted_by(self, column: str) -> str:
        """Return the query string sorting on `column`: ascending first, descending when the
        list is already sorted on it ascending."""
        return self.with_("sort", f"-{column}" if self.params.get("sort") == column else column)

    def __str__(self) -> str:
        return urlencode(self.params)
