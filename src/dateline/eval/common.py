"""Helpers shared by the scorers: P/R/F1 and the floors file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import DatelineError

FLOORS = Path(__file__).with_name("floors.toml")


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Return precision, recall and F1 from counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def floors(stage: str) -> dict:
    """Return the pinned floors of one stage from floors.toml."""
    return tomllib.loads(FLOORS.read_text()).get(stage, {})


def require_folder(path: str, what: str) -> Path:
    """Return `path` as a Path, or raise a clear error when it is missing."""
    folder = Path(path)
    if not folder.exists():
        raise DatelineError(f"{path}: {what} not found (expected ../shared/datasets beside the repo)")
    return folder
