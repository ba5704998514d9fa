"""Candidate recall of the events stage: proposer thresholds by nested CV, and why gold events of
the real-news train split have no candidate of their type (issue 22, recall round two).

    python scripts/event_recall.py                      # CV at the shipped threshold (= learn.events --cv 5)
    python scripts/event_recall.py --at 0.3,0.2,0.15    # the same collected candidates, several thresholds
    python scripts/event_recall.py --breakdown          # also count the real-news train misses by cause
    python scripts/event_recall.py --top 0.1            # also propose each asked verb's best type from p 0.1

It collects the training sentences once (learn.events.collect) and runs learn.events.cross_validate
(5 folds by group, proposer and judge nested) per threshold. The breakdown counts, never lists:
only the train split is read, and the misses are not to be read one by one (docs/events.md).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "src"))

from dateline.learn import events as learn  # noqa: E402
from dateline.stages import event_proposer as proposer  # noqa: E402
from dateline.stages import events as stage  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--at", default=str(learn.PROPOSE_AT), help="proposer thresholds, comma-separated")
    parser.add_argument("--judge-threshold", type=float, default=learn.DEFAULT_THRESHOLD)
    parser.add_argument("--top", type=float, default=0.0,
                        help="also propose each asked verb's most probable type when it reaches this")
    parser.add_argument("--breakdown", action="store_true", help="count the real-news train misses by cause")
    args = parser.parse_args()
    rows = learn.load_rows()
    collected = learn.collect(rows, extra=lambda ctx, row, labelled: ctx.doc)
    if args.top:
        learn.assemble = _with_best_type(args.top)
    for at in (float(x) for x in args.at.split(",")):
        held = [None] * len(rows)
        predicted = learn.cross_validate(rows, collected, 5, learn.DEFAULT_C, args.judge_threshold, held, at)
        print(f"proposer from {at}, judge from {args.judge_threshold}: candidate recall PLOVER "
              f"{learn.candidate_recall(rows, held, 'plover'):.3f}, real-news {learn.candidate_recall(rows, held, 'real'):.3f}; "
              f"{sum(len(h['candidates']) for h in held)} candidates")
        for origin in ("plover", "real"):
            print(f"  {origin}: {_figures(learn.report(rows, predicted, origin))}")
        if args.breakdown:
            _breakdown(rows, collected, held)
    return 0


def _figures(result: dict) -> str:
    t, a = result["type"], result["type_actors"]
    alarms = [v.split("/") for v in result["false_alarms"].values()]
    return (f"type P/R/F1 {t['precision']:.3f} {t['recall']:.3f} {t['f1']:.3f}, type+actors F1 {a['f1']:.3f}, "
            f"false alarms {sum(int(n) for n, _ in alarms)} of {sum(int(d) for _, d in alarms)}")


def _with_best_type(floor: float):
    """Return learn.assemble that also keeps, per asked verb, the proposed candidate of its most
    probable type when that reaches `floor` (a verb then always has its best reading to judge)."""
    def assemble(item: dict, probs: dict, propose_at: float) -> dict:
        best = {i: max((t for t in p if t != proposer.NONE), key=p.get) for i, p in probs.items() if p}
        kept = []
        for cand, _, y in item["candidates"]:
            i, etype = cand.trigger.token.i, cand.trigger.type
            p = probs.get(i, {}).get(etype)
            if cand.reading == stage.PROPOSED and (p is None or p < propose_at) and not (
                    p is not None and p >= floor and best.get(i) == etype):
                continue
            kept.append((cand, p, y))
        return learn.featured(item, kept)
    return assemble


def _breakdown(rows: list, collected: list, held: list) -> None:
    """Print, for the real-news train gold events without a candidate of their type, counts by
    cause, by type, the proposer's best probability (a proposer trained out of fold) and lemmas."""
    oof = learn.proposer_out_of_fold(rows, collected, list(range(len(rows))), 5)
    tables = list(stage.lexicon().items()) + list(stage.derived_lexicon().items())
    cause, by_type, bins, lemmas = (collections.Counter(), collections.defaultdict(collections.Counter),
                                    collections.Counter(), collections.Counter())
    total = 0
    for i, (row, item, kept) in enumerate(zip(rows, collected, held)):
        if not row["origin"].startswith("real") or not row["types"]:
            continue
        total += len(row["types"])
        have = {cand.event.type for cand, _, _ in kept["candidates"]}
        for etype in row["types"] - have:
            every = [cand for cand, _, _ in item["candidates"] if cand.event.type == etype]
            asked = [cand for cand in every if cand.reading == stage.PROPOSED]
            if len(asked) < len(every):
                kind = "a lexicon candidate of the type, not kept"
            elif asked:
                kind = "an asked verb could carry it: proposer below the threshold"
                best = max(oof[i].get(c.trigger.token.i, {}).get(etype, 0.0) for c in asked)
                bins[next(b for b in (0.3, 0.2, 0.15, 0.1, 0.05, 0.0) if best >= b)] += 1
                lemmas.update({c.trigger.token.lemma_.lower() for c in asked})
            else:
                kind = _why_not_asked(item["extra"], etype, tables)
            cause[kind] += 1
            by_type[kind][etype] += 1
    print(f"  real-news train: {sum(cause.values())} of {total} gold events without a candidate of their type")
    for kind, n in cause.most_common():
        print(f"    {n:4d} {kind}: {dict(by_type[kind].most_common(8))}")
    print("    proposer's best probability of the type (from):", dict(sorted(bins.items(), reverse=True)))
    print("    lemmas of those asked verbs:", lemmas.most_common(20))


def _why_not_asked(doc, etype: str, tables: list) -> str:
    if any(head == tok.lemma_.lower() and any(t == etype for _, t, _ in entries)
           for tok in doc for (_, head), entries in tables):
        return "a lexicon or derived word of the type, no candidate (part of speech, phrase, actors)"
    if any(proposer.eligible(tok) for tok in doc):
        return "asked verbs, but the rules cannot build the type on them"
    if any(tok.pos_ == "VERB" for tok in doc):
        return "no verb with an actor-like argument"
    return "no verb"


if __name__ == "__main__":
    sys.exit(main())
