"""The sample articles in examples/, checked field by field."""

import pytest

from dateline.read import read_inputs
from dateline.run.local import records_for_items

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def records(nlp):
    items = list(read_inputs([str(EXAMPLES)]))
    return {r.path.rsplit("/", 1)[-1]: r for r in records_for_items(items, nlp=nlp)}


def spans(record, kind):
    return [record.text[b.start:b.end] for b in record.boilerplate if b.kind == kind]


def person(record, name):
    found = [e for e in record.entities if e.type == "PERSON" and e.name == name]
    assert found, f"{name} not among {[e.name for e in record.entities]}"
    return found[0]


def test_every_example_is_read(records):
    assert sorted(records) == sorted(p.name for p in EXAMPLES.glob("*.txt"))


def test_antalya_talks(records):
    r = records["kuleba-lavrov-antalya.txt"]
    assert r.title == "Ukraine and Russia hold first high-level talks in Antalya"
    assert r.source == "Wire News Service"
    assert spans(r, "dateline") == ["ANTALYA, Turkey (Wire) — "]
    assert spans(r, "source_line") == ["From Wire News Service"]
    assert spans(r, "credit") == ["(Turkish Foreign Ministry via Getty Images)"]
    assert "Foreign ministers Dmytro Kuleba and Sergei Lavrov meet in Antalya" in spans(r, "caption")
    kuleba = person(r, "Dmytro Kuleba")
    assert (kuleba.title, kuleba.country, kuleba.sector) == ("foreign minister", "UKR", "GOV")
    mentions = [r.text[s:e] for s, e in kuleba.mentions]
    assert mentions.count("Kuleba") == 2 and "the minister" in mentions
    assert person(r, "Sergei Lavrov").country == "RUS"
    assert person(r, "Mevlut Cavusoglu").country == "TUR"


def test_caption_people_are_not_actors(records):
    r = records["kuleba-lavrov-antalya.txt"]
    caption_start = r.text.index("Foreign ministers Dmytro Kuleba")
    for entity in r.entities:
        assert all(start < caption_start for start, _ in entity.mentions), entity.name


def test_mariupol_byline_credit_related(records):
    r = records["mariupol-shelling.txt"]
    assert spans(r, "byline") == ["By Olena Marchenko"]
    assert spans(r, "dateline") == ["MARIUPOL, Ukraine (Wire) — "]
    assert "NTD Photo" in spans(r, "credit")
    assert "(Evgeniy Maloletka/AP Photo)" in spans(r, "credit")
    assert spans(r, "other") == ["Related: Ukraine and Russia hold first high-level talks in Antalya"]
    assert "Olena Marchenko" not in [e.name for e in r.entities]
    assert "Evgeniy Maloletka" not in [e.name for e in r.entities]
    assert person(r, "Vadym Boichenko").title == "mayor"
    icrc = [e for e in r.entities if e.country == "ICRC" and e.type == "ORG"]
    assert icrc and icrc[0].name == "International Committee of the Red Cross"


def test_nato_titles_and_republication_line(records):
    r = records["nato-summit-brussels.txt"]
    assert r.source == "The Brussels Ledger"
    assert spans(r, "dateline") == ["BRUSSELS (Wire) — "]
    stoltenberg = person(r, "Jens Stoltenberg")
    assert (stoltenberg.country, stoltenberg.sector) == ("NATO", "IGO")
    assert stoltenberg.title == "secretary general"
    lambrecht = person(r, "Christine Lambrecht")
    assert (lambrecht.title, lambrecht.country) == ("defence minister", "DEU")
    assert len(lambrecht.mentions) == 2
    kremlin = [e for e in r.entities if e.name == "Kremlin"]
    assert kremlin and (kremlin[0].country, kremlin[0].sector) == ("RUS", "GOV")


def test_sudan_un_and_surname_with_article(records):
    r = records["ceasefire-request-geneva.txt"]
    assert spans(r, "dateline") == ["GENEVA, Switzerland (Wire) — "]
    assert "REUTERS/Staff" in "".join(spans(r, "credit"))
    guterres = person(r, "Antonio Guterres")
    assert (guterres.title, guterres.country, guterres.sector) == ("secretary-general", "UNO", "IGO")
    burhan = person(r, "Abdel Fattah al-Burhan")
    assert len(burhan.mentions) == 2
    un = [e for e in r.entities if e.country == "UNO"]
    assert un and un[0].name == "United Nations"
