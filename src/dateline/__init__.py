"""dateline: news articles to structured, sourced records.

Public API: extract(), extract_many(), Article, Record, Settings, load_nlp().
"""

from .model import Article, Record
from .nlp import load_nlp
from .pipeline import extract, extract_many
from .settings import Settings

__all__ = ["Article", "Record", "Settings", "extract", "extract_many", "load_nlp"]
__version__ = "0.1.0"
