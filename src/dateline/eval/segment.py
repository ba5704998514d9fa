"""Scorer for segmentation on text that has lost its line breaks: datelines.

PolNeAR has no boilerplate gold, but its articles keep their line breaks, and a
dateline opening a paragraph is what the line rule finds best ("WASHINGTON (AP) —").
So the reference is segmentation of each article as written, and the test is the
same article with every line break made a space (text as scraping often leaves it;
offsets unchanged): a found dateline is right when its place has the same span.
This measures agreement with the line rule, mistakes included (it takes
"CORRECTION:" for a dateline), not accuracy against people.
"""

from __future__ import annotations

from typing import Optional

from ..segment import segment
from .common import prf
from .quotes import flattened, load_split


def evaluate(data: str = "../shared/datasets/polnear", split: str = "dev",
             limit: Optional[int] = None) -> dict:
    """Return precision/recall/F1 of datelines found without line breaks against those found with them."""
    articles = load_split(data, split, limit)
    found = right = wanted = 0
    misses = []
    for article, flat in zip(articles, flattened(articles)):
        reference, ours = segment(article.text).dateline_span, segment(flat.text).dateline_span
        wanted += reference is not None
        found += ours is not None
        right += reference is not None and ours == reference
        if reference is not None and ours != reference:
            misses.append(article.name)
    return {"data": data, "split": split, "articles": len(articles),
            "datelines": prf(right, found, wanted), "missed": misses}


def format_report(result: dict) -> str:
    d = result["datelines"]
    return (f"segmentation without line breaks, PolNeAR {result['split']} ({result['articles']} articles), "
            "against the same articles with them\n"
            f"  datelines  P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}  "
            f"({d['tp']} same of {d['predicted']} found, {d['gold']} with line breaks)")
