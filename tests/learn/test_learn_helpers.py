"""dateline.learn's shared training helpers: article folds and the model file."""

import json

from dateline.learn import article_folds, write_model


def test_article_folds_hold_each_article_out_once_by_position():
    articles = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"]
    folds = list(article_folds(articles, 3))
    assert [held for _, held in folds] == [["first", "fourth", "seventh"], ["second", "fifth"], ["third", "sixth"]]
    for train, held in folds:
        assert sorted(train + held) == sorted(articles) and not set(train) & set(held)


def test_write_model_writes_sorted_json_to_the_given_file(tmp_path):
    out = write_model({"weights": {"b": 1.5, "a": -0.25}, "intercept": 0.0}, tmp_path / "m.json", "unused.json")
    assert out == tmp_path / "m.json"
    text = out.read_text(encoding="utf-8")
    assert text == json.dumps({"intercept": 0.0, "weights": {"a": -0.25, "b": 1.5}}, indent=1) + "\n"
    write_model({"b": 1, "a": [2]}, out, "unused.json", indent=None)
    assert out.read_text(encoding="utf-8") == '{"a": [2], "b": 1}\n'
