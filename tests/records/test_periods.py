"""Report periods: boundaries at the start day, month and year ends, leap years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlroom.errors import InvalidInput
from controlroom.records.periods import KINDS, PER_YEAR, Period, containing, parse


def test_month_from_the_issue() -> None:
    p = parse("month:2026-11")
    assert (p.start_date, p.last_date, p.end_date) == (date(2026, 10, 15), date(2026, 11, 14),
                                                       date(2026, 11, 15))
    # 15/10/2026 00:00 local (UTC+7) is 14/10/2026 17:00 UTC
    assert p.start == datetime(2026, 10, 14, 17, 0, tzinfo=UTC)
    assert p.end == datetime(2026, 11, 14, 17, 0, tzinfo=UTC)
    assert p.range_text() == "15/10/2026 00:00 – 14/11/2026 24:00"


def test_year_quarter_half_from_the_decree() -> None:
    y = parse("year:2026")
    assert (y.start_date, y.last_date) == (date(2025, 12, 15), date(2026, 12, 14))
    q1 = parse("quarter:2026-1")
    assert (q1.start_date, q1.last_date) == (date(2025, 12, 15), date(2026, 3, 14))
    assert parse("quarter:2026-Q4").start_date == date(2026, 9, 15)
    h1, h2 = parse("half:2026-H1"), parse("half:2026-2")
    assert (h1.start_date, h1.last_date) == (date(2025, 12, 15), date(2026, 6, 14))
    assert (h2.start_date, h2.end_date) == (date(2026, 6, 15), date(2026, 12, 15))


def test_january_crosses_the_year_end() -> None:
    p = parse("month:2027-01")
    assert (p.start_date, p.last_date) == (date(2026, 12, 15), date(2027, 1, 14))
    assert p.previous().code == "month:2026-12"
    assert p.same_last_year().code == "month:2026-01"
    assert parse("month:2026-12").next() == p


def test_start_day_one_is_the_calendar_month_and_leap_february() -> None:
    feb24 = parse("month:2024-02", start_day=1)
    assert (feb24.start_date, feb24.last_date) == (date(2024, 2, 1), date(2024, 2, 29))
    feb26 = parse("month:2026-02", start_day=1)
    assert feb26.last_date == date(2026, 2, 28)
    assert parse("year:2024", start_day=1).end_date == date(2025, 1, 1)
    # with day 15 the period holding 29/02/2024 is month 03/2024 (15/02 – 14/03)
    leap = containing(datetime(2024, 2, 29, 12, tzinfo=UTC), "month")
    assert leap.code == "month:2024-03" and leap.start_date == date(2024, 2, 15)
    assert (leap.end_date - leap.start_date).days == 29


def test_start_day_28_and_march() -> None:
    p = parse("month:2025-03", start_day=28)
    assert (p.start_date, p.last_date) == (date(2025, 2, 28), date(2025, 3, 27))


def test_containing_at_the_boundaries() -> None:
    # 14/11/2026 23:59:59 local is in month:2026-11; 15/11/2026 00:00 local in month:2026-12
    last = datetime(2026, 11, 14, 16, 59, 59, tzinfo=UTC)
    first = datetime(2026, 11, 14, 17, 0, 0, tzinfo=UTC)
    assert containing(last, "month").code == "month:2026-11"
    assert containing(first, "month").code == "month:2026-12"
    assert containing(first, "year").code == "year:2026"
    assert containing(datetime(2026, 12, 14, 17, tzinfo=UTC), "year").code == "year:2027"
    assert containing(datetime(2026, 12, 14, 17, tzinfo=UTC), "quarter").code == \
        "quarter:2027-Q1"


@pytest.mark.parametrize("bad", ["month:2026-13", "month:2026", "year:2026-01", "quarter:2026-5",
                                 "half:2026-H3", "week:2026-01", "", "month:26-01"])
def test_bad_codes(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse(bad)


def test_bad_start_day() -> None:
    with pytest.raises(InvalidInput):
        Period("month", 2026, 1, start_day=29)


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(KINDS), year=st.integers(1990, 2100), day=st.integers(1, 28))
def test_periods_tile_the_timeline(kind: str, year: int, day: int) -> None:
    p = Period(kind, year, 1, day)
    months = [Period("month", year, m, day) for m in range(1, 13)]
    for _ in range(PER_YEAR[kind]):
        nxt = p.next()
        assert nxt.start == p.end and nxt.start_date == p.end_date
        assert p.start < p.end
        p = nxt
    assert p.start_date == Period(kind, year + 1, 1, day).start_date
    assert months[0].start_date == Period("year", year, 1, day).start_date
    for a, b in zip(months, months[1:], strict=False):
        assert a.end == b.start
    assert months[-1].end == Period("year", year, 1, day).end
    mid = p.start + (p.end - p.start) / 2
    assert containing(mid, kind, day) == p
    assert containing(p.start, kind, day) == p
    assert containing(p.end - timedelta(seconds=1), kind, day) == p
