"""The real-news event annotation set (eval/data/real_events) is well formed and points at real text."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import dateline

SET = Path(dateline.__file__).parent / "eval" / "data" / "real_events" / "sentences.jsonl"
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
REASONS = {"figurative", "generic", "negated", "hypothetical", "sports", "business",
           "reported_future", "none"}
SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "OPP", "CVL", "BUS", "MED", "NGO",
           "REL", "EDU", "LAB", "CRM", "REF"}


@pytest.fixture(scope="module")
def rows():
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]


def test_enough_sentences_with_unique_ids(rows):
    assert len(rows) >= 1500
    assert len({r["id"] for r in rows}) == len(rows)


def test_each_row_has_events_or_a_reason(rows):
    for r in rows:
        real = [e for e in r["events"] if not e["negated"]]
        assert bool(real) != bool(r["no_event"]), r["id"]
        assert r["no_event"] is None or r["no_event"] in REASONS, r["id"]
        for e in r["events"]:
            assert e["type"] in TYPES, r["id"]
            for actor in (e["source"], e["target"]):
                if actor:
                    assert actor["sector"] is None or actor["sector"] in SECTORS, r["id"]
                    assert actor["country"] is None or actor["country"].isupper(), r["id"]


def test_actor_texts_are_spans_of_their_sentence(rows):
    actors = [(r, a) for r in rows for e in r["events"] for a in (e["source"], e["target"])
              if a and a["text"]]
    outside = [r["id"] for r, a in actors if a["text"] not in r["text"]]
    # a few actors are named only in a neighbouring sentence (see the set's README)
    assert len(outside) <= 0.01 * len(actors), outside


def test_splits_are_whole_articles(rows):
    split_of = {}
    for r in rows:
        key = (r["corpus"], r["article"])
        assert split_of.setdefault(key, r["split"]) == r["split"], key
    assert {"train", "test"} == set(split_of.values())


def test_offsets_point_at_the_sentence(rows, datasets):
    texts = _article_texts(datasets)
    for r in rows:
        text = texts[(r["corpus"], r["article"])]
        assert text[r["start"]:r["end"]].strip() == r["text"], r["id"]


def test_no_polnear_dev_article(rows, datasets):
    lines = (datasets / "polnear" / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    dev = {line.split("\t")[1] for line in lines[1:] if line.startswith("dev\t")}
    assert not {r["article"] for r in rows if r["corpus"] == "polnear"} & dev


def _article_texts(datasets) -> dict:
    texts = {}
    for path in (datasets / "polnear" / "train" / "text").glob("*.txt"):
        texts[("polnear", path.stem)] = path.read_text(encoding="utf-8")
    for corpus, name in (("trnews", "TR-News.xml"), ("lgl", "lgl.xml")):
        for article in ET.parse(datasets / "geo" / name).getroot().findall("article"):
            texts[(corpus, article.get("docid"))] = article.findtext("text") or ""
    return texts
