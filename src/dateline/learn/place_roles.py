"""Train the role model of place mentions and write resources/place_role_model.json.

    python -m dateline.learn.place_roles --data ../shared/datasets          # train, write the weights
    python -m dateline.learn.place_roles --data ../shared/datasets --cv 5   # grouped CV first
    python -m dateline.learn.place_roles --data ../shared/datasets --check  # the shipped weights reproduce

Two sources of examples, each a mention the places stage finds, described by
dateline.stages.place_roles.features with one candidate per role the rules
propose:
- the annotated set src/dateline/eval/data/place_roles.jsonl (PolNeAR train and
  LGL articles; guidelines in src/dateline/eval/data/README.md): one right role;
- LGL's other articles (the first `--lgl` ones): a mention that overlaps no gold
  toponym is not `literal` (the gold marks every place the text is about), so
  every other proposed role counts as right for it. Marked mentions teach
  nothing: LGL also marks places inside names and modifiers.

A conditional logit (the speaker chooser's: a softmax over a mention's proposed
roles, scipy's L-BFGS from zero weights, an L2 penalty; deterministic) learns
one weight per (role, feature). `--cv` scores role accuracy on the annotated set
by folds of articles (an article never split), the LGL examples always in
training. TR-News is not read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from . import article_folds, write_model
from .speakers import _minimise
from ..stages.place_roles import COLLECT_KEY, MODEL_FILE, choose, load_model, proposed_roles, role_features

# L2 penalty chosen by 5-fold CV by article on the annotated set (680 mentions; role accuracy /
# literal or not): 0.3: 0.822 / 0.881, 1: 0.835 / 0.899, 3: 0.822 / 0.884, 10: 0.821 / 0.882.
DEFAULT_L2 = 1.0
DEFAULT_LGL = 150
ANNOTATED = Path(__file__).resolve().parent.parent / "eval" / "data" / "place_roles.jsonl"


def load_annotations(path: Path = ANNOTATED) -> dict:
    """Return {article id: [(start, end, role)]} of the annotated set, mentions that are no place left out."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["role"] != "not_a_place":
            out.setdefault(row["article"], []).append((row["start"], row["end"], row["role"]))
    return out


def article_text(data: Path, article: str, lgl: dict) -> str:
    """Return the text of an annotated article ("polnear/train/<file>" or "lgl/<docid>")."""
    if article.startswith("lgl/"):
        return lgl[article[4:]].text
    _, split, name = article.split("/")
    return (data / "polnear" / split / "text" / name).read_text(encoding="utf-8")


def mention_features(texts: list, nlp) -> list:
    """Return, per text, {(start, end): features} of the mentions the places stage finds."""
    from ..model import Article
    from ..pipeline import Context, new_record
    from ..segment import segment
    from ..settings import DEFAULT
    from ..stages import entities, places

    settings = DEFAULT.with_overrides(place_demonyms=False)
    out = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=8)):
        article = Article(text=text)
        ctx = Context(article=article, doc=doc, seg=segment(text, settings), record=new_record(article),
                      settings=settings)
        ctx.shared[COLLECT_KEY] = []
        ctx.record.entities = entities.run(ctx)
        places.run(ctx)
        out.append({(s, e): f for s, e, f in ctx.shared[COLLECT_KEY]})
    return out


def annotated_groups(data: Path, nlp, lgl: dict) -> list:
    """Return [(article, [(features, role)])] of the annotated set, in file order of articles."""
    notes = load_annotations()
    texts = [article_text(data, a, lgl) for a in notes]
    out = []
    for article, found in zip(notes, mention_features(texts, nlp)):
        out.append((article, [(found[(s, e)], role) for s, e, role in notes[article] if (s, e) in found]))
    return out


def lgl_groups(lgl_docs: list, nlp, skip: set) -> list:
    """Return [(features, the set of right roles)] of LGL mentions no gold toponym overlaps."""
    docs = [d for d in lgl_docs if "lgl/" + d.id not in skip]
    out = []
    for doc, found in zip(docs, mention_features([d.text for d in docs], nlp)):
        gold = [(t.start, t.end) for t in doc.toponyms] + list(doc.unplaced)
        for (s, e), feats in found.items():
            if not any(s < ge and gs < e for gs, ge in gold):
                out.append((feats, {"acting", "modifier", "in_name"}))
    return out


