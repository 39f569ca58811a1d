"""Templates, roster days and Vietnamese public holidays (pinned dates, several years)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from controlroom.errors import InvalidInput
from controlroom.records import roster_calendar as cal

ZONE = "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(("day", "name_part"), [
    (date(2027, 2, 6), "Tết Nguyên Đán"),      # mùng 1 Tết Đinh Mùi
    (date(2030, 2, 2), "Tết Nguyên Đán"),      # mùng 1 Tết Canh Tuất
    (date(2029, 4, 23), "Hùng Vương"),         # 10/3 âm lịch 2029
    (date(2027, 4, 16), "Hùng Vương"),
    (date(2028, 4, 30), "Chiến thắng"),
    (date(2028, 5, 1), "Lao động"),
    (date(2027, 9, 2), "Quốc khánh"),
    (date(2027, 9, 3), "Quốc khánh"),          # the adjacent day
])
def test_known_holidays(day: date, name_part: str) -> None:
    hs = cal.legal_holidays(date(day.year, 1, 1), date(day.year, 12, 31))
    assert day in hs and name_part in hs[day].name


def test_tet_weighs_more_and_spans_several_days() -> None:
    hs = cal.legal_holidays(date(2027, 2, 1), date(2027, 2, 28))
    tet = [d for d, h in hs.items() if h.weight == cal.TET_WEIGHT]
    assert len(tet) >= 5 and date(2027, 2, 6) in tet
    assert cal.legal_holidays(date(2027, 4, 16), date(2027, 4, 16))[date(2027, 4, 16)].weight \
        == cal.HOLIDAY_WEIGHT


def test_post_overrides_add_and_remove() -> None:
    hs = cal.holidays_between(date(2027, 9, 1), date(2027, 9, 30),
                              [(date(2027, 9, 3), "", 0, True),
                               (date(2027, 9, 4), "Nghỉ bù theo quyết định", 2, False)])
    assert date(2027, 9, 3) not in hs
    assert hs[date(2027, 9, 4)].source == "post"


def test_night_shift_of_new_years_eve_ends_next_year() -> None:
    t = cal.BUILTIN_TEMPLATES["2x12"]
    a, b = cal.shift_times(t, t.shift("night"), date(2026, 12, 31), ZONE)
    assert a == datetime(2026, 12, 31, 12, 0, tzinfo=UTC)  # 19:00 local
    assert b == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)     # 07:00 local on 1/1
    # 03:00 local on 1/1 still belongs to the roster day 31/12
    assert cal.roster_day_of(t, datetime(2026, 12, 31, 20, 0, tzinfo=UTC), ZONE) \
        == date(2026, 12, 31)


def test_three_eights_tile_the_day_without_gap() -> None:
    t = cal.BUILTIN_TEMPLATES["3x8"]
    slots = [s for s in cal.expand(t, cal.month_days("2027-03"), ZONE) if s.post == "desk"]
    slots.sort(key=lambda s: s.start)
    assert all(a.end == b.start for a, b in zip(slots, slots[1:], strict=False))
    assert len(slots) == 31 * 3


def test_custom_template_with_day_start() -> None:
    t = cal.template_from_json({"key": "x", "day_start": "06:00", "shifts": [
        {"key": "late", "start": "02:00", "hours": 4, "posts": {"desk": 2}}]})
    a, _ = cal.shift_times(t, t.shifts[0], date(2027, 3, 1), ZONE)
    assert a == datetime(2027, 3, 1, 19, 0, tzinfo=UTC)  # 02:00 local on 2/3
    with pytest.raises(InvalidInput):
        cal.template_from_json({"key": "y", "shifts": [
            {"key": "a", "start": "07:00", "hours": 12, "posts": {"cook": 1}}]})
    assert cal.parse_day("05/02/2027") == date(2027, 2, 5)
    with pytest.raises(InvalidInput):
        cal.parse_month("2027-13")
