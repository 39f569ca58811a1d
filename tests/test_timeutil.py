"""The shared time parser: every command and dialog that reads a typed time uses it, so
whatever a person types ends as a UTC time in the accepted years or as InvalidInput."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlroom.errors import InvalidInput
from controlroom.timeutil import MAX_YEAR, MIN_YEAR, format_local, parse_range, parse_time

FAST = settings(max_examples=150, deadline=None)
# Typed text: digits, separators and letters near what people type, plus anything at all.
TIMEISH = st.text(alphabet="0123456789-/:T Zz+.,", max_size=40)


@pytest.mark.parametrize("text", ["0001-01-01T00:00", "9999-12-31T23:59", "01/01/0001",
                                  "31/12/9999 23:59", "01/01/1900 00:00",
                                  "2100-01-01T00:00", "1999-12-31T23:59+00:00",
                                  "0001-01-01T00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_years_outside_the_range_are_a_clear_error(text: str) -> None:
    with pytest.raises(InvalidInput) as e:
        parse_time(text)
    assert f"{MIN_YEAR}" in e.value.en and text in e.value.en


def test_the_range_edges_are_accepted() -> None:
    assert parse_time(f"01/01/{MIN_YEAR} 00:00") == datetime(MIN_YEAR - 1, 12, 31, 17,
                                                             tzinfo=UTC)
    assert parse_time(f"{MAX_YEAR}-12-31T23:59Z") == datetime(MAX_YEAR, 12, 31, 23, 59,
                                                              tzinfo=UTC)


@FAST
@given(st.one_of(TIMEISH, st.text(max_size=60)))
def test_any_text_is_a_utc_time_in_range_or_invalid_input(text: str) -> None:
    try:
        dt = parse_time(text)
    except InvalidInput as e:
        assert e.vi and e.en
        return
    assert dt.tzinfo is UTC
    assert MIN_YEAR - 1 <= dt.year <= MAX_YEAR + 1  # the offset may cross new year


@FAST
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       st.sampled_from(["iso", "vn", "iso+offset"]))
def test_every_datetime_either_round_trips_or_is_refused(dt: datetime, form: str) -> None:
    dt = dt.replace(microsecond=0)
    text = {"iso": dt.isoformat(), "vn": dt.strftime("%d/%m/") + f"{dt.year:04d}"
            + dt.strftime(" %H:%M:%S"),
            "iso+offset": dt.replace(tzinfo=timezone(timedelta(hours=-5))).isoformat()}[form]
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        with pytest.raises(InvalidInput):
            parse_time(text)
        return
    got = parse_time(text)
    if form == "iso+offset":
        assert got == dt.replace(tzinfo=timezone(timedelta(hours=-5)))
    else:  # local Hà Nội time, shown back the same way
        assert format_local(got) == dt.strftime("%d/%m/%Y %H:%M:%S")


@FAST
@given(TIMEISH, TIMEISH)
def test_ranges_are_ordered_or_refused(a: str, b: str) -> None:
    try:
        start, end = parse_range(a, b)
    except InvalidInput:
        return
    assert start < end
