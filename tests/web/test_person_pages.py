"""Person and quotation pages and API, and actor search through identities (no browser)."""

import importlib.util
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.model import Actor
from dateline.pipeline import extract
from dateline.read import read_inputs
from dateline.store import open_store
from dateline.web.app import create_app


def _web_conftest():
    """Return tests/web/conftest.py as a module (test modules cannot import a conftest)."""
    spec = importlib.util.spec_from_file_location("web_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


article, sample_records = _web_conftest().article, _web_conftest().sample_records


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """A store of the web samples plus a report whose target is written "his Russian
    counterpart" but whose entity is Sergei Lavrov, as the mention resolver gives it."""
    path = tmp_path_factory.mktemp("people") / "people.db"
    counterpart = article("a-counterpart", "Kuleba meets his counterpart", "Wire", "2022-03-11",
                          "Dmytro Kuleba met his Russian counterpart Sergey Lavrov. Sergey Lavrov said: "
                          "“We have not achieved a ceasefire today.”",
                          [("Dmytro Kuleba", "UKR"), ("Sergey Lavrov", "RUS")],
                          quotes=[("Sergey Lavrov", "We have not achieved a ceasefire today.")],
                          events=[("CONSULT", "Dmytro Kuleba", "Sergey Lavrov", None, None, None,
                                   "Dmytro Kuleba met his Russian counterpart Sergey Lavrov.")])
    event = counterpart.events[0]
    event.target = Actor(event.target.entity, "his Russian counterpart", "RUS", "GOV")
    with open_store(str(path)) as store:
        for record in sample_records() + [counterpart]:
            store.write_record(record)
    with TestClient(create_app(str(path))) as test_client:
        yield test_client


def lavrov(client) -> dict:
    (person,) = client.get("/api/people", params={"actor": "lavrov"}).json()["rows"]
    return person


def test_spellings_of_lavrov_are_one_person(client):
    person = lavrov(client)
    assert person["name"] == "Sergei Lavrov"
    assert set(person["variants"]) == {"Sergei Lavrov", "Sergey Lavrov"}


def test_actor_search_finds_an_event_whose_target_is_written_otherwise(client):
    rows = client.get("/api/events", params={"actor": "Lavrov"}).json()["rows"]
    assert "his Russian counterpart" in {r["target_name"] for r in rows}
    page = client.get("/events", params={"actor": "Lavrov"}).text
    assert "his Russian counterpart" in page


def test_person_page_shows_variants_quotes_and_events(client):
    person = lavrov(client)
    body = client.get(f"/api/people/{person['person_id']}", params={"per_page": 1}).json()
    assert body["country"] == "RUS" and len(body["quotes"]) == 1
    assert {e["type"] for e in body["as_target"]} == {"CONSULT"}
    assert body["as_source"] == []
    html = client.get(f"/people/{person['person_id']}").text
    assert "Sergey Lavrov" in html and "Events as target" in html and "CONSULT" in html


def test_person_quotes_are_paged(client):
    (kuleba,) = client.get("/api/people", params={"actor": "kuleba"}).json()["rows"]
    first = client.get(f"/api/people/{kuleba['person_id']}", params={"per_page": 1}).json()
    assert first["more"] is False and len(first["quotes"]) == 1
    assert client.get(f"/api/people/{kuleba['person_id']}", params={"page": 2}).json()["quotes"] == []


def test_a_quotation_reported_twice_is_one_with_its_occurrences(client):
    rows = client.get("/api/quotations").json()["rows"]
    top = rows[0]
    assert top["n_articles"] == 2 and top["n_outlets"] == 2
    detail = client.get(f"/api/quotations/{top['quotation_id']}").json()
    assert [o["outlet"] for o in detail["occurrences"]] == ["Reuters", "Wire"]
    html = client.get(f"/quotations/{top['quotation_id']}").text
    assert "Reported by 2 article(s) from 2 outlet(s)" in html
    assert client.get("/quotations").status_code == 200


def test_speaker_page_links_to_the_person(client):
    person = lavrov(client)
    html = client.get("/speakers/Sergey Lavrov").text
    assert f'href="/people/{person["person_id"]}"' in html


def test_unknown_person_and_quotation_are_404(client):
    assert client.get("/api/people/p000").status_code == 404
    assert client.get("/quotations/q000").status_code == 404
    assert client.get("/api/people", params={"bogus": 1}).status_code == 422
    assert client.get("/api/quotations", params={"outlet": "AP"}).status_code == 422  # not per quotation


def test_lavrov_finds_the_kuleba_meeting_of_the_example(tmp_path, nlp):
    [doc] = list(read_inputs(["examples/kuleba-lavrov-antalya.txt"]))
    path = tmp_path / "example.db"
    with open_store(str(path)) as store:
        store.write_record(extract(doc, nlp=nlp))
    with TestClient(create_app(str(path))) as test_client:
        rows = test_client.get("/api/events", params={"actor": "Lavrov"}).json()["rows"]
    assert any(r["source_name"] == "Dmytro Kuleba" and r["type"] == "CONSULT" for r in rows)


def test_browser_walks_from_people_to_a_person_and_a_quotation(page):
    page.goto("/people")
    with page.expect_navigation():
        page.click("table.rows a:text('Sergei Lavrov')")
    assert page.locator("h1").inner_text() == "Sergei Lavrov"
    assert "CONSULT" in page.locator("table.rows").nth(1).inner_text()  # as target of Kuleba's meeting
    page.goto("/people?actor=kuleba")
    with page.expect_navigation():
        page.click("table.rows a:text('Dmytro Kuleba')")
    with page.expect_navigation():
        page.click("text=other reports")
    assert "We have not achieved a ceasefire today." in page.locator("blockquote").inner_text()
    assert not page.errors
