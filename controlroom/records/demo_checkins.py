"""Demo: check-ins for the past seats of the published roster months, so the shift
coverage of a demo report reads like a real post's (most officers on time, a few late, a
rare seat missed) instead of "missing" for every shift before today. Runs after the
roster's own demo (which checks in the current shift)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.models import CheckIn, RosterAssignment, RosterMonth
from controlroom.timeutil import utcnow


def seed(db: Database, home: DataHome) -> None:
    rnd = random.Random(1509)
    cutoff = utcnow() - timedelta(hours=1)
    with db.session() as s:
        rows = s.execute(
            select(RosterAssignment.id, RosterAssignment.officer_id, RosterAssignment.start_utc)
            .join(RosterMonth, RosterMonth.id == RosterAssignment.month_id)
            .outerjoin(CheckIn, CheckIn.assignment_id == RosterAssignment.id)
            .where(RosterMonth.status == "published", RosterAssignment.officer_id.is_not(None),
                   RosterAssignment.start_utc < cutoff, CheckIn.id.is_(None))).all()
        for aid, oid, start in rows:
            r = rnd.random()
            if r < 0.01:
                continue  # missed
            late = r > 0.95
            at = start + timedelta(minutes=rnd.uniform(20, 50) if late else rnd.uniform(-15, 8))
            s.add(CheckIn(assignment_id=aid, officer_id=oid, check_in_at=at,
                          check_out_at=start + timedelta(hours=12, minutes=rnd.uniform(0, 20)),
                          recorded_by="demo"))
