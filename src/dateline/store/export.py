"""Export store tables as CSV (RFC 4180), JSON Lines, Parquet or GeoJSON; events also as PLOVER JSON.

Rows are streamed from the database, so exports of any size use flat memory.
Column names are the store's (see docs/store.md for the data dictionary);
coordinates are `latitude` / `longitude`, which datasette maps out of the box.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from contextlib import contextmanager
from typing import IO, Iterator, Optional

import sqlalchemy as sa

from ..errors import StoreError
from . import queries
from .event_rows import event_rows_query
from .filters import SORTS, Filters, check_sort
from .plover import write_plover
from .store import Store

WHAT = ("events", "reports", "quotes", "articles", "entities", "places", "people", "quotations")
FORMATS = ("csv", "jsonl", "parquet", "geojson", "plover")
GEO_TABLES = ("events", "reports", "places")
BATCH = 1000


def select_for(what: str, filters: Filters, dialect: str) -> sa.Select:
    """Return the SELECT behind one export."""
    builders = {
        "events": lambda: event_rows_query(filters, dialect),
        "reports": lambda: queries.reports_query(filters, dialect),
        "quotes": lambda: queries.quotes_query(filters, dialect),
        "articles": lambda: queries.articles_query(filters, dialect, with_text=True),
        "entities": lambda: queries.entities_query(filters, dialect),
        "places": lambda: queries.places_query(filters, dialect),
        "people": lambda: queries.people_query(filters, dialect),
        "quotations": lambda: queries.quotations_query(filters, dialect),
    }
    if what not in builders:
        raise StoreError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    return builders[what]()


def export(store: Store, what: str, fmt: str, filters: Filters = Filters(),
           output: str = "-", limit: int = None, sort: Optional[str] = None) -> int:
    """Write the rows of `what` matching `filters` to `output` ("-" = stdout), in their own
    order or sorted as the API's `sort` ("n_reports", "-n_reports"); return the row count."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "geojson" and what not in GEO_TABLES:
        raise StoreError(f"geojson needs coordinates: export one of {', '.join(GEO_TABLES)}")
    if fmt == "plover" and what != "events":
        raise StoreError(f"plover records are grouped events: export events, not {what}")
    if fmt == "parquet" and output == "-":
        raise StoreError("parquet is binary: give an output file with -o")
    select = select_for(what, filters, store.dialect)
    select = queries.sorted_by(select, what, export_sort(select, what, sort))
    if limit is not None:
        select = select.limit(limit)
    writer = WRITERS[fmt]
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=BATCH).execute(select)
        columns = list(result.keys())
        rows = (dict(zip(columns, row)) for row in result)
        if fmt == "parquet":
            return write_parquet(rows, select, output)
        with _open_text(output) as out:
            return writer(rows, columns, out)


# Counts of the web's grouped entities and places lists: an export of them has a row per
# article, so it has no such count (an entity's `mentions` column there is its spans).
GROUPED_COUNTS = ("articles", "mentions")


def export_sort(select: sa.Select, what: str, sort: Optional[str]) -> Optional[tuple]:
    """Return (column, descending) of a sort value for an export of `what`, checked as the API
    checks it (store.filters.check_sort) and against the export's own rows; None for no sort."""
    wanted = check_sort(sort, what)
    if wanted and (wanted[0] in GROUPED_COUNTS or wanted[0] not in select.selected_columns):
        present = [c for c in SORTS[what] if c in select.selected_columns and c not in GROUPED_COUNTS]
        raise StoreError(f"sort: {wanted[0]!r} counts the web's grouped {what}; an export has a row "
                         f"per article and {what[:-1]}: sort on {', '.join(present)}")
    return wanted


@contextmanager
def _open_text(output: str) -> Iterator[IO]:
    if output == "-":
        yield sys.stdout
        return
    # newline="" so the csv module's \r\n line ends reach the file unchanged (RFC 4180).
    with open(output, "w", encoding="utf-8", newline="") as fh:
        yield fh


def flat(value):
    """Return a cell value for CSV: JSON for lists/dicts, ISO for datetimes, 1/0 for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def write_csv(rows, columns: list, out: IO) -> int:
    """Write RFC 4180 CSV (header row, CRLF line ends, quotes doubled) and return the row count."""
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    n = 0
    for n, row in enumerate(rows, 1):
        writer.writerow([neutral(flat(row[c])) for c in columns])
    return n


# Cells a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, tab, CR.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value):
    """Return a CSV cell that a spreadsheet shows as text: a text cell starting like a formula
    gets a leading apostrophe, as OWASP advises. Numbers (-3, +1) are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.datetime) else value


def write_jsonl(rows, columns: list, out: IO) -> int:
    """Write one JSON object per row and return the row count."""
    n = 0
    for n, row in enumerate(rows, 1):
        out.write(json.dumps({c: _jsonable(row[c]) for c in columns}, ensure_ascii=False) + "\n")
    return n


def write_geojson(rows, columns: list, out: IO) -> int:
    """Write a GeoJSON FeatureCollection of the rows that have coordinates; return their count."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for row in rows:
        if row.get("latitude") is None or row.get("longitude") is None:
            continue
        feature = {"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                   "properties": {c: _jsonable(row[c]) for c in columns}}
        out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def arrow_schema(select: sa.Select):
    """Return the pyarrow schema of a SELECT's columns (JSON columns become JSON text)."""
    import pyarrow as pa

    def arrow_type(column_type):
        if isinstance(column_type, sa.Boolean):
            return pa.bool_()
        if isinstance(column_type, sa.Integer):
            return pa.int64()
        if isinstance(column_type, sa.Float):
            return pa.float64()
        if isinstance(column_type, sa.DateTime):
            return pa.timestamp("us", tz="UTC")
        if isinstance(column_type, sa.LargeBinary):
            return pa.binary()
        return pa.string()

    return pa.schema([(c.name, arrow_type(c.type)) for c in select.selected_columns])


def write_parquet(rows, select: sa.Select, output: str) -> int:
    """Write the rows to a Parquet file in row groups of BATCH rows; return the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(select)
    json_columns = [c.name for c in select.selected_columns if isinstance(c.type, sa.JSON)]
    n = 0
    with pq.ParquetWriter(output, schema) as writer:
        batch = []
        for row in rows:
            for name in json_columns:
                row[name] = None if row[name] is None else json.dumps(row[name], ensure_ascii=False)
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson, "parquet": None,
           "plover": write_plover}
