"""Days of recording left: free space above the reserve over the measured rate."""

from __future__ import annotations

import uuid
from datetime import timedelta

from controlroom.paths import DataHome
from controlroom.records import settings
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.records.segment_index import SegmentFacts, add_closed_segment
from controlroom.records.users import SYSTEM
from controlroom.timeutil import utcnow
from controlroom.video.storage import recording_forecast
from tests.video.test_recorder_faults import small_disk


def _footage(db: Database, hours: float, per_10min: int, cams: int = 1) -> None:
    now = utcnow()
    with db.session() as s:
        for c in range(cams):
            cam = Camera(uid=str(uuid.uuid4()), name=f"C{c}", code=f"C{c}")
            s.add(cam)
            s.flush()
            for i in range(int(hours * 6)):
                start = now - timedelta(hours=hours) + timedelta(minutes=10 * i)
                add_closed_segment(s, cam.id, "main", f"C{c}/{i}.mp4", start, SegmentFacts(
                    start + timedelta(minutes=10), 600, per_10min, "0" * 64))


def test_days_left_from_the_measured_rate(sqlite_db: Database, home: DataHome) -> None:
    with small_disk(home.recordings, "100m"):
        with sqlite_db.session() as s:
            settings.set_value(s, SYSTEM, "min_free_percent", 10)
            settings.set_value(s, SYSTEM, "retention_days", 30)
        _footage(sqlite_db, hours=2, per_10min=100_000, cams=2)  # 2 x 14.4 MB a day
        f = recording_forecast(home, sqlite_db)
    assert f.total_bytes == 100 * 1024 * 1024
    assert f.usable_bytes == f.free_bytes - int(f.total_bytes * 0.10)
    assert f.bytes_per_day is not None
    assert abs(f.bytes_per_day - 2 * 14_400_000) / 28_800_000 < 0.01
    assert f.days_left is not None and abs(f.days_left - f.usable_bytes / f.bytes_per_day) < 1e-6
    assert f.footage_bytes == 2 * 12 * 100_000
    assert f.short  # ~3 days of footage fit; 30 are asked for


def test_no_rate_without_enough_footage(sqlite_db: Database, home: DataHome) -> None:
    assert recording_forecast(home, sqlite_db).days_left is None  # nothing recorded
    _footage(sqlite_db, hours=1 / 6, per_10min=100_000)  # one 10-minute segment
    f = recording_forecast(home)  # opens the database itself (the dashboard's call)
    assert f.bytes_per_day is not None and f.days_left is not None and f.free_bytes > 0
