"""A readable summary of what a store holds (for `dateline demo` and after an ingest)."""

from __future__ import annotations

from ..summary import summarize
from .filters import Filters
from .store import Store


def describe(store: Store, articles: int = 20) -> str:
    """Return the store's totals, events per type, and a summary of its newest articles."""
    counts = store.counts()
    lines = [f"{counts['articles']} articles ({counts['clusters']} distinct stories), "
             f"{counts['events']} events from {counts['reports']} reports, "
             f"{counts['quotes']} quotes, {counts['entities']} entities, "
             f"{counts['failures']} failed inputs"]
    if counts["events_by_type"]:
        lines.append("Events by type: " + ", ".join(f"{t} {n}" for t, n in counts["events_by_type"].items()))
    for event in store.events(Filters(), limit=10):
        if event["n_reports"] > 1:
            lines.append(f"  {event['type']}: {event['source_name'] or '?'} -> "
                         f"{event['target_name'] or '-'} ({event['date'] or 'no date'}), "
                         f"{event['n_reports']} reports from {event['n_sources']} sources")
    for row in store.articles(Filters(), limit=articles):
        lines.append("")
        lines.append(summarize(store.record(row["id"])))
    return "\n".join(lines)
