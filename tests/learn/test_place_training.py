"""Training the place ranker: the same groups give the same plain-JSON weights; forced names stay the rules'."""

import json

from dateline.learn.places import accuracy, cross_validate, fit


def groups():
    # Three toponyms of three articles: the town near the article's anchor is right, a far namesake is not.
    near = {"kind_city": 1.0, "rule_choice": 0.0, "anchor_near": 1.0, "log_population": 3.5}
    far = {"kind_city": 1.0, "rule_choice": 1.0, "anchor_near": 0.0, "log_population": 5.5}
    return [(0, [(near, True), (far, False)]), (1, [(far, False), (near, True)]),
            (2, [(dict(near, forced=0.0), False), (dict(far, forced=1.0), True)])]


def test_fit_is_reproducible_and_plain_json():
    first, second = fit(groups()), fit(groups())
    assert first == second
    assert json.loads(json.dumps(first)) == first
    assert first["groups"] == 2  # the forced name is left to the rules
    assert first["weights"]["anchor_near"] > 0


def test_accuracy_counts_right_choices_and_keeps_forced_names():
    model = {"intercept": 0.0, "weights": {"anchor_near": 1.0}}
    assert accuracy(groups(), None) == 1 / 3  # the rules took the far namesake twice
    assert accuracy(groups(), model) == 1.0   # the forced one is right by the rules
    assert accuracy([(0, [])], model) == 0.0  # no candidate: a miss


def test_cross_validation_scores_every_toponym_once():
    rules, ranked = cross_validate(groups() * 2, folds=2, c=1.0)
    assert rules == 1 / 3 and 0.0 <= ranked <= 1.0
