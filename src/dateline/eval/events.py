"""Score the events stage: PLOVER gold sentences and our own no-event sentences.

Gold: ../shared/datasets/plover/gsr_dev.jsonl, one event per sentence, old type
names mapped (DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE,
FIGHT->ASSAULT). A predicted event counts when it is not negated. Per sentence,
each distinct predicted type is one prediction; it is right when it is the gold
type. Type-plus-actors also needs the actors: the predicted source's country
(or organisation code, any of which matches gold "IGO") among the gold source
codes, and the target among the gold target codes (when gold has no target, a
predicted target with a code must be one of the gold sources: a reciprocal
event; a predicted target without any code codes no actor and is not counted
against it). Gold uses a few CAMEO country codes that differ from ISO 3166
(JAP, VTN, ITL): they are read as their ISO codes, which the stage emits.

The sentences are reported in two halves (even and odd lines) as well as
together, so tuning on one half can be checked on the other.

No-event: eval/data/no_event_sentences.jsonl (our own writing). A false alarm
is a sentence with a non-negated event whose type is not in its `allow` list.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Optional

from ..countries import organizations
from .common import prf, require_folder

OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
NO_EVENT = Path(__file__).parent / "data" / "no_event_sentences.jsonl"
# CAMEO country codes of the gold that are not ISO 3166-1 alpha-3.
CAMEO_TO_ISO = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}
# The rules alone: neither the event layer nor the actor chooser.
RULES_ALONE = {"event_model": False, "event_actor_model": False}
# ConfliBERT's CAMEO-coded real news (events_extra/, GPL-3.0: evaluation only, never training):
# sentences rated by several coders, and 1,343 sentences with the class of their main action.
ROUNDS = "conflibert_cameo_rounds.jsonl"
COARSE = "conflibert_cameo_coarse.jsonl"
_SPAN_NOISE = {"the", "a", "an", "'s", "’s", "of"}


def evaluate(data: str = "../shared/datasets/plover", limit: Optional[int] = None,
             nlp=None, no_event: Optional[str] = None, compare: bool = False, cv: int = 0,
             real_test: bool = False, real_train: bool = False) -> dict:
    """Return type and type-plus-actor P/R/F1 (all, half A, half B), per-type F1 and false alarms
    of the pipeline as configured (the learned layer and actor chooser on by default). `compare`
    adds the layer with the rules' actors, the rules alone (neither learned part) and the
    ConfliBERT sentences (out of domain, both ways); `cv` adds the layer
    cross-validated by group on its training sentences, with candidate recall; `real_test`
    scores the real-news set's test split (once, at the end of a round), `real_train` its train
    split (in sample: the layer learnt from it; for what the layer does not learn, such as what
    an article tells a sentence's actors)."""
    from ..settings import DEFAULT

    rules_alone = DEFAULT.with_overrides(**RULES_ALONE)
    folder = require_folder(data, "PLOVER gold sentences")
    out = _scores(folder, limit, nlp, no_event, DEFAULT)
    if compare:
        out["rules"] = _scores(folder, limit, nlp, no_event, rules_alone)
        out["rule_actors"] = _scores(folder, limit, nlp, no_event, DEFAULT.with_overrides(event_actor_model=False))
        extra = folder.parent / "events_extra"
        if (extra / ROUNDS).exists():
            out["conflibert"] = {name: out_of_domain(extra / ROUNDS, limit, nlp, settings)
                                 for name, settings in (("layer", DEFAULT), ("rules", rules_alone))}
        if (extra / COARSE).exists():
            out["quads"] = {name: quads(extra / COARSE, limit, nlp, settings)
                            for name, settings in (("layer", DEFAULT), ("rules", rules_alone))}
    if cv:
        out["cv"] = cross_validated(str(folder), cv, limit, nlp)
    if real_test:
        out["real_test"] = real_split("test", limit, nlp, folder.parent)
    if real_train:
        out["real_train"] = real_split("train", limit, nlp, folder.parent)
    return out


def _scores(folder: Path, limit, nlp, no_event, settings) -> dict:
    gold = load_gold(folder / "gsr_dev.jsonl", limit)
    predicted = predict([g["text"] for g in gold], nlp, settings)
    halves = {"all": range(len(gold)), "half_a": range(0, len(gold), 2), "half_b": range(1, len(gold), 2)}
    out = {name: score([gold[i] for i in idx], [predicted[i] for i in idx]) for name, idx in halves.items()}
    out["per_type_f1"] = per_type(gold, predicted)
    out["no_event"] = false_alarms(Path(no_event) if no_event else NO_EVENT, limit, nlp, settings)
    return out


def cross_validated(data: str, folds: int, limit, nlp) -> dict:
    """Return candidate recall and the figures of the rules, of the layer with the rules' actors
    and of the layer with the actor chooser, both learned parts trained on the other folds
    (learn.events, learn.event_actors; groups: a PLOVER or no-event sentence each, an article
    of the real-news set), on the training sentences."""
    from ..learn import event_actors as chooser
    from ..learn import events as learn

    rows = chooser.load_rows(data, limit=limit)
    collected = chooser.collect(rows, nlp)
    held = [None] * len(rows)  # each row's candidates as the proposer of its fold makes them
    cv = chooser.cross_validate(rows, collected, folds, held=held)
    out = {"folds": folds, "sentences": len(rows)}
    for origin in ("plover", "real"):
        if any(r["origin"] == origin for r in rows):
            out[origin] = {"candidate_recall": round(learn.candidate_recall(rows, held, origin), 4),
                           "rules": learn.report(rows, [c["rules"] for c in collected], origin),
                           "layer": learn.report(rows, cv["layer_rule_actors"], origin),
                           "chooser": learn.report(rows, cv["layer"], origin)}
    return out


def real_split(split: str, limit, nlp, datasets: Optional[Path] = None) -> dict:
    """Return the figures of the rules, of the shipped layer with the rules' actors and of the
    shipped layer with the actor chooser on one split of the real-news set, each sentence read
    alone; with `datasets` (polnear/, geo/), also each sentence read in its whole article
    (`in_articles`: the events whose evidence starts in the sentence, as a user gets them)."""
    from ..learn import events as learn
    from ..settings import DEFAULT

    rows = learn.load_real(learn.REAL_EVENTS, split, limit)
    if not rows:
        return {"sentences": 0}
    texts = [r["text"] for r in rows]
    runs = {"rules": predict(texts, nlp, DEFAULT.with_overrides(**RULES_ALONE)),
            "layer": predict(texts, nlp, DEFAULT.with_overrides(event_actor_model=False)),
            "chooser": predict(texts, nlp, DEFAULT)}
    out = {"sentences": len(rows), **{name: learn.report(rows, events) for name, events in runs.items()}}
    # The article draws hold every sentence of their articles (news as it comes); the election
    # draws only sentences where ASSAULT/COERCE came out (hard by construction), the disaster
    # draw sentences of hazard news: the article draws apart as well.
    drawn = [i for i, r in enumerate(rows) if r["draw"] == "articles"]
    if len(drawn) < len(rows):
        out["articles_only"] = {"sentences": len(drawn), **{
            name: learn.report([rows[i] for i in drawn], [events[i] for i in drawn]) for name, events in runs.items()}}
    if datasets is not None and Path(datasets, "polnear").is_dir():
        from ..learn.event_actors import article_texts

        texts = article_texts(datasets)  # once for the three runs
        out["in_articles"] = {"sentences": len(rows), **{
            name: learn.report(rows, in_articles(rows, nlp, DEFAULT.with_overrides(**over), texts))
            for name, over in (("rules", RULES_ALONE), ("layer", {"event_actor_model": False}), ("chooser", {}))}}
    return out


def in_articles(rows: list, nlp, settings, texts: dict) -> list:
    """Return, per real-news row, the non-negated events of its article's record (the article,
    from `texts` {"corpus:id": text}, run whole, once) told in the row's sentence: their evidence
    or one of their mentions (one event per happening) starts within it."""
    from .. import Article, extract_many

    keys = sorted({r["article"] for r in rows})
    records = dict(zip(keys, extract_many((Article(text=texts[k], id=k) for k in keys), nlp=nlp, settings=settings)))
    return [[e for e in records[r["article"]].events if not e.negated
             and any(r["span"][0] <= span.start < r["span"][1] for span in [e.evidence, *e.mentions])]
            for r in rows]


def out_of_domain(path: Path, limit, nlp, settings) -> dict:
    """Return type P/R/F1 on ConfliBERT's rated sentences (a sentence may have several gold types;
    each predicted type is one prediction) and false alarms on its no-event sentences. GPL data:
    evaluation only, never training."""
    rows = _jsonl(path, limit)
    predicted = predict([r["text"] for r in rows], nlp, settings)
    tp = n_pred = n_gold = alarms = quiet = 0
    for row, events in zip(rows, predicted):
        gold, types = set(row["types"]), {e.type for e in events}
        if not gold:
            quiet += 1
            alarms += bool(types)
            continue
        tp, n_pred, n_gold = tp + len(gold & types), n_pred + len(types), n_gold + len(gold)
    return {"type": prf(tp, n_pred, n_gold), "no_event": f"{alarms}/{quiet}"}


def quads(path: Path, limit, nlp, settings) -> dict:
    """Return how the events of ConfliBERT's coarse sentences agree with the class of their main
    action (verbal or material, cooperation or conflict, each allowing the PLOVER types of
    `candidate_types`). Recall: the share of sentences with an event of an allowed type;
    precision: the share of predicted types (distinct per sentence) that are allowed; `source`:
    of the sentences found, the share where such an event's source shares a word with a gold
    source span. Sentences of the fifth class (a statement or an appeal: no PLOVER type, yet
    "called on" is a REQUEST) count apart: the share that get any event. GPL data: evaluation
    only, never training."""
    rows = _jsonl(path, limit)
    predicted = predict([r["text"] for r in rows], nlp, settings)
    found = n_rows = n_pred = right = sourced = statements = talking = 0
    for row, events in zip(rows, predicted):
        types, allowed = {e.type for e in events}, set(row["candidate_types"])
        if not allowed:
            statements, talking = statements + 1, talking + bool(types)
            continue
        n_rows, n_pred, right = n_rows + 1, n_pred + len(types), right + len(types & allowed)
        if types & allowed:
            found += 1
            gold = set().union(*(_span_words(s) for s in row["source"] or ()))
            sourced += any(e.source and _span_words(e.source.name) & gold for e in events if e.type in allowed)
    p, r = right / n_pred if n_pred else 0.0, found / n_rows if n_rows else 0.0
    return {"sentences": n_rows, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "source": round(sourced / found, 4) if found else 0.0,
            "statements_with_event": f"{talking}/{statements}"}


def _jsonl(path: Path, limit: Optional[int]) -> list:
    """Return the objects of the first `limit` lines of a JSON-lines file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:limit] if line.strip()]


def _span_words(text: str) -> set:
    return {w for w in text.lower().replace("’s", " ’s").replace("'s", " 's").split() if w not in _SPAN_NOISE}


def load_gold(path: Path, limit: Optional[int] = None) -> list:
    """Return the gold sentences with type mapped and actor codes as sets."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[:limit]:
        row = json.loads(line)
        rows.append({"text": row["text"], "type": OLD_TYPES.get(row["event"], row["event"]),
                     "source": _codes(row.get("source")), "target": _codes(row.get("target"))})
    return rows


def _codes(actors) -> set:
    if not isinstance(actors, list):
        return set()
    return {CAMEO_TO_ISO.get(a["code"], a["code"]) for a in actors if a.get("code")}


def predict(texts: list, nlp=None, settings=None) -> list:
    """Return the non-negated events of each text, run through the whole pipeline."""
    from .. import Article, extract_many
    from ..settings import DEFAULT

    records = extract_many((Article(text=t) for t in texts), nlp=nlp, settings=settings or DEFAULT)
    return [[e for e in r.events if not e.negated] for r in records]


def score(gold: list, predicted: list) -> dict:
    """Return type and type-plus-actors P/R/F1 over aligned gold rows and predicted events."""
    tp_type = tp_actors = n_pred = 0
    for g, events in zip(gold, predicted):
        types = {e.type for e in events}
        n_pred += len(types)
        if g["type"] in types:
            tp_type += 1
            tp_actors += any(actors_match(g, e) for e in events if e.type == g["type"])
    return {"type": prf(tp_type, n_pred, len(gold)), "type_actors": prf(tp_actors, n_pred, len(gold))}


def actors_match(gold: dict, event) -> bool:
    """True when the event's source and target codes agree with the gold actors."""
    if not _code_in(event.source, gold["source"]):
        return False
    if gold["target"]:
        return _code_in(event.target, gold["target"])
    return event.target is None or not event.target.country or _code_in(event.target, gold["source"])


def _code_in(actor, codes: set) -> bool:
    if actor is None or not actor.country:
        return False
    return actor.country in codes or ("IGO" in codes and actor.country in _igo_codes())


def _igo_codes() -> set:
    return {code for code, _, _ in organizations().values()}


def per_type(gold: list, predicted: list) -> dict:
    """Return F1 of each gold type, sentence by sentence."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter(g["type"] for g in gold)
    for g, events in zip(gold, predicted):
        for etype in {e.type for e in events}:
            n_pred[etype] += 1
            tp[etype] += etype == g["type"]
    return {t: prf(tp[t], n_pred[t], n_gold[t])["f1"] for t in sorted(set(n_gold) | set(n_pred))}


def false_alarms(path: Path, limit: Optional[int] = None, nlp=None, settings=None) -> dict:
    """Return the share of no-event sentences that produce an event, overall and per kind."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit]
    predicted = predict([r["text"] for r in rows], nlp, settings)
    alarms, kinds, examples = Counter(), Counter(r["kind"] for r in rows), []
    for row, events in zip(rows, predicted):
        wrong = [e.type for e in events if e.type not in row.get("allow", [])]
        if wrong:
            alarms[row["kind"]] += 1
            examples.append({"text": row["text"], "types": wrong})
    total = sum(alarms.values())
    return {"sentences": len(rows), "false_alarms": total,
            "rate": round(total / len(rows), 4) if rows else 0.0,
            "by_kind": {k: f"{alarms[k]}/{n}" for k, n in sorted(kinds.items())},
            "examples": examples}


def format_report(result: dict) -> str:
    """Return the figures as a short text table (the rules alone beside, when measured)."""
    lines = ["PLOVER gold sentences        type P / R / F1        type+actors P / R / F1"]
    blocks = (("", result), ("the layer with the rules' actors (no actor chooser): ", result.get("rule_actors")),
              ("rules alone: ", result.get("rules")))
    for label, res in blocks:
        if res is None:
            continue
        if label:
            lines.append(label)
        lines += _table(res)
    if "conflibert" in result:
        lines.append("ConfliBERT rated sentences (out of domain, evaluation only): type P / R / F1, no-event alarms")
        for name, res in result["conflibert"].items():
            t = res["type"]
            lines.append(f"  {name:<8} {t['precision']:.3f} {t['recall']:.3f} {t['f1']:.3f}   {res['no_event']}")
    if "quads" in result:
        lines.append("ConfliBERT coarse sentences (out of domain, evaluation only): the class of the main action, "
                     "P / R / F1, source word found, statements/appeals with an event")
        for name, res in result["quads"].items():
            lines.append(f"  {name:<8} {res['precision']:.3f} {res['recall']:.3f} {res['f1']:.3f}   "
                         f"{res['source']:.3f}   {res['statements_with_event']}")
    if "cv" in result:
        cv = result["cv"]
        lines.append(f"training sentences ({cv['sentences']}), {cv['folds']}-fold cross-validation by group")
        for origin in ("plover", "real"):
            if origin in cv:
                lines.append(f" {origin}: candidate recall {cv[origin]['candidate_recall']:.3f}")
                lines += [_learn_line(name, cv[origin][name]) for name in ("rules", "layer", "chooser")]
    for key, name in (("real_test", "test split"), ("real_train", "train split (in sample for the layer)")):
        if key in result and result[key]["sentences"]:
            lines += _real_lines(name, result[key])
    return "\n".join(lines)


def _real_lines(name: str, part: dict) -> list:
    lines = [f"real-news {name} ({part['sentences']} sentences), each read alone"]
    lines += [_learn_line(run, part[run]) for run in ("rules", "layer", "chooser")]
    if "articles_only" in part:
        alone = part["articles_only"]
        lines.append(f"  of which the article draws alone ({alone['sentences']} sentences; the election and "
                     "disaster draws hold sentences chosen by their outputs or hazard words)")
        lines += [_learn_line(run, alone[run]) for run in ("rules", "layer", "chooser")]
    if "in_articles" in part:
        lines.append("  the same sentences read in their whole articles (the events whose evidence starts in each)")
        lines += [_learn_line(run, part["in_articles"][run]) for run in ("rules", "layer", "chooser")]
    return lines


def _table(result: dict) -> list:
    lines = []
    for name in ("all", "half_a", "half_b"):
        t, a = result[name]["type"], result[name]["type_actors"]
        lines.append(f"  {name:<8} (n={t['gold']:>3})      {t['precision']:.3f} {t['recall']:.3f} {t['f1']:.3f}"
                     f"        {a['precision']:.3f} {a['recall']:.3f} {a['f1']:.3f}")
    lines.append("per-type F1: " + ", ".join(f"{k} {v:.2f}" for k, v in result["per_type_f1"].items()))
    ne = result["no_event"]
    lines.append(f"no-event sentences: {ne['false_alarms']}/{ne['sentences']} false alarms "
                 f"(rate {ne['rate']:.3f}); by kind: "
                 + ", ".join(f"{k} {v}" for k, v in ne["by_kind"].items()))
    return lines


def _learn_line(name: str, res: dict) -> str:
    t, a = res["type"], res["type_actors"]
    per_type = ", ".join(f"{k} {v:.2f}" for k, v in res["per_type_f1"].items())
    return (f"  {name:<6} per-type F1: {per_type}\n  {name:<6} type {t['precision']:.3f} {t['recall']:.3f} {t['f1']:.3f}   type+actors "
            f"{a['precision']:.3f} {a['recall']:.3f} {a['f1']:.3f}   false alarms: "
            + ", ".join(f"{k} {v}" for k, v in res["false_alarms"].items()))
