"""Prepared reads (records/prepared.py) on SQLite and PostgreSQL: the book lists they run
return what an independent model of each filter says, in the same order, with the same
values the ORM path gives; a literal frozen into a cached statement is refused; driver
errors come out as SQLAlchemy's and a lost connection is replaced."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy.exc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, literal_column, select, text, update

from controlroom.paths import DataHome
from controlroom.records import incidents, prepared, search, tips
from controlroom.records.db import Database, open_database
from controlroom.records.incidents import Filter
from controlroom.records.models import Incident, Tip
from controlroom.records.users import Identity
from controlroom.textutil import fold

OFFICER = Identity(2, "canbo1", "Lê Đức Thắng", "officer")
T0 = datetime(2026, 1, 10, 2, 0, tzinfo=UTC)
CATEGORIES = ["trom_cap", "danh_nhau", "giao_thong"]
AREAS = ["Thôn Đông", "Thôn Đồng Xuân", "Tổ dân phố 3"]
OFFICERS = ["canbo1", "canbo2"]
SUMMARIES = ["Trộm cắp xe máy ở Đường Lê Lợi", "Đánh nhau trước quán karaoke",
             "Ùn tắc giao thông tại cầu Bà Đen", "Mất trộm điện thoại ở chợ Đông",
             "Va chạm xe đạp điện trên đường tỉnh 623"]
WORDS = ["trom", "TRỘM", "cap", "duong", "đường", "xe", "may", "dong", "cho", "karaoke",
         "ba", "den", "giao", "623", "điện", "khong-co-tu-nay", "tro", "gia", "die", "d"]


@dataclass
class Book:
    rows: list[incidents.Row]
    text: dict[int, str]  # id -> search_text


@pytest.fixture
def book(db: Database) -> Book:
    rng = random.Random(5)
    with db.session() as s:
        for i in range(36):
            summary = rng.choice(SUMMARIES)
            if i % 5 == 0:  # typed on a keyboard that sends decomposed letters
                summary = unicodedata.normalize("NFD", summary)
            inc = incidents.add(
                s, OFFICER, occurred_at=T0 + timedelta(hours=rng.randrange(0, 24 * 60)),
                category=rng.choice(CATEGORIES), summary=summary, area=rng.choice(AREAS),
                location=f"số {i}", officer=rng.choice(OFFICERS))
            s.flush()
            s.execute(update(Incident).where(Incident.id == inc.id).values(
                status=rng.choice(incidents.STATUSES)))
    with db.read() as s:
        got = s.execute(select(*incidents._ROW_COLUMNS)).all()
        texts = {int(i): str(t) for i, t in s.execute(select(Incident.id, Incident.search_text))}
    return Book([incidents.Row(*list(r)) for r in got], texts)


def _matches(search_text: str, query: str) -> bool:
    words = search_text.split()
    want = search.terms(query)
    for i, t in enumerate(want):
        prefix = i == len(want) - 1 and len(t) >= 2
        if not any(w.startswith(t) if prefix else w == t for w in words):
            return False
    return True


def _model(book: Book, f: Filter, sort: str, offset: int, limit: int) -> list[incidents.Row]:
    """What the filter means, in plain Python over every row."""
    out = [r for r in book.rows
           if (f.start is None or r.occurred_at >= f.start)
           and (f.end is None or r.occurred_at < f.end)
           and (not f.categories or r.category in f.categories)
           and (not f.statuses or r.status in f.statuses)
           and (not f.area or r.area == unicodedata.normalize("NFC", f.area))
           and (not f.officer or r.officer == f.officer)
           and (not search.terms(f.text) or _matches(book.text[r.id], f.text))]
    code = {r.id: tuple(int(x) for x in reversed(r.code.split("/"))) for r in book.rows}
    keys = {
        "occurred_desc": lambda r: (r.occurred_at, r.id),
        "occurred_asc": lambda r: (r.occurred_at, r.id),
        "code_desc": lambda r: (*code[r.id], r.id),
        "code_asc": lambda r: (*code[r.id], r.id),
    }
    if search.terms(f.text) and sort == "occurred_desc":
        out.sort(key=lambda r: r.id, reverse=True)  # newest entered first
    elif sort in keys:
        out.sort(key=keys[sort], reverse=sort.endswith("desc"))
    else:  # status / category ascending, then newest first
        col = sort
        out.sort(key=lambda r: (-r.occurred_at.timestamp(), -r.id))
        out.sort(key=lambda r: getattr(r, col))
    return out[offset:offset + limit]


filters = st.builds(
    Filter,
    start=st.one_of(st.none(), st.integers(0, 60).map(lambda d: T0 + timedelta(days=d))),
    end=st.one_of(st.none(), st.integers(0, 61).map(lambda d: T0 + timedelta(days=d))),
    categories=st.lists(st.sampled_from(CATEGORIES), unique=True, max_size=2),
    statuses=st.lists(st.sampled_from(incidents.STATUSES), unique=True, max_size=3),
    area=st.one_of(st.just(""), st.sampled_from(AREAS),
                   st.sampled_from(AREAS).map(lambda a: unicodedata.normalize("NFD", a))),
    officer=st.sampled_from(["", *OFFICERS]),
    text=st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters, sort=st.sampled_from(list(incidents.SORTS)), offset=st.integers(0, 6),
       limit=st.integers(1, 12))
def test_incident_pages_equal_the_model_of_the_filter(db: Database, book: Book, f: Filter,
                                                      sort: str, offset: int,
                                                      limit: int) -> None:
    with db.read() as s:
        got = incidents.list_rows(s, f, sort, offset, limit)
        n = len(_model(book, f, sort, 0, 10_000))
        assert incidents.count(s, f) == n
        assert incidents.count(s, f, cap=limit) == min(n, limit)
    assert got == _model(book, f, sort, offset, limit)
    for r in got:  # the same types as the ORM path: aware UTC, ints
        assert r.occurred_at.tzinfo is not None and r.occurred_at.utcoffset() == timedelta(0)
        assert isinstance(r.id, int)


@pytest.fixture
def tip_book(db: Database, home: DataHome) -> list[tips.Row]:
    rng = random.Random(9)
    with db.session() as s:
        for i in range(30):
            t = tips.add(s, OFFICER, home,
                         channel=rng.choice(["phone", "in_person"]),
                         content=rng.choice(SUMMARIES) + f" ({i})",
                         received_at=T0 + timedelta(hours=rng.randrange(0, 24 * 40)))
            s.flush()
            if i % 3 == 0:
                s.execute(update(Tip).where(Tip.id == t.id).values(
                    transferred_at=t.received_at + timedelta(hours=3)))
            if i % 4 == 0:
                s.execute(update(Tip).where(Tip.id == t.id).values(
                    resolved_at=t.received_at + timedelta(days=2), status="resolved"))
    with db.read() as s:
        return [tips.Row(*list(r)) for r in s.execute(select(*tips._ROW_COLUMNS)).all()]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.integers(0, 50), overdue=st.booleans(),
       text=st.lists(st.sampled_from(WORDS), max_size=2).map(" ".join),
       newest_first=st.booleans(), offset=st.integers(0, 5), limit=st.integers(1, 12))
def test_tip_pages_equal_the_model_and_the_orm_path(db: Database, tip_book: list[tips.Row],
                                                   days: int, overdue: bool, text: str,
                                                   newest_first: bool, offset: int,
                                                   limit: int) -> None:
    now = T0 + timedelta(days=days)
    f = tips.Filter(overdue=overdue, text=text, now=now)
    with db.read() as s:
        got = tips.list_rows(s, f, offset, limit, newest_first)
        rules = tips.rules(s)
        texts = {int(i): str(t) for i, t in s.execute(select(Tip.id, Tip.search_text))}
        # The same parts run by SQLAlchemy's own execution give the same values.
        words, _rank = tips._search_parts(s, f)
        orm = s.execute(prepared.build(tips._ROW_SELECT, [*tips.filter_parts(f), *words])
                        ).all()
    want = [r for r in tip_book
            if (not overdue or any(a.endswith("overdue") for a in tips.alerts(r, now, rules)))
            and (not search.terms(text) or _matches(texts[r.id], text))]
    if search.terms(text) and newest_first:
        want.sort(key=lambda r: r.id, reverse=True)
    else:
        want.sort(key=lambda r: (r.received_at, r.id), reverse=newest_first)
    with db.read() as s:
        assert tips.count(s, f) == len(want)
        assert tips.count(s, f, cap=limit) == min(len(want), limit)
    want = want[offset:offset + limit]
    assert [r.number for r in got] == [r.number for r in want]
    by_id = {r[0]: tips.Row(*list(r)) for r in orm}
    for r in got:
        assert r.alerts == tips.alerts(r, now, rules)
        r.alerts = []
        assert r == by_id[r.id]


def test_search_folds_d_and_nfd_through_prepared_parts(db: Database, book: Book) -> None:
    with db.read() as s:
        plain = incidents.list_rows(s, Filter(text="duong le loi"), limit=100)
        nfd = incidents.list_rows(s, Filter(text=unicodedata.normalize("NFD", "ĐƯỜNG Lê Lợi")),
                                  limit=100)
    assert plain and plain == nfd
    assert all("duong" in fold(r.summary) for r in plain)


def test_a_literal_in_a_part_is_refused(db: Database) -> None:
    frozen = prepared.Part("frozen", lambda q: q.where(Incident.area == "Thôn Đông"))
    with db.read() as s, pytest.raises(ValueError, match="not supplied"):
        prepared.rows(s, "test.frozen", select(Incident.id), [frozen])
    twice = [prepared.equals("area", Incident.area, "a"),
             prepared.equals("area", Incident.officer, "b")]
    with db.read() as s, pytest.raises(ValueError, match="twice"):
        prepared.rows(s, "test.twice", select(Incident.id), twice)
    # Constants written as SQL are fine.
    const = prepared.where("const", lambda: Incident.id > literal_column("0"))
    with db.read() as s:
        assert prepared.rows(s, "test.const", select(Incident.id), [const]) == []


def test_driver_errors_are_sqlalchemy_errors(db: Database) -> None:
    from sqlalchemy import column, table

    missing = table("no_such_table", column("x"))
    with db.read() as s, pytest.raises(sqlalchemy.exc.DBAPIError) as err:
        prepared.rows(s, "test.missing", select(missing.c.x),
                      [prepared.where("x", lambda: missing.c.x == bindparam("x"), x=1)])
    assert "no_such_table" in str(err.value)


@pytest.mark.postgres
def test_a_terminated_postgres_connection_is_replaced(pg_server: object) -> None:
    url = pg_server.new_database()  # type: ignore[attr-defined]
    db = open_database(url)
    try:
        db.upgrade()
        with db.read() as s:
            pid = s.scalar(text("SELECT pg_backend_pid()"))
            other = open_database(url)
            with other.engine.connect() as c:
                c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
                c.commit()
            other.dispose()
            with pytest.raises(sqlalchemy.exc.DBAPIError) as err:
                incidents.list_rows(s, Filter(categories=["trom_cap"]))
            assert err.value.connection_invalidated
        with db.read() as s:  # the pool hands out a working connection again
            assert incidents.list_rows(s, Filter(categories=["trom_cap"])) == []
    finally:
        db.dispose()



def test_pending_changes_of_the_session_are_seen_as_by_the_orm(db: Database) -> None:
    with db.session() as s:
        incidents.ensure_categories(s)
        inc = incidents.add(s, OFFICER, occurred_at=T0, category="khac",
                            summary="Chưa ghi xuống")
        inc.area = "Thôn Mới"  # changed, not flushed
        assert [r.area for r in incidents.list_rows(s, Filter(area="Thôn Mới"))] == ["Thôn Mới"]
        assert incidents.count(s, Filter(area="Thôn Mới")) == 1
