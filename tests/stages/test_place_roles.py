"""Place roles (issue 23): literal, acting, modifier, in_name (not output), demonym."""

from dateline.stages.place_roles import features, proposed_roles, role_features


def roles_of(record):
    return {(p.text, p.role) for p in record.places}


def test_a_place_where_something_happens_is_literal(extract):
    found = roles_of(extract("Fighting continued in Kharkiv on Tuesday, and talks were held in Paris."))
    assert ("Kharkiv", "literal") in found and ("Paris", "literal") in found


def test_a_country_that_speaks_acts(extract):
    assert ("Russia", "acting") in roles_of(extract("Russia said on Monday that it would respond."))


def test_a_premodifier_says_where_people_are_from(extract):
    assert ("U.S.", "modifier") in roles_of(extract("U.S. officials met on Monday to discuss the plan."))


def test_a_newspaper_name_is_no_place(extract):
    record = extract("The Washington Post reported the decision on Monday.")
    assert not any(p.text == "Washington" for p in record.places)


def test_demonyms_are_output_with_their_country(extract):
    record = extract("Turkish officials met on Monday in Ankara.")
    assert any(p.text == "Turkish" and p.role == "demonym" and p.country == "TUR" for p in record.places)


def test_roles_off_keeps_every_mention_literal(nlp):
    from dateline import Article, extract
    from dateline.settings import DEFAULT

    record = extract(Article(text="Russia said on Monday that it would respond."), nlp=nlp,
                     settings=DEFAULT.with_overrides(place_roles=False, place_demonyms=False))
    assert {p.role for p in record.places} == {"literal"}


def test_only_countries_regions_and_capitals_may_act(nlp):
    doc = nlp("A man from Springfield said he was leaving.")
    start = doc.text.index("Springfield")
    feats = features(doc, start, start + len("Springfield"), "city")
    assert "acting" not in proposed_roles(feats)
    assert feats["after_locative"] == 1.0
    assert proposed_roles({"kind_country": 1.0}) == ("literal", "acting", "modifier", "in_name")


def test_each_feature_is_crossed_with_the_role():
    assert role_features("acting", {"possessive": 1.0}) == {"acting:possessive": 1.0, "acting:bias": 1.0}


def test_a_state_before_a_city_word_is_its_city(extract):
    record = extract("New York police arrested two men on Monday.")
    assert any(p.text == "New York" and p.name == "New York City" and p.feature == "city" for p in record.places)
    record = extract("Voters in New York state went to the polls.")
    assert any(p.text == "New York" and p.feature == "admin" for p in record.places)
