"""The store: SQLite (default) or PostgreSQL tables of records, with dedup, search and export.

Public API: open_store(target) -> Store (write_record, events, quotes, articles,
entities, places, counts, record, failures), Filters, load_records,
load_parquet, export.
"""

from .filters import Filters
from .store import STORED, UNCHANGED, Store, open_store

__all__ = ["Filters", "STORED", "Store", "UNCHANGED", "open_store"]
