"""The gazetteer's issue-23 rows: GeoNames country points, the extra rows by full name, abbreviations."""

from dateline.gazetteer import open_gazetteer


def kinds(name):
    return {(e.name, e.feature, e.country) for e, _ in open_gazetteer().lookup(name)}


def test_regions_and_seas_by_their_full_names():
    assert ("Middle East", "region", None) in kinds("Middle East")
    assert ("Gulf of Mexico", "physical", None) in kinds("Gulf of Mexico")
    assert not any(feature == "physical" for _, feature, _ in kinds("Pacific"))  # one word alone: noise
    assert ("South Pacific Ocean", "physical", None) in kinds("South Pacific")  # the short form, by rule


def test_province_abbreviations_and_postal_codes():
    assert ("Ontario", "admin", "CAN") in kinds("Ont.")
    assert ("British Columbia", "admin", "CAN") in kinds("B.C.")
    assert ("California", "admin", "USA") in kinds("CA")


def test_countries_sit_at_their_geonames_point():
    canada = open_gazetteer().country("CAN")
    assert (round(canada.lat, 2), round(canada.lon, 2)) == (60.11, -113.64)


def test_an_extra_row_repeating_a_known_place_is_left_out():
    ontario = [e for e, _ in open_gazetteer().lookup("Ontario") if e.feature == "admin" and e.level == 1]
    assert len(ontario) == 1
