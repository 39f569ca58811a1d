"""UTCDateTime: every way a value comes back (SQLite text with or without fractions or an
offset, PostgreSQL's naive datetimes, None) gives the same aware UTC datetime as the
declared conversion, through the fast result processors and through a real round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from controlroom.records import incidents
from controlroom.records.db import Database
from controlroom.records.models import Incident
from controlroom.records.types import UTCDateTime
from controlroom.records.users import SYSTEM

aware = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
                     timezones=st.sampled_from([UTC, timezone(timedelta(hours=7)),
                                                timezone(timedelta(hours=-3, minutes=-30))]))


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.psycopg.dialect()],
                         ids=["sqlite", "postgresql"])
@settings(max_examples=200, deadline=None)
@given(value=aware)
def test_result_processor_equals_the_declared_conversion(dialect: Any,
                                                         value: datetime) -> None:
    t = UTCDateTime()
    proc: Any = t._cached_result_processor(dialect, None)
    stored = t.process_bind_param(value, dialect)
    assert stored is not None and stored.tzinfo is None
    raw: object = stored.isoformat(" ") if dialect.name == "sqlite" else stored
    got = proc(raw)
    assert got == value and got.utcoffset() == timedelta(0)
    assert got == t.process_result_value(raw, dialect)
    assert proc(None) is None
    if dialect.name == "sqlite":  # text not written by us: an offset, no fraction, a date
        assert proc(value.isoformat(" ")) == value
        assert proc("2026-11-30 08:35:00") == datetime(2026, 11, 30, 8, 35, tzinfo=UTC)
        assert proc("2026-11-30") == datetime(2026, 11, 30, tzinfo=UTC)
    else:
        assert proc(value) == value  # an aware value from the driver is kept


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=aware)
def test_round_trip_on_each_database(db: Database, value: datetime) -> None:
    with db.session() as s:
        incidents.ensure_categories(s)
        if s.scalar(select(Incident.id)) is None:
            incidents.add(s, SYSTEM, occurred_at=value, category="khac", summary="x")
        s.execute(update(Incident).values(occurred_at=value))
    with db.read() as s:
        orm = s.scalar(select(Incident.occurred_at))
        (row,) = incidents.list_rows(s)
    assert orm == row.occurred_at == value
    assert row.occurred_at.utcoffset() == timedelta(0)