def candidates(feats: dict, right: set) -> list:
    """Return [(features of a (mention, role) candidate, 1 when the role is right)]."""
    return [(role_features(role, feats), role in right) for role in proposed_roles(feats)]


def fit(groups: list, l2: float = DEFAULT_L2) -> dict:
    """Return the role model trained on [(features, right roles)]: {"intercept": 0, "weights": {...}}."""
    from sklearn.feature_extraction import DictVectorizer

    cands = [candidates(f, right) for f, right in groups]
    cands = [c for c in cands if any(y for _, y in c)]  # a role the rules never propose teaches nothing
    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform([f for c in cands for f, _ in c]).tocsr()
    w = _minimise(x, [float(y) for c in cands for _, y in c], [len(c) for c in cands], l2)
    weights = {name: round(float(v), 6) for name, v in zip(vectorizer.get_feature_names_out(), w)
               if abs(v) >= 1e-6}
    return {"kind": "conditional logit over the roles the rules propose for a place mention",
            "trained_on": "src/dateline/eval/data/place_roles.jsonl and LGL mentions the gold does not mark",
            "l2": l2, "mentions": len(cands), "intercept": 0.0, "weights": weights}


def cross_validate(annotated: list, extra: list, folds: int, l2: float = DEFAULT_L2) -> dict:
    """Return role accuracy on the annotated set, each article scored by a model that never saw it."""
    pairs = []
    for train, test in article_folds(annotated, folds):
        model = fit([(f, {r}) for _, ex in train for f, r in ex] + extra, l2)
        pairs += [(r, choose(f, proposed_roles(f), model)) for _, ex in test for f, r in ex]
    return accuracy_of_guesses(pairs)


def accuracy_of_guesses(pairs: list) -> dict:
    """Return accuracy, literal/non-literal accuracy and per-role counts over (gold, guess) pairs."""
    right = sum(g == p for g, p in pairs)
    binary = sum((g == "literal") == (p == "literal") for g, p in pairs)
    confusion = {}
    for g, p in pairs:
        confusion[f"{g}->{p}"] = confusion.get(f"{g}->{p}", 0) + 1
    return {"accuracy": round(right / len(pairs), 4), "literal_or_not": round(binary / len(pairs), 4),
            "mentions": len(pairs), "confusion": dict(sorted(confusion.items()))}


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dateline.learn.place_roles", description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/datasets", help="folder holding polnear/ and geo/")
    parser.add_argument("--lgl", type=int, default=DEFAULT_LGL, help="LGL articles whose unmarked mentions are negatives")
    parser.add_argument("--l2", type=float, default=DEFAULT_L2)
    parser.add_argument("--cv", type=int, default=0, help="grouped cross-validation folds (0: none)")
    parser.add_argument("--check", action="store_true", help="retrain and compare with the shipped weights; write nothing")
    parser.add_argument("--out", help="write the weights here instead of the package's resource file")
    args = parser.parse_args(argv)
    from ..eval.places import load_corpus
    from ..nlp import load_nlp

    data = Path(args.data)
    if not (data / "geo" / "lgl.xml").is_file() or not (data / "polnear").is_dir():
        print(f"Error: {data} holds no geo/lgl.xml or polnear/: pass --data <shared datasets folder>", file=sys.stderr)
        return 1
    lgl_docs = load_corpus(data / "geo" / "lgl.xml")
    nlp = load_nlp("md")
    annotated = annotated_groups(data, nlp, {d.id: d for d in lgl_docs})
    extra = lgl_groups(lgl_docs[:args.lgl], nlp, {a for a, _ in annotated})
    print(f"annotated: {sum(len(ex) for _, ex in annotated)} mentions in {len(annotated)} articles; "
          f"LGL unmarked mentions: {len(extra)}")
    if args.cv:
        print(f"{args.cv}-fold CV by article, role accuracy on the annotated set:",
              json.dumps(cross_validate(annotated, extra, args.cv, args.l2)))
    model = fit([(f, {r}) for _, ex in annotated for f, r in ex] + extra, args.l2)
    if args.check:
        return _check(model)
    print("written:", write_model(model, args.out, MODEL_FILE))
    return 0


def _check(model: dict) -> int:
    shipped = load_model()
    same = shipped.get("weights") == model["weights"]
    print("the shipped weights reproduce" if same else "Error: the shipped weights differ from a retrained model")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
