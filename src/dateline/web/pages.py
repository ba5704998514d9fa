"""The HTML pages: server-rendered with Jinja2 (autoescaped), a few small scripts for the
timeline and the map. Each list page takes the API's filters and offers its export."""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote as urlquote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ..store.filters import ANY_ROLE, PLACE_ROLES
from .api import filters_for, paging_for, queries, sort_for
from .filters import (ENTITY_TYPES, EVENT_TYPES, PLACE_FEATURES, QUOTE_KINDS, SORTS, Query,
                      check_unknown)
from .highlight import highlight, marked_hits, record_marks

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

TYPE_OPTIONS = {"events": EVENT_TYPES, "articles": EVENT_TYPES, "quotes": QUOTE_KINDS,
                "entities": ENTITY_TYPES, "places": PLACE_FEATURES}

# Columns of each list page: (row key, heading, link maker or None).
COLUMNS = {
    "events": [("date", "Date", None), ("type", "Type", lambda r: f"/events/{urlquote(r['event_id'])}"),
               ("source_name", "Source", None), ("target_name", "Target", None),
               ("place_name", "Place", None), ("n_reports", "Reports", None),
               ("n_sources", "Outlets", None)],
    "quotes": [("published", "Date", None),
               ("speaker_name", "Speaker",
                lambda r: r["speaker_name"] and f"/speakers/{urlquote(r['speaker_name'], safe='')}"),
               ("text", "Quote", lambda r: f"/articles/{urlquote(r['article_id'])}#q{r['n']}"),
               ("kind", "Kind", None), ("outlet", "Outlet", None)],
    "articles": [("published", "Date", None), ("title", "Title", lambda r: f"/articles/{urlquote(r['id'])}"),
                 ("outlet", "Outlet", None), ("n_entities", "Entities", None),
                 ("n_quotes", "Quotes", None), ("n_events", "Events", None)],
    "entities": [("name", "Name", lambda r: f"/articles?actor={urlquote(r['name'])}"),
                 ("type", "Type", None), ("country", "Country", None),
                 ("articles", "Articles", None), ("mentions", "Mentions", None)],
    "places": [("name", "Name", lambda r: r["name"] and f"/articles?place={urlquote(r['name'])}"),
               ("country", "Country", None), ("feature", "Feature", None),
               ("latitude", "Lat", None), ("longitude", "Lon", None), ("role", "Role", None),
               ("mentions", "Mentions", None), ("articles", "Articles", None)],
    "speakers": [("name", "Speaker", lambda r: f"/speakers/{urlquote(r['name'], safe='')}"),
                 ("quotes", "Quotes", None), ("articles", "Articles", None),
                 ("first", "First", None), ("last", "Last", None)],
}
# Facet column -> (heading, the filter parameter a click on a value sets).
FACETS = {"type": ("Type", "type"), "kind": ("Kind", "type"), "feature": ("Feature", "type"),
          "source_country": ("Source country", "source_country"),
          "target_country": ("Target country", "target_country"),
          "source_sector": ("Source sector", "source_sector"),
          "target_sector": ("Target sector", "target_sector"), "country": ("Country", "country"),
          "speaker_country": ("Speaker country", "country"), "speaker_name": ("Speaker", "actor"),
          "outlet": ("Outlet", "outlet")}
TITLES = {"events": "Events", "quotes": "Quotes", "articles": "Articles", "entities": "Entities",
          "places": "Places", "speakers": "Who said what: top speakers"}


def render(request: Request, template: str, **context) -> HTMLResponse:
    """Return a page rendered from a template (Jinja2 autoescape is on for .html)."""
    return request.app.state.templates.TemplateResponse(request, template, context)


def cells(kind: str, rows: list) -> list:
    """Return each row as a list of (text, link or None) in the kind's column order; a
    searched quote's text shows the words found marked."""
    return [[(shown(row, key), link(row) if link else None) for key, _, link in COLUMNS[kind]]
            for row in rows]


def shown(row: dict, key: str):
    return marked_hits(row["hits"]) if key == "text" and row.get("hits") else row.get(key)


def list_page(request: Request, kind: str, filter_kind: Optional[str] = None) -> HTMLResponse:
    """Return a list page: filter form, facets with counts, one page of rows, export links."""
    filter_kind = filter_kind or kind
    f = filters_for(request, filter_kind, extra=("sort",))
    q, sort = queries(request), sort_for(request, kind)
    page = (q.speakers(f, paging_for(request), sort) if kind == "speakers"
            else q.list(kind, f, paging_for(request), sort))
    return render(request, "list.html", kind=kind, title=TITLES[kind], filters=f,
                  query=Query(request.query_params), page=page, sort=sort, sortable=SORTS[kind],
                  headings=[(key, h) for key, h, _ in COLUMNS[kind]], rows=cells(kind, page.rows),
                  facets=facet_groups(q.facets(filter_kind, f)), type_options=TYPE_OPTIONS[filter_kind],
                  export_kind=filter_kind, role_options=PLACE_ROLES + (ANY_ROLE,))


def facet_groups(facets: dict) -> list:
    """Return [(heading, filter parameter, rows)] for the facets that map onto a filter."""
    return [(*FACETS[name], rows) for name, rows in facets.items() if name in FACETS]


@router.get("/", name="overview")
def overview(request: Request):
    f = filters_for(request, "events", extra=("bucket",))
    return render(request, "overview.html", totals=queries(request).totals(), filters=f,
                  type_options=EVENT_TYPES, query=Query(request.query_params))


@router.get("/events", name="events_page")
def events_page(request: Request):
    return list_page(request, "events")


@router.get("/events/{event_id}", name="event_page")
def event_page(request: Request, event_id: str):
    check_unknown(request.query_params, ())
    event = queries(request).event(event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r} in this store")
    return render(request, "event.html", event=event)


@router.get("/map", name="map_page")
def map_page(request: Request):
    f = filters_for(request, "events")
    return render(request, "map.html", filters=f, type_options=EVENT_TYPES,
                  query=Query(request.query_params))


@router.get("/speakers", name="speakers_page")
def speakers_page(request: Request):
    return list_page(request, "speakers", filter_kind="quotes")


@router.get("/speakers/{name:path}", name="speaker_page")
def speaker_page(request: Request, name: str):
    check_unknown(request.query_params, ())
    speaker = queries(request).speaker(name)
    if not speaker["quotes"]:
        raise HTTPException(404, f"no quotes by {name!r} in this store")
    peak = max(n for _, n in speaker["per_month"])
    return render(request, "speaker.html", speaker=speaker, peak=peak)


@router.get("/quotes", name="quotes_page")
def quotes_page(request: Request):
    return list_page(request, "quotes")


@router.get("/articles", name="articles_page")
def articles_page(request: Request):
    return list_page(request, "articles")


@router.get("/articles/{article_id:path}", name="article_page")
def article_page(request: Request, article_id: str):
    check_unknown(request.query_params, ())
    record = queries(request).article(article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r} in this store")
    marks = record_marks(record)
    most = request.app.state.settings.web_article_max_marks
    if len(marks) > most:  # bounded render time; the full record is one link away (the API)
        marks = sorted(marks, key=lambda m: (m.start, m.end))[:most]
    body = highlight(record["text"], marks)
    return render(request, "article.html", record=record, body=body,
                  capped=len(marks) < len(record_marks(record)) and most)


@router.get("/entities", name="entities_page")
def entities_page(request: Request):
    return list_page(request, "entities")


@router.get("/places", name="places_page")
def places_page(request: Request):
    return list_page(request, "places")
