"""Score toponym resolution on LGL and TR-News (GeoNames-tagged news).

Two figures per corpus, after Gritta et al. ("A Pragmatic Guide to Geoparsing
Evaluation"):
- gold spans: the share of gold toponyms resolved within 161 km (100 miles) of
  the gold coordinates, resolving the gold spans with the article's other gold
  spans as context (no NER involved);
- end to end: precision and recall of the full pipeline from raw text; a
  predicted place matches a gold toponym when the spans overlap and it lies
  within 161 km.
Tuned on LGL; TR-News is the held-out corpus.
"""

from __future__ import annotations

import statistics
from collections import Counter
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Optional

from ..gazetteer import distance_km
from ..model import Article
from ..settings import DEFAULT
from .common import prf, require_folder

CORPORA = {"lgl": "lgl.xml", "trnews": "TR-News.xml"}
KM = 161.0


@dataclass
class Toponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


@dataclass
class GeoDoc:
    id: str
    text: str
    toponyms: list
    unplaced: list = field(default_factory=list)  # (start, end) of gold toponyms without coordinates


def evaluate(data: str = "../shared/datasets/geo", limit: Optional[int] = None,
             corpora: tuple = tuple(CORPORA), end_to_end: bool = True, nlp=None,
             roles: bool = False) -> dict:
    """Return gold-span accuracy and end-to-end P/R/F1 per corpus (first `limit` articles each), and
    with `roles` the role model's accuracy on the annotated set when `data`'s parent holds polnear/."""
    folder = require_folder(data, "geo gold set (lgl.xml, TR-News.xml)")
    result = {}
    for name in corpora:
        docs = load_corpus(folder / CORPORA[name])[:limit]
        result[name] = {"articles": len(docs), "gold_spans": score_gold_spans(docs)}
        if end_to_end:
            result[name]["end_to_end"] = score_end_to_end(docs, nlp)
    if roles and (folder.parent / "polnear").is_dir():
        result["roles"] = score_roles(folder.parent, nlp)
    return result


def score_roles(data, nlp=None) -> dict:
    """Return the shipped role model's accuracy on the annotated set (eval/data/place_roles.jsonl).
    The model was trained on this set: `python -m dateline.learn.place_roles --cv 5` gives the
    figure by folds of articles."""
    from ..learn.place_roles import accuracy_of_guesses, annotated_groups
    from ..nlp import load_nlp
    from ..stages.place_roles import choose, proposed_roles

    lgl = {d.id: d for d in load_corpus(data / "geo" / CORPORA["lgl"])}
    groups = annotated_groups(data, nlp or load_nlp("md"), lgl)
    return accuracy_of_guesses([(role, choose(f, proposed_roles(f))) for _, ex in groups for f, role in ex])


def load_corpus(path) -> list:
    """Return the GeoDocs of one XML file; toponyms without coordinates are left out."""
    docs = []
    for article in ET.parse(path).getroot().findall("article"):
        text = article.findtext("text") or ""
        nodes = list(article.iter("toponym"))
        toponyms = [t for t in (_toponym(text, node) for node in nodes) if t]
        unplaced = [_span(text, node) for node in nodes if _toponym(text, node) is None]
        docs.append(GeoDoc(article.get("docid"), text, toponyms, unplaced))
    return docs


def _toponym(text: str, node) -> Optional[Toponym]:
    gaz = node.find("gaztag")
    if gaz is None or gaz.findtext("lat") is None:
        return None
    phrase = (node.findtext("phrase") or "").strip()
    start = _realign(text, int(node.findtext("start")), phrase)
    return Toponym(start, start + len(phrase), phrase, float(gaz.findtext("lat")),
                   float(gaz.findtext("lon")))


def _span(text: str, node) -> tuple:
    phrase = (node.findtext("phrase") or "").strip()
    start = _realign(text, int(node.findtext("start") or 0), phrase)
    return start, start + len(phrase)


def _realign(text: str, start: int, phrase: str) -> int:
    """Return the offset of `phrase` nearest `start`: TR-News offsets drift by a few characters."""
    if text[start:start + len(phrase)] == phrase:
        return start
    hits = [i for i in _occurrences(text, phrase) if abs(i - start) <= 200]
    return min(hits, key=lambda i: abs(i - start)) if hits else start


def _occurrences(text: str, phrase: str):
    i = text.find(phrase)
    while i >= 0:
        yield i
        i = text.find(phrase, i + 1)


def score_gold_spans(docs: list, settings=None) -> dict:
    """Return accuracy within 161 km, and error distances, resolving the gold spans."""
    from ..segment import segment
    from ..stages.places import Hints, _add_dateline, resolve_spans

    errors = []
    for doc in docs:
        hints = Hints()
        seg = segment(doc.text)
        if seg.dateline:
            _add_dateline(hints, seg.dateline)
        spans = [(t.start, t.end) for t in doc.toponyms]
        resolved = resolve_spans(doc.text, spans, hints, settings or DEFAULT)
        for gold, place in zip(doc.toponyms, resolved):
            errors.append(_error(gold, place))
    return _accuracy(errors)


def _error(gold: Toponym, place) -> float:
    if place is None or place.lat is None:
        return 20_000.0  # half the earth: an unresolved toponym counts as the worst miss
    return distance_km(gold.lat, gold.lon, place.lat, place.lon)


def _accuracy(errors: list) -> dict:
    n = len(errors)
    within = sum(e <= KM for e in errors)
    return {"accuracy_161km": round(within / n, 4) if n else 0.0, "toponyms": n,
            "within_161km": within, "unresolved": sum(e >= 20_000.0 for e in errors),
            "median_error_km": round(statistics.median(errors), 1) if n else 0.0}


