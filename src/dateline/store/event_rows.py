"""Event rows as the field's data sets carry them: the grouped event's columns plus its first
article's URL and title, the evidence sentence and PLOVER contexts of its first report, the
PLOVER quad class and CAMEO-style actor codes.

Used by `dateline export --what events`, the web exports and the PLOVER export. All of it
is SQL over the store (no per-row Python), so exports stream at the database's pace.
"""

from __future__ import annotations

import functools

import sqlalchemy as sa

from ..resources import load_table
from .filters import Filters
from .queries import events_query
from .schema import articles, event_reports, events


SPACE = " \n\r\t"


@functools.cache
def quad_classes() -> dict:
    """Return {PLOVER type: quad class 1-4} (resources/plover_quads.tsv)."""
    return {etype: int(quad) for etype, quad, *_ in load_table("plover_quads.tsv")}


def actor_code(country, sector):
    """Return the SQL of a CAMEO-style actor code: country then sector ("RUS" + "GOV" ->
    "RUSGOV"); an organisation's own code alone ("NATO", sector IGO); NULL when both are unknown."""
    joined = sa.func.coalesce(country, "") + sa.func.coalesce(sector, "")
    code = sa.case((sector == "IGO", country), else_=joined)
    return sa.func.nullif(code, "")


def first_report(column: str):
    """Return the SQL of a column of the event's first report (in its first article): `evidence`
    is the report's evidence sentence, as the article has it."""
    first = articles.alias(f"{column}_article")
    r = event_reports.alias(f"{column}_report")
    if column == "evidence":
        span = sa.func.substr(first.c.text, r.c.evidence_start + 1,
                              r.c.evidence_end - r.c.evidence_start)
        value = sa.func.ltrim(sa.func.rtrim(span, SPACE), SPACE)  # a sentence span ends in newlines
        reports = r.join(first, first.c.id == r.c.article_id)
    else:
        value, reports = r.c[column], r
    return (sa.select(value).select_from(reports)
            .where(r.c.event_id == events.c.event_id, r.c.article_id == events.c.first_article_id)
            .order_by(r.c.n).limit(1).scalar_subquery())


def event_rows_query(f: Filters, dialect: str) -> sa.Select:
    """Return the SELECT of grouped events matching the filters, with the derived columns."""
    first = articles.alias("first_article")
    quad = sa.case(quad_classes(), value=events.c.type, else_=None)
    return (events_query(f, dialect)
            .outerjoin(first, first.c.id == events.c.first_article_id)
            .add_columns(sa.type_coerce(quad, sa.Integer).label("quad_class"),
                         actor_code(events.c.source_country, events.c.source_sector).label("source_code"),
                         actor_code(events.c.target_country, events.c.target_sector).label("target_code"),
                         first.c.url.label("url"), first.c.title.label("title"),
                         first.c.published.label("published"), first.c.outlet.label("outlet"),
                         first_report("evidence").label("evidence"),
                         first_report("context").label("context")))
