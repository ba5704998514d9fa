"""Grouped events as PLOVER JSON records (the PLOVER manual's "Data Fields" chapter, table
"PLOVER JSON" and its entity, location and citation objects), one per line.

Only fields dateline knows are written: a field without a value is left out rather than
written empty, as the manual allows for every field but id, date, actor and event.
"""

from __future__ import annotations

import json
from typing import IO, Optional

from .. import __version__

# The manual's location `resolution`: 5 sub-city, 4 city, 3 district, 2 province, 1 country.
RESOLUTION = {"city": 4, "admin1": 2, "country": 1}
CODEBOOK = "plover-base"


def entity(code: Optional[str], sector: Optional[str], name: Optional[str]) -> list:
    """Return the manual's list of entity objects for one actor (empty when there is none)."""
    found = {"code": code, "sector": sector, "entity_text": name}
    found = {k: v for k, v in found.items() if v is not None}
    return [found] if found else []


def location(row: dict) -> Optional[dict]:
    """Return the manual's location object of an event's place, or None without one."""
    if row["place_name"] is None:
        return None
    loc = {"extracted_place": row["place_name"], "resolved_place": row["place_name"],
           "geonameid": row["place_geonameid"], "lat": row["latitude"], "lon": row["longitude"],
           "country_code": row["place_country"], "resolution": RESOLUTION.get(row["place_precision"])}
    return {k: v for k, v in loc.items() if v is not None}


def plover_record(row: dict) -> dict:
    """Return one grouped event row (store.event_rows) as a PLOVER JSON record."""
    record = {
        "id": f"dateline-{row['event_id']}",
        "has_event": True,
        "date": row["date"],
        "enddate": row["date_end"] if row["date_end"] != row["date"] else None,
        "actor": entity(row["source_country"], row["source_sector"], row["source_name"]),
        "recipient": entity(row["target_country"], row["target_sector"], row["target_name"]) or None,
        "event": [row["type"]],
        "event_loc": location(row),
        "event_text": [row["evidence"]] if row["evidence"] else None,
        "quad_code": row["quad_class"],
        "mode": [row["mode"]] if row["mode"] else None,
        "context": list(row["context"]) if row.get("context") else None,
        "cite_info": {k: v for k, v in {
            "url": row["url"], "title": row["title"], "publication": row["outlet"],
            "coder": f"dateline {__version__}", "codebook": CODEBOOK}.items() if v is not None},
        "coder": f"dateline {__version__}",
    }
    return {k: v for k, v in record.items() if v is not None}


def write_plover(rows, columns: list, out: IO) -> int:
    """Write one PLOVER JSON record per grouped event and return the count."""
    n = 0
    for n, row in enumerate(rows, 1):
        out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
    return n
