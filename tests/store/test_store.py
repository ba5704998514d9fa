"""The store on SQLite and PostgreSQL: round trip, idempotence, clusters, event groups, filters."""

import dataclasses

import pytest

from dateline.errors import StoreError
from dateline.model import EventPlace, Record, Span
from dateline.store import STORED, UNCHANGED, Filters, open_store
from dateline.store.filters import PLACE_ROLES
from dateline.store.upgrade import STEPS
from dateline.store.schema import STORE_VERSION, places

from sample_records import TEXT, consult, full_record

LONG = " ".join(f"Sentence {i} about the talks in Antalya between the two ministers." for i in range(40))


def test_record_round_trips_with_every_field(store):
    record = full_record()
    assert store.write_record(record) == STORED
    assert store.record("a1").to_dict() == record.to_dict()


def test_empty_record_round_trips(store):
    record = Record(id="bare", text="Nothing much happened.", language=None)
    store.write_record(record)
    assert store.record("bare").to_dict() == record.to_dict()
    assert store.record("missing") is None


def test_writing_twice_adds_nothing(store):
    assert store.write_record(full_record()) == STORED
    before = store.counts()
    assert store.write_record(full_record()) == UNCHANGED
    assert store.counts() == before
    assert before["articles"] == 1 and before["quotes"] == 1 and before["entities"] == 3


def test_stored_ids_reports_known_articles(store):
    store.write_record(full_record("a1"))
    assert store.stored_ids(["a1", "zz"]) == {"a1"}


def test_republished_copy_joins_the_first_cluster(store):
    store.write_record(full_record("orig", text=LONG, source="Wire"))
    store.write_record(full_record("copy", text=LONG.replace("Sentence 3 ", "Line 3 ")
                                   + " From Wire.", source="Daily"))
    store.write_record(full_record("other", text=TEXT, source="Daily"))
    clusters = {a["id"]: a["cluster_id"] for a in store.articles(limit=None)}
    assert clusters == {"orig": "orig", "copy": "orig", "other": "other"}
    assert store.counts()["clusters"] == 2


def test_reports_of_one_event_are_grouped(store):
    store.write_record(full_record("a1", source="Wire", events=[consult("2022-03-10")]))
    store.write_record(full_record("a2", text=TEXT + " More.", source="Daily",
                                   events=[consult("2022-03-11", confidence=0.9)]))
    store.write_record(full_record("a3", text=TEXT + " Later.", source="Wire",
                                   events=[consult("2022-03-20")]))
    events = store.events()
    assert [(e["date"], e["n_reports"], e["n_sources"]) for e in events] == [
        ("2022-03-20", 1, 1), ("2022-03-10", 2, 2)]
    assert events[1]["confidence"] == 0.9
    reports = store.reports(events[1]["event_id"])
    assert {r["article_id"] for r in reports} == {"a1", "a2"}
    assert {r["outlet"] for r in reports} == {"Wire", "Daily"}


def test_event_without_date_uses_publication_date_to_group(store):
    store.write_record(full_record("a1", published="2022-03-10", events=[consult(None)]))
    store.write_record(full_record("a2", text=TEXT + ".", published="2022-03-11",
                                   events=[consult(None)]))
    assert [e["n_reports"] for e in store.events()] == [2]


def test_different_place_is_another_event(store):
    store.write_record(full_record("a1", events=[consult(place="Antalya")]))
    store.write_record(full_record("a2", text=TEXT + ".", events=[consult(place="Geneva")]))
    assert len(store.events()) == 2


def test_negated_reports_are_kept_but_left_out_by_default(store):
    store.write_record(full_record("a1", events=[consult(negated=True)]))
    assert store.events() == []
    assert store.events(grouped=False) == []
    kept = store.events(Filters(negated=True), grouped=False)
    assert len(kept) == 1 and kept[0]["negated"] is True and kept[0]["event_id"] is None
    assert store.record("a1").events[0].negated is True


