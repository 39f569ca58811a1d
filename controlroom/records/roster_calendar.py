"""Shift templates, posts and public holidays: turning a month into concrete slots.

A *roster day* starts at the template's `day_start` (local time). A shift of day D begins
at D + start when start >= day_start, otherwise on the next calendar day (so with
day_start 07:00 a 19:00–07:00 night shift of 31/12 ends 01/01 at 07:00 and still belongs
to 31/12). Times are computed in the post's zone and stored UTC. Weekends and holidays
are judged by the roster day. No module here touches the database or Qt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as _holidays

from controlroom.errors import InvalidInput

# Posts (qualifications) an officer may hold on a shift.
POSTS: dict[str, tuple[str, str]] = {
    "desk": ("Trực ban", "Desk officer"),
    "leader": ("Trực chỉ huy", "On-call leader"),
    "patrol": ("Tuần tra", "Patrol"),
}

TET_WEIGHT = 3  # a Tết shift counts three times in the holiday balance
HOLIDAY_WEIGHT = 2


@dataclass(frozen=True)
class ShiftDef:
    key: str
    name_vi: str
    name_en: str
    start: str  # "HH:MM" local
    hours: float
    night: bool
    posts: dict[str, int] = field(default_factory=dict)

    def start_time(self) -> time:
        return _hhmm(self.start)


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    day_start: str
    shifts: tuple[ShiftDef, ...]

    def shift(self, key: str) -> ShiftDef:
        for s in self.shifts:
            if s.key == key:
                return s
        raise InvalidInput("Mẫu ca «{t}» không có ca «{k}».", "Template «{t}» has no shift «{k}».",
                           t=self.key, k=key)

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "name": self.name, "day_start": self.day_start,
                           "shifts": [s.__dict__ for s in self.shifts]}, ensure_ascii=False)


def _hhmm(text: str) -> time:
    try:
        h, m = text.split(":")
        return time(int(h), int(m))
    except (ValueError, AttributeError):
        raise InvalidInput("Giờ không hợp lệ: «{t}» (dạng HH:MM).",
                           "Invalid time of day: «{t}» (HH:MM).", t=str(text)) from None


def template_from_json(text: str | dict[str, Any]) -> Template:
    d = json.loads(text) if isinstance(text, str) else text
    try:
        shifts = tuple(ShiftDef(key=str(s["key"]), name_vi=str(s.get("name_vi", s["key"])),
                                name_en=str(s.get("name_en", s["key"])), start=str(s["start"]),
                                hours=float(s["hours"]), night=bool(s.get("night", False)),
                                posts={str(k): int(v) for k, v in s["posts"].items()})
                       for s in d["shifts"])
        t = Template(key=str(d["key"]), name=str(d.get("name", d["key"])),
                     day_start=str(d.get("day_start", "00:00")), shifts=shifts)
    except (KeyError, TypeError, ValueError):
        raise InvalidInput("Mẫu ca không hợp lệ.", "Invalid shift template.") from None
    validate_template(t)
    return t


def validate_template(t: Template) -> None:
    if not t.shifts:
        raise InvalidInput("Mẫu ca phải có ít nhất một ca.", "A template needs a shift.")
    _hhmm(t.day_start)
    keys = [s.key for s in t.shifts]
    if len(set(keys)) != len(keys):
        raise InvalidInput("Trùng mã ca trong mẫu.", "Duplicate shift key in the template.")
    for s in t.shifts:
        _hhmm(s.start)
        if not 0 < s.hours <= 24:
            raise InvalidInput("Độ dài ca phải từ 0 đến 24 giờ.", "A shift lasts 0–24 hours.")
        for p, n in s.posts.items():
            if p not in POSTS or n < 0:
                raise InvalidInput("Vị trí trực không hợp lệ: «{p}».", "Invalid post: «{p}».",
                                   p=p)


def _two_twelve() -> Template:
    posts = {"desk": 1, "leader": 1}
    return Template("2x12", "Hai ca 12 giờ / Two 12-hour shifts", "07:00", (
        ShiftDef("day", "Ca ngày", "Day", "07:00", 12, False, dict(posts)),
        ShiftDef("night", "Ca đêm", "Night", "19:00", 12, True, dict(posts)),
    ))


def _three_eight() -> Template:
    posts = {"desk": 1, "leader": 1}
    return Template("3x8", "Ba ca 8 giờ / Three 8-hour shifts", "06:00", (
        ShiftDef("morning", "Ca sáng", "Morning", "06:00", 8, False, dict(posts)),
        ShiftDef("evening", "Ca chiều", "Evening", "14:00", 8, False, dict(posts)),
        ShiftDef("night", "Ca đêm", "Night", "22:00", 8, True, dict(posts)),
    ))


BUILTIN_TEMPLATES: dict[str, Template] = {t.key: t for t in (_two_twelve(), _three_eight())}
DEFAULT_TEMPLATE = "2x12"


def parse_month(text: str) -> tuple[int, int]:
    try:
        y, m = text.strip().split("-")
        year, month = int(y), int(m)
        if not (1 <= month <= 12 and 1900 < year < 3000):
            raise ValueError
    except (ValueError, AttributeError):
        raise InvalidInput("Tháng không hợp lệ: «{t}» (dạng YYYY-MM).",
                           "Invalid month: «{t}» (YYYY-MM).", t=str(text)) from None
    return year, month


def month_days(month: str) -> list[date]:
    year, m = parse_month(month)
    d = date(year, m, 1)
    out = []
    while d.month == m:
        out.append(d)
        d += timedelta(days=1)
    return out


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def shift_times(t: Template, s: ShiftDef, day: date, zone: str) -> tuple[datetime, datetime]:
    """UTC start and end of shift `s` of roster day `day`."""
    st = s.start_time()
    first = day if st >= _hhmm(t.day_start) else day + timedelta(days=1)
    local = datetime.combine(first, st, tzinfo=ZoneInfo(zone))
    start = local.astimezone(UTC)
    return start, start + timedelta(hours=s.hours)


def roster_day_of(t: Template, when: datetime, zone: str) -> date:
    """The roster day a moment belongs to (local time minus the day-start hour)."""
    local = when.astimezone(ZoneInfo(zone))
    ds = _hhmm(t.day_start)
    return (local - timedelta(hours=ds.hour, minutes=ds.minute)).date()


@dataclass(frozen=True)
class SlotDef:
    day: date
    shift_key: str
    post: str
    seat: int
    start: datetime
    end: datetime
    night: bool
    hours: int


def expand(t: Template, days: list[date], zone: str) -> list[SlotDef]:
    out: list[SlotDef] = []
    for d in days:
        for s in t.shifts:
            a, b = shift_times(t, s, d, zone)
            for post, n in s.posts.items():
                for seat in range(n):
                    out.append(SlotDef(d, s.key, post, seat, a, b, s.night, round(s.hours)))
    return out


# --- public holidays ------------------------------------------------------------------------

@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    weight: int
    source: str  # "law" (holidays package) or "post" (the post's own override)


@lru_cache(maxsize=64)
def _vn_year(year: int) -> tuple[tuple[date, str], ...]:
    h = _holidays.country_holidays("VN", years=[year], language="vi")
    return tuple(sorted(h.items()))


def is_tet(name: str) -> bool:
    n = name.lower()
    return "tết nguyên đán" in n or "giao thừa" in n or n.startswith("29 tết") or n == "29 tết"


def legal_holidays(first: date, last: date) -> dict[date, Holiday]:
    out: dict[date, Holiday] = {}
    for y in range(first.year, last.year + 1):
        for d, name in _vn_year(y):
            if first <= d <= last:
                w = TET_WEIGHT if is_tet(name) else HOLIDAY_WEIGHT
                out[d] = Holiday(d, name, w, "law")
    return out


def holidays_between(first: date, last: date,
                     overrides: Sequence[tuple[date, str, int, bool]] = ()) -> dict[date, Holiday]:
    """Legal holidays, then the post's overrides (day, name, weight, removed)."""
    out = legal_holidays(first, last)
    for d, name, weight, removed in overrides:
        if not first <= d <= last:
            continue
        if removed:
            out.pop(d, None)
        else:
            out[d] = Holiday(d, name, weight, "post")
    return out


def parse_day(text: str) -> date:
    """`dd/MM/yyyy` or ISO `yyyy-mm-dd`."""
    raw = (text or "").strip()
    try:
        if "/" in raw:
            d, m, y = raw.split("/")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("Ngày không hợp lệ: «{t}» (dạng dd/MM/yyyy).",
                           "Invalid date: «{t}» (dd/MM/yyyy).", t=raw[:40]) from None
