"""Periodic reports (báo cáo định kỳ): every figure of a period, drawn from every book.

`build()` returns a `Report` (plain data); `controlroom/reporting/` turns it into the PDF
and the CSV, the report dialog into its preview. Figures are aggregated in SQL (GROUP BY
over indexed time ranges) so a year over a million incidents stays interactive; the
per-camera parts walk health events, which are few (state transitions only).

Every book of the post is in the schema now; a section that had no data source was shown
as "no data source", never as zero (the Report fields stay Optional for that reason).
See docs/reports.md for the definitions and invariants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from controlroom.paths import DataHome
from controlroom.records import incidents, maintenance, settings
from controlroom.records.maintenance import Availability
from controlroom.records.models import (
    CameraFault,
    CheckIn,
    Export,
    Incident,
    MeetingDecision,
    Patrol,
    RosterAssignment,
    RosterMonth,
    Tip,
)
from controlroom.records.periods import Period
from controlroom.timeutil import DEFAULT_TZ, as_utc, utcnow


def pct_change(now: int, before: int) -> float | None:
    """% change from `before` to `now`; None when `before` is 0 (no base to compare)."""
    return None if before == 0 else 100.0 * (now - before) / before


@dataclass(frozen=True)
class CategoryRow:
    key: str
    name_vi: str
    name_en: str
    current: int
    previous: int
    last_year: int

    @property
    def vs_previous(self) -> float | None:
        return pct_change(self.current, self.previous)

    @property
    def vs_last_year(self) -> float | None:
        return pct_change(self.current, self.last_year)


@dataclass(frozen=True)
class TipFigures:
    received: int
    transferred: int
    transferred_on_time: int
    overdue: int
    resolved: int


@dataclass(frozen=True)
class ShiftFigures:
    planned: int
    checked_in: int
    late: int
    missing: int


@dataclass(frozen=True)
class PatrolWeek:
    monday: datetime  # local Monday 00:00 as UTC
    count: int


@dataclass(frozen=True)
class FaultNote:
    reported_at: datetime
    fault: str
    action: str
    state: str


@dataclass(frozen=True)
class MeetingRow:
    held_at: datetime
    kind: str
    chair: str
    decisions: int


@dataclass
class Report:
    period: Period
    post_name: str
    generated_at: datetime
    number: str = ""
    leader_text: str = ""
    signer: str = ""
    incidents: list[CategoryRow] = field(default_factory=list)
    incident_periods: tuple[Period, Period] | None = None  # previous, same last year
    tips: TipFigures | None = None
    extractions: dict[str, int] = field(default_factory=dict)
    cameras: list[Availability] = field(default_factory=list)
    worst: list[tuple[Availability, list[FaultNote]]] = field(default_factory=list)
    faults_reported: int = 0
    faults_closed: int = 0
    repair_cost_vnd: int = 0
    shifts: ShiftFigures | None = None
    patrol_target: int = 2
    patrol_weeks: list[PatrolWeek] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    decisions_made: int = 0
    decisions_open: int = 0
    audit_checkpoint: str | None = None

    # -- derived ---------------------------------------------------------------------------
    @property
    def incidents_total(self) -> tuple[int, int, int]:
        return (sum(r.current for r in self.incidents), sum(r.previous for r in self.incidents),
                sum(r.last_year for r in self.incidents))

    @property
    def overall_availability(self) -> float | None:
        up = sum(c.up_s for c in self.cameras)
        known = sum(c.known_s for c in self.cameras)
        return 100.0 * up / known if known > 0 else None

    @property
    def patrols_total(self) -> int:
        return sum(w.count for w in self.patrol_weeks)

    @property
    def weeks_on_target(self) -> int:
        return sum(1 for w in self.patrol_weeks if w.count >= self.patrol_target)

    def figures(self) -> list[tuple[str, str, str, Any]]:
        """Every figure as (section, key, Vietnamese label, value): the CSV's rows."""
        out: list[tuple[str, str, str, Any]] = []
        for r in self.incidents:
            out += [("incidents", f"{r.key}.current", r.name_vi, r.current),
                    ("incidents", f"{r.key}.previous", f"{r.name_vi} (kỳ trước)", r.previous),
                    ("incidents", f"{r.key}.last_year", f"{r.name_vi} (cùng kỳ năm trước)",
                     r.last_year),
                    ("incidents", f"{r.key}.vs_previous_pct", f"{r.name_vi} (% so kỳ trước)",
                     _round(r.vs_previous)),
                    ("incidents", f"{r.key}.vs_last_year_pct", f"{r.name_vi} (% so cùng kỳ)",
                     _round(r.vs_last_year))]
        cur, prev, ly = self.incidents_total
        out += [("incidents", "total.current", "Tổng số vụ việc", cur),
                ("incidents", "total.previous", "Tổng số vụ việc (kỳ trước)", prev),
                ("incidents", "total.last_year", "Tổng số vụ việc (cùng kỳ năm trước)", ly)]
        if self.tips is None:
            out.append(("tips", "source", "Tin báo, tố giác", "no data source"))
        else:
            t = self.tips
            out += [("tips", "received", "Tin báo tiếp nhận", t.received),
                    ("tips", "transferred", "Đã chuyển cơ quan điều tra", t.transferred),
                    ("tips", "transferred_on_time", "Chuyển đúng hạn", t.transferred_on_time),
                    ("tips", "overdue", "Quá hạn chuyển", t.overdue),
                    ("tips", "resolved", "Đã giải quyết", t.resolved)]
        for k, label in (("requested", "Yêu cầu trích xuất"), ("completed", "Đã trích xuất"),
                         ("refused", "Từ chối")):
            out.append(("extractions", k, label, self.extractions.get(k, 0)))
        for c in self.cameras:
            out += [("cameras", f"{c.code}.availability_pct", f"{c.name}: tỷ lệ hoạt động (%)",
                     _round(c.percent)),
                    ("cameras", f"{c.code}.outages", f"{c.name}: số lần mất kết nối",
                     c.outages),
                    ("cameras", f"{c.code}.repair_minutes",
                     f"{c.name}: thời gian khắc phục TB (phút)",
                     _round(c.repair_s / 60 if c.repair_s is not None else None)),
                    ("cameras", f"{c.code}.faults", f"{c.name}: số lỗi ghi sổ", c.faults)]
        out += [("cameras", "overall.availability_pct", "Toàn hệ thống: tỷ lệ hoạt động (%)",
                 _round(self.overall_availability)),
                ("cameras", "faults.reported", "Lỗi ghi sổ trong kỳ", self.faults_reported),
                ("cameras", "faults.closed", "Lỗi đã khắc phục trong kỳ", self.faults_closed),
                ("cameras", "faults.cost_vnd", "Chi phí sửa chữa (đồng)", self.repair_cost_vnd)]
        if self.shifts is None:
            out.append(("shifts", "source", "Ca trực", "no data source"))
        else:
            s = self.shifts
            out += [("shifts", "planned", "Lượt trực theo lịch", s.planned),
                    ("shifts", "checked_in", "Lượt đã điểm danh", s.checked_in),
                    ("shifts", "late", "Điểm danh muộn", s.late),
                    ("shifts", "missing", "Không điểm danh", s.missing)]
        out += [("patrols", "total", "Số lần tuần tra", self.patrols_total),
                ("patrols", "weeks", "Số tuần trong kỳ", len(self.patrol_weeks)),
                ("patrols", "target_per_week", "Chỉ tiêu mỗi tuần", self.patrol_target),
                ("patrols", "weeks_on_target", "Số tuần đạt chỉ tiêu", self.weeks_on_target)]
        out += [("meetings", "held", "Số cuộc họp", len(self.meetings)),
                ("meetings", "decisions_made", "Quyết định/nhiệm vụ giao", self.decisions_made),
                ("meetings", "decisions_open", "Nhiệm vụ chưa hoàn thành", self.decisions_open)]
        return out


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


