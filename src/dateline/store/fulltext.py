"""Full-text search per backend: FTS5 on SQLite, a tsvector column on PostgreSQL.

Both index article titles and texts and quote texts, with English stemming
(FTS5's porter tokenizer, PostgreSQL's 'english' configuration); a query is
plain words that must all occur, and "a phrase" in double quotes whose words must occur
in that order; operators in user input are taken as words. `matches(table, q, dialect)`
returns the WHERE clause that keeps rows matching the user's words (all of them).

Quote search (`search_quotes`) looks at the quote's own words only, not its speaker's
name or its article, ranks the matches (FTS5's bm25, PostgreSQL's ts_rank) and can mark
the words found (`quote_hits`: FTS5's highlight(), PostgreSQL's ts_headline).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from .schema import articles, quotes

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
    return sa.literal_column(f"{table.name}.tsv").op("@@")(postgres_query(q))


def fts5_query(q: str) -> str:
    """Return the user's words as an FTS5 query of quoted terms, all required; words in
    double quotes in `q` stay together as a phrase.

    Quoting each word keeps FTS5 operators and punctuation in user input
    from raising syntax errors.
    """
    return " ".join(f'"{" ".join(words)}"' for words in terms(q)) or '""'


def terms(q: str) -> list:
    """Return the user's query as lists of words: one word each, or the words of a "phrase"."""
    found = []
    for phrase, word in re.findall(r'"([^"]*)"?|(\w+)', q):
        words = re.findall(r"\w+", phrase) if phrase else [word] if word else []
        if words:
            found.append(words)
    return found


def postgres_query(q: str) -> sa.ColumnElement:
    """Return the user's words as a PostgreSQL tsquery: all required, "phrases" in order."""
    # Rebuilt from words only, so websearch_to_tsquery sees no operator but the quotes.
    text = " ".join(f'"{" ".join(ws)}"' if len(ws) > 1 else ws[0] for ws in terms(q)
                    if [w.lower() for w in ws] != ["or"])
    return sa.func.websearch_to_tsquery("english", text)


# Marks around the words found in a quote (control characters: never in stored text).
HIT_START, HIT_END = "\x02", "\x03"
QUOTES_FTS = sa.table("quotes_fts", sa.column("rowid"), sa.column("rank"))


def search_quotes(stmt: sa.Select, q: str, dialect: str) -> tuple:
    """Return (the SELECT over `quotes` keeping the quotes whose own words match `q`, the
    ORDER BY term that puts the best match first)."""
    if dialect == "sqlite":
        stmt = (stmt.join(QUOTES_FTS, QUOTES_FTS.c.rowid == sa.literal_column("quotes.rowid"))
                .where(sa.literal_column("quotes_fts").op("MATCH")(
                    sa.bindparam("quote_q", f"text : ({fts5_query(q)})"))))
        best = QUOTES_FTS.c.rank  # bm25: lower is better
    else:
        query = postgres_query(q)
        # The index covers the speaker's name too: it finds candidates, the text decides.
        stmt = stmt.where(sa.literal_column("quotes.tsv").op("@@")(query),
                          sa.func.to_tsvector("english", quotes.c.text).op("@@")(query))
        best = sa.func.ts_rank(sa.literal_column("quotes.tsv"), query).desc()
    return stmt, best


def quote_hits(q: str, dialect: str) -> sa.ColumnElement:
    """Return a column of each found quote's text with HIT_START/HIT_END around the words
    that matched (only in a SELECT made by search_quotes)."""
    if dialect == "sqlite":
        found = sa.func.highlight(sa.literal_column("quotes_fts"), 0, HIT_START, HIT_END)
    else:
        found = sa.func.ts_headline("english", quotes.c.text, postgres_query(q),
                                    f"StartSel={HIT_START}, StopSel={HIT_END}, HighlightAll=true")
    return found.label("hits")

