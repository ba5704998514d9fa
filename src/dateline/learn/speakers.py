"""Train the quote speaker chooser on PolNeAR train and write resources/speaker_model.json.

    python -m dateline.learn.speakers --data ../shared/datasets/polnear

Every direct or partial quote the rules keep and that matches a gold quote
gives one group of candidates (dateline.stages.quote_speakers); a candidate is
a positive when the speaker span it resolves to overlaps the gold Source span
(the scorer's test). A logistic regression (scikit-learn, liblinear, fixed
seed) learns from them; its intercept and weights are written as plain JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from ..eval.quotes import DIRECT_MATCH, load_split, match, speaker_right
from ..resources import path as resource_path
from ..stages.quote_speakers import COLLECT_KEY, MODEL_FILE, load_model, resolved

DEFAULT_C = 0.3


def candidate_groups(articles: list, docs: list) -> list:
    """Return [[(features, label), ...] per matched quote] over the articles, the rules' choice left in place."""
    from ..model import Article
    from ..pipeline import Context, new_record
    from ..segment import segment
    from ..settings import DEFAULT
    from ..stages import entities, quotes

    settings = DEFAULT.with_overrides(quote_speaker_model=False)
    groups = []
    for gold, doc in zip(articles, docs):
        article = Article(text=gold.text, id=gold.name, published=gold.published)
        record = new_record(article)
        seg = segment(article.text)
        record.boilerplate = seg.boilerplate
        ctx = Context(article=article, doc=doc, seg=seg, record=record, settings=settings)
        ctx.shared[COLLECT_KEY] = collected = []
        record.entities = entities.run(ctx)
        quotes.run(ctx)
        pairs = match(gold.text, [(g.start, g.end) for g in gold.direct],
                      [(f.start, f.end) for f, _ in collected], *DIRECT_MATCH)
        for gi, pi in pairs:
            rows = []
            for cand in collected[pi][1]:
                span = resolved(ctx, cand.token)
                rows.append((cand.features, speaker_right(gold.direct[gi], (span.start, span.end))))
            groups.append(rows)
    return groups


def fit(groups: list, c: float = DEFAULT_C) -> dict:
    """Return the chooser trained on candidate groups: {"intercept": x, "weights": {feature: w}}."""
    import sklearn
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [f for group in groups for f, _ in group]
    labels = [int(y) for group in groups for _, y in group]
    vectorizer = DictVectorizer(sparse=False)
    x = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0).fit(x, labels)
    weights = {name: round(float(w), 6) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
    return {"kind": "logistic regression, one score per candidate; the highest names the speaker",
            "trained_on": "PolNeAR v1.0.0 train, first listed annotator", "scikit_learn": sklearn.__version__,
            "C": c, "groups": len(groups), "candidates": len(rows),
            "intercept": round(float(model.intercept_[0]), 6), "weights": weights}


def top1(groups: list, model: dict) -> float:
    """Return the share of groups whose best-scoring candidate is a right speaker."""
    from ..stages.quote_speakers import score

    right = sum(max(group, key=lambda row: score(model, row[0]))[1] for group in groups if group)
    return right / len(groups) if groups else 0.0


def parse(articles: list, nlp_name: str = "md", cache: Optional[Path] = None) -> list:
    """Return the parsed Docs of the articles, read from / written to a DocBin cache when given."""
    from spacy.tokens import DocBin

    from ..nlp import load_nlp

    nlp = load_nlp(nlp_name)
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) >= len(articles) and all(d.text == a.text for d, a in zip(docs, articles)):
            return docs[:len(articles)]
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    if cache is not None:
        bin_ = DocBin(docs=docs)
        bin_.to_disk(cache)
    return docs


def main(argv: Optional[list] = None) -> int:
    """Train the chooser from the command line; print top-1 accuracies; write the weights."""
    parser = argparse.ArgumentParser(prog="python -m dateline.learn.speakers", description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/datasets/polnear", help="PolNeAR folder")
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse regularisation strength")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file to keep the parses in")
    parser.add_argument("--out", type=Path, default=None, help="weights file (default: the package's)")
    parser.add_argument("--check", action="store_true",
                        help="score the shipped weights on --split (e.g. dev) instead of training")
    args = parser.parse_args(argv)
    articles = load_split(args.data, args.split, args.limit)
    groups = candidate_groups(articles, parse(articles, cache=args.cache))
    model = load_model() if args.check else fit(groups, args.c)
    rules = sum(any(f["rule"] and y for f, y in g) for g in groups) / len(groups)
    reachable = sum(any(y for _, y in g) for g in groups) / len(groups)
    print(f"{args.split}: {len(groups)} matched quotes, {sum(len(g) for g in groups)} candidates; "
          f"speaker right by the rules {rules:.3f}, by the chooser {top1(groups, model):.3f}, "
          f"by some candidate {reachable:.3f}")
    if args.check:
        return 0
    out = args.out or Path(str(resource_path(MODEL_FILE)))
    out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
