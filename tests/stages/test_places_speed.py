"""The places stage's shortcuts (issue 8) give exactly what the plain computations give."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.gazetteer import distance_km, name_key, nearest_km, open_gazetteer, trig_points
from dateline.settings import DEFAULT
from dateline.stages import places
from dateline.stages.places import _HYPHENS, _LOCATIVE, _beside, _Neighbours, _tokens_among

_LATS = st.floats(min_value=-90, max_value=90, allow_nan=False)
_LONS = st.floats(min_value=-180, max_value=180, allow_nan=False)


class _Point:
    def __init__(self, lat, lon):
        self.lat, self.lon = lat, lon


@settings(max_examples=300, deadline=None)
@given(_LATS, _LONS, st.lists(st.tuples(_LATS, _LONS), min_size=1, max_size=6))
def test_nearest_km_is_distance_km_to_the_nearest_point_to_the_last_bit(lat, lon, points):
    entries = [_Point(*point) for point in points]
    assert nearest_km(lat, lon, trig_points(entries)) == min(distance_km(lat, lon, e.lat, e.lon) for e in entries)


def test_neighbours_count_the_names_beside_accepts():
    # Namesakes across states and countries, counties, states and countries: every path of _beside.
    names = ["Paris", "Henry County", "Springfield", "Texas", "Tennessee", "France", "Georgia",
             "Columbus", "Washington", "Athens", "Clay County", "Lebanon"]
    others = {name_key(n): [e for e, primary in open_gazetteer().lookup(n) if primary and e.feature != "region"]
              for n in names}
    index, km = _Neighbours(others), DEFAULT.place_near_km
    for own, entries in others.items():
        for entry in entries:
            plain = sum(key != own and any(_beside(entry, other, km) for other in those)
                        for key, those in others.items())
            assert index.count_beside(own, entry, km, 2) == min(plain, 2)
            assert index.count_beside(own, entry, km, len(others)) == plain


def test_tokens_among_are_the_tokens_a_full_scan_keeps(nlp):
    doc = nlp("Crews from Fargo-Moorhead worked in Clay and Cass counties, near the Red River — in the rain.")
    assert _tokens_among(doc, _LOCATIVE) == [t for t in doc if t.lower_ in _LOCATIVE]
    assert _tokens_among(doc, _HYPHENS, "ORTH") == [t for t in doc if t.text in _HYPHENS]
    assert [t.text for t in _tokens_among(doc, places._DIVISION_PLURALS)] == ["counties"]
