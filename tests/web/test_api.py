"""The JSON API over HTTP (no browser): filters, paging cap, 422 messages, OpenAPI, read-only."""

import httpx
import pytest


@pytest.fixture(scope="module")
def api(server):
    with httpx.Client(base_url=server, timeout=10) as client:
        yield client


def test_events_filters_and_paging(api):
    body = api.get("/api/events", params={"country": "rus", "per_page": 2}).json()
    assert body["total"] == 4 and body["pages"] == 2 and len(body["rows"]) == 2
    assert api.get("/api/events", params={"outlet": "reuters"}).json()["total"] == 1
    assert api.get("/api/events", params={"q": "shelled"}).json()["total"] == 1
    assert api.get("/api/events", params={"since": "2022-03", "until": "2022-03"}).json()["total"] == 3


@pytest.mark.parametrize("params, name, words", [
    ({"type": "BOMB"}, "type", "not a PLOVER event type"),
    ({"country": "Ukraine"}, "country", "not a country (ISO 3166-1 alpha-3, UKR) or organisation"),
    ({"since": "10/03/2022"}, "since", "YYYY-MM-DD"),
    ({"since": "2022-05-01", "until": "2022-04-01"}, "since", "swap"),
    ({"per_page": "100000"}, "per_page", "out of range"),
    ({"page": "two"}, "page", "not a whole number"),
    ({"contry": "UKR"}, "contry", "unknown parameter"),
])
def test_bad_parameters_get_422_naming_them(api, params, name, words):
    response = api.get("/api/events", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", name] and words in detail["msg"]


def test_quote_kind_and_entity_type_are_checked_per_list(api):
    assert api.get("/api/quotes", params={"type": "direct"}).json()["total"] == 4
    assert api.get("/api/quotes", params={"type": "ASSAULT"}).status_code == 422
    assert api.get("/api/entities", params={"type": "person"}).status_code == 200


def test_places_are_literal_unless_a_role_is_asked(api):
    def names(**params) -> list:
        answer = api.get("/api/places", params=params)
        assert answer.status_code == 200, answer.text
        return sorted(r["name"] for r in answer.json()["rows"])

    literal = ["Antalya", "Geneva", "Mariupol", "Paris"]
    assert names() == names(role="literal") == literal
    assert names(role="acting") == ["Russia"]
    assert names(role="any") == sorted(literal + ["Russia"])
    assert names(role="ACTING,literal") == sorted(literal + ["Russia"])
    assert api.get("/api/places/facets", params={"role": "acting"}).json()["country"] == [
        {"value": "RUS", "count": 1}]
    assert api.get("/api/places.csv", params={"role": "acting"}).text.count("Russia") == 1
    assert api.get("/api/stats").json()["places"] == 5  # Antalya twice; Russia is not a place here


@pytest.mark.parametrize("path, params, words", [
    ("/api/places", {"role": "in_name"}, "'in_name' is not a place role"),
    ("/api/places.json", {"role": "literal,capital"}, "'capital' is not a place role"),
    ("/api/events", {"role": "literal"}, "unknown parameter"),  # roles are the places' only
])
def test_bad_role_gets_422(api, path, params, words):
    response = api.get(path, params=params)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", "role"] and words in detail["msg"]


def test_items_and_404(api):
    event_id = api.get("/api/events", params={"type": "CONSULT"}).json()["rows"][0]["event_id"]
    event = api.get(f"/api/events/{event_id}").json()
    assert len(event["reports"]) == 2 and "met Sergei Lavrov" in " ".join(r["evidence"] for r in event["reports"])
    assert api.get("/api/articles/a-geneva").json()["quotes"][0]["speaker"]["name"] == "Antonio Guterres"
    assert api.get("/api/articles/nope").status_code == 404
    assert api.get("/api/speakers/Antonio Guterres").json()["per_month"] == [["2022-04", 1]]


def test_facets_timeline_export(api):
    facets = api.get("/api/events/facets").json()
    assert {"value": "CONSULT", "count": 1} in facets["type"]
    timeline = api.get("/api/timeline", params={"bucket": "month"}).json()
    assert timeline["buckets"] == ["2022-03", "2022-04"]
    assert api.get("/api/timeline", params={"bucket": "decade"}).status_code == 422
    csv_text = api.get("/api/events.csv", params={"type": "ASSAULT"}).text
    assert len(csv_text.strip().splitlines()) == 2
    assert api.get("/api/events.xml").status_code == 404


def test_openapi_documents_the_filters(api):
    schema = api.get("/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"q", "actor", "type", "country", "outlet", "since", "until", "page", "per_page"} <= params


def test_only_reads(api):
    assert api.post("/api/events", json={}).status_code == 405
    assert api.delete("/api/articles/a-geneva").status_code == 405


def test_dyads_several_values_organisation_codes_and_sorting(api):
    def total(query: str) -> int:
        answer = api.get(f"/api/events?{query}")
        assert answer.status_code == 200, answer.text
        return answer.json()["total"]

    assert total("source_country=UKR&target_country=RUS") == 1  # the Antalya talks, two reports
    assert total("source_country=RUS") == 1 and total("target_country=RUS") == 3
    assert total("type=ASSAULT&type=REQUEST") == total("type=ASSAULT,request") == 2
    assert total("country=UNO") == 1 and total("country=nato") == 0  # NATO: a code, not a 422
    assert total("source_sector=GOV&target_sector=gov") == 3
    assert total("place=mariupol") == 1
    dates = [r["date"] for r in api.get("/api/events?sort=date").json()["rows"]]
    assert dates == sorted(dates)
    assert api.get("/api/events?outlet=AP&outlet=BBC").status_code == 422
    assert api.get("/api/events?sort=-colour").json()["detail"][0]["loc"] == ["query", "sort"]
    assert api.get("/api/quotes", params={"q": "ceasefire"}).json()["rows"][0]["hits"].count("\x02") == 1
    exported = api.get("/api/quotes.json", params={"q": "ceasefire"}).json()
    assert exported and "hits" not in exported[0]  # the marks are for pages, not for exports
