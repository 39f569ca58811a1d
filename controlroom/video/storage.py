"""How long the recordings disk lasts: free space, the recording rate, days left.

Qt-free, so the status bar, the dashboard and the CLI show the same figure. The rate is
measured from the segment index (bytes of the footage closed in the last day, over the
time it spans), not assumed from camera settings: a camera that records at night in
colour at twice the bitrate shows up in it.

- `usable_bytes`: free space above the reserve retention keeps (`min_free_percent`);
- `days_left`: usable / rate — how long until retention must delete footage for space
  (before that, only footage past its retention period goes);
- `capacity_days`: (footage on disk + usable) / rate — the days of footage the disk can
  hold; below `retention_days` the disk is too small for the retention period, and
  footage inside it will be deleted (the retention shortfall alarm).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from controlroom.paths import DataHome
from controlroom.records import settings
from controlroom.records.db import Database
from controlroom.records.models import Segment
from controlroom.timeutil import as_utc, utcnow

RATE_WINDOW = timedelta(hours=24)
MIN_SPAN = timedelta(minutes=10)  # less footage than this says nothing about a day


@dataclass(frozen=True)
class RecordingForecast:
    free_bytes: int
    total_bytes: int
    usable_bytes: int
    footage_bytes: int
    bytes_per_day: float | None  # None: not enough recent footage to measure
    days_left: float | None
    capacity_days: float | None
    retention_days: int

    @property
    def short(self) -> bool:
        """The disk cannot hold the retention period at the current rate."""
        return self.capacity_days is not None and self.capacity_days < self.retention_days


def recording_forecast(home: DataHome, db: Database | None = None,
                       now: datetime | None = None) -> RecordingForecast:
    """The forecast for this data home's recordings disk, as of `now`."""
    if db is None:
        from controlroom.records.db import open_database

        own = open_database(home=home)
        try:
            return recording_forecast(home, own, now)
        finally:
            own.dispose()
    now = as_utc(now or utcnow())
    home.recordings.mkdir(parents=True, exist_ok=True)
    usage = shutil.disk_usage(home.recordings)
    with db.read() as s:
        reserve_pct = float(settings.get(s, "min_free_percent"))
        retention_days = int(settings.get(s, "retention_days"))
        footage = int(s.scalar(select(func.coalesce(func.sum(Segment.bytes), 0))
                               .where(Segment.state.in_(("open", "closed")))) or 0)
        recent = s.execute(
            select(func.coalesce(func.sum(Segment.bytes), 0), func.min(Segment.start_utc),
                   func.max(Segment.end_utc))
            .where(Segment.state == "closed", Segment.start_utc >= now - RATE_WINDOW,
                   Segment.start_utc <= now)).one()
    usable = max(0, usage.free - int(usage.total * reserve_pct / 100))
    rate = None
    recent_bytes, first, last = int(recent[0] or 0), recent[1], recent[2]
    if first is not None and last is not None:
        span = as_utc(last) - as_utc(first)
        if span >= MIN_SPAN and recent_bytes > 0:
            rate = recent_bytes / (span.total_seconds() / 86400)
    return RecordingForecast(
        free_bytes=usage.free, total_bytes=usage.total, usable_bytes=usable,
        footage_bytes=footage, bytes_per_day=rate,
        days_left=usable / rate if rate else None,
        capacity_days=(footage + usable) / rate if rate else None,
        retention_days=retention_days)
