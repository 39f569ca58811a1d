"""The camera maintenance book (sổ bảo trì camera): faults, repairs, availability.

Faults come from people (`add`) or from the recorder's own record (`suggest`): an outage
— a health event going offline/auth_failed until the next online/recording event, or a
gap row of the main stream — longer than the `fault_offline_minutes` setting becomes a
`suggested` fault that an officer confirms (→ open) or dismisses. The outage is kept on
the fault (`down_from`/`down_to`) so the same outage is never suggested twice.

Availability per camera is computed from health events alone (`segment_index.uptime`):
up time / known time, where time before a camera's first event is unknown and left out.
Time to repair is the mean length of the outages that began in the period and ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from controlroom.errors import InvalidInput, NotFound
from controlroom.records import audit, cameras, settings
from controlroom.records.models import Camera, CameraFault, Gap, HealthEvent
from controlroom.records.segment_index import UP_STATES
from controlroom.records.users import Identity
from controlroom.textutil import nfc
from controlroom.timeutil import as_utc, utcnow

DOWN_STATES = ("offline", "auth_failed")
GAP_FAULT_REASONS = ("offline", "auth_failed", "error")


def add(s: Session, actor: Identity, camera: int | str, fault: str, *,
        reported_by: str = "", cause: str = "", reported_at: datetime | None = None,
        cost_vnd: int = 0) -> CameraFault:
    cam = cameras.get(s, camera)
    if not fault.strip():
        raise InvalidInput("Cần mô tả lỗi.", "Describe the fault.")
    if cost_vnd < 0:
        raise InvalidInput("Chi phí không được âm.", "The cost cannot be negative.")
    row = CameraFault(camera_id=cam.id, state="open", source="manual", fault=nfc(fault.strip()),
                      reported_at=as_utc(reported_at or utcnow()),
                      reported_by=nfc(reported_by.strip() or actor.full_name or actor.username),
                      cause=nfc(cause.strip()), cost_vnd=cost_vnd)
    s.add(row)
    s.flush()
    audit.record(s, actor.username, "fault.add", "camera_fault", row.id, camera=cam.code,
                 fault=row.fault)
    return row


def get(s: Session, fault_id: int) -> CameraFault:
    row = s.get(CameraFault, fault_id)
    if row is None:
        raise NotFound("Không có lỗi số {i} trong sổ bảo trì.",
                       "No fault {i} in the maintenance book.", i=fault_id)
    return row


def close(s: Session, actor: Identity, fault_id: int, action: str, *, cause: str = "",
          cost_vnd: int | None = None, closed_at: datetime | None = None) -> CameraFault:
    row = get(s, fault_id)
    if row.state not in ("open", "suggested"):
        raise InvalidInput("Lỗi số {i} đã {st}.", "Fault {i} is already {st}.", i=fault_id,
                           st=row.state)
    if not action.strip():
        raise InvalidInput("Cần ghi việc đã làm để khắc phục.", "Say what was done to fix it.")
    if cost_vnd is not None and cost_vnd < 0:
        raise InvalidInput("Chi phí không được âm.", "The cost cannot be negative.")
    row.state, row.action = "closed", nfc(action.strip())
    row.closed_at, row.closed_by = as_utc(closed_at or utcnow()), actor.username
    if cause.strip():
        row.cause = nfc(cause.strip())
    if cost_vnd is not None:
        row.cost_vnd = cost_vnd
    audit.record(s, actor.username, "fault.close", "camera_fault", row.id, what_was_done=row.action,
                 cost_vnd=row.cost_vnd)
    return row


def _suggestion(s: Session, fault_id: int) -> CameraFault:
    """The fault, which must still be a suggestion (to confirm or dismiss)."""
    row = get(s, fault_id)
    if row.state != "suggested":
        raise InvalidInput("Lỗi số {i} không ở trạng thái đề xuất.",
                           "Fault {i} is not a suggestion.", i=fault_id)
    return row


def confirm(s: Session, actor: Identity, fault_id: int) -> CameraFault:
    row = _suggestion(s, fault_id)
    row.state, row.reported_by = "open", actor.full_name or actor.username
    audit.record(s, actor.username, "fault.confirm", "camera_fault", row.id)
    return row


def dismiss(s: Session, actor: Identity, fault_id: int, why: str = "") -> CameraFault:
    row = _suggestion(s, fault_id)
    row.state, row.closed_at, row.closed_by = "dismissed", utcnow(), actor.username
    row.action = nfc(why.strip())
    audit.record(s, actor.username, "fault.dismiss", "camera_fault", row.id, why=why)
    return row


def listing(s: Session, states: tuple[str, ...] | None = None,
            camera_id: int | None = None) -> list[CameraFault]:
    q = select(CameraFault).options(selectinload(CameraFault.camera))
    if states:
        q = q.where(CameraFault.state.in_(states))
    if camera_id is not None:
        q = q.where(CameraFault.camera_id == camera_id)
    return list(s.scalars(q.order_by(CameraFault.reported_at.desc(), CameraFault.id.desc())))


# -- outages from the recorder's own record ---------------------------------------------------

@dataclass(frozen=True)
class Outage:
    camera_id: int
    start: datetime
    end: datetime | None  # None: still down
    reason: str

    def seconds(self, now: datetime) -> float:
        return ((self.end or now) - self.start).total_seconds()


def health_outages(s: Session, camera_id: int, start: datetime, end: datetime) -> list[Outage]:
    """Down stretches (offline/auth_failed until online/recording) overlapping [start, end)."""
    before = s.scalar(select(HealthEvent).where(HealthEvent.camera_id == camera_id,
                                                HealthEvent.ts <= start)
                      .order_by(HealthEvent.ts.desc(), HealthEvent.id.desc()).limit(1))
    events = list(s.scalars(select(HealthEvent).where(
        HealthEvent.camera_id == camera_id, HealthEvent.ts > start, HealthEvent.ts < end)
        .order_by(HealthEvent.ts, HealthEvent.id)))
    if before is not None:
        events.insert(0, before)
    out: list[Outage] = []
    down: HealthEvent | None = None
    for ev in events:
        if ev.state in DOWN_STATES and down is None:
            down = ev
        elif ev.state in UP_STATES and down is not None:
            out.append(Outage(camera_id, down.ts, ev.ts, down.state))
            down = None
    if down is not None:
        nxt = s.scalar(select(HealthEvent.ts).where(
            HealthEvent.camera_id == camera_id, HealthEvent.ts >= end,
            HealthEvent.state.in_(UP_STATES)).order_by(HealthEvent.ts).limit(1))
        out.append(Outage(camera_id, down.ts, nxt, down.state))
    return [o for o in out if o.end is None or o.end > start]


def gap_outages(s: Session, camera_id: int, start: datetime, end: datetime) -> list[Outage]:
    q = (select(Gap).where(Gap.camera_id == camera_id, Gap.stream == "main",
                           Gap.reason.in_(GAP_FAULT_REASONS), Gap.start_utc < end,
                           or_(Gap.end_utc.is_(None), Gap.end_utc > start))
         .order_by(Gap.start_utc))
    return [Outage(camera_id, g.start_utc, g.end_utc, g.reason) for g in s.scalars(q)]


def _merge(outs: list[Outage]) -> list[Outage]:
    merged: list[Outage] = []
    for o in sorted(outs, key=lambda o: o.start):
        if merged:
            last = merged[-1]
            if last.end is None or o.start <= last.end:
                end = None if last.end is None or o.end is None else max(last.end, o.end)
                merged[-1] = Outage(last.camera_id, last.start, end, last.reason)
                continue
        merged.append(o)
    return merged


def _overlaps(f: CameraFault, o: Outage) -> bool:
    if f.down_from is None:
        return False
    f_end = f.down_to or datetime.max.replace(tzinfo=f.down_from.tzinfo)
    o_end = o.end or datetime.max.replace(tzinfo=o.start.tzinfo)
    return f.down_from < o_end and o.start < f_end


REASON_TEXT = {"offline": "Camera mất kết nối", "auth_failed": "Camera từ chối mật khẩu",
               "error": "Lỗi ghi hình"}


def suggest(s: Session, actor: Identity, now: datetime | None = None,
            lookback: timedelta = timedelta(days=7)) -> list[CameraFault]:
    """Turn outages of the last `lookback` longer than the setting into suggested faults;
    also close the outage range of earlier suggestions whose camera came back."""
    now = as_utc(now or utcnow())
    minutes = int(settings.get(s, "fault_offline_minutes"))
    start = now - lookback
    created: list[CameraFault] = []
    for cam in s.scalars(select(Camera).where(Camera.enabled.is_(True)).order_by(Camera.id)):
        outs = _merge(health_outages(s, cam.id, start, now) + gap_outages(s, cam.id, start, now))
        faults = list(s.scalars(select(CameraFault).where(
            CameraFault.camera_id == cam.id, CameraFault.down_from.is_not(None))))
        for o in outs:
            match = [f for f in faults if _overlaps(f, o)]
            for f in match:
                if f.down_to is None and o.end is not None:
                    f.down_to = o.end
            if match or o.seconds(now) < minutes * 60:
                continue
            what = REASON_TEXT.get(o.reason, "Camera không hoạt động")
            row = CameraFault(camera_id=cam.id, state="suggested",
                              source="gap" if o.reason == "error" else "health",
                              fault=f"{what} {round(o.seconds(now) / 60)} phút",
                              reported_at=o.start, reported_by="", down_from=o.start,
                              down_to=o.end)
            s.add(row)
            faults.append(row)
            created.append(row)
    s.flush()
    if created:
        audit.record(s, actor.username, "fault.suggest", "camera_fault",
                     ",".join(str(f.id) for f in created), count=len(created))
    return created


# -- availability -------------------------------------------------------------------------

@dataclass(frozen=True)
class Availability:
    camera_id: int
    code: str
    name: str
    up_s: float
    known_s: float
    outages: int  # outages that began in the period
    repair_s: float | None  # mean length of those that ended
    faults: int  # faults reported in the period (not dismissed)
    fault_repair_s: float | None  # mean reported→closed of faults closed in the period

    @property
    def percent(self) -> float | None:
        return 100.0 * self.up_s / self.known_s if self.known_s > 0 else None


def availability(s: Session, start: datetime, end: datetime) -> list[Availability]:
    """Per camera, from health events: the same arithmetic as `segment_index.uptime` and
    `health_outages`, done for every camera in one pass over one query (a year report
    must not cost a query per event or per camera)."""
    start, end = as_utc(start), as_utc(end)
    total = max((end - start).total_seconds(), 0.0)
    cams = s.execute(select(Camera.id, Camera.code, Camera.name).order_by(Camera.code)).all()
    last = (select(HealthEvent.camera_id, func.max(HealthEvent.ts).label("ts"))
            .where(HealthEvent.ts <= start).group_by(HealthEvent.camera_id).subquery())
    before: dict[int, tuple[datetime, str]] = {}
    for cid, ts, state in s.execute(
            select(HealthEvent.camera_id, HealthEvent.ts, HealthEvent.state)
            .join(last, and_(last.c.camera_id == HealthEvent.camera_id,
                             last.c.ts == HealthEvent.ts)).order_by(HealthEvent.id)):
        before[cid] = (as_utc(ts), state)  # equal times: the newest row wins, as in uptime()
    events: dict[int, list[tuple[datetime, str]]] = {}
    for cid, ts, state in s.execute(
            select(HealthEvent.camera_id, HealthEvent.ts, HealthEvent.state)
            .where(HealthEvent.ts > start, HealthEvent.ts < end)
            .order_by(HealthEvent.camera_id, HealthEvent.ts, HealthEvent.id)):
        events.setdefault(cid, []).append((as_utc(ts), state))
    reported = dict(s.execute(
        select(CameraFault.camera_id, func.count())
        .where(CameraFault.state != "dismissed", CameraFault.reported_at >= start,
               CameraFault.reported_at < end).group_by(CameraFault.camera_id)).all())
    repairs: dict[int, list[float]] = {}
    for cid, rep, closed in s.execute(
            select(CameraFault.camera_id, CameraFault.reported_at, CameraFault.closed_at)
            .where(CameraFault.state == "closed", CameraFault.closed_at >= start,
                   CameraFault.closed_at < end)):
        if closed is not None:
            repairs.setdefault(cid, []).append((as_utc(closed) - as_utc(rep)).total_seconds())
    result = []
    for cid, code, name in cams:
        b = before.get(cid)
        state = b[1] if b else "unknown"
        cursor = start
        up = unknown = 0.0
        lengths: list[float] = []
        began = 0
        down_since: datetime | None = None
        counted = False  # the current outage began inside the period
        if b is not None and state in DOWN_STATES:
            down_since, counted = b[0], b[0] >= start
            began += counted
        for ts, new in events.get(cid, []):
            span = (ts - cursor).total_seconds()
            up += span if state in UP_STATES else 0.0
            unknown += span if state == "unknown" else 0.0
            if new in DOWN_STATES and down_since is None:
                down_since, counted = ts, True
                began += 1
            elif new in UP_STATES and down_since is not None:
                if counted:
                    lengths.append((ts - down_since).total_seconds())
                down_since = None
            cursor, state = ts, new
        span = (end - cursor).total_seconds()
        up += span if state in UP_STATES else 0.0
        unknown += span if state == "unknown" else 0.0
        if down_since is not None and counted:  # still down at the end: when did it end?
            nxt = s.scalar(select(HealthEvent.ts).where(
                HealthEvent.camera_id == cid, HealthEvent.ts >= end,
                HealthEvent.state.in_(UP_STATES)).order_by(HealthEvent.ts).limit(1))
            if nxt is not None:
                lengths.append((as_utc(nxt) - down_since).total_seconds())
        rp = repairs.get(cid, [])
        result.append(Availability(cid, code, name, up, total - unknown, began,
                                   sum(lengths) / len(lengths) if lengths else None,
                                   int(reported.get(cid, 0)),
                                   sum(rp) / len(rp) if rp else None))
    return result
