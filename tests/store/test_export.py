"""Exports: strict RFC 4180 CSV, JSON Lines, Parquet and GeoJSON, with filters."""

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import pytest

from dateline.errors import StoreError
from dateline.store import Filters
from dateline.store.export import WHAT, export

from sample_records import TEXT, consult, full_record


@pytest.fixture
def filled(store):
    store.settings = replace(store.settings, quotation_min_words=4)  # the samples' quote is short
    tricky = TEXT + '\nA second line with "quotes", commas, and ünïcode.'
    store.write_record(full_record("a1", text=tricky, source="Wire"))
    store.write_record(full_record("a2", text=TEXT + " Again.", source="Daily",
                                   events=[consult("2022-03-11")]))
    return store


@pytest.mark.parametrize("what", WHAT)
def test_csv_is_rfc4180(filled, what, tmp_path):
    out = tmp_path / f"{what}.csv"
    n = export(filled, what, "csv", output=str(out))
    raw = out.read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") >= n + 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == n and n > 0


def test_csv_keeps_text_with_quotes_and_newlines(filled, tmp_path):
    out = tmp_path / "articles.csv"
    export(filled, "articles", "csv", output=str(out))
    rows = list(csv.DictReader(open(out, newline="", encoding="utf-8")))
    by_id = {r["id"]: r for r in rows}
    assert by_id["a1"]["text"] == filled.record("a1").text
    assert json.loads(by_id["a1"]["boilerplate"])[0]["kind"] == "dateline"
    assert by_id["a1"]["published_inferred"] == "1"


def test_events_export_one_row_per_grouped_event(filled, tmp_path):
    out = tmp_path / "events.csv"
    assert export(filled, "events", "csv", output=str(out)) == 1
    row = next(csv.DictReader(open(out, newline="")))
    assert (row["n_reports"], row["n_sources"], row["latitude"], row["longitude"]) == ("2", "2", "36.9", "30.7")
    assert export(filled, "reports", "csv", output=str(tmp_path / "r.csv")) == 2


def test_jsonl_with_filters(filled, tmp_path):
    out = tmp_path / "q.jsonl"
    n = export(filled, "quotes", "jsonl", Filters(outlet="daily"), output=str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert n == 1 and rows[0]["article_id"] == "a2" and rows[0]["speaker_name"] == "Dmytro Kuleba"


def test_parquet_round_trips_types(filled, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    export(filled, "entities", "parquet", output=str(out))
    table = pq.read_table(out)
    assert table.num_rows == 6
    assert str(table.schema.field("n_mentions").type) == "int64"
    assert json.loads(table.column("mentions")[0].as_py())[0] == [32, 45]


def test_empty_parquet_has_the_columns(store, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "none.parquet"
    assert export(store, "events", "parquet", output=str(out)) == 0
    assert "latitude" in pq.read_table(out).schema.names


def test_geojson_points(filled, tmp_path):
    out = tmp_path / "p.geojson"
    assert export(filled, "places", "geojson", output=str(out)) == 2
    data = json.loads(out.read_text())
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [30.7, 36.9]}


def test_geojson_needs_coordinates(filled):
    with pytest.raises(StoreError, match="geojson"):
        export(filled, "quotes", "geojson")


def test_limit(filled, tmp_path):
    assert export(filled, "entities", "jsonl", output=str(tmp_path / "x"), limit=2) == 2


def test_events_export_carries_what_the_field_carries(filled, tmp_path):
    out = tmp_path / "events.csv"
    export(filled, "events", "csv", output=str(out))
    row = next(csv.DictReader(open(out, newline="")))
    assert (row["url"], row["title"], row["outlet"]) == ("https://example.org/a1", "Talks", "Wire")
    assert row["evidence"] == TEXT[14:88].strip()
    assert (row["quad_class"], row["source_code"], row["target_code"]) == ("1", "UKRGOV", "RUSGOV")
    assert (row["place_geonameid"], row["place_precision"]) == ("323777", "city")
    assert (row["n_articles"], row["n_mentions"], row["date_end"]) == ("2", "2", "2022-03-10")


def test_event_dates_parse_as_dates(filled, tmp_path):
    # Regression: "2016-W35" beside "2016-09-07" made pd.to_datetime on the column raise.
    week = consult("2016-W35", precision="week", place="Minsk")
    filled.write_record(full_record("w", text=TEXT + " W.", events=[week]))
    out = tmp_path / "events.csv"
    export(filled, "events", "csv", output=str(out))
    rows = list(csv.DictReader(open(out, newline="")))
    assert [dt.date.fromisoformat(r["date"]).isoformat() for r in rows] == ["2022-03-10", "2016-08-29"]
    assert [r["date_end"] for r in rows] == ["2022-03-10", "2016-09-04"]


def test_organisation_actor_code_is_its_own_code(store, tmp_path):
    event = consult()
    event.source.country, event.source.sector = "NATO", "IGO"
    store.write_record(full_record("a1", events=[event]))
    out = tmp_path / "events.jsonl"
    export(store, "events", "jsonl", output=str(out))
    assert json.loads(out.read_text())["source_code"] == "NATO"


def test_export_sorts_on_the_columns_the_api_sorts_on(filled, tmp_path):
    def outlets(what, sort):
        out = tmp_path / f"{what}.jsonl"
        export(filled, what, "jsonl", output=str(out), sort=sort)
        return [json.loads(line)["outlet"] for line in out.read_text().splitlines()]

    assert outlets("quotes", "outlet") == ["Daily", "Wire"]
    assert outlets("quotes", "-outlet") == ["Wire", "Daily"]
    assert outlets("articles", "-outlet") == ["Wire", "Daily"]
    with pytest.raises(StoreError, match=r"sort: 'bogus': this list sorts on date, type"):
        export(filled, "events", "csv", sort="bogus")
    with pytest.raises(StoreError, match=r"'mentions' counts the web's grouped entities.*name, type, country"):
        export(filled, "entities", "csv", sort="mentions")
    with pytest.raises(StoreError, match="reports come in their own order"):
        export(filled, "reports", "csv", sort="date")


def test_cli_export_sort_option(filled, db_url):
    # Regression: the API took sort= and `dateline export` had no way to sort.
    from click.testing import CliRunner

    from dateline.cli import main

    run = CliRunner().invoke
    done = run(main, ["export", "--db", db_url, "--what", "quotes", "--format", "jsonl", "--sort=-outlet"])
    assert done.exit_code == 0, done.stderr
    assert [json.loads(line)["outlet"] for line in done.stdout.splitlines()] == ["Wire", "Daily"]
    bad = run(main, ["export", "--db", db_url, "--what", "quotes", "--sort", "n_reports"])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: sort: 'n_reports': this list sorts on published, speaker_name")
