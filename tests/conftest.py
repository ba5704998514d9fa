"""Shared fixtures: the spaCy model once per session, and the ../shared datasets."""

from pathlib import Path

import pytest

from dateline.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp("md")


@pytest.fixture(scope="session")
def datasets():
    if not DATASETS.exists():
        pytest.skip(f"gold sets not found at {DATASETS}: clone with ../shared beside the repo")
    return DATASETS


@pytest.fixture
def extract(nlp):
    """extract(text, **article fields) -> Record, with the session model."""
    from dateline import Article
    from dateline import extract as _extract

    def run(text, **fields):
        return _extract(Article(text=text, **fields), nlp=nlp)

    return run


@pytest.fixture(scope="session")
def real_db(request) -> Path:
    """Return a store made by a real `dateline ingest` of 50 PolNeAR train articles and
    examples/ (built once, then reused from pytest's cache while the code is unchanged)."""
    from real_store import POLNEAR, build_real_store

    if not POLNEAR.exists():
        pytest.skip(f"PolNeAR not found at {POLNEAR}: clone with ../shared beside the repo")
    return build_real_store(Path(request.config.cache.mkdir("real-store")))
