"""A deterministic history for report tests: what was inserted is returned, so expected
figures are computed from these lists (or plain SQL), never by the report's own code."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from controlroom.records.db import Database
from controlroom.records.models import (
    Camera,
    CameraFault,
    CheckIn,
    Export,
    HealthEvent,
    Incident,
    Meeting,
    MeetingDecision,
    Officer,
    Patrol,
    PatrolMember,
    RosterAssignment,
    RosterMonth,
    Tip,
    User,
)

CATEGORIES = ("trom_cap", "giao_thong", "danh_nhau", "khac", "ma_tuy")
START = datetime(2024, 12, 1, tzinfo=UTC)
END = datetime(2026, 12, 31, tzinfo=UTC)


@dataclass
class Seeded:
    incidents: list[tuple[datetime, str]] = field(default_factory=list)
    events: dict[str, list[tuple[datetime, str]]] = field(default_factory=dict)
    patrols: list[datetime] = field(default_factory=list)
    # (received, handoff_due, transferred or None, resolved or None)
    tips: list[tuple[datetime, datetime, datetime | None, datetime | None]] = field(
        default_factory=list)
    # published seats with an officer: (start, check-in or None)
    seats: list[tuple[datetime, datetime | None]] = field(default_factory=list)


def seed(db: Database, n_incidents: int = 900, seed_value: int = 7) -> Seeded:
    rnd = random.Random(seed_value)
    out = Seeded()
    span = (END - START).total_seconds()
    with db.session() as s:
        user = User(username="canbo1", full_name="Lê Đức Thắng", role="officer",
                    password_hash="x")
        s.add(user)
        cams = []
        for i in range(1, 4):
            cam = Camera(uid=str(uuid.uuid4()), name=f"Camera {i}", code=f"CAM-{i:02d}")
            s.add(cam)
            cams.append(cam)
        s.flush()
        for i in range(n_incidents):
            t = START + timedelta(seconds=rnd.uniform(0, span))
            cat = rnd.choice(CATEGORIES)
            s.add(Incident(code=f"VV-{i}", occurred_at=t, category=cat))
            out.incidents.append((t, cat))
        # boundary incidents: 15/10/2026 00:00 local (in month:2026-11) and 14/11 24:00 (out)
        for j, t in enumerate((datetime(2026, 10, 14, 17, tzinfo=UTC),
                               datetime(2026, 11, 14, 17, tzinfo=UTC),
                               datetime(2026, 11, 14, 16, 59, 59, tzinfo=UTC))):
            s.add(Incident(code=f"B-{j}", occurred_at=t, category="khac"))
            out.incidents.append((t, "khac"))
        for k, cam in enumerate(cams):
            t = datetime(2025, 6, 1, tzinfo=UTC) + timedelta(days=30 * k)
            seq = [(t, "recording")]
            while t < END:
                t += timedelta(hours=rnd.uniform(10, 400))
                seq.append((t, rnd.choice(("offline", "auth_failed"))))
                t += timedelta(minutes=rnd.uniform(3, 900))
                seq.append((t, "connecting"))
                t += timedelta(seconds=20)
                seq.append((t, "recording"))
            for ts, st in seq:
                s.add(HealthEvent(camera_id=cam.id, ts=ts, state=st))
            out.events[cam.code] = seq
        t = START
        while t < END:
            for _ in range(rnd.choice((1, 2, 2, 3))):
                ts = t + timedelta(hours=rnd.uniform(0, 167))
                p = Patrol(start_utc=ts, end_utc=ts + timedelta(hours=2), route="Thôn 1")
                p.members.append(PatrolMember(name="Trưởng ban", role="leader"))
                s.add(p)
                out.patrols.append(ts)
            t += timedelta(days=7)
        for m in range(24):
            held = datetime(2025, 1, 28, 8, tzinfo=UTC) + timedelta(days=30.4 * m)
            mt = Meeting(held_at=held, kind="monthly", chair="Chủ trì", secretary="Thư ký")
            mt.decisions.append(MeetingDecision(text=f"Việc {m}", owner="A",
                                                done_at=held + timedelta(days=5)
                                                if m % 3 else None))
            s.add(mt)
        for i in range(40):
            t = START + timedelta(days=rnd.uniform(0, 700))
            f = CameraFault(camera_id=cams[i % 3].id, state=("open", "closed", "dismissed")[i % 3],
                            fault="Mất hình", reported_at=t, cost_vnd=100_000 * i,
                            closed_at=t + timedelta(hours=i) if i % 3 == 1 else None)
            s.add(f)
        for i in range(30):
            t = START + timedelta(days=rnd.uniform(0, 700))
            s.add(Export(uid=str(uuid.uuid4()), officer_id=user.id, created_at=t,
                         status=("completed", "refused", "pending")[i % 3],
                         start_utc=t, end_utc=t + timedelta(minutes=5)))
        for i in range(n_incidents // 3):
            t = START + timedelta(seconds=rnd.uniform(0, span))
            due = t + timedelta(hours=24)
            tr = rnd.choice((None, t + timedelta(hours=rnd.uniform(1, 40))))
            res = rnd.choice((None, t + timedelta(days=rnd.uniform(1, 30))))
            s.add(Tip(number=f"TB-{i}", year=t.year, seq=i, channel="phone", received_at=t,
                      handoff_due=due, resolve_due=t + timedelta(days=20), transferred_at=tr,
                      resolved_at=res))
            out.tips.append((t, due, tr, res))
        officer = Officer(full_name="Lê Đức Thắng")
        s.add(officer)
        s.flush()
        months: dict[str, RosterMonth] = {}
        t = datetime(2025, 9, 1, 0, tzinfo=UTC)
        while t < datetime(2026, 12, 20, tzinfo=UTC):
            key = f"{t:%Y-%m}"
            if key not in months:  # every fifth month left in draft: not counted
                months[key] = RosterMonth(month=key, template="{}", status="draft"
                                          if len(months) % 5 == 4 else "published")
                s.add(months[key])
                s.flush()
            published = months[key].status == "published"
            for post, who in (("desk", officer.id), ("leader", None)):
                a = RosterAssignment(month_id=months[key].id, day=t.date(),
                                     shift_key="d" if t.hour == 0 else "n", post=post,
                                     start_utc=t, end_utc=t + timedelta(hours=12),
                                     officer_id=who)
                s.add(a)
                s.flush()
                if who is None:
                    continue
                ci = rnd.choice((None, t + timedelta(minutes=rnd.uniform(-10, 10)),
                                 t + timedelta(minutes=rnd.uniform(-10, 60))))
                if ci is not None:
                    s.add(CheckIn(assignment_id=a.id, officer_id=who, check_in_at=ci))
                if published:
                    out.seats.append((t, ci))
            t += timedelta(hours=12)
    return out
