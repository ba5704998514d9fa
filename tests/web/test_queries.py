"""Web queries: totals of filtered views are counted once per view and kept for a while."""

import sqlalchemy as sa

from dateline.store import Filters
from dateline.web.app import open_read_only
from dateline.web.filters import Paging
from dateline.web.queries import WebQueries


def counting(engine: sa.Engine) -> list:
    """Return a list that collects the COUNT statements run on `engine`."""
    seen = []

    def note(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT COUNT(*)"):
            seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", note)
    return seen


def test_total_is_counted_once_per_view(web_db):
    queries = WebQueries(open_read_only(str(web_db)), count_seconds=60)
    seen = counting(queries.engine)
    first = queries.list("events", Filters(), Paging(page=1, per_page=1))  # full pages: counted
    second = queries.list("events", Filters(), Paging(page=2, per_page=1))
    assert len(seen) == 1
    assert first.total == second.total > 1
    consults = queries.list("events", Filters(type="CONSULT"), Paging(page=1, per_page=1))
    assert len(seen) == 2 and consults.total < first.total


def test_totals_are_exact_whether_remembered_counted_or_read_off_the_last_page(web_db):
    kept = WebQueries(open_read_only(str(web_db)), count_seconds=60)
    fresh = WebQueries(open_read_only(str(web_db)), count_seconds=0)
    seen = counting(fresh.engine)
    for f in (Filters(), Filters(type="THREATEN"), Filters(country="RUS"), Filters(q="Paris"),
              Filters(outlet="nobody"), Filters(since="2022-03")):
        every = len(kept.export("events", f, 1000))
        for paging in (Paging(1, 1), Paging(2, 1), Paging(1, 2), Paging(2, 2), Paging(1, 50),
                       Paging(9, 50)):
            for queries in (kept, fresh, kept):
                assert queries.list("events", f, paging).total == every, (f, paging)
    assert seen  # count_seconds=0 still counts full pages, every time


def test_list_pages_are_written_as_fastapi_would_write_them(web_db):
    # The list routes skip jsonable_encoder for speed; the bytes must not change.
    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse

    from dateline.web.api import RowsResponse

    queries = WebQueries(open_read_only(str(web_db)))
    for kind in ("events", "quotes", "articles", "entities", "places"):
        body = {"filters": {}, **queries.list(kind, Filters(), Paging()).to_dict()}
        assert body["rows"], kind
        assert RowsResponse(body).body == JSONResponse(jsonable_encoder(body)).body, kind


def test_facets_are_computed_once_per_view(web_db):
    queries = WebQueries(open_read_only(str(web_db)), count_seconds=60)
    seen = []
    sa.event.listen(queries.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    first = queries.facets("events", Filters(country="RUS"))
    ran = len(seen)
    assert queries.facets("events", Filters(country="RUS")) == first and len(seen) == ran
    fresh = WebQueries(open_read_only(str(web_db)), count_seconds=0)
    assert fresh.facets("events", Filters(country="RUS")) == first
