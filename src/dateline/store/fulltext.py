"""Full-text search per backend: FTS5 on SQLite, a tsvector column on PostgreSQL.

Both index article titles and texts and quote texts, with English stemming
(FTS5's porter tokenizer, PostgreSQL's 'english' configuration); a query is
plain words that must all occur, operators in user input are taken as words. `matches(table, q, dialect)`
returns the WHERE clause that keeps rows matching the user's words (all of them).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from .schema import articles

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    "text, speaker_name, content='quotes', content_rowid='rowid', tokenize='porter unicode61')",
]

POSTGRES_DDL = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_tsv ON articles USING gin (tsv)",
    "ALTER TABLE quotes ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(speaker_name, '') || ' ' || text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_quotes_tsv ON quotes USING gin (tsv)",
]


def create(conn: sa.Connection) -> None:
    """Create the full-text index of the connection's backend (idempotent)."""
    ddl = SQLITE_DDL if conn.dialect.name == "sqlite" else POSTGRES_DDL
    for statement in ddl:
        conn.exec_driver_sql(statement)


def index_articles(conn: sa.Connection, article_ids: list) -> None:
    """Add freshly written articles and their quotes to the SQLite FTS5 tables (one statement each)."""
    if conn.dialect.name != "sqlite":
        return
    for statement in _INDEX_MANY:
        conn.execute(statement, {"ids": list(article_ids)})


_INDEX_MANY = [sa.text(sql).bindparams(sa.bindparam("ids", expanding=True)) for sql in (
    "INSERT INTO articles_fts(rowid, title, text) SELECT rowid, title, text FROM articles "
    "WHERE id IN :ids ORDER BY rowid",
    "INSERT INTO quotes_fts(rowid, text, speaker_name) SELECT rowid, text, speaker_name "
    "FROM quotes WHERE article_id IN :ids ORDER BY rowid")]


def matches(table: sa.Table, q: str, dialect: str) -> sa.ColumnElement:
    """Return a WHERE clause keeping rows of `table` (articles or quotes) matching `q`."""
    if dialect == "sqlite":
        fts = "articles_fts" if table is articles else "quotes_fts"
        sub = sa.text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts_q").bindparams(
            fts_q=fts5_query(q)).columns(sa.column("rowid"))
        return sa.literal_column(f"{table.name}.rowid").in_(sub)
    return sa.literal_column(f"{table.name}.tsv").op("@@")(
        sa.func.plainto_tsquery("english", q))


def fts5_query(q: str) -> str:
    """Return the user's words as an FTS5 query of quoted terms, all required.

    Quoting each word keeps FTS5 operators and punctuation in user input
    from raising syntax errors.
    """
    words = re.findall(r"\w+", q)
    return " ".join(f'"{w}"' for w in words) or '""'

