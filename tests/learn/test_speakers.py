"""Training the speaker chooser: the same groups give the same plain-JSON weights."""

import json

from dateline.learn.speakers import fit, top1


def groups():
    # Two quotes: the subject of the speech verb is right, a far pronoun is not.
    right = {"rule": 1.0, "speech_verb": 1.0, "same_sentence": 1.0, "log_gap": 0.7}
    wrong = {"rule": 0.0, "pronoun": 1.0, "log_gap": 2.5}
    return [[(right, True), (wrong, False)], [(wrong, False), (right, True)],
            [(dict(wrong, rule=1.0), True), (dict(right, rule=0.0), False)]]


def test_fit_is_reproducible_and_plain_json():
    first, second = fit(groups()), fit(groups())
    assert first == second
    assert json.loads(json.dumps(first)) == first
    assert set(first["weights"]) >= {"rule", "speech_verb", "pronoun"}


def test_top1_counts_groups_whose_best_candidate_is_right():
    model = {"intercept": 0.0, "weights": {"rule": 1.0}}
    assert top1(groups(), model) == 1.0
    assert top1(groups(), {"intercept": 0.0, "weights": {"rule": -1.0}}) == 0.0
