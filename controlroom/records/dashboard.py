"""What the dashboard shows, computed without Qt so a worker thread can build it.

One `snapshot()` is a handful of indexed queries (today's incidents, open/overdue tips,
cameras whose last health event is a down state, the last 24 h's gaps, this week's
patrols, open decisions, the meeting reminder, the shift now and its check-ins) plus the
recording forecast (`video.storage.recording_forecast`: free disk, days left).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select

from controlroom.paths import DataHome
from controlroom.records import handover, meetings, patrols, settings
from controlroom.records.db import Database
from controlroom.records.maintenance import DOWN_STATES
from controlroom.records.models import (
    Camera,
    CameraFault,
    Gap,
    HealthEvent,
    Incident,
    MeetingDecision,
    Tip,
)
from controlroom.timeutil import as_utc, to_local, utcnow


@dataclass(frozen=True)
class Forecast:
    free_bytes: int
    days_left: float | None


@dataclass
class Dashboard:
    at: datetime
    incidents_today: int = 0
    latest_incidents: list[tuple[str, datetime, str]] = field(default_factory=list)
    tips_open: int = 0
    tips_overdue: int = 0
    offline: list[tuple[str, str, datetime]] = field(default_factory=list)  # code, name, since
    cameras: int = 0
    gaps_24h: int = 0
    gap_minutes_24h: float = 0.0
    patrols_week: int = 0
    patrol_target: int = 2
    decisions_open: int = 0
    decisions_overdue: int = 0
    faults_open: int = 0
    faults_suggested: int = 0
    meeting_due: meetings.Reminder | None = None
    shift: str | None = None  # the shift now ("Ca ngày 07:00–19:00"); None: none planned
    shift_seats: list[tuple[str, datetime | None, str]] = field(default_factory=list)
    forecast: Forecast | None = None


def _forecast(db: Database, home: DataHome | None, now: datetime) -> Forecast | None:
    if home is None:
        return None
    from controlroom.video.storage import recording_forecast

    f = recording_forecast(home, db, now)
    return Forecast(f.free_bytes, f.days_left)


def snapshot(db: Database, home: DataHome | None = None,
             now: datetime | None = None) -> Dashboard:
    now = as_utc(now or utcnow())
    d = Dashboard(now)
    with db.read() as s:
        zone = str(settings.get(s, "time_zone"))
        local = now.astimezone(ZoneInfo(zone))
        midnight = as_utc(local.replace(hour=0, minute=0, second=0, microsecond=0))
        d.incidents_today = int(s.scalar(select(func.count()).select_from(Incident).where(
            Incident.occurred_at >= midnight, Incident.occurred_at < now + timedelta(hours=1)))
            or 0)
        d.latest_incidents = [(str(c), as_utc(t), str(sm)) for c, t, sm in s.execute(
            select(Incident.code, Incident.occurred_at, Incident.summary)
            .where(Incident.occurred_at >= midnight)
            .order_by(Incident.occurred_at.desc()).limit(5))]
        d.tips_open = int(s.scalar(select(func.count()).select_from(Tip).where(
            Tip.resolved_at.is_(None))) or 0)
        d.tips_overdue = int(s.scalar(select(func.count()).select_from(Tip).where(
            Tip.resolved_at.is_(None),
            or_(and_(Tip.transferred_at.is_(None), Tip.handoff_due < now),
                Tip.resolve_due < now))) or 0)
        last = (select(HealthEvent.camera_id, func.max(HealthEvent.ts).label("ts"))
                .group_by(HealthEvent.camera_id).subquery())
        rows = s.execute(
            select(Camera.code, Camera.name, HealthEvent.ts, HealthEvent.state)
            .join(last, last.c.camera_id == Camera.id)
            .join(HealthEvent, and_(HealthEvent.camera_id == Camera.id,
                                    HealthEvent.ts == last.c.ts))
            .where(Camera.enabled.is_(True)).order_by(Camera.code)).all()
        seen: set[str] = set()
        for code, name, ts, state in rows:
            if state in DOWN_STATES and code not in seen:
                d.offline.append((str(code), str(name), as_utc(ts)))
            seen.add(str(code))
        d.cameras = int(s.scalar(select(func.count()).select_from(Camera).where(
            Camera.enabled.is_(True))) or 0)
        day_ago = now - timedelta(hours=24)
        gaps = s.execute(select(Gap.start_utc, Gap.end_utc).where(
            Gap.stream == "main", Gap.start_utc < now,
            or_(Gap.end_utc.is_(None), Gap.end_utc > day_ago))).all()
        d.gaps_24h = len(gaps)
        d.gap_minutes_24h = sum(
            ((min(as_utc(b), now) if b is not None else now) - max(as_utc(a), day_ago))
            .total_seconds() for a, b in gaps) / 60
        week = patrols.this_week(s, now, zone)
        d.patrols_week, d.patrol_target = week.done, week.target
        d.decisions_open = int(s.scalar(select(func.count()).select_from(MeetingDecision)
                                        .where(MeetingDecision.done_at.is_(None))) or 0)
        d.decisions_overdue = int(s.scalar(select(func.count()).select_from(MeetingDecision)
                                           .where(MeetingDecision.done_at.is_(None),
                                                  MeetingDecision.due_utc < now)) or 0)
        counts = dict(s.execute(select(CameraFault.state, func.count())
                                .group_by(CameraFault.state)).all())
        d.faults_open = int(counts.get("open", 0))
        d.faults_suggested = int(counts.get("suggested", 0))
        d.meeting_due = meetings.monthly_reminder(
            s, now, zone, int(settings.get(s, "meeting_reminder_days")))
        sh = handover.shift_at(s, now)
        if sh is not None:
            d.shift = (f"{sh.name} {to_local(sh.start, zone):%H:%M}–"
                       f"{to_local(sh.end, zone):%H:%M}")
            d.shift_seats = [(x.officer, x.check_in, x.flag) for x in sh.seats if x.officer]
    d.forecast = _forecast(db, home, now)
    return d
