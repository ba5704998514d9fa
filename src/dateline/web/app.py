"""The FastAPI app: JSON API under /api, server-rendered pages, static files.

`create_app(db)` opens the store read-only and returns the app; `dateline serve`
runs it with uvicorn on loopback.
"""

from __future__ import annotations

import contextvars
import functools
import json
import math
import os
import time
from pathlib import Path
from typing import Iterable, Optional

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import StoreError
from ..settings import DEFAULT, Settings
from ..store.db import connect, store_url
from .filters import BadParameter
from .queries import WebQueries

HERE = Path(__file__).parent
# How `serve` names the store and the allowed Host names to its worker processes, which uvicorn
# starts from an import string.
SERVE_DB = "DATELINE_SERVE_DB"
SERVE_HOSTS = "DATELINE_SERVE_HOSTS"
# When the current request's time is up (time.monotonic()); the database stops its queries then.
DEADLINE: contextvars.ContextVar = contextvars.ContextVar("dateline_deadline", default=math.inf)


def open_read_only(target: str, seconds: float = DEFAULT.web_request_seconds) -> sa.Engine:
    """Return an engine on an existing store whose connections cannot write, and whose
    statements stop after `seconds` (PostgreSQL) or at the request's deadline (SQLite)."""
    if "://" not in target and not Path(target).expanduser().is_file():
        raise StoreError(f"{target}: no such database file: give the --db of an existing store")
    engine = connect(target)
    engine.dispose()
    sa.event.listen(engine, "connect", functools.partial(_read_only_session, seconds=seconds))
    return engine


def _read_only_session(dbapi_conn, _record, seconds: float) -> None:
    # The server only reads: enforce it in the database session too, so a bug
    # in a query can never change the store.
    # Queries stop when the request's time is up (web_request_seconds): SQLite asks a progress
    # handler every few thousand instructions, PostgreSQL has a statement timeout.
    cur = dbapi_conn.cursor()
    if "sqlite" in type(dbapi_conn).__module__:
        cur.execute("PRAGMA query_only = ON")
        dbapi_conn.set_progress_handler(_past_deadline, 20_000)
    else:
        cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cur.execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")
        # Committed: SET in a transaction that is rolled back (as the pool does when a
        # connection is returned) is undone, and the next checkout could write.
        dbapi_conn.commit()
    cur.close()


def _past_deadline() -> int:
    return int(time.monotonic() > DEADLINE.get())


def create_app(db: str, settings: Settings = DEFAULT,
               hosts: Optional[Iterable[str]] = None) -> FastAPI:
    """Return the web app serving the store at `db` (path or URL), read-only.

    `hosts`: the Host header names it answers (None: any; `serve` always gives them).
    """
    engine = open_read_only(db, settings.web_request_seconds)
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
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(sa.exc.OperationalError, query_stopped)
    app.add_middleware(Guard, hosts=hosts, seconds=settings.web_request_seconds)

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


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 0,
          allow_hosts: Iterable[str] = ()) -> None:
    """Run the app over the store `db` with uvicorn on host:port, in `workers` processes
    (0: one per core), so concurrent clients are not queued behind one process.

    Requests are answered only for a Host header naming loopback, the bound address or one
    of `allow_hosts` ("*": any), so a web page cannot reach the API by DNS rebinding."""
    import uvicorn

    workers = workers or os.cpu_count() or 1
    hosts = allowed_hosts(host, allow_hosts)
    # Opened here first: a wrong --db fails once with one line, and an older store is
    # upgraded once rather than by every worker at the same time.
    app = create_app(db, hosts=hosts)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ[SERVE_DB] = db
    os.environ[SERVE_HOSTS] = json.dumps(hosts)
    # uvicorn's default 5 s health check killed and restarted busy workers under load.
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers,
                host=host, port=port, log_level="warning",
                timeout_worker_healthcheck=DEFAULT.web_worker_healthcheck_seconds)


def app_from_environment() -> FastAPI:
    """Return the app over the store named in DATELINE_SERVE_DB (each `serve` worker's app)."""
    hosts = os.environ.get(SERVE_HOSTS)
    return create_app(os.environ[SERVE_DB], hosts=json.loads(hosts) if hosts else None)


def allowed_hosts(bound: str, extra: Iterable[str] = (), settings: Settings = DEFAULT):
    """Return the Host names to answer: the settings' loopback names, the bound address
    (unless a wildcard) and `extra`; None when `extra` holds "*" (any host)."""
    extra = list(extra)
    if "*" in extra:
        return None
    names = list(settings.web_allowed_hosts) + extra
    if bound not in ("0.0.0.0", "::", ""):
        names.append(bound)
    return sorted({name.lower().strip("[]") for name in names})


def host_name(header: str) -> str:
    """Return the name in a Host header, without port or IPv6 brackets, lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


# Pages load scripts and styles from this server only; speaker bars and Leaflet set inline styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin"),
           (b"content-security-policy", CSP.encode())]


class Guard:
    """ASGI middleware: answer only allowed Host names, give each request a deadline for its
    queries, and add the security headers (CSP, nosniff, frame and referrer policies)."""

    def __init__(self, app, hosts: Optional[Iterable[str]] = None, seconds: float = 20.0):
        self.app = app
        self.hosts = None if hosts is None else set(hosts)
        self.seconds = seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        async def send_with_headers(message):  # every answer, /docs included (a page of ours)
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + HEADERS}
            await send(message)

        if self.hosts is not None:
            header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if host_name(header) not in self.hosts:
                response = PlainTextResponse(
                    f"Host {header[:100]!r} is not served here (dateline serve --allow-host)", 400)
                return await response(scope, receive, send_with_headers)
        token = DEADLINE.set(time.monotonic() + self.seconds)
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            DEADLINE.reset(token)


def db_label(db: str) -> str:
    """Return the database name to show on pages, without any password."""
    url = sa.engine.make_url(store_url(db))
    return url.database if url.drivername.startswith("sqlite") else url.render_as_string(
        hide_password=True)


def wants_html(request: Request) -> bool:
    """True for a page request from a browser; the API (and clients asking JSON) get JSON."""
    return (not request.url.path.startswith(("/api", "/openapi", "/static"))
            and "text/html" in request.headers.get("accept", "text/html"))


async def http_error(request: Request, exc: StarletteHTTPException):
    """Answer 404s and other HTTP errors with a page for browsers, JSON for the API."""
    if not wants_html(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": str(exc.detail)},
                                      status_code=exc.status_code)


async def query_stopped(request: Request, exc: sa.exc.OperationalError):
    """Answer 503 when the request's queries were stopped at its deadline; other database errors stay 500."""
    text = str(exc.orig).lower()
    if "interrupted" not in text and "statement timeout" not in text:
        raise exc
    detail = (f"the request took over {request.app.state.settings.web_request_seconds:g}s "
              "(settings.web_request_seconds): narrow the filters")
    if wants_html(request):
        return request.app.state.templates.TemplateResponse(
            request, "error.html", {"message": detail}, status_code=503)
    return JSONResponse({"detail": detail}, status_code=503)


async def bad_parameter(request: Request, exc: BadParameter):
    """Answer a bad query parameter with 422, as JSON for the API and as a page otherwise."""
    body = {"detail": [{"loc": ["query", exc.name], "msg": str(exc), "type": "value_error"}]}
    if request.url.path.startswith("/api"):
        return JSONResponse(body, status_code=422)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"message": str(exc)}, status_code=422)
