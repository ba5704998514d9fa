"""The places stage and the offline gazetteer, on small texts written for the tests."""

import pytest

from dateline.gazetteer import distance_km, name_key, open_gazetteer
from dateline.stages.places import Hints, is_demonym, place_for_span, resolve_spans


def places_of(record):
    return {(p.text, p.name, p.country, p.feature) for p in record.places}


def test_name_key_folds_accents_dots_and_case():
    assert name_key("Türkiye") == "turkiye"
    assert name_key("St. Louis") == "st louis"


def test_gazetteer_knows_cities_regions_countries_and_state_abbreviations():
    gaz = open_gazetteer()
    assert any(e.feature == "city" and e.country == "TUR" for e, _ in gaz.lookup("Antalya"))
    assert any(e.feature == "admin" and e.country == "USA" for e, _ in gaz.lookup("Louisiana"))
    assert any(e.feature == "country" for e, _ in gaz.lookup("Ukraine"))
    assert [e.name for e, primary in gaz.lookup("W.Va.") if primary] == ["West Virginia"]


def test_regions_outside_the_us_carry_geonames_ids_and_codes_of_their_towns():
    gaz = open_gazetteer()
    ontario = [e for e, _ in gaz.lookup("Ontario") if e.country == "CAN" and e.feature == "admin"]
    toronto = max((e for e, _ in gaz.lookup("Toronto") if e.country == "CAN"), key=lambda e: e.population)
    assert ontario and ontario[0].geonameid and ontario[0].level == 1
    assert ontario[0].admin1 == toronto.admin1


def test_second_level_divisions_worldwide_sit_among_their_towns():
    gaz = open_gazetteer()
    kemer = [e for e, _ in gaz.lookup("Kemer") if e.feature == "admin" and e.admin1 == "TR.07"]
    assert kemer and kemer[0].level == 2 and kemer[0].geonameid and kemer[0].population > 5000
    assert distance_km(kemer[0].lat, kemer[0].lon, 36.60, 30.56) < 40  # the district of Kemer, Antalya
    parish = [e for e, _ in gaz.lookup("Avoyelles") if e.feature == "admin"]
    assert parish and parish[0].country == "USA"


def test_gazetteer_opens_fast():
    import time

    from dateline.gazetteer import Gazetteer, default_path

    open_gazetteer()
    started = time.monotonic()
    Gazetteer(default_path()).lookup("Kharkiv")
    assert time.monotonic() - started < 1.0


