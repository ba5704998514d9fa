"""The learned candidate ranker of the places stage (not a stage of its own).

Once the rules have placed every toponym of an article (two passes of
dateline.stages.places), each name's candidates are described by a few
numbers (`features`: size, feature kind, name match, how many namesakes, the
countries and regions the article names, distance to the places it placed
with confidence and to the dateline, how many of its other toponyms could lie
beside the candidate, the rules' own score) and scored by a logistic
regression (or, trained with `--model gbm`, gradient-boosted trees) learnt on
LGL (`python -m dateline.learn.places`, written as plain JSON to
resources/place_model.json and evaluated here without scikit-learn). The
highest score wins.
"""

from __future__ import annotations

import functools
import math
from array import array
from collections import Counter
from typing import Optional

from ..countries import capitals
from ..gazetteer import Entry, distance_km, name_key, nearest_km, trig_points
from ..learn import linear_score
from ..resources import load_json

MODEL_FILE = "place_model.json"
_KINDS = ("country", "region", "admin1", "admin2", "city")
_NEAR_KM = 161.0


@functools.cache
def load_model(name: str = MODEL_FILE) -> dict:
    """Return the shipped ranker: trees {"init", "learning_rate", "features", "trees"} or
    linear {"intercept", "weights"}."""
    return load_json(name)


def score(model: dict, features: dict) -> float:
    """Return the model's log-odds that a candidate with these features is the right place."""
    if "trees" in model:
        return _tree_score(model, features)
    return linear_score(model, features)


def _tree_score(model: dict, features: dict) -> float:
    """Return the boosted trees' log-odds: the initial score plus the learning rate times the sum of
    the leaves the candidate reaches (a node goes left when its feature is <= its threshold)."""
    # scikit-learn compares float32 features with its thresholds: rounding alike keeps its choices.
    x = array("f", [features.get(name, 0.0) for name in model["features"]])
    total = 0.0
    for tree in model["trees"]:
        feature, threshold, left, right = tree["feature"], tree["threshold"], tree["left"], tree["right"]
        node = 0
        while left[node] >= 0:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        total += tree["value"][node]
    return model["init"] + model["learning_rate"] * total


def kind(entry: Entry) -> str:
    """Return the candidate's kind: country, region (continent), admin1, admin2 or city."""
    if entry.feature == "admin":
        return "admin1" if entry.level == 1 else "admin2"
    return entry.feature


def group_features(name: str, cands: list, rule: dict, chosen: Optional[Entry], hints) -> list:
    """Return one feature dict per (entry, primary) candidate of a name.

    `rule` maps an entry id to the rules' total score, `chosen` is the rules'
    choice; `hints` carries the article's context (dateline.stages.places.Hints)."""
    primaries = [e for e, primary in cands if primary]
    biggest = max((e.population for e, _ in cands), default=0)
    best_rule = max(rule.values(), default=0.0)
    total = sum(hints.countries.values())
    main = hints.countries.most_common(1)[0][0] if hints.countries else None
    context = _ArticleContext.of(name, hints)
    own, log_candidates, log_primaries = name_key(name), math.log(len(cands)), math.log(1 + len(primaries))
    rows = []
    for entry, primary in cands:
        f = {f"kind_{kind(entry)}": 1.0, "primary": float(primary),
             "log_population": math.log10(entry.population + 1),
             "population_share": entry.population / biggest if biggest else 0.0,
             "biggest": float(entry.population == biggest and biggest > 0),
             "log_candidates": log_candidates, "log_primaries": log_primaries,
             "same_name": float(name_key(entry.name) == own),
             "rule_choice": float(chosen is not None and entry.id == chosen.id),
             "rule_margin": max(rule.get(entry.id, best_rule) - best_rule, -5.0),
             "country_share": math.sqrt(hints.countries[entry.country] / total)
             if total and entry.country else 0.0,
             "main_country": float(main is not None and entry.country == main),
             "no_country_context": float(not total),
             "capital": float(entry.feature == "city" and capitals().get(entry.name) == entry.country)}
        f.update(context.features(entry))
        rows.append(_with_interactions(f))
    return rows


def _with_interactions(f: dict) -> dict:
    """Return the features with their products by the candidate's kind, by an exact-name match and
    by the lack of an anchor: a linear model then weighs population or distance differently for a
    town and a region, a main and an alternate name, an article with and without a sure place."""
    out = dict(f)
    kind_name = next(name for name in f if name.startswith("kind_"))
    for name, value in f.items():
        if name.startswith("kind_") or not value:
            continue
        out[f"{kind_name}*{name}"] = value
        if f.get("primary"):
            out[f"primary*{name}"] = value
        if f.get("no_anchor"):
            out[f"no_anchor*{name}"] = value
    return out


class _ArticleContext:
    """What the rest of the article says, for one name: anchors, other names' places and countries."""

    def __init__(self, own: str, hints):
        self.anchors = trig_points(a for a in hints.anchors if a.feature not in ("country", "region")
                                   and name_key(a.name) != own)
        self.dateline = hints.dateline
        self.admin1 = hints.admin1
        others = {k: v for k, v in hints.others.items() if k != own}
        self.chosen = [e for entries in others.values() for e in entries[:1]]
        # Counted once per name rather than once per candidate: how many places (names) share each country, region.
        self.chosen_countries = Counter(o.country for o in self.chosen)
        self.chosen_regions = Counter(o.admin1 for o in self.chosen)
        self.chosen_cities = [(o.id, point) for o, point in zip(self.chosen, trig_points(self.chosen))
                              if o.feature == "city"]
        every = {k: v for k, v in hints.every.items() if k != own}
        self.n_others = len(every)
        self.countries = Counter(c for v in every.values() for c in {e.country for e in v})
        self.regions = Counter(r for v in every.values() for r in {e.admin1 for e in v if e.admin1})

    @classmethod
    def of(cls, name: str, hints) -> "_ArticleContext":
        return cls(name_key(name), hints)

    def features(self, entry: Entry) -> dict:
        """Return the context features of one candidate."""
        f = {}
        if self.anchors:
            km = nearest_km(entry.lat, entry.lon, self.anchors)
            f["anchor_log_km"] = math.log10(1 + km)
            f["anchor_near"] = float(km <= _NEAR_KM)
        else:
            f["no_anchor"] = 1.0
        if self.dateline is not None:
            km = distance_km(entry.lat, entry.lon, self.dateline.lat, self.dateline.lon)
            f["dateline_log_km"] = math.log10(1 + km)
            f["dateline_country"] = float(entry.country == self.dateline.country)
        if entry.admin1 and entry.feature == "city" and entry.admin1 in self.admin1:
            f["region_named"] = 1.0
        if self.n_others:
            f["others_country_share"] = self.countries[entry.country] / self.n_others
            if entry.admin1:
                f["others_region_share"] = self.regions[entry.admin1] / self.n_others
        if self.chosen:
            f["chosen_country_share"] = self.chosen_countries[entry.country] / len(self.chosen)
            if entry.admin1:
                f["chosen_region_share"] = self.chosen_regions[entry.admin1] / len(self.chosen)
            near = [point for other_id, point in self.chosen_cities if other_id != entry.id]
            if near and entry.feature in ("city", "admin"):
                f["chosen_log_km"] = math.log10(1 + nearest_km(entry.lat, entry.lon, near))
        return f


def best(cands: list, rows: list, model: dict) -> Optional[Entry]:
    """Return the best-scoring candidate entry, or None when there is none."""
    if not cands:
        return None
    scores = [score(model, row) for row in rows]
    return cands[max(range(len(cands)), key=scores.__getitem__)][0]
