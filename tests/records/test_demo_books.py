"""The demo's year of history makes every section of a year report meaningful."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from controlroom.paths import DataHome
from controlroom.records import demo_books, periods, reports
from controlroom.records.db import Database
from controlroom.records.models import Camera, CameraFault, Incident, Meeting, Patrol, Tip
from controlroom.records.setup import initialise
from controlroom.timeutil import utcnow


def test_demo_history(sqlite_db: Database, home: DataHome) -> None:
    initialise(sqlite_db)
    with sqlite_db.session() as s:
        for i in range(1, 5):
            s.add(Camera(uid=str(uuid.uuid4()), name=f"Camera {i}", code=f"CAM-{i:02d}"))
    demo_books.seed(sqlite_db, home)
    with sqlite_db.read() as s:
        count = {m.__name__: s.scalar(select(func.count()).select_from(m))
                 for m in (Patrol, Meeting, CameraFault, Incident, Tip)}
        # a half-year that lies inside the seeded history whatever today's date
        half = periods.containing(utcnow() - timedelta(days=190), "half")
        r = reports.build(s, half, home=home)
    assert count["Patrol"] >= 100 and count["Meeting"] >= 12 and count["CameraFault"] >= 5
    assert count["Incident"] >= 300 and count["Tip"] >= 80
    cur, _, last_year = r.incidents_total
    assert cur > 50 and last_year > 0
    assert r.tips is not None and r.tips.received > 20 and r.tips.transferred > 0
    assert 90 < (r.overall_availability or 0) < 100
    assert r.weeks_on_target > len(r.patrol_weeks) * 0.6
    assert len(r.meetings) >= 5 and r.faults_closed > 0
    demo_books.seed(sqlite_db, home)  # a second run (reused --home) adds no second history
    with sqlite_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Patrol)) == count["Patrol"]


def test_demo_check_ins_fill_past_seats_only(sqlite_db: Database, home: DataHome) -> None:
    from datetime import UTC, datetime

    from controlroom.records import demo_checkins
    from controlroom.records.models import CheckIn, Officer, RosterAssignment, RosterMonth

    now = utcnow()
    with sqlite_db.session() as s:
        o = Officer(full_name="Lê Đức Thắng")
        m = RosterMonth(month=f"{now:%Y-%m}", template="{}", status="published")
        s.add_all([o, m])
        s.flush()
        t = datetime(now.year, now.month, 1, tzinfo=UTC) - timedelta(days=60)
        while t < now + timedelta(days=3):
            s.add(RosterAssignment(month_id=m.id, day=t.date(), shift_key=f"{t.hour}",
                                   post="desk", start_utc=t, end_utc=t + timedelta(hours=12),
                                   officer_id=o.id))
            t += timedelta(hours=12)
    demo_checkins.seed(sqlite_db, home)
    with sqlite_db.read() as s:
        starts = [a for (a,) in s.execute(select(RosterAssignment.start_utc).join(
            CheckIn, CheckIn.assignment_id == RosterAssignment.id))]
        past = s.scalar(select(func.count()).select_from(RosterAssignment).where(
            RosterAssignment.start_utc < now - timedelta(hours=1)))
    assert starts and max(starts) < now and len(starts) >= 0.95 * past
