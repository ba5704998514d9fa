"""Filters and quote search on a store made by a real ingest of real articles (tests/real_store.py)."""

import re
import subprocess
import sys

import pytest
import sqlalchemy as sa

from dateline.errors import StoreError
from dateline.store import Filters
from dateline.store import queries as q
from dateline.store.db import connect


@pytest.fixture(scope="module")
def engine(real_db):
    engine = connect(str(real_db))
    yield engine
    engine.dispose()


def count(engine, select) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(select.subquery())).scalar()


def rows(engine, select) -> list:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select)]


def test_a_dyad_keeps_exactly_the_events_from_source_to_target(engine):
    every = rows(engine, q.events_query(Filters(), "sqlite"))
    source, target = next((e["source_country"], e["target_country"]) for e in every
                          if e["source_country"] and e["target_country"])
    dyad = rows(engine, q.events_query(Filters(source_country=source, target_country=target), "sqlite"))
    assert dyad and len(dyad) == sum(e["source_country"] == source and e["target_country"] == target
                                     for e in every)
    by_country = count(engine, q.events_query(Filters(country=source), "sqlite"))
    assert by_country >= count(engine, q.events_query(Filters(source_country=source), "sqlite"))


def test_several_types_keep_the_union(engine):
    every = rows(engine, q.events_query(Filters(), "sqlite"))
    first, second = sorted({e["type"] for e in every})[:2]
    both = count(engine, q.events_query(Filters(type=f"{first},{second.lower()}"), "sqlite"))
    assert both == sum(e["type"] in (first, second) for e in every) > 0


def test_sectors_and_organisation_codes(engine):
    every = rows(engine, q.events_query(Filters(), "sqlite"))
    gov = count(engine, q.events_query(Filters(source_sector="gov"), "sqlite"))
    assert gov == sum(e["source_sector"] == "GOV" for e in every) > 0
    assert Filters(country="nato").country == "NATO"
    with pytest.raises(StoreError, match="'NATOX' is not a country"):
        Filters(country="NATOX")


def test_quote_search_finds_the_quotes_own_words(engine):
    found = rows(engine, q.quotes_query(Filters(q="email"), "sqlite"))
    assert found and all(re.search(r"\bemail", r["text"], re.I) for r in found)
    phrase = rows(engine, q.quotes_query(Filters(q='"private email server"'), "sqlite"))
    assert phrase and all("private email server" in r["text"].lower() for r in phrase)
    assert len(phrase) < len(found)


def test_cli_export_takes_organisation_codes_and_lists(real_db):
    done = subprocess.run([sys.executable, "-m", "dateline.cli", "export", "--db", str(real_db),
                           "--what", "events", "--format", "jsonl", "--country", "NATO,UNO",
                           "--type", "CONSULT,ACCUSE"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    bad = subprocess.run([sys.executable, "-m", "dateline.cli", "export", "--db", str(real_db),
                          "--source-country", "XXXX"], capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: source_country: 'XXXX'")
