"""Prepared reads: a book list's statement compiled once per shape by SQLAlchemy, then run
straight on the session's DB-API connection.

A list page is a cheap query (0.3–0.9 ms on a million-entry book). Rebuilding its
SQLAlchemy statement, generating the statement's cache key and post-processing the rows
through the ORM cost as much again on every call (docs/benchmarks.md, issue 12). Here a
read is described as *parts*: each part has a key (whatever makes the SQL text differ:
which condition, how many list items, which order), a function that adds it to a select,
and its values under bind-parameter names. The statement is built and compiled only the
first time a combination of keys is seen (per dialect); later calls only collect values.

Invariants
- One definition of each condition: a part's `apply` is the only place its SQL exists;
  the same parts build the prepared statement and, through `build`, ordinary selects.
- A part's key determines its SQL text: `apply` branches only on what is in the key and
  takes every value from a `bindparam` named in the part's values. A bound value that no
  part supplies (a literal frozen into the cached text) is refused when the statement is
  prepared; constants are written as SQL (`literal_column`).
- Values pass through the bound types' own bind processors (UTC, NFC) and results through
  the selected columns' result processors, so the rows equal what `session.execute`
  returns for the same select (tests/records/test_prepared.py).
- It runs on the session's own connection, inside the session's transaction (the SQLite
  read snapshot of `Database.read`), after flushing pending changes as `session.execute`
  would. DB-API errors come out as SQLAlchemy's; a lost
  connection is invalidated as SQLAlchemy does it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

Apply = Callable[[Any], Any]  # a select in, the select with this part out


@dataclass(frozen=True)
class Part:
    key: Hashable
    apply: Apply
    values: Mapping[str, Any] = field(default_factory=dict)


def where(key: Hashable, condition: Callable[[], ColumnElement[bool]], **values: Any) -> Part:
    """A WHERE condition; `condition` uses `bindparam(name)` for each of `values`."""
    return Part(key, lambda q: q.where(condition()), values)


def equals(name: str, column: Any, value: Any) -> Part:
    return where(name, lambda: column == bindparam(name), **{name: value})


def in_(name: str, column: Any, items: Sequence[Any]) -> Part:
    """`column IN (…)` with one parameter per item (the count is part of the key)."""
    names = [f"{name}_{i}" for i in range(len(items))]
    return where((name, len(items)), lambda: column.in_([bindparam(n) for n in names]),
                 **dict(zip(names, items, strict=True)))


def page(offset: int, limit: int) -> Part:
    return Part("page", lambda q: q.offset(bindparam("page_offset", type_=Integer))
                .limit(bindparam("page_limit", type_=Integer)),
                {"page_offset": offset, "page_limit": limit})


def order(key: Hashable, columns: Callable[[], Sequence[Any]]) -> Part:
    """ORDER BY `columns()` (built only when the statement is prepared)."""
    return Part(("order", key), lambda q: q.order_by(*columns()))


def counted(cap: int | None = None) -> Part:
    """Last part: the number of rows instead of the rows (with `cap`, counting stops
    there: a search matching a third of a million-entry book need not be counted to the
    end to say "10000+")."""
    if cap is None:
        return Part("count", lambda q: select(func.count()).select_from(q.subquery()))
    return Part(("count", "cap"), lambda q: select(func.count()).select_from(
        q.limit(bindparam("count_cap", type_=Integer))
        .offset(bindparam("count_offset", type_=Integer))  # SQLite would bind a literal 0
        .subquery()), {"count_cap": cap, "count_offset": 0})


def build(base: Any, parts: Sequence[Part]) -> Any:
    """The plain select of `base` with `parts` (values bound), for ordinary execution."""
    q = base
    for p in parts:
        q = p.apply(q)
    values = _values(parts)
    return q.params(values) if values else q


def _values(parts: Sequence[Part]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in parts:
        for k, v in p.values.items():
            if k in out:
                raise ValueError(f"parameter {k!r} supplied twice")
            out[k] = v
    return out


@dataclass(frozen=True)
class _Prepared:
    sql: str
    positional: tuple[str, ...] | None  # parameter order (qmark), None for named styles
    binds: tuple[tuple[str, Callable[[Any], Any] | None], ...]
    width: int  # selected columns
    results: tuple[tuple[int, Callable[[Any], Any]], ...]
    makers: dict[Any, Callable[[Any], Any]] = field(default_factory=dict)

    def maker(self, factory: Callable[..., Any] | None) -> Callable[[Any], Any]:
        """`factory(*converted columns)` for a fetched row, as one generated function
        (dataclasses and SQLAlchemy build their row code the same way): a page converts
        hundreds of values and a generic loop cost as much as the query."""
        make = self.makers.get(factory)
        if make is None:
            procs = dict(self.results)
            args = ", ".join(f"p{i}(r[{i}])" if i in procs else f"r[{i}]"
                             for i in range(self.width))
            scope: dict[str, Any] = {f"p{i}": p for i, p in procs.items()}
            scope["factory"] = factory
            body = f"factory({args})" if factory is not None else f"({args},)"
            exec(f"def make(r):\n    return {body}", scope)  # noqa: S102
            make = self.makers[factory] = scope["make"]
        return make


_CACHE: dict[tuple[Any, ...], _Prepared] = {}


def _prepare(dialect: Any, base: Any, parts: Sequence[Part],
             supplied: Mapping[str, Any]) -> _Prepared:
    q = base
    for p in parts:
        q = p.apply(q)
    compiled = q.compile(dialect=dialect)
    if "POSTCOMPILE" in compiled.string:
        raise ValueError("prepared reads take no expanding or literal-execute parameters")
    if getattr(compiled, "escaped_bind_names", None):
        raise ValueError("bind parameter names must be plain words")
    binds = []
    for name, bp in compiled.binds.items():
        if name not in supplied:
            raise ValueError(f"bound value {name!r} is not supplied by any part "
                             "(a literal would be frozen into the prepared statement)")
        binds.append((name, bp.type._cached_bind_processor(dialect)))
    results = tuple((i, proc) for i, c in enumerate(q.selected_columns)
                    if (proc := c.type._cached_result_processor(dialect, None)) is not None)
    positional = tuple(compiled.positiontup or ()) if compiled.positional else None
    return _Prepared(compiled.string, positional, tuple(binds), len(q.selected_columns),
                     results)


def rows(session: Session, name: str, base: Any, parts: Sequence[Part],
         factory: Callable[..., Any] | None = None) -> list[Any]:
    """The rows of `base` with `parts`, each made by `factory(*converted column values)`
    (a tuple without one). `name` identifies `base` (one name per base select)."""
    if session.autoflush:  # as session.execute would: pending changes are seen
        session.flush()
    conn = session.connection()
    dialect = conn.dialect
    values = _values(parts)
    key = (dialect.name, name, *(p.key for p in parts))
    prep = _CACHE.get(key)
    if prep is None:
        prep = _CACHE[key] = _prepare(dialect, base, parts, values)
    converted = {n: (proc(values[n]) if proc is not None else values[n])
                 for n, proc in prep.binds}
    params: Any = (tuple(converted[n] for n in prep.positional)
                   if prep.positional is not None else converted)
    fairy = conn.connection
    try:
        fetched = fairy.driver_connection.execute(prep.sql, params).fetchall()  # type: ignore[union-attr]
    except dialect.loaded_dbapi.Error as e:
        lost = dialect.is_disconnect(e, fairy.dbapi_connection, None)
        if lost:
            conn.invalidate(e)
        raise DBAPIError.instance(prep.sql, params, e, dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=dialect) from e
    if not prep.results and factory is None:
        return fetched
    return list(map(prep.maker(factory), fetched))