@pytest.mark.parametrize("filters, expected", [
    (Filters(), {"a1", "a2"}),
    (Filters(actor="kuleba"), {"a1", "a2"}),
    (Filters(actor="nobody"), set()),
    (Filters(country="ukr"), {"a1", "a2"}),
    (Filters(country="TUR"), {"a1"}),
    (Filters(type="consult"), {"a1", "a2"}),
    (Filters(type="ASSAULT"), set()),
    (Filters(outlet="daily"), {"a2"}),
    (Filters(since="2022-03-11"), {"a2"}),
    (Filters(until="2022-03"), {"a1"}),
    (Filters(q="ceasefire talked"), {"a1", "a2"}),
    (Filters(q="Geneva"), {"a2"}),
    (Filters(q="geneva", outlet="wire"), set()),
])
def test_filters_on_events(store, filters, expected):
    store.write_record(full_record("a1", source="Wire", published="2022-03-10"))
    later = consult("2022-04-01", place="Geneva")
    later.place.country = "CHE"
    store.write_record(full_record("a2", text=TEXT + " Then in Geneva.", source="Daily",
                                   published="2022-04-01", events=[later]))
    found = {e["first_article_id"] for e in store.events(filters)}
    assert found == expected


def test_filters_on_quotes_articles_entities(store):
    store.write_record(full_record("a1", source="Wire"))
    store.write_record(full_record("a2", text="Nothing here about anyone at all.", source="Daily",
                                   events=[]))
    assert [q["speaker_name"] for q in store.quotes(Filters(actor="Kuleba"))] == ["Dmytro Kuleba"] * 2
    assert store.quotes(Filters(q="ceasefire"))[0]["speaker_country"] == "UKR"
    assert {a["id"] for a in store.articles(Filters(q="anyone"))} == {"a2"}
    assert {a["id"] for a in store.articles(Filters(type="CONSULT", outlet="Wire"))} == {"a1"}
    assert {e["name"] for e in store.entities(Filters(type="GPE"))} == {"Antalya"}
    assert {p["name"] for p in store.places(Filters(country="TUR"))} == {"Antalya"}


def test_full_text_query_with_punctuation_does_not_fail(store):
    store.write_record(full_record())
    assert store.articles(Filters(q='"ceasefire" OR (NEAR AND -')) == []
    assert len(store.articles(Filters(q='ceasefire!'))) == 1


def test_pages_do_not_overlap(store):
    for i in range(5):
        store.write_record(full_record(f"a{i}", text=f"{TEXT} number {i}", published=f"2022-03-1{i}"))
    pages = [store.articles(limit=2, offset=o) for o in (0, 2, 4)]
    ids = [a["id"] for page in pages for a in page]
    assert ids == ["a4", "a3", "a2", "a1", "a0"]


def test_failures_are_kept_until_the_input_succeeds(store):
    store.record_failure("/in/a1.txt#a1", "boom", "store")
    store.record_failure("/in/a1.txt#a1", "boom again", "store")
    assert [(f["input"], f["reason"]) for f in store.failures()] == [("/in/a1.txt#a1", "boom again")]
    store.write_record(full_record("a1"))
    assert store.failures() == []


@pytest.mark.parametrize("value", ["March", "2022-13", "2022-02-30", "22-01-01"])
def test_bad_filter_date_is_a_clear_error(value):
    with pytest.raises(StoreError, match="since"):
        Filters(since=value)


def test_reopening_keeps_data(db_url):
    with open_store(db_url) as first:
        first.write_record(full_record())
    with open_store(db_url) as second:
        assert second.counts()["articles"] == 1


def test_newer_store_version_is_refused(db_url):
    from dateline.store.schema import meta

    with open_store(db_url) as opened, opened.engine.begin() as conn:
        conn.execute(meta.update().values(value=str(STORE_VERSION + 1)))
    with pytest.raises(StoreError, match="newer"):
        open_store(db_url)


