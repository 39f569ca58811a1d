"""Accent- and case-insensitive search over the incident book and the tip register.

Each searchable table keeps a `search_text` column: its text folded by `textutil.fold`
(which also folds đ/Đ, unlike SQLite's `remove_diacritics`) and cut into words, stored as
" w1 w2 … " (a space on both sides). A query is folded the same way, so "trom cap",
"TRỘM CẮP" and NFD input all become the words `trom`, `cap`; each must be a word of the
row, except that the last may be the start of one ("duon" finds "Đường"), the others are whole
words (a prefix expands to many words and costs a full merge; whole words stream).

The index is derived data, outside the models (it is not part of the schema comparison):
- SQLite: an FTS5 table `<table>_fts` over `search_text` (external content, kept in step
  by triggers, with prefix indexes of 2 and 3 letters); queries use
  `MATCH '"trom" AND "cap"*'`, joined on the rowid.
- PostgreSQL: `pg_trgm` and a GIN trigram index on `search_text`; queries use
  `search_text LIKE '%trom%' AND strpos(search_text, ' trom ') > 0 AND …`: the index
  sees only each word's own trigrams, the word boundary is checked on the rows it finds.
Results are ordered newest-entered first (id) by default: that order is the one both
indexes can deliver a first page of without collecting every match.
`ensure_structures` creates them idempotently; migrations/env.py calls it after every
upgrade.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Integer, Text, bindparam, inspect, literal_column
from sqlalchemy import column as sql_column
from sqlalchemy import func as sql_func
from sqlalchemy import select as sql_select
from sqlalchemy import table as sql_table
from sqlalchemy.engine import Connection

from controlroom.records import prepared
from controlroom.records.prepared import Part
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


def _prefix_last(ts: list[str]) -> list[tuple[str, bool]]:
    """(term, is_prefix): only the last word may be unfinished (the user is typing it),
    and a one-letter prefix would match half the book, so it must be a whole word."""
    return [(t, i == len(ts) - 1 and len(t) >= 2) for i, t in enumerate(ts)]


def fts_query(query: str) -> str:
    return " AND ".join(f'"{t}"*' if p else f'"{t}"' for t, p in _prefix_last(terms(query)))


def like_patterns(query: str) -> list[tuple[str, str]]:
    """PostgreSQL: per word, (LIKE pattern the trigram index serves, substring that pins
    the word boundary). Words of 3+ letters probe the index with their own trigrams only
    (`%dao%`); padding them (`% dao%`) would add the word-start trigrams "  d", " da",
    shared by a large part of the book, and make a rare word cost a full index read.
    The boundary is then checked with `strpos`, which the index does not see. Shorter
    words need the padding to have a trigram at all."""
    out = []
    for t, p in _prefix_last(terms(query)):
        bounded = f" {t}" if p else f" {t} "
        out.append((f"%{t}%" if len(t) >= 3 else f"%{bounded}%", bounded))
    return out


def _word_parts(text_column: Any, query: str, probe: str) -> list[Part]:
    """PostgreSQL: each word's LIKE (and the word-boundary `strpos`) as prepared parts.
    `probe` names the form of the column tested ("index": the column the trigram index
    serves; "scan": `search_text || ''`, which it does not)."""
    parts = []
    for i, (pattern, bounded) in enumerate(like_patterns(query)):
        like, word = f"word{i}_like", f"word{i}_at"

        def has_like(like: str = like) -> Any:
            return text_column.like(bindparam(like))

        def has_word(word: str = word) -> Any:
            return sql_func.strpos(text_column, bindparam(word)) > literal_column("0")

        parts.append(prepared.where((probe, "like", i), has_like, **{like: pattern}))
        if pattern != f"%{bounded}%":
            parts.append(prepared.where((probe, "at", i), has_word, **{word: bounded}))
    return parts


_FTS_TABLES: dict[str, Any] = {}


def _fts_table(table: str) -> Any:
    """The FTS5 table as a Core table clause, built once per table (not on every search)."""
    fts = _FTS_TABLES.get(table)
    if fts is None:
        fts = _FTS_TABLES[table] = sql_table(f"{table}_fts", sql_column("rowid", Integer),
                                             sql_column(f"{table}_fts", Text))
    return fts


def parts(table: str, id_column: Any, text_column: Any, query: str, dialect: str
          ) -> tuple[list[Part], Any]:
    """The prepared parts restricting `table` to the rows matching `query`, and the
    column that orders matches newest-entered first cheaply (SQLite: the FTS rowid, which
    FTS5 walks backwards and stops after LIMIT; PostgreSQL: the id — but use `pg_page`
    for a page in that order). No words: no parts and None."""
    if not terms(query):
        return [], None
    if dialect == "sqlite":
        if table not in SEARCHED_TABLES:
            raise ValueError(table)
        fts = _fts_table(table)
        return [prepared.Part(
            ("fts", table),
            lambda q: q.join(fts, fts.c.rowid == id_column).where(
                fts.c[f"{table}_fts"].op("MATCH")(bindparam("fts_match"))),
            {"fts_match": fts_query(query)})], fts.c.rowid
    return _word_parts(text_column, query, "index"), id_column


PG_WINDOW = 20_000  # newest rows scanned in order before asking the trigram index


def pg_page(session: Any, name: str, base: Any, filters: list[Part], id_column: Any,
            text_column: Any, query: str, offset: int, limit: int,
            factory: Callable[..., Any] | None = None) -> list[Any]:
    """PostgreSQL: a page of `base` with `filters` matching `query`, newest entered
    first, in bounded time whether the words are common or rare. The planner cannot tell
    which from trigram statistics: walking the primary key backwards is instant for common
    words and reads the whole table for a word that is not there; the trigram index is the
    reverse. So: first the newest PG_WINDOW rows in id order with the words tested on
    `search_text || ''` (which the index does not serve, so the planner must walk the
    key); if that does not fill the page, the index alone (`id + 0` keeps the planner off
    the key), sorted."""
    top = prepared.rows(session, f"{name}.top", sql_select(sql_func.max(id_column)), [])
    if not top or top[0][0] is None:
        return []
    window = prepared.where("window", lambda: id_column > bindparam("window_from"),
                            window_from=int(top[0][0]) - PG_WINDOW)
    scan_text = text_column.op("||")(literal_column("''"))
    got = prepared.rows(session, name, base, [
        *filters, window, *_word_parts(scan_text, query, "scan"),
        prepared.order("id_desc", lambda: (id_column.desc(),)), prepared.page(offset, limit)],
        factory)
    if len(got) == limit:
        return got
    return prepared.rows(session, name, base, [
        *filters, *_word_parts(text_column, query, "index"),
        prepared.order("id_plus_0_desc", lambda: ((id_column + literal_column("0")).desc(),)),
        prepared.page(offset, limit)], factory)


def ensure_structures(conn: Connection) -> None:
    """Create the search index of every searched table if it is missing (tables not
    created yet are skipped)."""
    present = set(inspect(conn).get_table_names())
    tables = [t for t in SEARCHED_TABLES if t in present]
    if conn.dialect.name == "sqlite":
        for t in tables:
            conn.exec_driver_sql(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {t}_fts USING fts5(search_text, "
                f"content='{t}', content_rowid='id', prefix='2 3', "
                f"tokenize='unicode61 remove_diacritics 0')")
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
