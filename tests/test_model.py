"""Record.to_dict: the fast conversion gives exactly what dataclasses.asdict gave."""

import json
from collections import namedtuple
from dataclasses import asdict, fields
from pathlib import Path

import pytest

from dateline.model import (Actor, Boilerplate, Cue, DateRef, Entity, Event, EventPlace, Place,
                            Quote, Record, Skip, Span, Speaker)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TEXT = "Kuleba met Lavrov in Antalya on Thursday. “We talked,” Kuleba said."


def full_record() -> Record:
    """Return a record with every record type of the contract in it."""
    return Record(
        id="a1", text=TEXT, path="/in/a1.txt", title="Talks", published="2022-03-10",
        boilerplate=[Boilerplate("dateline", 0, 6)],
        entities=[Entity("e1", "Dmytro Kuleba", "PERSON", [[0, 6], [56, 62]], "minister", "UKR", "GOV")],
        quotes=[Quote("direct", 42, 54, "“We talked,”", Speaker("e1", "Dmytro Kuleba", 56, 62),
                      Cue("said", 63, 67))],
        dates=[DateRef(29, 40, "on Thursday", "2022-03-10", "day")],
        places=[Place(21, 28, "Antalya", "Antalya", "TUR", 36.9, 30.7, 323777, "city")],
        events=[Event("CONSULT", Span(0, 40), Actor("e1", "Dmytro Kuleba", "UKR", "GOV"),
                      Actor(None, "Sergei Lavrov", "RUS"), context=["diplomacy"],
                      place=EventPlace("Antalya", "TUR", 36.9, 30.7), confidence=0.8)],
        skipped=[Skip("read", "not UTF-8: decoded as cp1252")], model="en_core_web_md-3.8.0")


def asdict_reference(record: Record) -> dict:
    """Return the record as the asdict-based to_dict of earlier versions did."""
    out = {"schema_version": record.schema_version}
    for f in fields(record):
        if f.name != "schema_version":
            value = getattr(record, f.name)
            out[f.name] = [asdict(v) if hasattr(v, "__dataclass_fields__") else v
                           for v in value] if isinstance(value, list) else value
    return out


def assert_same_json(record: Record) -> None:
    fast, slow = record.to_dict(), asdict_reference(record)
    assert fast == slow
    assert json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False)
    assert list(fast) == list(slow)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_to_dict_matches_asdict_on_the_examples(extract, path):
    assert_same_json(extract(path.read_text(encoding="utf-8"), path=str(path)))


def test_to_dict_matches_asdict_on_every_field():
    assert_same_json(full_record())


def test_to_dict_copies_containers_so_the_record_stays_untouched():
    record = full_record()
    plain = record.to_dict()
    plain["entities"][0]["mentions"][0][0] = -1
    assert record.entities[0].mentions[0][0] == 0


def test_to_dict_keeps_tuples_and_named_tuples_as_asdict_does():
    Pair = namedtuple("Pair", "start end")
    record = Record(id="t", text="Kyiv and Kyiv.",
                    entities=[Entity("e1", "Kyiv", "GPE", [(0, 4), Pair(9, 13)])])
    assert_same_json(record)
    assert record.to_dict()["entities"][0]["mentions"][1] == Pair(9, 13)