def test_every_older_version_has_an_upgrade_step():
    assert sorted(STEPS) == list(range(1, STORE_VERSION))


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="folder does not exist"):
        open_store(str(tmp_path / "nope" / "x.db"))


def test_minhash_signatures_stay_as_stored():
    """Signatures live in stores: a library upgrade that hashed otherwise would silently stop
    old and new copies of an article from matching."""
    from dateline.store.dedup import signature

    sig = signature("Police in Lyon arrested three protesters on Monday, the ministry said.")
    assert sig.dtype.str == "<u8" and len(sig) == 128
    assert sig[:4].tolist() == [1949258588, 116092260, 219708246, 667390599]


def week_and_year_events(store):
    """Store a day, a week and a year event (as the dates stage writes them) in three articles."""
    week = consult("2016-W35", place="Geneva", precision="week")
    year = consult("2016", place="Minsk", precision="year")
    store.write_record(full_record("day", events=[consult("2016-09-07")]))
    store.write_record(full_record("week", text=TEXT + " W.", events=[week]))
    store.write_record(full_record("year", text=TEXT + " Y.", events=[year]))


def test_event_dates_are_periods_newest_first(store):
    # Regression: "2016-W35" and "2016" sorted as text above and below "2016-09-07".
    week_and_year_events(store)
    got = [(e["date"], e["date_precision"], e["date_end"]) for e in store.events()]
    assert got == [("2016-09-07", "day", "2016-09-07"), ("2016-08-29", "week", "2016-09-04"),
                   ("2016-01-01", "year", "2016-12-31")]


@pytest.mark.parametrize("since, until, expected", [
    ("2016", "2016", {"day", "week", "year"}),  # regression: the week event was dropped
    ("2016-09", "2016-09", {"day", "week", "year"}),  # the week runs into September
    ("2016-09-05", "2016-09-30", {"day", "year"}),
    ("2016-08-01", "2016-08-31", {"week", "year"}),
    ("2017-01-01", None, set()),
])
def test_since_until_select_overlapping_periods(store, since, until, expected):
    week_and_year_events(store)
    found = {e["first_article_id"] for e in store.events(Filters(since=since, until=until))}
    assert found == expected


def test_articles_mentions_and_reports_are_counted_apart(store):
    twice = [consult("2022-03-10"), consult("2022-03-10", confidence=0.5)]
    twice[1].mentions = [Span(14, 40), Span(50, 88)]  # the events stage's evidence spans
    store.write_record(full_record("a1", events=twice))
    store.write_record(full_record("a2", text=TEXT + " More.", source="Daily",
                                   events=[consult("2022-03-11")]))
    [event] = store.events()
    assert (event["n_reports"], event["n_articles"], event["n_sources"], event["n_mentions"]) == (3, 2, 2, 4)


def test_event_place_gets_geonameid_and_precision(store):
    store.write_record(full_record("a1"))
    [event] = store.events()
    assert (event["place_geonameid"], event["place_precision"]) == (323777, "city")


def test_quote_search_reads_the_quote_not_its_article(store):
    store.write_record(full_record("a1", source="Wire"))
    assert [q["text"] for q in store.quotes(Filters(q="ceasefire"))] == ['"We talked about a ceasefire,"']
    assert store.quotes(Filters(q="Antalya")) == []  # in the article, not in the quote
    assert len(store.quotes(Filters(q='"about a ceasefire"'))) == 1
    assert store.quotes(Filters(q='"ceasefire talked"')) == []  # a phrase keeps its order


