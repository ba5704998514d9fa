"""Training of the small learned components shipped in dateline.resources.

Each module trains one component from a public gold set with one command and
writes its weights as a plain data file; nothing is fetched at run time. The
one piece the stages use at run time is `linear_score`, shared by the quote
speaker chooser and the place ranker (no scikit-learn needed to score).
"""


def linear_score(model: dict, features: dict) -> float:
    """Return a linear model's score of one candidate: intercept plus the weighted features
    (`model` as the training modules write it: {"intercept": x, "weights": {feature: w}})."""
    weights = model["weights"]
    return model["intercept"] + sum(weights.get(name, 0.0) * value for name, value in features.items())
