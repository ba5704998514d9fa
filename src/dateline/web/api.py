"""The JSON API: lists with the filters of `export`, pages, facets, exports, one item each.

Query parameters are declared for the OpenAPI schema and checked by
`filters.parse_filters`; a bad one gets 422 naming it and saying why.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from ..store.export import neutral
from .filters import (FILTER_NAMES, LIST_FILTERS, PAGING, check_bucket, check_unknown,
                      parse_filters, parse_paging, parse_sort)

router = APIRouter(prefix="/api", tags=["api"])


class RowsResponse(JSONResponse):
    """JSON of a page of plain rows, written directly: FastAPI's jsonable_encoder pass over
    a 50-row page took longer than its query. Dates are ISO 8601, as that pass writes them."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=iso_format).encode("utf-8")


def iso_format(value) -> str:
    """Return a date or datetime as ISO 8601 text (json.dumps calls this for other types)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")

def filter_doc(
    q: Optional[str] = Query(None, description="Words that must all occur (full-text search; "
                                               "\"a phrase\" in double quotes; for quotes: "
                                               "the quote's own words, best match first)."),
    actor: Optional[str] = Query(None, description="Part of an actor's name, any case."),
    type: Optional[str] = Query(None, description="PLOVER type (events, articles), quote kind, "
                                                   "entity type or place feature; several: "
                                                   "repeat it or give a comma list."),
    country: Optional[str] = Query(None, description="ISO 3166-1 alpha-3 or organisation code "
                                                     "(NATO, UNO); comma list for several."),
    source_country: Optional[str] = Query(None, description="Events: the source actor's "
                                                            "country or organisation code."),
    target_country: Optional[str] = Query(None, description="Events: the target actor's "
                                                            "country or organisation code."),
    source_sector: Optional[str] = Query(None, description="Events: the source actor's sector "
                                                           "(GOV, MIL, REB, IGO...)."),
    target_sector: Optional[str] = Query(None, description="Events: the target actor's sector."),
    place: Optional[str] = Query(None, description="A place's name, whole, any case."),
    outlet: Optional[str] = Query(None, description="The article's outlet, any case."),
    since: Optional[str] = Query(None, description="YYYY-MM-DD, YYYY-MM or YYYY, inclusive."),
    until: Optional[str] = Query(None, description="YYYY-MM-DD, YYYY-MM or YYYY, inclusive."),
):
    """Declare the filter parameters (for the OpenAPI schema); values are read by parse_filters."""


def role_doc(role: Optional[str] = Query(None, description="Places: literal, acting, modifier, "
                                                           "demonym (comma list) or any; "
                                                           "unset: literal places only.")):
    """Declare the role filter of the places lists (for the OpenAPI schema)."""


# The OpenAPI declarations of the filters only some lists take (filters.LIST_FILTERS).
LIST_FILTER_DOCS = {"places": [Depends(role_doc)]}


def paging_doc(page: Optional[str] = Query(None, description="Page number, from 1."),
               per_page: Optional[str] = Query(None, description="Rows per page (capped)."),
               sort: Optional[str] = Query(None, description="A column to sort on, - before it "
                                                             "for descending (sort=-n_reports).")):
    """Declare the paging and sorting parameters (for the OpenAPI schema)."""


def sort_doc(sort: Optional[str] = Query(None, description="A column to sort on, - before it "
                                                           "for descending.")):
    """Declare the sort parameter of exports (for the OpenAPI schema)."""


def filters_for(request: Request, kind: str, extra: tuple = ()):
    """Return the request's Filters for a list of `kind`, rejecting unknown parameters."""
    check_unknown(request.query_params, FILTER_NAMES + LIST_FILTERS.get(kind, ()) + PAGING + extra)
    return parse_filters(request.query_params, kind)


def sort_for(request: Request, kind: str):
    return parse_sort(request.query_params, kind)


def paging_for(request: Request):
    settings = request.app.state.settings
    return parse_paging(request.query_params, settings.web_max_page_size, settings.web_page_size)


def queries(request: Request):
    return request.app.state.queries


@router.get("/stats", summary="Counts of stored articles, events, quotes, entities and places")
def stats(request: Request) -> dict:
    return queries(request).totals()


@router.get("/timeline", dependencies=[Depends(filter_doc)],
            summary="Events per day, week, month or year, by type")
def timeline(request: Request, bucket: Optional[str] = Query(None, description="day, week, month or year")):
    f = filters_for(request, "events", extra=("bucket",))
    return queries(request).timeline(f, check_bucket(bucket))