def score_end_to_end(docs: list, nlp=None) -> dict:
    """Return P/R/F1 of the pipeline's places against the gold toponyms: every place output (the
    gold sets' sense of a toponym), and under "literal" the issue-23 scoring of literal places."""
    from ..pipeline import extract_many

    records = list(extract_many((Article(text=d.text, id=d.id) for d in docs), nlp=nlp))
    out = score_places(docs, [r.places for r in records])
    out["literal"] = score_places(docs, [r.places for r in records], literal=True)
    return out


def score_places(docs: list, places: list, literal: bool = False) -> dict:
    """Return P/R/F1 of `places` (a list per doc) against the gold toponyms.

    With `literal`, only literal places and demonyms are predictions (an acting country, "Russia
    said", or a modifier, "U.S. officials", is no place the text is about), and a gold toponym that
    a non-literal place overlaps is left out of recall as the gold's sense, not a miss: LGL and
    TR-News mark those too. `recall_strict` counts them as misses."""
    from ..stages.place_roles import SCORED_ROLES
    from ..stages.places import is_demonym

    tp_pred = tp_gold = n_pred = n_gold = ignored = left_out = 0
    names = Counter()  # (demonym?, found?) over gold toponyms
    for doc, found_places in zip(docs, places):
        # A place on a gold toponym the gold could not place ("Tskhinvali", "Main Street") is
        # neither right nor wrong: left out of precision, as those toponyms are left out of recall.
        predicted = [p for p in found_places if not literal or p.role in SCORED_ROLES]
        others = [p for p in found_places if p not in predicted]
        scored = [p for p in predicted if not _on_unplaced(p, doc)]
        ignored += len(predicted) - len(scored)
        n_pred += len(scored)
        tp_pred += sum(any(_matches(p, g) for g in doc.toponyms) for p in scored)
        for gold in doc.toponyms:
            found = any(_matches(p, gold) for p in predicted)
            if not found and any(p.start < gold.end and gold.start < p.end for p in others):
                left_out += 1
                continue
            n_gold += 1
            tp_gold += found
            names[(is_demonym(gold.phrase), found)] += 1
    out = prf(tp_pred, n_pred, n_gold)
    # Recall counts gold toponyms found; precision counts predictions that hit one.
    out["recall"] = round(tp_gold / n_gold, 4) if n_gold else 0.0
    p, r = out["precision"], out["recall"]
    out["f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    out["gold_found"] = tp_gold
    out["ignored_on_unplaced_gold"] = ignored
    if literal:
        out["gold_on_non_literal"] = left_out
        out["recall_strict"] = round(tp_gold / (n_gold + left_out), 4) if n_gold + left_out else 0.0
    # Demonyms ("Turkish") are gold toponyms: recall without them too, comparable with rounds before issue 23.
    places_only = names[(False, True)] + names[(False, False)]
    out["gold_demonyms"] = names[(True, True)] + names[(True, False)]
    out["recall_non_demonym"] = round(names[(False, True)] / places_only, 4) if places_only else 0.0
    return out


def _on_unplaced(place, doc: GeoDoc) -> bool:
    """True when a place overlaps a gold toponym without coordinates and no placed one."""
    def overlaps(start, end):
        return place.start < end and start < place.end
    return any(overlaps(s, e) for s, e in doc.unplaced) and \
        not any(overlaps(g.start, g.end) for g in doc.toponyms)


def _matches(place, gold: Toponym) -> bool:
    return place.start < gold.end and gold.start < place.end and \
        place.lat is not None and distance_km(place.lat, place.lon, gold.lat, gold.lon) <= KM


def format_report(result: dict) -> str:
    """Return the figures as a few readable lines."""
    lines = []
    for name, figures in result.items():
        if name == "roles":
            lines.append(f"roles (annotated set, {figures['mentions']} mentions, the model's training data): "
                         f"accuracy {figures['accuracy']:.3f}  literal or not {figures['literal_or_not']:.3f}")
            continue
        gold = figures["gold_spans"]
        lines.append(f"{name} ({figures['articles']} articles, {gold['toponyms']} toponyms)")
        lines.append(f"  gold spans: accuracy@161km {gold['accuracy_161km']:.3f}  "
                     f"unresolved {gold['unresolved']}  median error {gold['median_error_km']} km")
        e2e = figures.get("end_to_end")
        if e2e:
            lines.append(f"  end to end: precision {e2e['precision']:.3f}  recall {e2e['recall']:.3f}  "
                         f"F1 {e2e['f1']:.3f}  ({e2e['predicted']} predicted, {e2e['gold']} gold)")
            lines.append(f"              recall over non-demonym toponyms {e2e['recall_non_demonym']:.3f}  "
                         f"({e2e['gold_demonyms']} gold toponyms are demonyms; "
                         f"{e2e['ignored_on_unplaced_gold']} predictions on gold toponyms without "
                         "coordinates left out)")
        lit = (e2e or {}).get("literal")
        if lit:
            lines.append(f"  literal places and demonyms: precision {lit['precision']:.3f}  recall {lit['recall']:.3f}  "
                         f"F1 {lit['f1']:.3f}  ({lit['predicted']} predicted; {lit['gold_on_non_literal']} gold "
                         f"toponyms under an acting or modifier place left out; strict recall "
                         f"{lit['recall_strict']:.3f})")
    return "\n".join(lines)
