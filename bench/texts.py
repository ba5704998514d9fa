"""Bench input: article texts from a folder of .txt files, shared by the bench scripts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear" / "train" / "text"


def load_texts(folder: Path, limit: int) -> list:
    """Return up to `limit` article texts from a folder of .txt files (sorted by name);
    the examples/ folder when `folder` is missing."""
    if not folder.is_dir():
        folder = ROOT / "examples"
    paths = sorted(folder.glob("*.txt"))[:limit]
    return [p.read_text(encoding="utf-8").replace("\r\n", "\n") for p in paths]
