"""dateline: news articles to structured, sourced records.

Public API: extract(), extract_many(), Article, Record, Settings, load_nlp().
"""

from .model import Article, Record
from .settings import Settings

__all__ = ["Article", "Record", "Settings", "extract", "extract_many", "load_nlp"]
__version__ = "0.1.0"

# Names whose modules import spaCy: loaded on first use, so `dateline --version`, `export`
# and `serve` do not pay for the model's libraries (PEP 562).
_LAZY = {"extract": "pipeline", "extract_many": "pipeline", "load_nlp": "nlp"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
