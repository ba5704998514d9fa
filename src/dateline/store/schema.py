"""The store's tables (SQLAlchemy Core), identical on SQLite and PostgreSQL.

One row per article in `articles`; its entities, quotes, dates, places and
event reports in child tables keyed by (article_id, n). `events` holds grouped
events: one row per real-world event, reported by one or more rows of
`event_reports` (as GDELT's events and mentions tables). Column names are
stable: the web app, exports and users' SQL read them (see docs/store.md).
Full-text search (FTS5 / tsvector) is added per backend in `fulltext.py`.
"""

from __future__ import annotations

import sqlalchemy as sa

# Bump when a table or column changes, and add a step to `upgrade.STEPS`.
STORE_VERSION = 5

metadata = sa.MetaData()

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("path", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),                   # record.source
    sa.Column("published", sa.String(10)),          # YYYY-MM-DD
    sa.Column("published_inferred", sa.Boolean, nullable=False, default=False),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("n_chars", sa.Integer, nullable=False),
    sa.Column("text_hash", sa.String(40), nullable=False),
    sa.Column("cluster_id", sa.String(128), nullable=False),  # id of the first copy seen
    sa.Column("model", sa.Text),
    sa.Column("schema_version", sa.String(8), nullable=False),  # of the record
    sa.Column("boilerplate", sa.JSON, nullable=False),  # [{"kind","start","end"}]
    sa.Column("skipped", sa.JSON, nullable=False),      # [{"stage","reason"}]
    sa.Column("extra", sa.JSON),                        # record fields added after v1
    sa.Column("n_entities", sa.Integer, nullable=False, default=0),
    sa.Column("n_quotes", sa.Integer, nullable=False, default=0),
    sa.Column("n_events", sa.Integer, nullable=False, default=0),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
)
sa.Index("ix_articles_outlet", articles.c.outlet)
sa.Index("ix_articles_published", articles.c.published)
sa.Index("ix_articles_cluster", articles.c.cluster_id)


