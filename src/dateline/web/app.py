"""The FastAPI app: JSON API under /api, server-rendered pages, static files.

`create_app(db)` opens the store read-only and returns the app; `dateline serve`
runs it with uvicorn on loopback.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import StoreError
from ..settings import DEFAULT, Settings
from ..store.db import connect, store_url
from .filters import BadParameter
from .queries import WebQueries

HERE = Path(__file__).parent
# How `serve` names the store to its worker processes, which uvicorn starts from an import string.
SERVE_DB = "DATELINE_SERVE_DB"


def open_read_only(target: str) -> sa.Engine:
    """Return an engine on an existing store whose connections cannot write."""
    if "://" not in target and not Path(target).expanduser().is_file():
        raise StoreError(f"{target}: no such database file: give the --db of an existing store")
    engine = connect(target)
    engine.dispose()
    sa.event.listen(engine, "connect", _read_only_session)
    return engine


def _read_only_session(dbapi_conn, _record) -> None:
    # The server only reads: enforce it in the database session too, so a bug
    # in a query can never change the store.
    cur = dbapi_conn.cursor()
    if "sqlite" in type(dbapi_conn).__module__:
        cur.execute("PRAGMA query_only = ON")
    else:
        cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cur.close()


def create_app(db: str, settings: Settings = DEFAULT) -> FastAPI:
    """Return the web app serving the store at `db` (path or URL), read-only."""
    engine = open_read_only(db)
    # FastAPI's own /docs and /redoc load their scripts from a CDN: add_docs replaces them.
    app = FastAPI(title="dateline", version="1", docs_url=None, redoc_url=None,
                  description="Read-only JSON API over a dateline store: events, quotes, "
                              "entities, places and articles, each linked to its evidence.")
    app.state.queries = WebQueries(engine, settings.web_count_seconds)
    app.state.settings = settings
    app.state.db_label = db_label(db)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["db_label"] = app.state.db_label
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(BadParameter, bad_parameter)
    add_docs(app)

    from . import api, pages, people
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(people.api)
    app.include_router(people.pages)
    return app


def add_docs(app: FastAPI) -> None:
    """Serve the API docs at /docs as a plain page of ours written from the OpenAPI schema
    (no script, nothing fetched: Swagger UI and ReDoc load from a CDN, and the Swagger UI
    that PyPI ships, 4.x, cannot read FastAPI's OpenAPI 3.1); /redoc leads there."""

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request):
        return app.state.templates.TemplateResponse(
            request, "docs.html", {"api": app.openapi(), "endpoints": endpoints(app.openapi())})

    @app.get("/redoc", include_in_schema=False)
    def redoc():
        return RedirectResponse("/docs")


def endpoints(schema: dict) -> list:
    """Return [(method, path, summary, [(parameter, where, description)])] of an OpenAPI schema."""
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [(p["name"], p.get("in", ""), p.get("description", ""))
                      for p in op.get("parameters", [])]
            found.append((method.upper(), path, op.get("summary", ""), params))
    return found


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 0) -> None:
    """Run the app over the store `db` with uvicorn on host:port, in `workers` processes
    (0: one per core), so concurrent clients are not queued behind one process."""
    import uvicorn

    workers = workers or os.cpu_count() or 1
    # Opened here first: a wrong --db fails once with one line, and an older store is
    # upgraded once rather than by every worker at the same time.
    app = create_app(db)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ[SERVE_DB] = db
    # uvicorn's default 5 s health check killed and restarted busy workers under load.
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers,
                host=host, port=port, log_level="warning",
                timeout_worker_healthcheck=DEFAULT.web_worker_healthcheck_seconds)


def app_from_environment() -> FastAPI:
    """Return the app over the store named in DATELINE_SERVE_DB (each `serve` worker's app)."""
    return create_app(os.environ[SERVE_DB])


def db_label(db: str) -> str:
    """Return the database name to show on pages, without any password."""
    url = sa.engine.make_url(store_url(db))
    return url.database if url.drivername.startswith("sqlite") else url.render_as_string(
        hide_password=True)


async def bad_parameter(request: Request, exc: BadParameter):
    """Answer a bad query parameter with 422, as JSON for the API and as a page otherwise."""
    body = {"detail": [{"loc": ["query", exc.name], "msg": str(exc), "type": "value_error"}]}
    if request.url.path.startswith("/api"):
        return JSONResponse(body, status_code=422)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": str(exc)}, status_code=422)