# -- sections -------------------------------------------------------------------------------

def incident_counts(s: Session, p: Period) -> dict[str, int]:
    q = (select(Incident.category, func.count())
         .where(Incident.occurred_at >= p.start, Incident.occurred_at < p.end)
         .group_by(Incident.category))
    return {str(k): int(n) for k, n in s.execute(q)}


def incidents_section(s: Session, p: Period) -> list[CategoryRow]:
    cur, prev, ly = (incident_counts(s, x) for x in (p, p.previous(), p.same_last_year()))
    names = incidents.category_names(s)
    keys = [k for k in names if k in cur or k in prev or k in ly]
    keys += sorted(k for k in set(cur) | set(prev) | set(ly) if k not in names)
    return [CategoryRow(k, *names.get(k, (k, k)), cur.get(k, 0), prev.get(k, 0), ly.get(k, 0))
            for k in keys]


def tips_section(s: Session, p: Period, now: datetime) -> TipFigures:
    """Tips received in the period: transferred (on time = by the hand-off deadline),
    overdue (deadline passed by the end of the period or now, not transferred in time),
    resolved before the period's end."""
    cutoff = min(p.end, now)
    late = or_(Tip.transferred_at.is_(None), Tip.transferred_at > Tip.handoff_due)
    row = s.execute(select(
        func.count(),
        func.count(Tip.transferred_at),
        func.sum(case((Tip.transferred_at <= Tip.handoff_due, 1), else_=0)),
        func.sum(case((and_(Tip.handoff_due < cutoff, late), 1), else_=0)),
        func.sum(case((Tip.resolved_at < p.end, 1), else_=0)),
    ).where(Tip.received_at >= p.start, Tip.received_at < p.end)).one()
    return TipFigures(*(int(x or 0) for x in row))


