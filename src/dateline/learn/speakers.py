"""Train the quote speaker choosers on PolNeAR train and write resources/speaker_model.json and
resources/speaker_model_flat.json (the same articles with every line break made a space: text as
scraping often leaves it; the stage uses it for texts with a line over LONG_LINE characters).

    python -m dateline.learn.speakers --data ../shared/datasets/polnear

Every direct or partial quote the rules keep and that matches a gold quote
gives one group of candidates (dateline.stages.quote_speakers); a candidate is
a positive when the speaker span it resolves to overlaps the gold Source span
(the scorer's test). A conditional logit learns from them: one linear score per
candidate, a softmax over the candidates of each quote, trained to put the
probability on the right ones (scipy's L-BFGS from zero weights, an L2
penalty; deterministic). Its weights are written as plain JSON.

    python -m dateline.learn.speakers --cv 5      # cross-validation by article on train, no writing
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from ..eval.quotes import DIRECT_MATCH, flattened, load_split, match, speaker_right
from . import article_folds, write_model
from ..stages.quote_speakers import COLLECT_KEY, FLAT_MODEL_FILE, MODEL_FILE, load_model, resolved

# L2 penalty of the conditional logit, chosen by 5-fold cross-validation by article on train
# (0.1: 0.9140, 0.3: 0.9148, 1: 0.9137, 3: 0.9113 top-1 accuracy).
DEFAULT_L2 = 0.3


def candidate_groups(articles: list, docs: list) -> list:
    """Return [[(features, label), ...] per matched quote] over the articles, the rules' choice left in place."""
    return [group for groups in groups_by_article(articles, docs) for group in groups]


def groups_by_article(articles: list, docs: list) -> list:
    """Return the candidate groups of each article: [[[(features, label), ...] per quote] per article]."""
    from ..model import Article
    from ..pipeline import Context, new_record
    from ..segment import segment
    from ..settings import DEFAULT
    from ..stages import entities, quotes

    settings = DEFAULT.with_overrides(quote_speaker_model=False)
    out = []
    for gold, doc in zip(articles, docs):
        groups = []
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
        out.append(groups)
    return out


def fit(groups: list, l2: float = DEFAULT_L2) -> dict:
    """Return the chooser trained on candidate groups: {"intercept": 0, "weights": {feature: w}}."""
    import scipy
    from sklearn.feature_extraction import DictVectorizer

    # A quote with no right candidate teaches nothing about the choice.
    groups = [g for g in groups if any(y for _, y in g)]
    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform([f for group in groups for f, _ in group]).tocsr()
    labels = [float(y) for group in groups for _, y in group]
    w = _minimise(x, labels, [len(g) for g in groups], l2)
    weights = {name: round(float(v), 6) for name, v in zip(vectorizer.get_feature_names_out(), w)}
    return {"kind": "conditional logit: one linear score per candidate, the highest names the speaker",
            "trained_on": "PolNeAR v1.0.0 train, first listed annotator", "scipy": scipy.__version__,
            "l2": l2, "groups": len(groups), "candidates": x.shape[0], "intercept": 0.0, "weights": weights}


def _minimise(x, labels: list, sizes: list, l2: float):
    """Return the weights that maximise the log-probability of the right candidates of each group
    (softmax over a group's scores) minus l2 * |w|^2."""
    import numpy as np
    from scipy.optimize import minimize

    y = np.asarray(labels)
    bounds = np.cumsum([0] + sizes)
    group = np.repeat(np.arange(len(sizes)), sizes)

    def loss(w):
        s = x @ w
        e = np.exp(s - np.maximum.reduceat(s, bounds[:-1])[group])
        p = e / np.bincount(group, weights=e)[group]
        right = np.maximum(np.bincount(group, weights=p * y), 1e-300)
        # d/dw of -log(sum of p over right ones): E_p[x] - E_{p | right}[x]
        grad = x.T @ (p - p * y / right[group]) + 2 * l2 * w
        return -np.log(right).sum() + l2 * w @ w, grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 2000}).x


def cross_validate(by_article: list, folds: int, l2: float = DEFAULT_L2) -> float:
    """Return the top-1 accuracy of models trained on all folds but one, over the held-out folds (by article)."""
    right = total = 0
    for train_articles, held_articles in article_folds(by_article, folds):
        train = [g for groups in train_articles for g in groups]
        held = [g for groups in held_articles for g in groups]
        right += top1(held, fit(train, l2)) * len(held)
        total += len(held)
    return right / total if total else 0.0


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
    parser.add_argument("--l2", type=float, default=DEFAULT_L2, help="L2 penalty on the weights")
    parser.add_argument("--cv", type=int, default=0, help="print K-fold cross-validation by article, do not write")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file to keep the parses in")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the two weights files (default: the package's resources)")
    parser.add_argument("--check", action="store_true",
                        help="score the shipped weights on --split (e.g. dev) instead of training")
    args = parser.parse_args(argv)
    articles = load_split(args.data, args.split, args.limit)
    for name, texts, cache in ((MODEL_FILE, articles, args.cache),
                               (FLAT_MODEL_FILE, flattened(articles), _flat_cache(args.cache))):
        by_article = groups_by_article(texts, parse(texts, cache=cache))
        _train_one(name, by_article, args)
    return 0


def _flat_cache(cache: Optional[Path]) -> Optional[Path]:
    return cache.with_name(f"{cache.stem}-flat{cache.suffix}") if cache is not None else None


def _train_one(name: str, by_article: list, args) -> None:
    """Cross-validate, check or train (and write) the chooser `name` on its candidate groups."""
    groups = [g for groups in by_article for g in groups]
    if args.cv:
        print(f"{name}, {args.split}: {args.cv}-fold cross-validation by article, l2 {args.l2}: "
              f"top-1 {cross_validate(by_article, args.cv, args.l2):.4f}")
        return
    model = load_model(name) if args.check else fit(groups, args.l2)
    if name == FLAT_MODEL_FILE and not args.check:
        model["trained_on"] += ", every line break made a space"
    rules = sum(any(f["rule"] and y for f, y in g) for g in groups) / len(groups)
    reachable = sum(any(y for _, y in g) for g in groups) / len(groups)
    print(f"{name}, {args.split}: {len(groups)} matched quotes, {sum(len(g) for g in groups)} candidates; "
          f"speaker right by the rules {rules:.3f}, by the chooser {top1(groups, model):.3f}, "
          f"by some candidate {reachable:.3f}")
    if not args.check:
        print(f"wrote {write_model(model, args.out and args.out / name, name, indent=1)}")


if __name__ == "__main__":
    sys.exit(main())
