"""The learned place ranker, on small texts written for the tests."""

from dateline.gazetteer import distance_km
from dateline.settings import DEFAULT
from dateline.stages import place_ranker
from dateline.stages.places import Hints, resolve_spans


def resolve(text, names, settings=DEFAULT, collect=None):
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return resolve_spans(text, spans, Hints(), settings, collect)


def test_shipped_model_is_plain_json_over_the_features_it_describes():
    model = place_ranker.load_model()
    collected = []
    resolve("Firefighters in Paris, Tenn., and in Henry County were busy.", ["Paris", "Tenn.", "Henry County"],
            collect=collected)
    names = {name for _, _, rows in collected for row in rows for name in row}
    assert {"kind_city", "rule_choice", "log_population", "anchor_near"} <= names
    if "trees" in model:  # python -m dateline.learn.places --model gbm
        assert isinstance(model["init"], float) and 0 < model["learning_rate"] <= 1
        assert set(model["features"]) <= names | set(model["features"]) and "rule_margin" in model["features"]
        for tree in model["trees"]:
            assert all(len(tree[key]) == len(tree["left"]) for key in ("feature", "threshold", "right", "value"))
    else:
        assert isinstance(model["intercept"], float) and "rule_margin" in model["weights"]


def test_linear_weights_still_score():
    model = {"intercept": 0.5, "weights": {"anchor_near": 2.0}}
    assert place_ranker.score(model, {"anchor_near": 1.0, "biggest": 1.0}) == 2.5


def test_collect_gives_one_feature_row_per_candidate_and_span():
    collected = []
    text = "Flooding hit Alexandria, La., and Pineville."
    resolve(text, ["Alexandria", "La.", "Pineville"], collect=collected)
    assert [span for span, _, _ in collected] == [(13, 23), (25, 28), (34, 43)]
    for _, cands, rows in collected:
        assert len(cands) == len(rows)
        assert sum(row["rule_choice"] for row in rows) == 1


def test_ranker_keeps_town_beside_its_neighbours():
    text = "The fair in Paris drew visitors from Henry County and Huntingdon, Tenn."
    paris = resolve(text, ["Paris", "Henry County", "Huntingdon", "Tenn."])[0]
    assert paris.country == "USA" and distance_km(paris.lat, paris.lon, 36.30, -88.33) < 50  # Paris, Tennessee


def test_a_name_alone_is_its_big_namesake_and_the_town_not_its_county():
    paris = resolve("Paris was calm as France voted.", ["Paris", "France"])[0]
    assert (paris.name, paris.country, paris.feature) == ("Paris", "FRA", "city")


def test_sure_countries_stay_the_rules_choice():
    for settings in (DEFAULT, DEFAULT.with_overrides(place_model=False)):
        china = resolve("Exports to China rose.", ["China"], settings)[0]
        assert china.feature == "country" and china.country == "CHN"


def test_new_york_alone_is_the_state_at_its_own_point():
    state = resolve("The governor of New York signed the budget.", ["New York"])[0]
    assert state.feature == "admin" and distance_km(state.lat, state.lon, 43.0, -75.5) < 20


def test_dotted_initials_are_not_the_state_abbreviation():
    text = "The team flew from L.A. to Shreveport, La., on Sunday."
    la_city, _, la_state = resolve(text, ["L.A.", "Shreveport", "La."])
    assert (la_city.name, la_city.feature) == ("Los Angeles", "city")
    assert la_state.feature == "admin" and la_state.name == "Louisiana"


def test_an_acronym_is_no_town_by_case_folding():
    eu, = resolve("Talks with the EU resumed.", ["EU"])
    assert eu is None or eu.name != "Eu"
    eu_town, = resolve("The abbey of Eu stands in Normandy.", ["Eu"])
    assert eu_town is not None and eu_town.country == "FRA"
