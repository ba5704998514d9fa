"""Training the place role model: the same examples give the same plain-JSON weights."""

import json

from dateline.learn.place_roles import accuracy_of_guesses, fit
from dateline.stages.place_roles import choose, proposed_roles


def examples():
    literal = {"kind_city": 1.0, "after_locative": 1.0}
    acting = {"kind_country": 1.0, "subject_of_saying": 1.0}
    modifier = {"kind_country": 1.0, "next_noun": 1.0, "dep_compound": 1.0}
    return [(literal, {"literal"}), (acting, {"acting"}), (modifier, {"modifier"}),
            (dict(modifier, next_institution=1.0), {"acting", "modifier", "in_name"})] * 3


def test_fit_is_reproducible_plain_json_and_learns_the_roles():
    first, second = fit(examples()), fit(examples())
    assert first == second and json.loads(json.dumps(first)) == first
    for feats, right in examples()[:3]:
        assert choose(feats, proposed_roles(feats), first) in right


def test_accuracy_counts_literal_or_not_apart():
    figures = accuracy_of_guesses([("literal", "literal"), ("acting", "modifier"), ("in_name", "literal")])
    assert figures["accuracy"] == round(1 / 3, 4) and figures["literal_or_not"] == round(2 / 3, 4)