def shifts_section(s: Session, p: Period, now: datetime) -> ShiftFigures:
    """Seats of published roster months with an officer, that began in the period (and by
    now): checked in, checked in late (after `roster_late_minutes`), missing (no check-in
    once the grace has passed)."""
    cutoff = min(p.end, now)
    late = timedelta(minutes=int(settings.get(s, "roster_late_minutes")))
    rows = s.execute(
        select(RosterAssignment.start_utc, CheckIn.check_in_at)
        .join(RosterMonth, RosterMonth.id == RosterAssignment.month_id)
        .outerjoin(CheckIn, CheckIn.assignment_id == RosterAssignment.id)
        .where(RosterMonth.status == "published", RosterAssignment.officer_id.is_not(None),
               RosterAssignment.start_utc >= p.start, RosterAssignment.start_utc < cutoff)).all()
    planned = len(rows)
    checked = [(as_utc(a), as_utc(c)) for a, c in rows if c is not None]
    missing = sum(1 for a, c in rows if c is None and as_utc(a) + late < cutoff)
    return ShiftFigures(planned, len(checked), sum(1 for a, c in checked if c > a + late),
                        missing)


def extractions_section(s: Session, p: Period) -> dict[str, int]:
    rows = dict(s.execute(select(Export.status, func.count())
                          .where(Export.created_at >= p.start, Export.created_at < p.end)
                          .group_by(Export.status)).all())
    return {"requested": int(sum(rows.values())), "completed": int(rows.get("completed", 0)),
            "refused": int(rows.get("refused", 0))}


def patrol_weeks(s: Session, p: Period, zone: str,
                 now: datetime | None = None) -> list[PatrolWeek]:
    """Every local Monday-to-Sunday week that starts inside the period (and has begun by
    `now`: a report made mid-period does not count weeks still to come), with its count."""
    from controlroom.records.patrols import week_bounds

    first, _ = week_bounds(p.start, zone)
    if first < p.start:
        first += timedelta(days=7)
    starts = [as_utc(x) for (x,) in s.execute(
        select(Patrol.start_utc).where(Patrol.start_utc >= first,
                                       Patrol.start_utc < p.end + timedelta(days=7)))]
    weeks = []
    monday = first
    stop = p.end if now is None else min(p.end, now)
    while monday < stop:
        nxt, _ = week_bounds(monday + timedelta(days=7, hours=12), zone)
        weeks.append(PatrolWeek(monday, sum(1 for t in starts if monday <= t < nxt)))
        monday = nxt
    return weeks


def build(s: Session, period: Period, *, number: str = "", leader_text: str = "",
          signer: str = "", now: datetime | None = None, home: DataHome | None = None,
          worst_n: int = 3) -> Report:
    now = as_utc(now or utcnow())
    zone = str(settings.get(s, "time_zone")) or DEFAULT_TZ
    r = Report(period, str(settings.get(s, "post_name")), now, number=number,
               leader_text=leader_text, signer=signer)
    r.incidents = incidents_section(s, period)
    r.incident_periods = (period.previous(), period.same_last_year())
    r.tips = tips_section(s, period, now)
    r.extractions = extractions_section(s, period)
    r.cameras = maintenance.availability(s, period.start, min(period.end, now))
    ranked = sorted((c for c in r.cameras if c.percent is not None),
                    key=lambda c: c.percent or 0.0)
    for c in ranked[:worst_n]:
        if c.percent is not None and c.percent >= 99.95 and c.faults == 0:
            continue
        faults = list(s.scalars(select(CameraFault).where(
            CameraFault.camera_id == c.camera_id, CameraFault.state != "dismissed",
            CameraFault.reported_at >= period.start, CameraFault.reported_at < period.end)
            .order_by(CameraFault.reported_at)))
        r.worst.append((c, [FaultNote(f.reported_at, f.fault, f.action, f.state)
                            for f in faults]))
    r.faults_reported = sum(c.faults for c in r.cameras)
    r.faults_closed, cost = s.execute(
        select(func.count(), func.coalesce(func.sum(CameraFault.cost_vnd), 0))
        .where(CameraFault.state == "closed", CameraFault.closed_at >= period.start,
               CameraFault.closed_at < period.end)).one()
    r.repair_cost_vnd = int(cost)
    r.shifts = shifts_section(s, period, now)
    r.patrol_target = int(settings.get(s, "patrols_per_week"))
    r.patrol_weeks = patrol_weeks(s, period, zone, now)
    from controlroom.records import meetings

    held = meetings.in_range(s, period.start, period.end)
    r.meetings = [MeetingRow(m.held_at, m.kind, m.chair, len(m.decisions)) for m in held]
    r.decisions_made = sum(m.decisions for m in r.meetings)
    r.decisions_open = int(s.scalar(select(func.count()).select_from(MeetingDecision)
                                    .where(MeetingDecision.done_at.is_(None))) or 0)
    r.audit_checkpoint = _checkpoint(home)
    return r


def _checkpoint(home: DataHome | None) -> str | None:
    """The audit log's latest signed checkpoint of this desk, printed on the report so
    the paper pins the state of the audit log it was made from."""
    if home is None:
        return None
    from controlroom.records import audit_anchor

    cp = audit_anchor.latest_checkpoint(home)
    if cp is None:
        return None
    return (f"#{cp.get('seq')} {cp.get('time', '')} — nhật ký đến dòng {cp.get('head_id')}, "
            f"mã {str(cp.get('head_hash', ''))[:16]}…, khóa {str(cp.get('key', ''))[:24]}")
