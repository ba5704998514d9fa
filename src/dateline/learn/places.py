"""Train the place candidate ranker on LGL and write resources/place_model.json.

    python -m dateline.learn.places --data ../shared/datasets/geo

Every gold toponym of LGL (resolved on the gold spans, as `dateline eval
places` scores them) gives one group of candidates with the rules' context
(dateline.stages.places, place_ranker.group_features); a candidate is a
positive when it lies within 161 km of the gold point. The ranker learns
from the groups that have a positive and more than one candidate (names the
rules force, a sure country for one, are left to the rules): `--model linear`
(the default, shipped), a logistic regression (liblinear) written as
intercept and weights, or `--model gbm`, scikit-learn's gradient-boosted
trees of small depth with a fixed seed, written as plain JSON (per tree:
feature, threshold, left, right and value arrays; the initial score and
learning rate); docs/places.md says why the trees are not the default. `--cv 5`
first reports grouped cross-validation on the corpus (articles never split
across folds); `--check --corpus trnews` scores the shipped model on the
held-out corpus.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from ..eval.places import CORPORA, KM, load_corpus
from ..gazetteer import distance_km
from . import article_folds, write_model
from ..stages.place_ranker import MODEL_FILE, load_model, score

DEFAULT_C = 0.3
# Boosting settings chosen by 5-fold article CV on LGL (docs/places.md); depth stays small so that
# the JSON stays small and scoring a candidate costs a few hundred comparisons.
TREES = {"n_estimators": 100, "max_depth": 3, "learning_rate": 0.1, "random_state": 0}


def candidate_groups(docs: list) -> list:
    """Return [(article index, [(features, label, rules' pick), ...])] per gold toponym, the rules in place."""
    from ..segment import segment
    from ..settings import DEFAULT
    from ..stages.places import Hints, _add_dateline, resolve_spans

    settings = DEFAULT.with_overrides(place_model=False)
    groups = []
    for index, doc in enumerate(docs):
        hints = Hints()
        seg = segment(doc.text)
        if seg.dateline:
            _add_dateline(hints, seg.dateline)
        collected = []
        resolve_spans(doc.text, [(t.start, t.end) for t in doc.toponyms], hints, settings, collect=collected)
        for gold, (_, cands, rows) in zip(doc.toponyms, collected):
            rows = rows or []
            groups.append((index, [(row, distance_km(gold.lat, gold.lon, entry.lat, entry.lon) <= KM)
                                   for (entry, _), row in zip(cands, rows)]))
    return groups


def training_rows(groups: list) -> tuple:
    """Return (feature dicts, 0/1 labels, number of groups) of the groups worth ranking."""
    # A name the rules force (a sure country, a sure region of the main country) is not ranked.
    useful = [rows for _, rows in groups if len(rows) > 1 and any(y for _, y in rows)
              and not any("forced" in f for f, _ in rows)]
    return [f for rows in useful for f, _ in rows], [int(y) for rows in useful for _, y in rows], len(useful)


def fit(groups: list, c: float = DEFAULT_C, corpus: str = "LGL", kind: str = "linear") -> dict:
    """Return the ranker trained on candidate groups: {"intercept": x, "weights": {feature: w}}
    (`kind` "linear") or the boosted trees as plain JSON (`kind` "gbm", see fit_trees)."""
    if kind == "gbm":
        return fit_trees(groups, corpus)
    import sklearn
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    x_rows, labels, n_groups = training_rows(groups)
    vectorizer = DictVectorizer(sparse=False)
    x = vectorizer.fit_transform(x_rows)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=2000, random_state=0).fit(x, labels)
    weights = {name: round(float(w), 6) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
    return {"kind": "logistic regression, one score per candidate place; the highest is the place",
            "trained_on": f"{corpus} gold toponyms (Gritta et al. release)", "scikit_learn": sklearn.__version__,
            "C": c, "groups": n_groups, "candidates": len(x_rows),
            "intercept": round(float(model.intercept_[0]), 6), "weights": weights}


def fit_trees(groups: list, corpus: str = "LGL", settings: Optional[dict] = None) -> dict:
    """Return gradient-boosted trees trained on candidate groups, as plain JSON (export_trees)."""
    import sklearn
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.feature_extraction import DictVectorizer

    x_rows, labels, n_groups = training_rows(groups)
    # Trees find their own interactions: the products by kind, main name and anchor (for the
    # linear model) are left out, which keeps training and the JSON small.
    x_rows = [{name: v for name, v in f.items() if "*" not in name} for f in x_rows]
    vectorizer = DictVectorizer(sparse=False)
    x = vectorizer.fit_transform(x_rows)
    settings = settings or TREES
    model = GradientBoostingClassifier(**settings).fit(x, labels)
    return {"kind": "gradient-boosted trees, one score per candidate place; the highest is the place",
            "trained_on": f"{corpus} gold toponyms (Gritta et al. release)", "scikit_learn": sklearn.__version__,
            "settings": dict(settings), "groups": n_groups, "candidates": len(x_rows),
            **export_trees(model, list(vectorizer.get_feature_names_out()))}


def export_trees(model, names: list) -> dict:
    """Return a fitted binary GradientBoostingClassifier as {"init", "learning_rate", "features", "trees"}:
    per tree its node arrays (feature index into "features", threshold, left, right, leaf value; a
    leaf has left -1), the layout dateline.stages.place_ranker evaluates."""
    import math

    prior = float(model.init_.class_prior_[1])
    trees = [estimator[0].tree_ for estimator in model.estimators_]
    used = sorted({int(f) for tree in trees for f in tree.feature if f >= 0})
    index = {f: i for i, f in enumerate(used)}  # only the features some tree splits on are kept
    exported = []
    for tree in trees:
        leaf = tree.children_left < 0
        exported.append({"feature": [-1 if is_leaf else index[int(f)] for f, is_leaf in zip(tree.feature, leaf)],
                         "threshold": [0.0 if is_leaf else float(t) for t, is_leaf in zip(tree.threshold, leaf)],
                         "left": [int(n) for n in tree.children_left], "right": [int(n) for n in tree.children_right],
                         "value": [float(v) if is_leaf else 0.0 for v, is_leaf in zip(tree.value[:, 0, 0], leaf)]})
    return {"init": math.log(prior / (1 - prior)), "learning_rate": float(model.learning_rate),
            "features": [str(names[f]) for f in used], "trees": exported}


def accuracy(groups: list, model: Optional[dict]) -> float:
    """Return the share of toponyms whose chosen candidate lies within 161 km (no candidate: a miss);
    the rules' pick when `model` is None."""
    def right(rows):
        if not rows:
            return False
        if model is None:
            return next((y for f, y in rows if f["rule_choice"]), False)
        if any("forced" in f for f, _ in rows):
            return next((y for f, y in rows if f["forced"]), False)
        return max(rows, key=lambda row: score(model, row[0]))[1]
    return sum(right(rows) for _, rows in groups) / len(groups) if groups else 0.0


def cross_validate(groups: list, folds: int, c: float, kind: str = "linear") -> tuple:
    """Return (rules' accuracy, ranker's accuracy) over article-grouped folds (every toponym scored once)."""
    right_rules = right_model = 0
    for _, held in article_folds(sorted({index for index, _ in groups}), folds):
        held = set(held)
        train = [g for g in groups if g[0] not in held]
        test = [g for g in groups if g[0] in held]
        model = fit(train, c, kind=kind)
        right_rules += accuracy(test, None) * len(test)
        right_model += accuracy(test, model) * len(test)
    return right_rules / len(groups), right_model / len(groups)


def main(argv: Optional[list] = None) -> int:
    """Train the ranker from the command line; print accuracies; write the weights."""
    parser = argparse.ArgumentParser(prog="python -m dateline.learn.places", description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/datasets/geo", help="folder of lgl.xml and TR-News.xml")
    parser.add_argument("--corpus", default="lgl", choices=sorted(CORPORA))
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--model", default="linear", choices=("gbm", "linear"),
                        help="logistic regression (default, shipped) or boosted trees")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse regularisation strength (linear)")
    parser.add_argument("--cv", type=int, default=0, help="report grouped cross-validation over this many folds")
    parser.add_argument("--out", type=Path, default=None, help="weights file (default: the package's)")
    parser.add_argument("--check", action="store_true",
                        help="score the shipped weights on --corpus (e.g. trnews) instead of training")
    args = parser.parse_args(argv)
    docs = load_corpus(Path(args.data) / CORPORA[args.corpus])[:args.limit]
    groups = candidate_groups(docs)
    reachable = sum(any(y for _, y in rows) for _, rows in groups) / len(groups)
    print(f"{args.corpus}: {len(docs)} articles, {len(groups)} gold toponyms, "
          f"{sum(len(rows) for _, rows in groups)} candidates; right by the rules {accuracy(groups, None):.4f}, "
          f"by some candidate {reachable:.4f}")
    if args.check:
        print(f"by the shipped ranker {accuracy(groups, load_model()):.4f}")
        return 0
    if args.cv:
        rules, ranked = cross_validate(groups, args.cv, args.c, args.model)
        print(f"{args.cv}-fold cross-validation by article: rules {rules:.4f}, ranker {ranked:.4f}")
    model = fit(groups, args.c, args.corpus.upper(), args.model)
    print(f"by the ranker trained on all of it {accuracy(groups, model):.4f}")
    indent = 1 if "weights" in model else None  # trees: one line, a node per number would be long
    print(f"wrote {write_model(model, args.out, MODEL_FILE, indent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
