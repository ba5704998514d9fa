"""A short, readable text summary of a record (for `dateline demo`)."""

from __future__ import annotations

from .model import Record


def summarize(record: Record, width: int = 100) -> str:
    """Return a few lines: people and roles, who said what, places, dates, events."""
    lines = [f"== {record.title or record.path or record.id}"
             + (f"  ({record.source}, {record.published})" if record.source or record.published else "")]
    people = [e for e in record.entities if e.type == "PERSON"]
    if people:
        lines.append("People: " + "; ".join(_person(e) for e in people))
    for quote in record.quotes:
        who = quote.speaker.name if quote.speaker else "?"
        lines.append(f"  {who} ({quote.kind}): {_clip(quote.text, width)}")
    # Where the story is: literal places; "Russia said" or "U.S. officials" name no place of it.
    literal = [p for p in record.places if p.role == "literal"]
    if literal:
        names = dict.fromkeys(f"{p.name} ({p.country})" for p in literal)
        lines.append("Places: " + ", ".join(names))
    if record.dates:
        lines.append("Dates: " + ", ".join(f"{d.text} = {d.value}" for d in record.dates))
    for event in record.events:
        if event.negated:
            continue
        src = event.source.name if event.source else "?"
        tgt = event.target.name if event.target else "-"
        lines.append(f"  event {event.type}: {src} -> {tgt} ({event.date or 'no date'})")
    for skip in record.skipped:
        lines.append(f"  skipped {skip.stage}: {skip.reason}")
    return "\n".join(lines)


def _person(entity) -> str:
    role = ", ".join(x for x in (entity.title, entity.country) if x)
    return f"{entity.name} ({role})" if role else entity.name


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
