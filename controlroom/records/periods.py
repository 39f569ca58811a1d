"""Report periods (kỳ báo cáo): month, quarter, half-year, year.

Decree 09/2019/NĐ-CP, Art. 12: the statistics month runs from the 15th of the previous
month to the 14th of the reporting month; quarters, halves and years are made of those
months. The start day is the `report_period_start_day` setting (1–28). With start day 1
a month is the calendar month.

Invariants (tests/records/test_periods.py):
- a period is [start, end) in local time, both at local midnight; `end` is the first
  instant *after* the period (the 14th at 24:00 is the 15th at 00:00);
- the months of a year tile it without gap or overlap, and so do consecutive periods of
  any kind: `p.next().start == p.end`;
- a period is named by the month (quarter, half, year) it ends in: with start day 15,
  `month:2026-11` = 15/10/2026 00:00 – 15/11/2026 00:00 and
  `year:2026` = 15/12/2025 – 15/12/2026.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from controlroom.errors import InvalidInput
from controlroom.timeutil import DEFAULT_TZ, as_utc

KINDS = ("month", "quarter", "half", "year")
MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}
PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}
KIND_VI = {"month": "tháng", "quarter": "quý", "half": "6 tháng", "year": "năm"}


def _month_start(year: int, month: int, start_day: int) -> date:
    """First local day of reporting month (year, month); month may be out of 1..12."""
    y, m = year + (month - 1) // 12, (month - 1) % 12 + 1
    if start_day > 1:  # the period ends in this month, so it starts in the one before
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return date(y, m, start_day)


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    index: int  # 1-based: month 1..12, quarter 1..4, half 1..2, year 1
    start_day: int = 15
    zone: str = DEFAULT_TZ

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidInput("Loại kỳ không hợp lệ: {k}", "Invalid period kind: {k}",
                               k=self.kind)
        if not 1 <= self.index <= PER_YEAR[self.kind]:
            raise InvalidInput("Kỳ không hợp lệ: {k} {i}", "Invalid period: {k} {i}",
                               k=self.kind, i=self.index)
        if not 1 <= self.start_day <= 28:
            raise InvalidInput("Ngày bắt đầu kỳ phải từ 1 đến 28.",
                               "The period start day must be 1–28.")

    # -- boundaries ------------------------------------------------------------------------
    @property
    def first_month(self) -> int:
        return (self.index - 1) * MONTHS_IN[self.kind] + 1

    @property
    def start_date(self) -> date:
        return _month_start(self.year, self.first_month, self.start_day)

    @property
    def end_date(self) -> date:
        """Exclusive: the first local day after the period."""
        return _month_start(self.year, self.first_month + MONTHS_IN[self.kind],
                            self.start_day)

    @property
    def last_date(self) -> date:
        """Inclusive last day (what people write: 14/11/2026)."""
        return date.fromordinal(self.end_date.toordinal() - 1)

    def _utc(self, d: date) -> datetime:
        return as_utc(datetime.combine(d, time(0), tzinfo=ZoneInfo(self.zone)))

    @property
    def start(self) -> datetime:
        return self._utc(self.start_date)

    @property
    def end(self) -> datetime:
        return self._utc(self.end_date)

    # -- neighbours ------------------------------------------------------------------------
    def shifted(self, n: int) -> Period:
        per = PER_YEAR[self.kind]
        k = self.year * per + (self.index - 1) + n
        return Period(self.kind, k // per, k % per + 1, self.start_day, self.zone)

    def previous(self) -> Period:
        return self.shifted(-1)

    def next(self) -> Period:
        return self.shifted(1)

    def same_last_year(self) -> Period:
        return self.shifted(-PER_YEAR[self.kind])

    # -- names -----------------------------------------------------------------------------
    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"month:{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"quarter:{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"half:{self.year}-H{self.index}"
        return f"year:{self.year}"

    def title_vi(self) -> str:
        if self.kind == "month":
            return f"tháng {self.index:02d}/{self.year}"
        if self.kind == "quarter":
            return f"quý {['I', 'II', 'III', 'IV'][self.index - 1]} năm {self.year}"
        if self.kind == "half":
            return f"{'6 tháng đầu' if self.index == 1 else '6 tháng cuối'} năm {self.year}"
        return f"năm {self.year}"

    def title_en(self) -> str:
        if self.kind == "month":
            return f"month {self.index:02d}/{self.year}"
        if self.kind == "quarter":
            return f"Q{self.index} {self.year}"
        if self.kind == "half":
            return f"H{self.index} {self.year}"
        return f"year {self.year}"

    def range_text(self) -> str:
        return (f"{self.start_date:%d/%m/%Y} 00:00 – {self.last_date:%d/%m/%Y} 24:00")


_CODE = re.compile(r"^\s*(month|quarter|half|year)\s*:\s*(\d{4})(?:-(?:[QqHh])?(\d{1,2}))?\s*$")


def parse(text: str, start_day: int = 15, zone: str = DEFAULT_TZ) -> Period:
    """`month:2026-11`, `quarter:2026-4` or `quarter:2026-Q4`, `half:2026-H1`, `year:2026`."""
    m = _CODE.match(text or "")
    if not m or (m.group(1) != "year") != (m.group(3) is not None):
        raise InvalidInput(
            "Kỳ báo cáo không hợp lệ: «{t}». Dạng: month:YYYY-MM, quarter:YYYY-Q, "
            "half:YYYY-H, year:YYYY.",
            "Invalid report period: «{t}». Use month:YYYY-MM, quarter:YYYY-Q, half:YYYY-H "
            "or year:YYYY.", t=(text or "")[:40])
    kind, year = m.group(1), int(m.group(2))
    return Period(kind, year, int(m.group(3) or 1), start_day, zone)


def containing(moment: datetime, kind: str, start_day: int = 15,
               zone: str = DEFAULT_TZ) -> Period:
    """The period of `kind` that contains `moment` (aware)."""
    local = as_utc(moment).astimezone(ZoneInfo(zone)).date()
    y, m = local.year, local.month
    if start_day > 1 and local.day >= start_day:  # belongs to the next reporting month
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return Period(kind, y, (m - 1) // MONTHS_IN[kind] + 1, start_day, zone)