def _article_fk() -> sa.Column:
    return sa.Column("article_id", sa.String(128),
                     sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


entities = sa.Table(
    "entities", metadata,
    _article_fk(),
    sa.Column("entity_id", sa.String(32), primary_key=True),  # "e1", unique per article
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("country", sa.String(8)),
    sa.Column("sector", sa.String(16)),
    sa.Column("n_mentions", sa.Integer, nullable=False),
    sa.Column("mentions", sa.JSON, nullable=False),  # [[start, end], ...]
    sa.Column("person_id", sa.String(16)),  # people.person_id (store version 3)
)
sa.Index("ix_entities_name", entities.c.name)
sa.Index("ix_entities_person", entities.c.person_id)
sa.Index("ix_entities_country", entities.c.country)

quotes = sa.Table(
    "quotes", metadata,
    _article_fk(),
    sa.Column("n", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("speaker_entity", sa.String(32)),
    sa.Column("speaker_name", sa.Text),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    sa.Column("speaker_country", sa.String(8)),   # copied from the speaker's entity
    sa.Column("cue_text", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("speaker_person", sa.String(16)),  # people.person_id (store version 3)
    sa.Column("quotation_id", sa.String(16)),    # quotations.quotation_id (store version 3)
    # False when the speaker is a pronoun the article never names (store version 5).
    sa.Column("speaker_resolved", sa.Boolean, default=True),
)
sa.Index("ix_quotes_speaker", quotes.c.speaker_name)
sa.Index("ix_quotes_person", quotes.c.speaker_person)
sa.Index("ix_quotes_quotation", quotes.c.quotation_id)

dates = sa.Table(
    "dates", metadata,
    _article_fk(),
    sa.Column("n", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.String(10)),
    sa.Column("precision", sa.String(8)),
)

places = sa.Table(
    "places", metadata,
    _article_fk(),
    sa.Column("n", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.String(8)),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("feature", sa.String(16)),
    # literal|acting|modifier|demonym (store version 5); NULL reads as literal.
    sa.Column("role", sa.String(16), default="literal"),
)
sa.Index("ix_places_country", places.c.country)


def _actor_columns(role: str) -> list:
    return [sa.Column(f"{role}_name", sa.Text), sa.Column(f"{role}_country", sa.String(8)),
            sa.Column(f"{role}_sector", sa.String(16)),
            sa.Column(f"{role}_person", sa.String(16))]  # people.person_id (store version 3)


def _event_columns() -> list:
    """Columns shared by grouped events and their reports."""
    return [sa.Column("type", sa.String(16), nullable=False), sa.Column("mode", sa.Text),
            *_actor_columns("source"), *_actor_columns("target"),
            # date: the first day of the period, date_end its last (store version 3)
            sa.Column("date", sa.String(10)), sa.Column("date_precision", sa.String(8)),
            sa.Column("date_end", sa.String(10)),
            sa.Column("place_name", sa.Text), sa.Column("place_country", sa.String(8)),
            sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
            sa.Column("place_geonameid", sa.BigInteger),
            sa.Column("place_precision", sa.String(16)),  # city|admin|country|region|...
            sa.Column("place_feature", sa.String(16))]  # the gazetteer feature of the place


events = sa.Table(
    "events", metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    *_event_columns(),
    sa.Column("group_key", sa.Text, nullable=False),  # type|source|target|place, see dedup.py
    sa.Column("day", sa.Integer),                      # date as a day number, for grouping
    sa.Column("n_reports", sa.Integer, nullable=False),  # deprecated: reports, not articles
    sa.Column("n_sources", sa.Integer, nullable=False),  # distinct outlets
    sa.Column("n_articles", sa.Integer, nullable=False, default=0),  # distinct articles
    sa.Column("n_mentions", sa.Integer, nullable=False, default=0),  # evidence spans, all reports
    sa.Column("confidence", sa.Float, nullable=False),   # highest of its reports
    sa.Column("first_article_id", sa.String(128), nullable=False),
)
sa.Index("ix_events_group", events.c.group_key, events.c.day)
sa.Index("ix_events_source", events.c.source_name)
sa.Index("ix_events_target", events.c.target_name)
sa.Index("ix_events_source_country", events.c.source_country)
sa.Index("ix_events_target_country", events.c.target_country)
sa.Index("ix_events_source_person", events.c.source_person)
sa.Index("ix_events_target_person", events.c.target_person)


def _newest_first(name: str, *leading) -> list:
    """Return the index of `leading` columns then the event list's order (date DESC NULLS
    LAST, event_id), per backend: SQLite puts NULLs last in DESC order and rejects NULLS
    LAST in an index; PostgreSQL needs it said."""
    return [sa.Index(name, *leading, events.c.date.desc(), events.c.event_id).ddl_if(dialect="sqlite"),
            sa.Index(name, *leading, events.c.date.desc().nulls_last(), events.c.event_id)
            .ddl_if(dialect="postgresql")]


# The event list (web API, export) reads newest first; these give that order, whole or
# within one type or date range, without sorting (store version 2).
NEWEST_FIRST = _newest_first("ix_events_newest") + _newest_first("ix_events_type_newest",
                                                                  events.c.type)

event_reports = sa.Table(
    "event_reports", metadata,
    _article_fk(),
    sa.Column("n", sa.Integer, primary_key=True),
    # Null for negated reports: they are kept but never grouped or counted.
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.event_id")),
    *_event_columns(),
    sa.Column("source_entity", sa.String(32)),
    sa.Column("target_entity", sa.String(32)),
    sa.Column("context", sa.JSON, nullable=False),
    sa.Column("negated", sa.Boolean, nullable=False),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("n_mentions", sa.Integer, nullable=False, default=1),  # len(event.mentions), else 1
    sa.Column("mentions", sa.JSON),  # [[start, end], ...] of events[].mentions (store version 3)
)
sa.Index("ix_event_reports_event", event_reports.c.event_id)

# MinHash LSH bands of each article's text: articles sharing a band are
# candidate near-duplicates (see dedup.py).
article_bands = sa.Table(
    "article_bands", metadata,
    sa.Column("band", sa.Integer, primary_key=True),
    sa.Column("hash", sa.String(40), primary_key=True),
    _article_fk(),
)

minhashes = sa.Table(
    "minhashes", metadata,
    _article_fk(),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

failures = sa.Table(
    "failures", metadata,
    sa.Column("input", sa.Text, primary_key=True),   # path, path:line or article id
    sa.Column("stage", sa.String(16), nullable=False),  # read|extract|store
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per person across the store (see identity.py and store/people.py): the id is
# made from the name that created it, so re-ingesting the same articles gives the same ids.
people = sa.Table(
    "people", metadata,
    sa.Column("person_id", sa.String(16), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),       # canonical name
    sa.Column("surname", sa.Text, nullable=False),    # folded, to find candidates
    sa.Column("title", sa.Text),
    sa.Column("country", sa.String(8)),
    sa.Column("sector", sa.String(16)),
    sa.Column("variants", sa.JSON, nullable=False),   # every spelling seen, first seen first
    sa.Column("first_article_id", sa.String(128), nullable=False),
)
sa.Index("ix_people_surname", people.c.surname)

# Folded names (identity.Name.key) already given a person: the exact-match shortcut.
person_keys = sa.Table(
    "person_keys", metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("person_id", sa.String(16), sa.ForeignKey("people.person_id"), nullable=False),
)

# One quotation reported by one or more articles (as Quotebank's quotation-centric view):
# the id is a hash of the normalised text, so it does not depend on the order of ingest.
quotations = sa.Table(
    "quotations", metadata,
    sa.Column("quotation_id", sa.String(16), primary_key=True),
    sa.Column("text", sa.Text, nullable=False),          # as the first article quotes it
    sa.Column("speaker_person", sa.String(16)),          # the person most occurrences name
    sa.Column("speaker_name", sa.Text),
    sa.Column("n_occurrences", sa.Integer, nullable=False),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("n_outlets", sa.Integer, nullable=False),   # an article without an outlet counts as one
    sa.Column("first_seen", sa.String(10)),               # earliest publication date
    sa.Column("first_article_id", sa.String(128), nullable=False),
)
sa.Index("ix_quotations_occurrences", quotations.c.n_occurrences)

CHILD_TABLES = (entities, quotes, dates, places, event_reports, article_bands, minhashes)