def test_a_forked_process_looks_places_up_on_its_own_connection():
    # The local runner forks warm workers; SQLite connections must not be used on both sides.
    import json
    import os

    gaz = open_gazetteer()
    before = gaz._db
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reports and leaves at once, whatever happens
        try:
            found = [e.country for e, _ in gaz.lookup("Mariupol")] + [gaz.knows("Antalya")]
            os.write(write, json.dumps([gaz._db is not before, found]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        reply = json.loads(pipe.read() or "null")
    os.waitpid(pid, 0)
    assert reply == [True, ["UKR", True]]
    assert gaz._db is before and gaz.knows("Antalya")


def test_distance_km():
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


def test_context_picks_the_local_namesake():
    text = "Police in Alexandria, Louisiana, said the fire near Pineville was set on purpose."
    spans = [(10, 20), (22, 31), (52, 61)]
    alexandria = resolve_spans(text, spans, Hints())[0]
    assert alexandria.country == "USA" and alexandria.lat == pytest.approx(31.31, abs=0.2)


def test_big_city_wins_without_context():
    text = "Talks resumed in Alexandria."
    place = resolve_spans(text, [(17, 27)])[0]
    assert place.country == "EGY"


def test_namesakes_resolve_towards_the_other_toponyms():
    # No state is named: only Hall County ties Gainesville to Georgia (alone it is the bigger one in Florida).
    text = "Gainesville police said the Hall County jail was full."
    city, county = resolve_spans(text, [(0, 11), (28, 39)])
    assert city.country == "USA" and city.lat == pytest.approx(34.30, abs=0.3)
    assert distance_km(county.lat, county.lon, city.lat, city.lon) < 50
    alone = resolve_spans("Gainesville police said the jail was full.", [(0, 11)])[0]
    assert alone.lat == pytest.approx(29.65, abs=0.3)


def _resolved(text, names):
    spans = [(text.index(name), text.index(name) + len(name)) for name in names]
    return resolve_spans(text, spans, Hints())


def test_country_name_in_a_local_story_is_the_town_beside_its_neighbour():
    text = "The Jordan council met Monday; the Shakopee mayor was there too."
    jordan, _ = _resolved(text, ["Jordan", "Shakopee"])
    assert jordan.country == "USA" and jordan.feature == "city"
    assert jordan.lat == pytest.approx(44.67, abs=0.2)


def test_country_name_among_other_countries_stays_the_country():
    text = "Refugees crossed from Syria into Jordan and Lebanon, officials in Amman said."
    places = _resolved(text, ["Syria", "Jordan", "Lebanon", "Amman"])
    assert [p.feature for p in places[:3]] == ["country"] * 3
    assert places[1].country == "JOR" and places[2].country == "LBN"


def test_name_in_a_list_of_counties_is_the_county():
    text = "Snow closed roads in Becker, Clay, Grant and Wilkin counties, the Minnesota patrol said."
    becker, clay, grant, wilkin, _ = _resolved(text, ["Becker", "Clay", "Grant", "Wilkin", "Minnesota"])
    assert grant.feature == "admin" and grant.name == "Grant County"
    assert grant.lat == pytest.approx(45.93, abs=0.2)
    metro = "Jobless rates rose in the metro Athens counties."
    assert _resolved(metro, ["Athens"])[0].feature == "city"


def test_county_point_is_near_its_towns():
    walker = [e for e, _ in open_gazetteer().lookup("Walker County") if e.admin1 == "US.GA"]
    assert walker and distance_km(walker[0].lat, walker[0].lon, 34.74, -85.30) < 50


def test_demonyms_are_not_places():
    assert is_demonym("Turkish")
    assert is_demonym("Ukrainians")
    assert not is_demonym("Turkey")
    assert not is_demonym("Kyiv")
    for word in ("Palestinian", "Cypriot", "Greek", "French", "German", "Greeks", "Kurdish", "Canadian"):
        assert is_demonym(word), word
    assert not is_demonym("Georgia") and not is_demonym("Indiana")


def test_demonym_given_as_a_toponym_resolves_to_its_country():
    text = "He was tired of Canadian winters, and of Sinhalese politics."
    canadian, sinhalese = _resolved(text, ["Canadian", "Sinhalese"])
    assert canadian.country == "CAN" and canadian.feature == "country"
    assert sinhalese.country == "LKA"


def test_president_named_like_a_town_is_no_place(extract):
    record = extract("Visitors in Springfield read Lincoln's letters. President Lincoln signed it in 1863.")
    assert not any(p.text == "Lincoln" for p in record.places)


def test_stage_geocodes_ner_toponyms(extract):
    record = extract("Ukrainian and Russian ministers met in Antalya, Turkey, on Thursday. "
                     "Shelling continued in Kharkiv.", published="2022-03-10")
    found = places_of(record)
    assert ("Antalya", "Antalya", "TUR", "city") in found
    assert ("Turkey", "Turkey", "TUR", "country") in found
    assert any(name == "Kharkiv" and country == "UKR" for _, name, country, _ in found)
    # Demonyms are places of role demonym (issue 23), resolved to their country; never literal.
    demonyms = [p for p in record.places if p.text in ("Ukrainian", "Russian")]
    assert demonyms and all(p.role == "demonym" and p.feature == "country" for p in demonyms)
    for place in record.places:
        assert record.text[place.start:place.end] == place.text
        assert place.geonameid or place.feature == "admin"


def _context(record, nlp, settings=None):
    from dateline.pipeline import Context
    from dateline.segment import segment
    from dateline.stages import entities, places

    ctx = Context(article=__import__("dateline").Article(text=record.text), doc=nlp(record.text),
                  seg=segment(record.text), record=record, **({"settings": settings} if settings else {}))
    record.entities = entities.run(ctx)
    record.places = places.run(ctx)
    return ctx


def test_event_place_is_the_most_specific_the_article_supports(extract, nlp):
    text = ("ANTALYA, Turkey (AP) — The foreign ministers of Russia and Ukraine met on Thursday. "
            "The meeting in Turkey ended without a ceasefire.")
    ctx = _context(extract(text), nlp)
    start = text.index("The meeting")
    place = place_for_span(ctx, start, len(text))
    assert place.name == "Antalya" and place.country == "TUR"


def test_capital_as_government_is_not_the_event_place(extract, nlp):
    text = "Moscow said on Friday that talks in Istanbul had made progress."
    ctx = _context(extract(text), nlp)
    place = place_for_span(ctx, 0, len(text))
    assert place is not None and place.name == "Istanbul"


def _spans_of(ctx):
    from dateline.stages.places import toponym_spans

    spans, weak = toponym_spans(ctx)
    return {ctx.article.text[s:e] for s, e in spans}, {ctx.article.text[s:e] for s, e in weak}


def test_places_that_organisations_are_named_after(extract, nlp):
    text = ("Officers of the Shreveport Police Department met staff of the Texas Department of "
            "Transportation on Wichita Drive.")
    ctx = _context(extract(text), nlp)
    names, weak = _spans_of(ctx)
    assert "Shreveport" in names and "Shreveport" not in weak
    assert "Wichita" not in names  # a street, with no institution word after it


def test_leading_direction_is_trimmed_only_when_the_rest_is_the_place(extract, nlp):
    text = "Schools in Northeast Georgia and in North Carolina closed early on Monday."
    record = extract(text)
    found = {(p.text, p.name) for p in record.places}
    assert ("Georgia", "Georgia") in found
    assert any(name == "North Carolina" for _, name in found)


def test_direction_before_a_common_noun_leaves_no_place(extract):
    record = extract("North Korea fired two ballistic missiles into the sea off its east coast.")
    assert [p.name for p in record.places] == ["North Korea"]  # not Pwani, "Coast" region of Tanzania


def test_brand_named_like_a_town_abroad_is_not_a_place(extract):
    record = extract("Honda said on Monday that sales in Ohio rose by a tenth.")
    assert not any(p.text == "Honda" for p in record.places)


def test_town_before_its_state_and_inline_dateline(extract, nlp):
    text = ("Home hit by fire a second time. BYESVILLE -- Firefighters were called again on Friday. "
            "The owner moved from Elbow Lake, Minnesota, last year.")
    ctx = _context(extract(text), nlp)
    names, weak = _spans_of(ctx)
    assert "BYESVILLE" in names
    assert "Elbow Lake" in names and "Elbow Lake" not in weak


def test_county_tagged_as_person_is_a_place(extract, nlp):
    from dateline.stages.places import _place_mislabelled

    text = "Deputies in Cooke County arrested two men."
    ctx = _context(extract(text), nlp)
    ents = [e for e in ctx.doc.ents if e.text == "Cooke County"]
    assert all(_place_mislabelled(ctx, e) or e.label_ in ("GPE", "LOC") for e in ents)
    assert any(p.text == "Cooke County" and p.country == "USA" for p in ctx.record.places)


def test_counties_listed_before_the_word_counties(extract, nlp):
    text = "Storms damaged barns in Wilkin, Otter Tail and Grant counties on Sunday night."
    names, _ = _spans_of(_context(extract(text), nlp))
    assert {"Wilkin", "Otter Tail", "Grant"} <= names


def test_legislator_home_town_after_the_party_letter(extract, nlp):
    text = "The bill's author, Rep. Ann Lee, DFL-Elbow Lake, said the House would pass it."
    names, _ = _spans_of(_context(extract(text), nlp))
    assert "Elbow Lake" in names and not any(n.startswith("DFL") for n in names)


def test_known_place_inside_a_longer_ner_span(extract, nlp):
    text = "The suspect was booked into the Henderson County Jail on Friday, deputies said."
    names, _ = _spans_of(_context(extract(text), nlp))
    assert "Henderson County" in names and "Henderson County Jail" not in names


def test_county_and_region_leading_an_organisation(extract, nlp):
    text = ("Capt. Ray Moss of the McLean County Sheriff's Office spoke on Monday. "
            "Jo Hart chairs the Western Pennsylvania Kennel Association.")
    names, _ = _spans_of(_context(extract(text), nlp))
    assert "McLean County" in names
    assert "Pennsylvania" in names and "Western Pennsylvania" not in names


def test_small_town_named_before_a_resident_noun(extract, nlp):
    text = "A Crafton man is suing a television station over a photograph, his lawyer said."
    names, _ = _spans_of(_context(extract(text), nlp))
    assert "Crafton" in names


def test_county_by_its_short_name_before_the_sheriff(extract, nlp):
    # A county by its short name needs the article's country: here Louisiana backs the USA.
    text = ("Capt. Steve Juge, with the Pointe Coupee Sheriff's Office, said a boy was arrested "
            "in New Roads, Louisiana.")
    ctx = _context(extract(text), nlp)
    names, _ = _spans_of(ctx)
    assert "Pointe Coupee" in names
    # Found and placed, but a part of the office's name (issue 23): no place of the record.
    assert not any(p.text == "Pointe Coupee" for p in ctx.record.places)
    from dateline.settings import DEFAULT
    ctx = _context(extract(text), nlp, DEFAULT.with_overrides(place_roles=False))
    assert any(p.text == "Pointe Coupee" and p.country == "USA" for p in ctx.record.places)


def test_hyphenated_pair_of_towns(extract, nlp):
    text = "The river will crest at 40 feet in Fargo-Moorhead on Friday, forecasters in North Dakota said."
    names, _ = _spans_of(_context(extract(text), nlp))
    assert {"Fargo", "Moorhead"} <= names


def test_according_to_a_surname_is_no_place(extract, nlp):
    text = "The driver fled on foot, according to Taylor. Deputies in Texas found him later."
    names, _ = _spans_of(_context(extract(text), nlp))
    assert "Taylor" not in names


def test_names_written_otherwise():
    text = "Bands from Mt. Pleasant, Iowa, and Loudon Co., Tennessee, met Ohioans in the Town of Groton."
    pleasant, iowa, loudon, tennessee, ohioans, groton = _resolved(
        text, ["Mt. Pleasant", "Iowa", "Loudon Co.", "Tennessee", "Ohioans", "Town of Groton"])
    assert pleasant.name == "Mount Pleasant" and pleasant.lat == pytest.approx(40.96, abs=0.2)
    assert loudon.name == "Loudon County" and loudon.feature == "admin"
    assert ohioans.name == "Ohio" and ohioans.feature == "admin"
    assert groton.name == "Groton"
    township = "Deputies patrol Hamilton Township in Warren County, Ohio."
    hamilton = _resolved(township, ["Hamilton Township", "Warren County", "Ohio"])[0]
    assert hamilton.country == "USA" and hamilton.lat == pytest.approx(39.4, abs=0.5)


def test_school_named_after_a_town_does_not_vote_for_the_country(extract):
    record = extract("Jordan elementary gets a reward. Jordan Elementary School Principal Ann Lee shows a "
                     "check donated by a store in Shakopee.")
    jordans = [p for p in record.places if p.text == "Jordan"]
    assert jordans and all(p.country == "USA" and p.feature == "city" for p in jordans)
    record = extract("Refugees crossed from Syria into Jordan and Lebanon, officials in Amman said.")
    assert {(p.text, p.country) for p in record.places if p.feature == "country"} >= \
        {("Jordan", "JOR"), ("Lebanon", "LBN")}


def test_event_place_carries_geonameid_feature_and_precision():
    from dateline.model import Place
    from dateline.stages.places import event_place

    county = Place(0, 6, "Marion", "Marion County", "USA", 39.8, -86.1, 4259418, "admin")
    sea = Place(0, 14, "Gulf of Mexico", "Gulf of Mexico", None, 25.5, -89.9, None, "physical")
    assert (event_place(county).geonameid, event_place(county).precision) == (4259418, "admin1")
    assert event_place(sea).precision == "physical" and event_place(sea).feature == "physical"


def test_event_places_come_from_literal_places_only(extract):
    record = extract("Russia said on Monday that its troops attacked Kharkiv.")
    places = {e.place.name for e in record.events if e.place}
    assert "Russia" not in places


def test_outlet_country_from_a_country_code_domain():
    from dateline.stages.places import outlet_country

    assert outlet_country("https://www.bbc.co.uk/news/uk-1") == "GBR"
    assert outlet_country("https://www.cbc.ca/news/canada/x") == "CAN"
    assert outlet_country("https://www.nytimes.com/2020/x") is None
    assert outlet_country("https://news.example.tv/x") is None
    assert outlet_country(None) is None


def test_a_namesake_abroad_yields_to_the_outlets_country(extract):
    text = "Police in Kingston arrested two men after a robbery on Monday."
    assert any(p.text == "Kingston" and p.country == "JAM" for p in extract(text).places)
    canadian = extract(text, url="https://www.example.ca/news/1")
    assert any(p.text == "Kingston" and p.country == "CAN" for p in canadian.places)