def test_quote_search_marks_the_words_found(store):
    from dateline.store import fulltext, queries

    store.write_record(full_record("a1", source="Wire"))
    dialect = store.engine.dialect.name
    select = queries.quotes_query(Filters(q="ceasefires talk"), dialect).add_columns(
        fulltext.quote_hits("ceasefires talk", dialect))
    with store.engine.connect() as conn:
        hits = conn.execute(select).mappings().first()["hits"]
    marked = hits.split(fulltext.HIT_START)[1:]
    assert sorted(m.split(fulltext.HIT_END)[0] for m in marked) == ["ceasefire", "talked"]


@pytest.mark.parametrize("filters, expected", [
    (Filters(source_country="UKR"), 1), (Filters(source_country="RUS"), 0),
    (Filters(target_country="rus", source_sector="GOV"), 1),
    (Filters(type="ASSAULT,CONSULT"), 1), (Filters(country="NATO,UKR"), 1),
    (Filters(place="antalya"), 1), (Filters(place="Antal"), 0),
])
def test_dyad_sector_place_and_multi_value_filters(store, filters, expected):
    store.write_record(full_record("a1", source="Wire"))
    assert len(store.events(filters)) == expected


def test_event_mentions_and_place_point_round_trip(store):
    # Regression: events[].mentions and the event place's geonameid/feature/precision were
    # lost on the way through the store, so a stored record differed from the extracted one.
    record = full_record()
    record.events[0].mentions = [Span(14, 88), Span(89, 120)]
    record.events[0].place = EventPlace("Antalya", "TUR", 36.9, 30.7, geonameid=323777,
                                        feature="city", precision="city")
    store.write_record(record)
    assert store.record("a1").to_dict() == record.to_dict()


def roles_record() -> Record:
    """Return the full record with a place of each stored role, an unresolved speaker and a
    quote without one."""
    record = full_record(id="roles")
    first = record.places[0]
    record.places = [dataclasses.replace(first, role=role, start=first.start + n, end=first.end + n)
                     for n, role in enumerate(PLACE_ROLES)]
    quote = record.quotes[0]
    record.quotes = [dataclasses.replace(quote, speaker=dataclasses.replace(quote.speaker,
                                                                            resolved=False)),
                     dataclasses.replace(quote, speaker=None, cue=None)]
    return record


def test_place_roles_and_unresolved_speakers_round_trip(store):
    record = roles_record()
    store.write_record(record)
    back = store.record("roles")
    assert [p.role for p in back.places] == list(PLACE_ROLES)
    assert back.quotes[0].speaker.resolved is False and back.quotes[1].speaker is None
    assert back.to_dict() == record.to_dict()


@pytest.mark.parametrize("role, expected", [
    (None, ["literal"]),
    ("any", list(PLACE_ROLES)),
    ("acting,DEMONYM", ["acting", "demonym"]),
    ("modifier", ["modifier"]),
])
def test_role_filter_keeps_literal_places_unless_asked(store, role, expected):
    store.write_record(roles_record())
    got = store.places(Filters(role=role))
    assert sorted(p["role"] for p in got) == sorted(expected)


def test_place_stored_without_role_reads_as_literal(store):
    store.write_record(roles_record())
    with store.engine.begin() as conn:
        conn.execute(places.update().where(places.c.role == "literal").values(role=None))
    assert [p["role"] for p in store.places()] == [None]
    assert store.record("roles").places[0].role == "literal"


def test_unknown_role_is_refused():
    with pytest.raises(StoreError, match="role: 'city' is not a place role"):
        Filters(role="literal,city")


def test_encoding_and_entity_order_round_trip(store):
    # Regression: the store dropped encoding/bytes_replaced and gave entities back sorted as
    # text ("e10" before "e2"), so a stored record differed from the extracted one.
    from dateline.model import Entity

    record = full_record()
    record.encoding, record.bytes_replaced = "cp1252", 3
    record.entities = record.entities + [Entity(id=f"e{n}", name=f"Person {n}", type="PERSON",
                                                mentions=[[0, 3]]) for n in range(4, 12)]
    store.write_record(record)
    assert store.record("a1").to_dict() == record.to_dict()
