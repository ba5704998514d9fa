"""`--format plover`: every exported record follows the PLOVER manual's JSON data fields.

The field lists are read from the manual itself (shared/datasets/plover/PLOVER_MANUAL.tex,
chapter "Data Fields"), so the test follows the manual rather than a copy of it.
"""

import datetime as dt
import json
import re

import pytest

from dateline.errors import StoreError
from dateline.store.export import export

from sample_records import TEXT, consult, full_record

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def manual_table(tex: str, label: str) -> dict:
    """Return {field name: row cells} of the manual's table labelled `label`."""
    end = tex.index(f"\\label{{{label}}}")
    body = tex[tex.rindex("\\begin{tabular}", 0, end):tex.rindex("\\end{tabular}", 0, end)]
    rows = {}
    for line in body.split("\\hline")[2].splitlines():  # after the header row
        cells = [c.strip() for c in line.rstrip("\\ ").split("&")]
        if len(cells) > 1 and cells[0]:
            rows[cells[0].replace("\\_", "_")] = cells[1:]
    return rows


@pytest.fixture(scope="module")
def manual(datasets):
    tex = (datasets / "plover" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    tex = tex[tex.index("\\chapter{Data Fields}"):]
    tables = {name: manual_table(tex, label) for name, label in [
        ("record", "tab:json"), ("entity", "tab:actorinfo"), ("location", "tab:locations"),
        ("citation", "tab:citeinfo")]}
    assert {"id", "date", "enddate", "actor", "recipient", "event", "event_loc", "quad_code"} <= set(
        tables["record"])  # the tables were read
    return tables


def exported(store, tmp_path) -> list:
    week = consult("2016-W35", precision="week", place=None)
    week.target = None
    store.write_record(full_record("a1"))
    store.write_record(full_record("w", text=TEXT + " W.", events=[week]))
    out = tmp_path / "events.plover.jsonl"
    assert export(store, "events", "plover", output=str(out)) == 2
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def is_day(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and bool(
        dt.date.fromisoformat(value))


def test_every_record_follows_the_manual(store, tmp_path, manual):
    required = {name for name, cells in manual["record"].items() if cells[-1] == "Y"}
    assert required == {"id", "date", "actor", "event"}
    for record in exported(store, tmp_path):
        assert required <= set(record) <= set(manual["record"]), record
        assert is_day(record["date"]) and is_day(record.get("enddate", record["date"]))
        assert set(record["event"]) <= PLOVER_TYPES
        assert record.get("quad_code", 1) in (1, 2, 3, 4)
        for actor in record["actor"] + record.get("recipient", []):
            assert set(actor) <= set(manual["entity"]), actor
        assert set(record.get("event_loc", {})) <= set(manual["location"])
        assert set(record.get("cite_info", {})) <= set(manual["citation"])
        for listed in ("actor", "recipient", "event", "event_text", "mode", "context"):
            assert isinstance(record.get(listed, []), list)


def test_records_say_what_dateline_found(store, tmp_path):
    full, week = exported(store, tmp_path)
    assert full["actor"] == [{"code": "UKR", "sector": "GOV", "entity_text": "Dmytro Kuleba"}]
    assert full["event_loc"]["geonameid"] == 323777 and full["event_loc"]["resolution"] == 4
    assert full["quad_code"] == 1 and full["cite_info"]["url"] == "https://example.org/a1"
    assert full["context"] == ["diplomacy"] and full["mode"] == ["in person"]
    assert (week["date"], week["enddate"]) == ("2016-08-29", "2016-09-04")
    assert "recipient" not in week and "event_loc" not in week


def test_plover_is_for_events_only(store, tmp_path):
    with pytest.raises(StoreError, match="grouped events"):
        export(store, "quotes", "plover", output=str(tmp_path / "q.jsonl"))


def test_a_state_level_event_place_gets_the_province_resolution():
    # Regression: the places stage says "admin1" for a state's point, the export's table knew
    # only "admin", so such events had no resolution.
    from dateline.store.plover import location

    row = {"place_name": "Minnesota", "place_geonameid": 5037779, "latitude": 46.25,
           "longitude": -94.25, "place_country": "USA", "place_precision": "admin1"}
    assert location(row)["resolution"] == 2
