"""Scorer for person identities: merge precision and recall on our own set of name pairs.

eval/data/identity/pairs.tsv holds pairs of person names as news writes them,
each labelled one person or two, with the other names seen around them for a
surname alone (see the README there). A predicted merge is identity.same_person
saying yes; precision is the share of merges that are right (a wrong merge joins
two people's quotes, so it matters most), recall the share of same-person pairs
merged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .. import identity
from .common import prf

PAIRS = Path(__file__).with_name("data") / "identity" / "pairs.tsv"


def load_pairs(path: Path = PAIRS) -> list:
    """Return (name_a, name_b, same, others, note) of each pair in the set."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, same, others, note = line.split("\t")
        out.append((a, b, same == "1", [o for o in others.split("|") if o], note))
    return out


def evaluate(data: Optional[str] = None, limit: Optional[int] = None) -> dict:
    """Return merge precision/recall/F1 over the pairs, with the wrong and missed ones."""
    pairs = load_pairs(Path(data) if data else PAIRS)[:limit]
    wrong, missed, merged, right = [], [], 0, 0
    for a, b, same, others, note in pairs:
        said = identity.same_person(a, b, others)
        merged += said
        right += said and same
        if said and not same:
            wrong.append(f"{a} = {b} ({note})")
        if same and not said:
            missed.append(f"{a} / {b} ({note})")
    gold = sum(1 for p in pairs if p[2])
    return {"data": str(data or PAIRS), "pairs": len(pairs), "same": gold,
            "different": len(pairs) - gold, "merge": prf(right, merged, gold),
            "wrong_merges": wrong, "missed_merges": missed}


def format_report(result: dict) -> str:
    m = result["merge"]
    lines = [f"person identities, {result['pairs']} name pairs ({result['same']} one person, "
             f"{result['different']} two)",
             f"  merges  P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
             f"({m['tp']} right of {m['predicted']} merged, {m['gold']} to merge)"]
    lines += [f"  wrong merge: {w}" for w in result["wrong_merges"]]
    lines += [f"  missed: {w}" for w in result["missed_merges"]]
    return "\n".join(lines)
