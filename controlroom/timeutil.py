"""Time: store UTC, show Asia/Ho_Chi_Minh (dd/MM/yyyy, 24-hour), parse what people type."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from controlroom.errors import InvalidInput

DEFAULT_TZ = "Asia/Ho_Chi_Minh"
# The years a time typed at the desk may fall in. Footage, holds, shifts and reports of
# this product all lie inside them; a year outside is a typo (0001, 1900, 2100) and, at
# the extremes, would overflow datetime arithmetic (UTC conversion, +/- a day).
MIN_YEAR, MAX_YEAR = 2000, 2099


def utcnow() -> datetime:
    return datetime.now(UTC)


def tz(name: str = DEFAULT_TZ) -> ZoneInfo:
    return ZoneInfo(name)


def to_local(dt: datetime, zone: str = DEFAULT_TZ) -> datetime:
    return as_utc(dt).astimezone(tz(zone))


def as_utc(dt: datetime) -> datetime:
    """An aware UTC datetime; naive input is taken to be UTC already."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def format_local(dt: datetime | None, zone: str = DEFAULT_TZ, seconds: bool = True) -> str:
    if dt is None:
        return ""
    fmt = "%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M"
    return to_local(dt, zone).strftime(fmt)


_VN = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)


def parse_time(text: str, zone: str = DEFAULT_TZ) -> datetime:
    """Parse ISO 8601 (`2026-11-22T08:30`, with or without offset) or Vietnamese
    `22/11/2026 08:30[:15]`. Times without an offset are local time in `zone`.
    Returns an aware UTC datetime inside MIN_YEAR..MAX_YEAR, or raises InvalidInput
    naming the bad text — never another exception, whatever the text."""
    raw = (text or "").strip()
    m = _VN.match(raw)
    try:
        if m:
            d, mo, y, h, mi, s = m.groups()
            dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        else:
            iso = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
            dt = datetime.fromisoformat(iso)
    except (ValueError, TypeError, OverflowError):
        raise InvalidInput(
            "Thời gian không hợp lệ: «{t}». Nhập dạng dd/MM/yyyy HH:mm hoặc ISO 8601.",
            "Invalid time: «{t}». Use dd/MM/yyyy HH:mm or ISO 8601.",
            t=raw[:80],
        ) from None
    check_year(dt, raw)  # before any arithmetic: year 1 or 9999 would overflow below
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz(zone))
    return dt.astimezone(UTC)


def check_year(dt: datetime, shown: str | None = None) -> datetime:
    """`dt` unchanged when its year is within MIN_YEAR..MAX_YEAR, else InvalidInput.
    Service functions that take datetimes from any caller (holds, exports) use it too."""
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        raise InvalidInput(
            "Thời gian «{t}» nằm ngoài khoảng cho phép (năm {a}–{b}).",
            "The time «{t}» is outside the accepted range (years {a}–{b}).",
            t=(shown if shown is not None else dt.isoformat())[:80], a=MIN_YEAR, b=MAX_YEAR)
    return dt


def parse_range(start: str, end: str, zone: str = DEFAULT_TZ) -> tuple[datetime, datetime]:
    a, b = parse_time(start, zone), parse_time(end, zone)
    if b <= a:
        raise InvalidInput(
            "Thời điểm kết thúc phải sau thời điểm bắt đầu.",
            "The end time must be after the start time.",
        )
    return a, b


def duration_text(seconds: float) -> str:
    return str(timedelta(seconds=round(seconds)))
