"""Accent- and case-insensitive search over the incident book and the tip register.

Each searchable table keeps a `search_text` column: its text folded by `textutil.fold`
(which also folds đ/Đ, unlike SQLite's `remove_diacritics`) and cut into words, stored as
" w1 w2 … " (a space on both sides). A query is folded the same way, so "trom cap",
"TRỘM CẮP" and NFD input all become the words `trom`, `cap`; each must start a word of the
row (prefix match: "duon" finds "Đường").

The index is derived data, outside the models (it is not part of the schema comparison):
- SQLite: an FTS5 table `<table>_fts` over `search_text` (external content, kept in step
  by triggers); queries use `MATCH '"trom"* AND "cap"*'`.
- PostgreSQL: `pg_trgm` and a GIN trigram index on `search_text`; queries use
  `search_text LIKE '% trom%' AND …`, which that index serves.
`ensure_structures` creates them idempotently; migrations/env.py calls it after every
upgrade.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, inspect, text
from sqlalchemy import column as sql_column
from sqlalchemy.engine import Connection

from controlroom.textutil import fold

SEARCHED_TABLES = ("incident", "tip")
_NON_WORD = re.compile(r"[^0-9a-z]+")
MAX_TERMS = 8


def words(*parts: str | None) -> str:
    """The stored form: folded words between single spaces, padded with spaces."""
    joined = " ".join(fold(p) for p in parts if p)
    tokens = [t for t in _NON_WORD.split(joined) if t]
    return f" {' '.join(tokens)} " if tokens else ""


def terms(query: str) -> list[str]:
    """The folded words of what the user typed (at most MAX_TERMS, duplicates dropped)."""
    out: list[str] = []
    for t in _NON_WORD.split(fold(query or "")):
        if t and t not in out:
            out.append(t)
    return out[:MAX_TERMS]


def fts_query(query: str) -> str:
    return " AND ".join(f'"{t}"*' for t in terms(query))


def like_patterns(query: str) -> list[str]:
    return [f"% {t}%" for t in terms(query)]


def match(table: str, text_column: Any, id_column: Any, query: str,
          dialect: str) -> ColumnElement[bool] | None:
    """A WHERE clause selecting the rows whose search_text matches `query`; None when the
    query has no words (everything matches)."""
    if not terms(query):
        return None
    if dialect == "sqlite":
        if table not in SEARCHED_TABLES:
            raise ValueError(table)
        sub = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q").bindparams(
            q=fts_query(query)).columns(sql_column("rowid", Integer))
        return id_column.in_(sub)
    return and_(*(text_column.like(p) for p in like_patterns(query)))


def ensure_structures(conn: Connection) -> None:
    """Create the search index of every searched table if it is missing (tables not
    created yet are skipped)."""
    present = set(inspect(conn).get_table_names())
    tables = [t for t in SEARCHED_TABLES if t in present]
    if conn.dialect.name == "sqlite":
        for t in tables:
            conn.exec_driver_sql(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {t}_fts USING fts5(search_text, "
                f"content='{t}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {t}_fts_ai AFTER INSERT ON {t} BEGIN "
                f"INSERT INTO {t}_fts(rowid, search_text) VALUES (new.id, new.search_text); END")
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {t}_fts_ad AFTER DELETE ON {t} BEGIN "
                f"INSERT INTO {t}_fts({t}_fts, rowid, search_text) "
                f"VALUES ('delete', old.id, old.search_text); END")
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {t}_fts_au AFTER UPDATE OF search_text ON {t} "
                f"BEGIN INSERT INTO {t}_fts({t}_fts, rowid, search_text) "
                f"VALUES ('delete', old.id, old.search_text); "
                f"INSERT INTO {t}_fts(rowid, search_text) VALUES (new.id, new.search_text); END")
    elif conn.dialect.name == "postgresql":
        if tables:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for t in tables:
            conn.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS ix_{t}_search_trgm ON {t} "
                f"USING gin (search_text gin_trgm_ops)")


def rebuild(conn: Connection) -> None:
    """Rebuild the SQLite FTS tables from their content (after a bulk load)."""
    if conn.dialect.name == "sqlite":
        for t in SEARCHED_TABLES:
            conn.exec_driver_sql(f"INSERT INTO {t}_fts({t}_fts) VALUES ('rebuild')")


def is_derived(name: str) -> bool:
    """True for the search index's own tables and indexes (not in the models)."""
    return any(name.startswith(f"{t}_fts") or name == f"ix_{t}_search_trgm"
               for t in SEARCHED_TABLES)
