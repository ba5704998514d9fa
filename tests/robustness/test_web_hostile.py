"""The web app under hostile requests: SQL injection, path traversal, huge pages, bad dates
and unknown fields in every parameter get a 4xx with a message or a normal answer, never a
500; the server stays up under a bounded load test on loopback."""

import socket
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import httpx
import pytest

from dateline import Article, extract
from dateline.store import open_store

HOSTILE = [
    "' OR '1'='1", "1; DROP TABLE articles; --", "\" OR 1=1 --", "x' UNION SELECT sqlite_version() --",
    "%", "_", "\\", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "....//....//",
    "\x00", "%00", "-1", "0", "99999999999999999999999", "1e309", "NaN", "2022-02-30", "2022-13-01",
    "10000-01-01", "0000-00-00", "yesterday", "", " ", "<script>alert(1)</script>", "🇺🇦" * 50,
    "a" * 5000, "null", "[]", "{}",
]
PARAMS = ["q", "actor", "type", "country", "outlet", "since", "until", "page", "per_page", "bucket",
          "kind", "feature", "entity_type", "sort", "format", "unknown_field"]


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("web") / "store.db"
    texts = ["Defence minister Lena Ortiz met general Omar Haddad in Tunis on Monday. "
             "\"Talks went well,\" Ortiz said. Troops shelled the village of Kasr on Sunday.",
             "Foreign Minister Dmytro Kuleba met Sergei Lavrov in Antalya, Turkey, on Thursday."]
    with open_store(str(path)) as store:
        for i, text in enumerate(texts):
            store.write_record(extract(Article(text=text, id=f"w{i}", published="2022-03-10",
                                               source="Wire"), nlp=nlp))
    return path


@pytest.fixture(scope="module")
def client(db):
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    return TestClient(create_app(str(db)), raise_server_exceptions=False)


def get_paths(client) -> list:
    """Return every GET route of the API and pages, path parameters left as {name}."""
    from dateline.web import api, pages

    return sorted({r.path for r in api.router.routes + pages.router.routes
                   if "GET" in getattr(r, "methods", ())})


def fill(path: str, value: str, fmt: str = "csv") -> str:
    """Return the path with every path parameter set to `value` (export format to `fmt`)."""
    for name in ("{name:path}", "{event_id}", "{article_id}", "{name}"):
        path = path.replace(name, value)
    return path.replace("{fmt}", fmt)


def assert_handled(response, where) -> None:
    assert response.status_code < 500, (where, response.status_code, response.text[:300])
    if 400 <= response.status_code < 500 and "/api" in str(response.url):
        assert response.json().get("detail"), (where, response.text[:300])


def try_query_parameters(client, per_param: int) -> int:
    """Send `per_param` hostile values in each parameter of each route (rotating through
    HOSTILE so every value meets many routes); return how many requests were made."""
    tried = 0
    for path in get_paths(client):
        base = fill(path, "w0")
        for name in PARAMS:
            for k in range(per_param):
                value = HOSTILE[(tried + k) % len(HOSTILE)]
                assert_handled(client.get(base, params={name: value}), (base, name, value))
            tried += per_param
    return tried


def test_hostile_query_parameters_never_give_a_500(client):
    assert try_query_parameters(client, per_param=3) > 1000


@pytest.mark.slow
def test_every_hostile_value_in_every_parameter_of_every_route(client):
    assert try_query_parameters(client, per_param=len(HOSTILE)) > 10_000


def test_hostile_path_parameters_never_give_a_500(client):
    for path in get_paths(client):
        if "{" not in path:
            continue
        for value in HOSTILE:
            for raw in (quote(value, safe=""), quote(value, safe="/")):
                assert_handled(client.get(fill(path, raw, fmt=raw)), (path, value))


def test_store_is_unchanged_after_injection_attempts(client, db):
    before = client.get("/api/stats").json()
    for value in HOSTILE[:4]:
        client.get("/api/articles", params={"q": value, "outlet": value, "actor": value})
    assert client.get("/api/stats").json() == before
    assert client.get("/api/articles").status_code == 200


@pytest.mark.parametrize("per_page", ["1000000", "100000000000000000000", "-5", "0", "abc"])
def test_huge_or_bad_page_sizes_are_refused_or_capped(client, per_page):
    response = client.get("/api/articles", params={"per_page": per_page})
    assert response.status_code in (200, 422), response.text[:300]
    if response.status_code == 200:
        body = response.json()
        assert len(body.get("items", body.get("results", []))) <= 1000


@pytest.mark.parametrize("date", ["2022-02-30", "2022-13-01", "10-03-2022", "March 10", "2022-3-1"])
def test_malformed_dates_get_a_422_naming_the_parameter(client, date):
    response = client.get("/api/events", params={"since": date})
    assert response.status_code == 422, response.text[:300]
    assert "since" in response.text


def test_unknown_fields_get_a_422_naming_the_field(client):
    response = client.get("/api/events", params={"colour": "red"})
    assert response.status_code == 422 and "colour" in response.text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_server_stays_up_under_a_bounded_load_on_loopback(db):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        statuses, errors = [], []

        def hammer(n: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                for i in range(n):
                    value = HOSTILE[i % len(HOSTILE)]
                    try:
                        statuses.append(http.get("/api/events", params={"q": value, "per_page": "500"}).status_code)
                        statuses.append(http.get("/api/articles").status_code)
                    except httpx.HTTPError as exc:
                        errors.append(repr(exc))

        threads = [threading.Thread(target=hammer, args=(40,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert not errors, errors[:3]
        assert len(statuses) == 8 * 40 * 2 and max(statuses) < 500
        assert server.poll() is None and httpx.get(base + "/api/stats", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(30)
