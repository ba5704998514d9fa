"""Training of the small learned components shipped in dateline.resources.

Each module trains one component from a public gold set with one command and
writes its weights as a plain data file; nothing is fetched at run time. The
one piece the stages use at run time is `linear_score`, shared by the quote
speaker chooser, the place ranker and the event layer (no scikit-learn needed to score). The
training modules share `article_folds` (cross-validation that never splits an
article) and `write_model` (the weights file).
"""


def linear_score(model: dict, features: dict) -> float:
    """Return a linear model's score of one candidate: intercept plus the weighted features
    (`model` as the training modules write it: {"intercept": x, "weights": {feature: w}})."""
    weights = model["weights"]
    return model["intercept"] + sum(weights.get(name, 0.0) * value for name, value in features.items())


def rows_by_group(rows: list, indices=None) -> dict:
    """Return {group: [row indices]} (of the rows at `indices`, all by default), the rows' "group"
    being what cross-validation keeps together (an article, or a sentence of its own)."""
    by_group = {}
    for i in range(len(rows)) if indices is None else indices:
        by_group.setdefault(rows[i]["group"], []).append(i)
    return by_group


def article_folds(articles: list, folds: int):
    """Yield (training articles, held-out articles) for each of `folds` folds: the article at
    position i (in the order given) is held out in fold i % folds, so no article is split."""
    for fold in range(folds):
        yield ([a for i, a in enumerate(articles) if i % folds != fold],
               [a for i, a in enumerate(articles) if i % folds == fold])


def write_model(model: dict, out, name: str, indent=1):
    """Return the path the model was written to as JSON (keys sorted, `indent` as json.dumps takes
    it): `out` when given, else the package's resource file `name` (the shipped weights)."""
    import json
    from pathlib import Path

    from ..resources import path as resource_path

    out = Path(out) if out is not None else Path(str(resource_path(name)))
    out.write_text(json.dumps(model, indent=indent, sort_keys=True) + "\n", encoding="utf-8")
    return out
