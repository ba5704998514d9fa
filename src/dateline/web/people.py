"""People and quotations: the identity views of the store, as JSON and as pages.

/api/people and /people list people (one per identity, see docs/identity.md) with
their numbers of quotes; /api/people/{id} and /people/{id} show one person's name
variants, title, country, a page of quotes and the events they are source or
target of. /api/quotations and /quotations list the texts quoted by one or more
articles; /api/quotations/{id} and /quotations/{id} show one with its occurrences.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ..store.filters import Filters
from ..store.store import Store
from .api import RowsResponse, filters_for, paging_for
from .filters import PAGING, check_unknown
from .pages import render

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
LIST_FILTERS = ("actor", "country", "q", "since", "until")


def store_of(request: Request) -> Store:
    """Return a Store over the app's engine (read-only use; never closed here)."""
    return Store(request.app.state.queries.engine, request.app.state.settings)


def list_of(request: Request, kind: str) -> dict:
    """Return a page of people or quotations with the filters that apply to them."""
    check_unknown(request.query_params, LIST_FILTERS + PAGING)  # type, outlet: not kept per person
    f = filters_for(request, "quotes")
    f = Filters(**{k: v for k, v in f.as_dict().items() if k in LIST_FILTERS})
    paging = paging_for(request)
    fetch = store_of(request).people if kind == "people" else store_of(request).quotations
    rows = fetch(f, limit=paging.per_page + 1, offset=paging.offset)
    return {"filters": f.as_dict(), "page": paging.page, "per_page": paging.per_page,
            "more": len(rows) > paging.per_page, "rows": rows[:paging.per_page]}


def person_of(request: Request, person_id: str) -> dict:
    """Return one person with a page of their quotes, or raise 404."""
    check_unknown(request.query_params, PAGING)
    paging = paging_for(request)
    person = store_of(request).person(person_id, limit=paging.per_page + 1, offset=paging.offset)
    if person is None:
        raise HTTPException(404, f"no person {person_id!r} in this store")
    more = len(person["quotes"]) > paging.per_page
    return {**person, "quotes": person["quotes"][:paging.per_page], "page": paging.page,
            "per_page": paging.per_page, "more": more}


def quotation_of(request: Request, quotation_id: str) -> dict:
    """Return one quotation with its occurrences, or raise 404."""
    check_unknown(request.query_params, ())
    occurrences = store_of(request).occurrences(quotation_id)
    if not occurrences:
        raise HTTPException(404, f"no quotation {quotation_id!r} in this store")
    return {"quotation_id": quotation_id, "text": occurrences[0]["text"],
            "first_seen": min((o["published"] for o in occurrences if o["published"]), default=None),
            "n_articles": len({o["article_id"] for o in occurrences}),
            "n_outlets": len({o["outlet"] or o["article_id"] for o in occurrences}),
            "occurrences": occurrences}


@api.get("/people", summary="People (one per identity), most quoted first")
def api_people(request: Request):
    return RowsResponse(list_of(request, "people"))


@api.get("/people/{person_id}", summary="One person: name variants, title, country, a page of "
                                         "quotes, events as source and as target")
def api_person(request: Request, person_id: str):
    return RowsResponse(person_of(request, person_id))


@api.get("/quotations", summary="Quotations (one per text, with its articles), most articles first")
def api_quotations(request: Request):
    return RowsResponse(list_of(request, "quotations"))


@api.get("/quotations/{quotation_id}", summary="One quotation and the articles that report it")
def api_quotation(request: Request, quotation_id: str):
    return RowsResponse(quotation_of(request, quotation_id))


@pages.get("/people", name="people_page")
def people_page(request: Request):
    return render(request, "people.html", result=list_of(request, "people"),
                  actor=request.query_params.get("actor", ""))


@pages.get("/people/{person_id}", name="person_page")
def person_page(request: Request, person_id: str):
    return render(request, "person.html", person=person_of(request, person_id))


@pages.get("/quotations", name="quotations_page")
def quotations_page(request: Request):
    return render(request, "quotations.html", result=list_of(request, "quotations"),
                  actor=request.query_params.get("actor", ""))


@pages.get("/quotations/{quotation_id}", name="quotation_page")
def quotation_page(request: Request, quotation_id: str):
    return render(request, "quotation.html", quotation=quotation_of(request, quotation_id))