@router.get("/events/points", dependencies=[Depends(filter_doc)],
            summary="Located events of the filtered view, for the map")
def event_points(request: Request) -> dict:
    f = filters_for(request, "events")
    limit = request.app.state.settings.web_map_max_points
    rows = queries(request).event_points(f, limit + 1)
    return {"truncated": len(rows) > limit, "points": rows[:limit]}


def add_list_routes(kind: str, what: str) -> None:
    """Add GET /api/<kind> (a page), /api/<kind>/facets and /api/<kind>.csv|.json (export)."""

    def list_rows(request: Request) -> dict:
        f = filters_for(request, kind, extra=("sort",))
        page = queries(request).list(kind, f, paging_for(request), sort_for(request, kind))
        return RowsResponse({"filters": f.as_dict(), **page.to_dict()})

    def facets(request: Request) -> dict:
        return queries(request).facets(kind, filters_for(request, kind))

    def export_rows(request: Request, fmt: str) -> Response:
        return export(request, kind, fmt)

    docs = [Depends(filter_doc)] + LIST_FILTER_DOCS.get(kind, [])
    router.add_api_route(f"/{kind}", list_rows, methods=["GET"], name=f"api_{kind}",
                         dependencies=docs + [Depends(paging_doc)], summary=what)
    router.add_api_route(f"/{kind}/facets", facets, methods=["GET"], name=f"api_{kind}_facets",
                         dependencies=docs, summary=f"Counts of the filtered {kind} per facet")
    router.add_api_route(f"/{kind}.{{fmt}}", export_rows, methods=["GET"], name=f"export_{kind}",
                         dependencies=docs + [Depends(sort_doc)],
                         summary=f"Export every filtered row of {kind} (csv or json)")


# Lists first: their /facets paths must win over the /{id} paths below.
add_list_routes("events", "Events (grouped reports), newest first")
add_list_routes("quotes", "Quotes, newest article first")
add_list_routes("articles", "Articles (metadata and counts), newest first")
add_list_routes("entities", "Entities grouped by name, type and country, most articles first")
add_list_routes("places", "Places grouped by name and location, most mentions first")


@router.get("/events/{event_id}", summary="One event with every report of it and its evidence")
def get_event(request: Request, event_id: str) -> dict:
    check_unknown(request.query_params, ())
    return found(queries(request).event(event_id), "event", event_id)


@router.get("/speakers", dependencies=[Depends(filter_doc), Depends(paging_doc)],
            summary="Speakers ranked by number of quotes (filters as for quotes)")
def list_speakers(request: Request) -> dict:
    f = filters_for(request, "quotes", extra=("sort",))
    page = queries(request).speakers(f, paging_for(request), sort_for(request, "speakers"))
    return {"filters": f.as_dict(), **page.to_dict()}


@router.get("/speakers/{name:path}", summary="A speaker's quotes over time")
def get_speaker(request: Request, name: str) -> dict:
    check_unknown(request.query_params, ())
    result = queries(request).speaker(name)
    return found(result if result["quotes"] else None, "speaker", name)


@router.get("/articles/{article_id:path}", summary="One article's record: text, entities, quotes, "
                                               "places and event reports")
def get_article(request: Request, article_id: str) -> dict:
    check_unknown(request.query_params, ())
    return found(queries(request).article(article_id), "article", article_id)


def found(item, what: str, key: str):
    """Return the item, or raise 404 naming what was not found."""
    if item is None:
        raise HTTPException(404, f"no {what} {key!r} in this store")
    return item


def export(request: Request, kind: str, fmt: str) -> Response:
    """Return the filtered rows of `kind` as a CSV or JSON download."""
    if fmt not in ("csv", "json"):
        raise HTTPException(404, f"no export format {fmt!r}: use .csv or .json")
    f = filters_for(request, kind, extra=("sort",))
    rows = queries(request).export(kind, f, request.app.state.settings.web_export_max_rows,
                                   sort_for(request, kind))
    headers = {"Content-Disposition": f'attachment; filename="dateline-{kind}.{fmt}"'}
    if fmt == "json":
        return Response(json.dumps(rows, ensure_ascii=False, default=str),
                        media_type="application/json", headers=headers)
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)


def to_csv(rows: list) -> str:
    """Return rows (dicts with the same keys) as CSV text with a header line."""
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({key: neutral(value) for key, value in row.items()} for row in rows)
    return out.getvalue()

