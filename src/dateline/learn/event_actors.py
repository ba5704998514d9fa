"""Train the events stage's source/target chooser (stages/event_actors.py) and write
resources/event_actor_model.json.

    python -m dateline.learn.event_actors              # train on everything allowed, write the weights
    python -m dateline.learn.event_actors --cv 5       # cross-validation by group, no writing
    python -m dateline.learn.event_actors --check      # the shipped weights against a fresh training

Training sentences are those of the event layer (learn/events.py): the PLOVER gold sentences
(each its own group) and the real-news set's `split: "train"` rows (grouped by article); never
the test split. A real-news sentence is read inside its article (PolNeAR train, TR-News, LGL in
../shared/datasets), as the stage meets it at run time: the dateline, the article's places and
entities give actors their countries (`--sentences`: alone, as learn.events reads them). Every
sentence or article runs through the pipeline with the events stage collecting; each
candidate event whose type is a gold type of its sentence gives one choice of source and one of
target among its candidate actors. A candidate actor is right when its words overlap the gold
actor's text (PLOVER `actorText`, the real-news `text`) and its country (or organisation code)
is among the gold codes; when no candidate has both, by text alone, else by code alone; "none"
is right when the gold has no such actor (for a target, also a gold source: the scorer's
reciprocal reading). Two conditional logits (softmax over one event's candidates; scipy's L-BFGS
from zero weights, an L2 penalty: deterministic) learn from them; the weights are plain JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Optional

from . import article_folds, rows_by_group, write_model
from . import events as learn_events
from ..stages.event_proposer import NONE

# L2 penalty of both conditional logits, chosen by 5-fold cross-validation by group (type+actors F1
# of the layer with the chooser, PLOVER / real-news train: 0.3: 0.610 / 0.182, 3: 0.658 / 0.190 on
# the first features; with the final ones 10: 0.684 / 0.197, 30: 0.679 / 0.202, 100: 0.679 / 0.202).
DEFAULT_L2 = 30.0
ROLES = ("source", "target")
_STOP = frozenset({"the", "a", "an", "of", "and", "s", "in", "for", "to", "on", "at", "by", "with", "from"})


def load_rows(plover: str = "../shared/datasets/plover", real: Optional[Path] = learn_events.REAL_EVENTS,
              limit: Optional[int] = None) -> list:
    """Return the event layer's training rows (learn.events.load_rows), each gold event with the
    texts of its actors too ("source_text", "target_text": lists of strings)."""
    rows = learn_events.load_rows(plover, real, limit=limit)
    plover_lines = (Path(plover) / "gsr_dev.jsonl").read_text(encoding="utf-8").splitlines()[:limit]
    plover_rows = [r for r in rows if r["origin"] == "plover"]
    for row, line in zip(plover_rows, plover_lines):
        raw = json.loads(line)
        row["gold"][0].update(source_text=_texts(raw.get("source")), target_text=_texts(raw.get("target")))
    real_rows = [r for r in rows if r["origin"].startswith("real")]
    for row, raw in zip(real_rows, _real_train(real, limit)):
        row["where"] = (raw.get("corpus"), raw.get("article"), raw.get("start"), raw.get("end"))
        events = [e for e in raw.get("events") or () if not e.get("negated")]
        for gold, e in zip(row["gold"] or (), events):
            gold.update(source_text=_texts(e.get("source")), target_text=_texts(e.get("target")))
    return rows


def _real_train(path: Optional[Path], limit: Optional[int]) -> list:
    if path is None or not Path(path).exists():
        return []
    raws = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in raws if r.get("split") == "train"][:limit]


def _texts(actor) -> list:
    """Return the texts of a gold actor given as a list of {"actorText"}, a {"text"} or nothing."""
    if isinstance(actor, dict):
        actor = [actor]
    if not isinstance(actor, list):
        return []
    return [a.get("actorText") or a.get("text") for a in actor if a.get("actorText") or a.get("text")]


def collect(rows: list, nlp=None, datasets: Optional[Path] = None) -> list:
    """Return learn.events.collect's rows, each with "extra": {id(event): (event, candidate
    actors, start of its sentence, proposed: a type the proposer tried beyond the lexicon)} for
    every candidate event (the rules' events among them). With `datasets` (the
    folder of polnear/ and geo/), the real-news sentences are read inside their articles, as the
    stage meets them at run time (the dateline, the article's places and entities are there)."""
    if datasets is None:
        return learn_events.collect(rows, nlp, extra=_actor_candidates)
    alone = [i for i, r in enumerate(rows) if "where" not in r]
    out = [None] * len(rows)
    for i, item in zip(alone, learn_events.collect([rows[i] for i in alone], nlp, extra=_actor_candidates)):
        out[i] = item
    for i, item in in_articles(rows, nlp, datasets).items():
        out[i] = item
    return out


def in_articles(rows: list, nlp, datasets: Path) -> dict:
    """Return {row index: collected item} for the real-news rows, each article run once through
    the pipeline and its candidates shared out to its sentences by their offsets."""
    texts = article_texts(datasets)
    by_article: dict = {}
    for i, row in enumerate(rows):
        if "where" in row:
            corpus, article, _, _ = row["where"]
            by_article.setdefault(f"{corpus}:{article}", []).append(i)
    keys = sorted(by_article)
    articles = [{"text": texts[k], "types": set(), "allow": set(), "gold": None, "group": k, "origin": "article"}
                for k in keys]
    out = {}
    for key, item in zip(keys, learn_events.collect(articles, nlp, extra=_actor_candidates)):
        for i in by_article[key]:
            _, _, start, end = rows[i]["where"]
            extra = {k: v for k, v in item["extra"].items() if start <= v[2] < end}
            types = sorted(rows[i]["types"]) or [NONE]
            out[i] = {"rules": [e for e in item["rules"] if id(e) in extra],
                      "candidates": [(cand, f, learn_events.label(rows[i], cand.event))
                                     for cand, f, _ in item["candidates"] if id(cand.event) in extra],
                      "tokens": [(t, names, vector, types) for (t, names, vector, _), at
                                 in zip(item["tokens"], item["token_chars"]) if start <= at < end],
                      "extra": extra, "selected": rows[i].get("selected", False)}
    return out


def article_texts(datasets: Path) -> dict:
    """Return {"corpus:id": text} of the PolNeAR train articles and the TR-News and LGL articles
    (the real-news set's sources, eval/data/real_events/README.md)."""
    from ..eval.places import CORPORA, load_corpus
    from ..eval.quotes import load_split

    texts = {f"polnear:{a.name}": a.text for a in load_split(str(Path(datasets) / "polnear"), "train")}
    for corpus, name in CORPORA.items():
        texts.update({f"{corpus}:{d.id}": d.text for d in load_corpus(Path(datasets) / "geo" / name)})
    return texts


def _actor_candidates(ctx, row, labelled) -> dict:
    from ..stages.event_actors import candidates, trigger_of
    from ..stages.events import PROPOSED

    out = {}
    for cand, _, _ in labelled:
        trig = trigger_of(ctx, cand.event)
        if trig is not None:  # with where the trigger's sentence starts: a merge may move evidence
            out[id(cand.event)] = (cand.event, candidates(ctx, trig, cand.event), trig.token.sent.start_char,
                                   cand.reading == PROPOSED)
    return out


def choice_groups(rows: list, collected: list) -> dict:
    """Return {"source": [[(features, label), ...] per event], "target": [...]} over the candidate
    events whose type is a gold type of their sentence."""
    out = {role: [] for role in ROLES}
    for row, item in zip(rows, collected):
        for event, cands, _, proposed in item.get("extra", {}).values():
            golds = [g for g in row["gold"] or () if g["type"] == event.type]
            if not golds or proposed:  # a type the proposer tried on any verb: its words need not be the act's
                continue
            for role in ROLES:
                labels = [any(ys) for ys in zip(*(positives(cands, g, role) for g in golds))]
                out[role].append([(c.features, int(y)) for c, y in zip(cands, labels)
                                  if role == "target" or not c.target_only])  # as pick() chooses
    return out


def positives(cands: list, gold: dict, role: str) -> list:
    """Return, per candidate, whether it is the gold actor of `role`: by text overlap and code
    where some candidate has both, else by text overlap, else by code; "none" when the gold
    names no such actor, and for a target also the gold sources (the scorer's reciprocal reading:
    a compound source, "Jordan and Britain agreed", has no target of its own)."""
    from ..eval.events import _code_in

    codes, texts = gold[role], gold.get(f"{role}_text") or []
    if not codes and not texts:
        if role == "target" and gold["source"]:  # "Jordan and Britain agreed": each side the other's target
            return [c.actor is None or y for c, y in zip(cands, positives(cands, gold, "source"))]
        return [c.actor is None for c in cands]
    by_text = [c.actor is not None and overlaps(c.text, texts) for c in cands]
    by_code = [c.actor is not None and _code_in(c.actor, codes) for c in cands]
    both = [t and k for t, k in zip(by_text, by_code)]
    return next((labels for labels in (both, by_text) if any(labels)), by_code)


def overlaps(text: str, gold_texts: list) -> bool:
    """True when the candidate's words share a content word with one of the gold texts."""
    words = _words(text)
    return any(words & _words(g) for g in gold_texts)


def _words(text: str) -> set:
    return set(re.findall(r"[a-z0-9]+", text.lower())) - _STOP


def fit(groups: dict, l2: float = DEFAULT_L2) -> dict:
    """Return the chooser trained on the choice groups of both roles, as plain data."""
    import scipy

    model = {"kind": "two conditional logits (source, target): one linear score per candidate actor",
             "scipy": scipy.__version__, "l2": l2}
    for role in ROLES:
        model[role] = _fit_role(groups[role], l2)
    return model


def _fit_role(groups: list, l2: float) -> dict:
    from sklearn.feature_extraction import DictVectorizer

    from .speakers import _minimise

    groups = [g for g in groups if any(y for _, y in g)]  # no right candidate: nothing to learn
    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform([f for group in groups for f, _ in group]).tocsr()
    w = _minimise(x, [float(y) for group in groups for _, y in group], [len(g) for g in groups], l2)
    weights = {name: round(float(v), 6) for name, v in zip(vectorizer.get_feature_names_out(), w)
               if abs(v) >= 1e-6}
    return {"groups": len(groups), "candidates": x.shape[0], "intercept": 0.0, "weights": weights}


def with_chooser(item: dict, events: list, model: dict) -> list:
    """Return copies of the events with the chooser's source and target."""
    from ..stages.event_actors import pick

    out = []
    for event in events:
        found = item.get("extra", {}).get(id(event))
        if found is None or found[0] is not event:
            out.append(event)
            continue
        source, target = pick(model, found[1], event.type)
        out.append(replace(event, source=source, target=target))
    return out


def cross_validate(rows: list, collected: list, folds: int, l2: float = DEFAULT_L2,
                   held: Optional[list] = None) -> dict:
    """Return {"rules", "layer"}: per row, the rules' events and the event layer's (itself
    cross-validated, learn.events; `held` as there) with the actors of a chooser trained without
    the row's group."""
    by_group = rows_by_group(rows)
    groups = sorted(by_group)
    layer = learn_events.cross_validate(rows, collected, folds, held=held)
    out = {"rules": [None] * len(rows), "layer": [None] * len(rows), "layer_rule_actors": layer,
           "right": {f"{role}_{who}": 0 for role in ROLES for who in ("rules", "chooser", "choices")}}
    for train_groups, held_groups in article_folds(groups, folds):
        train = [i for g in train_groups for i in by_group[g]]
        model = fit(choice_groups([rows[i] for i in train], [collected[i] for i in train]), l2)
        out_of_fold = [i for g in held_groups for i in by_group[g]]
        for i in out_of_fold:
            out["rules"][i] = with_chooser(collected[i], collected[i]["rules"], model)
            out["layer"][i] = with_chooser(collected[i], layer[i], model)
        _count_right(out["right"], choice_groups([rows[i] for i in out_of_fold],
                                                 [collected[i] for i in out_of_fold]), model)
    return out


def _count_right(counts: dict, groups: dict, model: dict) -> None:
    """Add, over the choices with a right candidate, how many the rules' choice and the chooser
    (each role alone, without the pair constraint) get right."""
    from . import linear_score

    for role in ROLES:
        rule_kind = f"kind=rule_{role}"
        for group in (g for g in groups[role] if any(y for _, y in g)):
            counts[f"{role}_choices"] += 1
            rule = next((y for f, y in group if rule_kind in f), None)
            counts[f"{role}_rules"] += rule if rule is not None else group[-1][1]  # no rules' actor: "none"
            counts[f"{role}_chooser"] += max(group, key=lambda fy: linear_score(model[role], fy[0]))[1]


def actor_recall(rows: list, collected: list, origin: Optional[str] = None) -> dict:
    """Return, over the gold events whose type is among their sentence's candidate events, the
    share whose gold source (target, when gold names one) has a code among the candidate actors
    ("candidates") and in the rules' choice ("rules"); and of the misses, how many a candidate
    names by text but without the gold code ("named_without_code")."""
    from ..eval.events import _code_in

    counts = {f"{role}_{k}": 0 for role in ROLES for k in ("gold", "candidates", "rules", "named_without_code")}
    for row, item in zip(rows, collected):
        if not learn_events._in_set(row, origin):
            continue
        for gold in row["gold"] or ():
            found = [(e, cands) for e, cands, _, proposed in item.get("extra", {}).values()
                     if e.type == gold["type"] and not proposed]
            if not found:
                continue
            for role in ROLES:
                if not gold[role]:
                    continue
                counts[f"{role}_gold"] += 1
                cands = [c for _, cs in found for c in cs]
                hit = any(_code_in(c.actor, gold[role]) for c in cands)
                counts[f"{role}_candidates"] += hit
                counts[f"{role}_rules"] += any(_code_in(getattr(e, role), gold[role]) for e, _ in found)
                counts[f"{role}_named_without_code"] += not hit and any(
                    c.actor is not None and overlaps(c.text, gold.get(f"{role}_text") or []) for c in cands)
    return counts


def main(argv: Optional[list] = None) -> int:
    """Train, cross-validate or check the actor chooser from the command line."""
    from ..stages.event_actors import MODEL_FILE, load_model

    parser = argparse.ArgumentParser(prog="python -m dateline.learn.event_actors",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/datasets/plover", help="PLOVER folder (gsr_dev.jsonl)")
    parser.add_argument("--real", type=Path, default=learn_events.REAL_EVENTS,
                        help="real-news sentences (train split used)")
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each set only")
    parser.add_argument("--sentences", action="store_true",
                        help="read the real-news sentences alone, not inside their articles (as learn.events does)")
    parser.add_argument("--l2", type=float, default=DEFAULT_L2, help="L2 penalty on the weights")
    parser.add_argument("--cv", type=int, default=0, help="print K-fold cross-validation by group, do not write")
    parser.add_argument("--out", type=Path, default=None, help="weights file (default: the package's resources)")
    parser.add_argument("--check", action="store_true",
                        help="train afresh and fail unless the shipped weights are the same")
    args = parser.parse_args(argv)
    rows = load_rows(args.data, args.real, args.limit)
    datasets = None if args.sentences or not any("where" in r for r in rows) else Path(args.data).parent
    if datasets is not None and not (datasets / "polnear").is_dir():
        print(f"Error: {datasets} holds no polnear/ and geo/ for the real-news articles: pass --data "
              "<shared datasets>/plover, or --sentences", file=sys.stderr)
        return 1
    collected = collect(rows, datasets=datasets)
    groups = choice_groups(rows, collected)
    print(f"{len(rows)} sentences; choices: " + ", ".join(
        f"{role} {len(groups[role])} ({sum(any(y for _, y in g) for g in groups[role])} with a right candidate)"
        for role in ROLES))
    for origin in ("plover", "real"):
        if any(learn_events._in_set(r, origin) and r["gold"] for r in rows):
            _print_recall(origin, actor_recall(rows, collected, origin))
    if args.cv:
        cv = cross_validate(rows, collected, args.cv, args.l2)
        for origin in ("plover", "real"):
            if not any(learn_events._in_set(r, origin) and r["gold"] for r in rows):
                continue
            for name, predicted in (("rules alone, rules' actors", [c["rules"] for c in collected]),
                                    ("rules alone, chooser", cv["rules"]),
                                    ("layer (CV), rules' actors", cv["layer_rule_actors"]),
                                    ("layer (CV), chooser", cv["layer"])):
                _print(f"{origin}: {name}", learn_events.report(rows, predicted, origin))
        right = cv["right"]
        print("choices with a right candidate, right by the rules / by the chooser (CV): " + "; ".join(
            f"{role} {right[f'{role}_rules']}/{right[f'{role}_chooser']} of {right[f'{role}_choices']}"
            for role in ROLES))
        return 0
    model = fit(groups, args.l2)
    model["trained_on"] = "PLOVER gsr_dev" + (", real-news train split" if any(
        r["origin"].startswith("real") for r in rows) else "")
    if args.check:
        shipped = load_model(MODEL_FILE)
        same = all(shipped[role] == model[role] for role in ROLES)
        print("shipped weights reproduce" if same else "shipped weights DIFFER from a fresh training")
        return 0 if same else 1
    print(f"wrote {write_model(model, args.out, MODEL_FILE)}")
    return 0


def _print_recall(origin: str, c: dict) -> None:
    parts = []
    for role in ROLES:
        n = c[f"{role}_gold"] or 1
        parts.append(f"{role} {c[f'{role}_candidates'] / n:.3f} (rules' choice {c[f'{role}_rules'] / n:.3f}; "
                     f"{c[f'{role}_named_without_code']} named without the gold code) of {c[f'{role}_gold']}")
    print(f"{origin}: actor candidate recall by code: " + "; ".join(parts))


def _print(name: str, result: dict) -> None:
    t, a = result["type"], result["type_actors"]
    print(f"{name:<40} type F1 {t['f1']:.3f}   type+actors P/R/F1 {a['precision']:.3f} {a['recall']:.3f} "
          f"{a['f1']:.3f}")


if __name__ == "__main__":
    sys.exit(main())
