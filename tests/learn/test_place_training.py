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


def test_exported_trees_score_as_scikit_learn_does():
    import math
    import random

    from sklearn.ensemble import GradientBoostingClassifier

    from dateline.learn.places import export_trees
    from dateline.stages.place_ranker import score

    rng = random.Random(0)
    names = ["anchor_near", "log_population", "rule_margin"]
    x = [[rng.random() < 0.5, rng.uniform(0, 7), rng.uniform(-5, 0)] for _ in range(300)]
    y = [int(near + pop / 7 + margin / 5 + rng.gauss(0, 0.3) > 0.8) for near, pop, margin in x]
    model = GradientBoostingClassifier(n_estimators=20, max_depth=3, random_state=0).fit(x, y)
    exported = json.loads(json.dumps(export_trees(model, names)))
    for row, p in zip(x[:10], model.predict_proba(x[:10])[:, 1]):
        features = {name: float(v) for name, v in zip(names, row) if v}  # absent features count as 0
        assert abs(1 / (1 + math.exp(-score(exported, features))) - p) < 1e-9


def test_fit_trees_is_reproducible_and_plain_json():
    from dateline.learn.places import fit_trees

    settings = {"n_estimators": 5, "max_depth": 2, "learning_rate": 0.1, "random_state": 0}
    first, second = fit_trees(groups() * 3, settings=settings), fit_trees(groups() * 3, settings=settings)
    assert first == second and json.loads(json.dumps(first)) == first
    assert first["groups"] == 6 and "anchor_near" in first["features"]
