"""Duty roster services: officers, leave, requests, holidays, months, edits, swaps, repair.

A month is a set of `RosterAssignment` rows (one per seat of a post of a shift) expanded
from a shift template. `generate` fills a draft month with the CP-SAT engine; `publish`
locks it; after that only audited edits with a reason, leader-approved swaps and
`repair` (re-solve the rest of the month with the fewest changes, shown before applying)
change it. Every check of a roster goes through the independent `roster_check`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from controlroom.errors import ExitCode, InvalidInput, NotFound, PermissionDenied, UserError
from controlroom.records import audit, settings
from controlroom.records import roster_calendar as cal
from controlroom.records import roster_check as chk
from controlroom.records import roster_engine as eng
from controlroom.records.models import (
    LEAVE_KINDS,
    HolidayOverride,
    Officer,
    OfficerLeave,
    RosterAssignment,
    RosterMonth,
    RosterRequest,
    ShiftTemplate,
    SwapRequest,
    User,
)
from controlroom.records.users import Identity
from controlroom.textutil import fold
from controlroom.timeutil import utcnow

LEAVE_NAMES = {
    "leave": ("Nghỉ phép", "Leave"),
    "business": ("Công tác", "Business trip"),
    "sick": ("Ốm", "Sick"),
    "other": ("Vắng", "Away"),
}


class RosterLocked(UserError):
    """The month is published: only audited edits with a reason may change it."""

    exit_code = ExitCode.ROSTER_LOCKED


class RosterConflict(UserError):
    """A manual change would break a hard rule."""

    exit_code = ExitCode.ROSTER_CONFLICT


class RosterIncomplete(UserError):
    """`roster check` found coverage gaps or rule violations."""

    exit_code = ExitCode.ROSTER_INCOMPLETE


# --- officers -------------------------------------------------------------------------------

def parse_posts(text: str | Sequence[str]) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    posts = [p.strip().lower() for p in items if p.strip()]
    bad = [p for p in posts if p not in cal.POSTS]
    if bad or not posts:
        raise InvalidInput("Vị trí trực không hợp lệ: «{p}» (chọn trong: {all}).",
                           "Invalid post: «{p}» (one of: {all}).",
                           p=",".join(bad), all=", ".join(cal.POSTS))
    return list(dict.fromkeys(posts))


def officer_posts(o: Officer) -> frozenset[str]:
    return frozenset(p for p in o.posts.split(",") if p)


def find_officer(s: Session, name: str) -> Officer:
    """By exact name, then accent-insensitively (unique match only)."""
    name = name.strip()
    o = s.scalar(select(Officer).where(Officer.full_name == name))
    if o is not None:
        return o
    hits = [x for x in s.scalars(select(Officer)) if fold(x.full_name) == fold(name)]
    if not hits:
        hits = [x for x in s.scalars(select(Officer)) if fold(name) in fold(x.full_name)]
    if len(hits) == 1:
        return hits[0]
    raise NotFound("Không tìm thấy cán bộ «{n}»." if not hits else
                   "Có nhiều cán bộ khớp «{n}»; gõ đủ họ tên.",
                   "No officer «{n}»." if not hits else
                   "Several officers match «{n}»; type the full name.", n=name)


def list_officers(s: Session, active_only: bool = False) -> list[Officer]:
    q = select(Officer).order_by(Officer.full_name)
    if active_only:
        q = q.where(Officer.active.is_(True))
    return list(s.scalars(q))


def add_officer(s: Session, actor: Identity, full_name: str, *, rank: str = "",
                phone: str = "", posts: str | Sequence[str] = "desk", user: str | None = None,
                position: str = "", team: str = "") -> Officer:
    actor.require("leader")
    name = " ".join(full_name.split())
    if not name:
        raise InvalidInput("Họ tên không được để trống.", "A name is required.")
    if s.scalar(select(Officer).where(Officer.full_name == name)) is not None:
        raise InvalidInput("Đã có cán bộ «{n}».", "Officer «{n}» already exists.", n=name)
    o = Officer(full_name=name, rank=rank, phone=phone, posts=",".join(parse_posts(posts)),
                position=position, team=team, user_id=_user_id(s, user))
    s.add(o)
    s.flush()
    audit.record(s, actor.username, "officer.add", "officer", o.id, name=name, posts=o.posts)
    return o


def _user_id(s: Session, username: str | None) -> int | None:
    if not username:
        return None
    u = s.scalar(select(User).where(User.username == username))
    if u is None:
        raise NotFound("Không có người dùng «{u}».", "No user «{u}».", u=username)
    return u.id


def edit_officer(s: Session, actor: Identity, name: str, **changes: object) -> Officer:
    actor.require("leader")
    o = find_officer(s, name)
    done: dict[str, object] = {}
    for k, v in changes.items():
        if v is None:
            continue
        if k == "posts":
            v = ",".join(parse_posts(v))  # type: ignore[arg-type]
        elif k == "user":
            k, v = "user_id", _user_id(s, str(v))
        elif k == "full_name":
            v = " ".join(str(v).split())
        elif k not in ("rank", "phone", "position", "team", "active"):
            raise InvalidInput("Không sửa được «{k}».", "Cannot edit «{k}».", k=k)
        setattr(o, k, v)
        done[k] = v
    audit.record(s, actor.username, "officer.edit", "officer", o.id, **done)
    return o


def officer_for_user(s: Session, user_id: int) -> Officer | None:
    return s.scalar(select(Officer).where(Officer.user_id == user_id))


def add_leave(s: Session, actor: Identity, name: str, first: date, last: date,
              reason: str = "", kind: str = "leave") -> OfficerLeave:
    actor.require("leader")
    if kind not in LEAVE_KINDS:
        raise InvalidInput("Loại nghỉ không hợp lệ: «{k}».", "Invalid leave kind: «{k}».", k=kind)
    if last < first:
        raise InvalidInput("Ngày kết thúc trước ngày bắt đầu.", "The last day is before the first.")
    o = find_officer(s, name)
    row = OfficerLeave(officer_id=o.id, first_day=first, last_day=last, kind=kind,
                       reason=reason, created_by=actor.username)
    s.add(row)
    s.flush()
    audit.record(s, actor.username, "officer.leave", "officer", o.id, first=str(first),
                 last=str(last), kind=kind, reason=reason)
    return row


def leaves(s: Session, first: date, last: date) -> list[OfficerLeave]:
    return list(s.scalars(select(OfficerLeave).where(OfficerLeave.last_day >= first,
                                                     OfficerLeave.first_day <= last)))


def add_request(s: Session, actor: Identity, name: str, day: date, shift_key: str,
                want: bool, weight: int = 1, note: str = "") -> RosterRequest:
    o = find_officer(s, name)
    if not (actor.at_least("leader") or o.user_id == actor.id):
        raise PermissionDenied("Chỉ được gửi đề nghị cho chính mình.",
                               "You may only file requests for yourself.")
    if not 1 <= weight <= 10:
        raise InvalidInput("Mức ưu tiên từ 1 đến 10.", "The weight must be 1–10.")
    r = RosterRequest(officer_id=o.id, day=day, shift_key=shift_key, want=want,
                      weight=weight, note=note)
    s.add(r)
    s.flush()
    audit.record(s, actor.username, "roster.request", "officer", o.id, day=str(day),
                 shift=shift_key, want=want, weight=weight)
    return r


def requests_between(s: Session, first: date, last: date) -> list[RosterRequest]:
    return list(s.scalars(select(RosterRequest).where(RosterRequest.day >= first,
                                                      RosterRequest.day <= last)
                          .order_by(RosterRequest.day, RosterRequest.id)))


def remove_request(s: Session, actor: Identity, request_id: int) -> None:
    r = s.get(RosterRequest, request_id)
    if r is None:
        raise NotFound("Không có đề nghị #{i}.", "No request #{i}.", i=request_id)
    o = s.get(Officer, r.officer_id)
    if not (actor.at_least("leader") or (o is not None and o.user_id == actor.id)):
        raise PermissionDenied("Chỉ được rút đề nghị của chính mình.",
                               "You may only withdraw your own requests.")
    audit.record(s, actor.username, "roster.request_removed", "officer", r.officer_id,
                 day=str(r.day), shift=r.shift_key, want=r.want, weight=r.weight)
    s.delete(r)


def holiday_overrides(s: Session, first: date, last: date) -> list[HolidayOverride]:
    return list(s.scalars(select(HolidayOverride).where(HolidayOverride.day >= first,
                                                        HolidayOverride.day <= last)
                          .order_by(HolidayOverride.day)))


def set_holiday(s: Session, actor: Identity, day: date, name: str = "", weight: int = 2,
                removed: bool = False) -> None:
    actor.require("leader")
    row = s.get(HolidayOverride, day) or HolidayOverride(day=day)
    row.name, row.weight, row.removed = name, weight, removed
    s.add(row)
    audit.record(s, actor.username, "roster.holiday", "holiday", str(day), name=name,
                 weight=weight, removed=removed)


def holidays(s: Session, first: date, last: date) -> dict[date, cal.Holiday]:
    ov = [(r.day, r.name, r.weight, r.removed) for r in s.scalars(
        select(HolidayOverride).where(HolidayOverride.day >= first,
                                      HolidayOverride.day <= last))]
    return cal.holidays_between(first, last, ov)


# --- templates ------------------------------------------------------------------------------

def get_template(s: Session, key: str | None = None) -> cal.Template:
    key = key or str(settings.get(s, "roster_template"))
    row = s.scalar(select(ShiftTemplate).where(ShiftTemplate.key == key))
    if row is not None:
        return cal.template_from_json(row.definition)
    if key in cal.BUILTIN_TEMPLATES:
        return cal.BUILTIN_TEMPLATES[key]
    raise NotFound("Không có mẫu ca «{k}».", "No shift template «{k}».", k=key)


def save_template(s: Session, actor: Identity, t: cal.Template) -> None:
    actor.require("leader")
    cal.validate_template(t)
    row = s.scalar(select(ShiftTemplate).where(ShiftTemplate.key == t.key))
    if row is None:
        s.add(ShiftTemplate(key=t.key, definition=t.to_json()))
    else:
        row.definition = t.to_json()
    audit.record(s, actor.username, "roster.template", "shift_template", t.key)


def list_templates(s: Session) -> list[cal.Template]:
    out = dict(cal.BUILTIN_TEMPLATES)
    for row in s.scalars(select(ShiftTemplate)):
        t = cal.template_from_json(row.definition)
        out[t.key] = t
    return list(out.values())


# --- months ---------------------------------------------------------------------------------

def zone(s: Session) -> str:
    return str(settings.get(s, "time_zone"))


def rules(s: Session) -> eng.Rules:
    return eng.Rules(float(settings.get(s, "roster_min_rest_hours")),
                     int(settings.get(s, "roster_max_consecutive_nights")))


def get_month(s: Session, month: str) -> RosterMonth:
    cal.parse_month(month)
    m = s.scalar(select(RosterMonth).where(RosterMonth.month == month))
    if m is None:
        raise NotFound("Chưa có lịch trực tháng {m}.", "No roster for {m} yet.", m=month)
    return m


def find_month(s: Session, month: str) -> RosterMonth | None:
    return s.scalar(select(RosterMonth).where(RosterMonth.month == month))


def assignments(s: Session, month: RosterMonth) -> list[RosterAssignment]:
    return list(s.scalars(select(RosterAssignment)
                          .where(RosterAssignment.month_id == month.id)
                          .order_by(RosterAssignment.start_utc, RosterAssignment.post,
                                    RosterAssignment.seat)))


def assignments_between(s: Session, a: datetime, b: datetime) -> list[RosterAssignment]:
    return list(s.scalars(select(RosterAssignment)
                          .where(RosterAssignment.end_utc > a, RosterAssignment.start_utc < b)
                          .order_by(RosterAssignment.start_utc, RosterAssignment.post,
                                    RosterAssignment.seat)))


def _leave_intervals(s: Session, first: date, last: date, tzname: str
                     ) -> dict[int, list[tuple[datetime, datetime, str]]]:
    tz = ZoneInfo(tzname)
    out: dict[int, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for lv in leaves(s, first, last):
        a = datetime.combine(lv.first_day, datetime.min.time(), tzinfo=tz)
        b = datetime.combine(lv.last_day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        why = LEAVE_NAMES[lv.kind][0] + (f": {lv.reason}" if lv.reason else "")
        out[lv.officer_id].append((a.astimezone(ZoneInfo("UTC")),
                                   b.astimezone(ZoneInfo("UTC")), why))
    return out


def _slot(r: RosterAssignment, i: int, hol: dict[date, cal.Holiday]) -> eng.Slot:
    return eng.Slot(i, r.day, r.shift_key, r.post, r.seat, r.start_utc, r.end_utc, r.night,
                    r.day.weekday() >= 5, hol[r.day].weight if r.day in hol else 0,
                    round((r.end_utc - r.start_utc).total_seconds() / 3600))


@dataclass
class Built:
    problem: eng.Problem
    rows: list[RosterAssignment]
    officers: dict[int, Officer]


def _prior_balance(s: Session, month: str, people: list[Officer], unit: int
                   ) -> dict[int, dict[str, int]]:
    """Year-to-date deviation from the mean, per metric, over earlier months of the year."""
    year, mo = cal.parse_month(month)
    if mo == 1:
        return {}
    first, last = date(year, 1, 1), date(year, mo, 1) - timedelta(days=1)
    hol = holidays(s, first, last)
    totals = {o.id: dict.fromkeys(eng.METRICS, 0) for o in people}
    rows = s.scalars(select(RosterAssignment).join(RosterMonth)
                     .where(RosterMonth.month >= f"{year:04d}-01", RosterMonth.month < month,
                            RosterAssignment.officer_id.is_not(None)))
    for i, r in enumerate(rows):
        if r.officer_id not in totals:
            continue
        sl = _slot(r, i, hol)
        for m in eng.METRICS:
            totals[r.officer_id][m] += sl.metric(m) // (unit if m == "hours" else 1)
    out: dict[int, dict[str, int]] = {}
    if not totals:
        return out
    for m in eng.METRICS:
        mean = sum(t[m] for t in totals.values()) / len(totals)
        for oid, t in totals.items():
            out.setdefault(oid, {})[m] = round(t[m] - mean)
    return out


def build(s: Session, month: RosterMonth) -> Built:
    rows = assignments(s, month)
    days = cal.month_days(month.month)
    tzname = zone(s)
    hol = holidays(s, days[0], days[-1])
    slots = [_slot(r, i, hol) for i, r in enumerate(rows)]
    officers = {o.id: o for o in list_officers(s, active_only=True)}
    away = _leave_intervals(s, days[0] - timedelta(days=1), days[-1] + timedelta(days=1),
                            tzname)
    unit = eng.metric_unit(slots, "hours")
    prior = _prior_balance(s, month.month, list(officers.values()), unit)
    people = [eng.Person(o.id, o.full_name, officer_posts(o), away.get(o.id, []),
                         prior.get(o.id, {})) for o in officers.values()]
    reqs = [eng.Request(r.officer_id, r.day, r.shift_key, r.want, r.weight)
            for r in s.scalars(select(RosterRequest).where(RosterRequest.day >= days[0],
                                                           RosterRequest.day <= days[-1]))]
    fixed = []
    if rows:
        h0, h1 = rows[0].start_utc, max(r.end_utc for r in rows)
        for r in assignments_between(s, h0 - timedelta(days=8), h1 + timedelta(days=8)):
            if r.month_id != month.id and r.officer_id is not None:
                fixed.append(eng.Fixed(r.officer_id, r.day, r.start_utc, r.end_utc, r.night))
    return Built(eng.Problem(slots, people, rules(s), reqs, fixed), rows, officers)


@dataclass
class Outcome:
    month: str
    status: str
    objective: float
    bound: float
    seconds: float
    covered: int
    total: int
    uncovered: list[tuple[RosterAssignment, str, str]] = field(default_factory=list)
    changes: list[tuple[RosterAssignment, int | None, int | None]] = field(default_factory=list)

    def summary(self) -> tuple[str, str]:
        return (f"Tháng {self.month}: {self.covered}/{self.total} vị trí có người trực, "
                f"lời giải {self.status} ({self.seconds:.1f} s).",
                f"{self.month}: {self.covered}/{self.total} seats covered, "
                f"solution {self.status} ({self.seconds:.1f} s).")


def shift_label(t: cal.Template | None, key: str, lang: str = "vi") -> str:
    if t is not None:
        for sh in t.shifts:
            if sh.key == key:
                return sh.name_vi if lang == "vi" else sh.name_en
    return key


def post_label(post: str, lang: str = "vi") -> str:
    return cal.POSTS.get(post, (post, post))[0 if lang == "vi" else 1]


def _explained(t: cal.Template, res: eng.Result, b: Built
               ) -> list[tuple[RosterAssignment, str, str]]:
    out = []
    for e in res.uncovered:
        r = b.rows[e.slot.id]
        head_vi = f"{r.day:%d/%m/%Y} {shift_label(t, r.shift_key)} — {post_label(r.post)}"
        head_en = f"{r.day:%d/%m/%Y} {shift_label(t, r.shift_key, 'en')} — " \
                  f"{post_label(r.post, 'en')}"
        out.append((r, f"{head_vi}: không ai trực được — {e.text('vi')}",
                    f"{head_en}: nobody can take it — {e.text('en')}"))
    return out


def generate(s: Session, actor: Identity, month: str, seconds: float = 10.0,
             template: str | None = None, workers: int = 2) -> Outcome:
    actor.require("leader")
    days = cal.month_days(month)
    m = find_month(s, month)
    if m is not None and m.status == "published":
        raise RosterLocked("Lịch tháng {m} đã công bố; dùng «roster repair» hoặc sửa có lý do.",
                           "{m} is published; use «roster repair» or an edit with a reason.",
                           m=month)
    t = get_template(s, template)
    if m is None:
        m = RosterMonth(month=month, template=t.to_json())
        s.add(m)
        s.flush()
    else:
        s.execute(delete(RosterAssignment).where(RosterAssignment.month_id == m.id))
        m.template = t.to_json()
    for d in cal.expand(t, days, zone(s)):
        s.add(RosterAssignment(month_id=m.id, day=d.day, shift_key=d.shift_key, post=d.post,
                               seat=d.seat, start_utc=d.start, end_utc=d.end, night=d.night))
    s.flush()
    b = build(s, m)
    if not b.problem.people:
        raise InvalidInput("Chưa có cán bộ nào trong danh sách trực.",
                           "No officers on the roster yet.")
    res = eng.solve(b.problem, seconds=seconds, workers=workers)
    for slot_id, oid in res.assignment.items():
        b.rows[slot_id].officer_id = oid
        b.rows[slot_id].source = "solver"
    m.generated_at, m.solver_status, m.objective = utcnow(), res.status, res.objective
    out = Outcome(month, res.status, res.objective, res.bound, res.seconds,
                  sum(1 for v in res.assignment.values() if v is not None),
                  len(res.assignment), _explained(t, res, b))
    audit.record(s, actor.username, "roster.generate", "roster_month", month,
                 status=res.status, covered=out.covered, total=out.total,
                 seconds=round(res.seconds, 2))
    return out


def month_template(m: RosterMonth) -> cal.Template:
    return cal.template_from_json(m.template)


def seats_for_check(s: Session, rows: Sequence[RosterAssignment]) -> list[chk.Seat]:
    return [chk.Seat(str(r.id), r.day, r.shift_key, r.post, r.seat, r.start_utc, r.end_utc,
                     r.night, r.officer_id) for r in rows]


def check_month(s: Session, month: str) -> list[chk.Violation]:
    m = get_month(s, month)
    rows = assignments(s, m)
    days = cal.month_days(month)
    away = _leave_intervals(s, days[0] - timedelta(days=1), days[-1] + timedelta(days=1),
                            zone(s))
    staff = [chk.Staff(o.id, o.full_name, officer_posts(o), tuple(away.get(o.id, [])))
             for o in list_officers(s)]
    ctx: list[chk.Seat] = []
    if rows:
        ctx = seats_for_check(s, [r for r in assignments_between(
            s, rows[0].start_utc - timedelta(days=8), rows[-1].end_utc + timedelta(days=8))
            if r.month_id != m.id])
    r_ = rules(s)
    return chk.check(seats_for_check(s, rows), staff, r_.min_rest_hours,
                     r_.max_consecutive_nights, context=ctx)


def publish(s: Session, actor: Identity, month: str) -> RosterMonth:
    actor.require("leader")
    m = get_month(s, month)
    if m.status == "published":
        return m
    m.status, m.published_at, m.published_by = "published", utcnow(), actor.username
    problems = check_month(s, month)
    audit.record(s, actor.username, "roster.publish", "roster_month", month,
                 violations=len(problems))
    return m


# --- edits, swaps, repair -------------------------------------------------------------------

def conflicts_if(s: Session, assignment_id: int, officer_id: int | None,
                 extra: dict[int, int | None] | None = None) -> list[chk.Violation]:
    """What the checker would report about `officer_id` if it held the assignment
    (plus `extra` hypothetical changes): rest, double booking, qualification, leave."""
    r = s.get(RosterAssignment, assignment_id)
    if r is None:
        raise NotFound("Không có ô lịch trực #{i}.", "No roster slot #{i}.", i=assignment_id)
    changes = {assignment_id: officer_id, **(extra or {})}
    window = assignments_between(s, r.start_utc - timedelta(days=8),
                                 r.end_utc + timedelta(days=8))
    seats = [chk.Seat(str(a.id), a.day, a.shift_key, a.post, a.seat, a.start_utc, a.end_utc,
                      a.night, changes.get(a.id, a.officer_id)) for a in window]
    touched = {str(k) for k in changes}
    who = {v for v in changes.values() if v is not None}
    days = [r.day - timedelta(days=9), r.day + timedelta(days=9)]
    away = _leave_intervals(s, days[0], days[1], zone(s))
    staff = [chk.Staff(o.id, o.full_name, officer_posts(o), tuple(away.get(o.id, [])))
             for o in list_officers(s)]
    rr = rules(s)
    found = chk.check(seats, staff, rr.min_rest_hours, rr.max_consecutive_nights,
                      check_gaps=False)
    return [v for v in found if v.kind != "uncovered" and v.officer in who
            and (set(v.seats) & touched or v.kind == "nights")]


def set_assignment(s: Session, actor: Identity, assignment_id: int, officer: str | None,
                   reason: str = "", force: bool = False) -> list[chk.Violation]:
    """Put `officer` (None: nobody) on a slot. Conflicts refuse the change unless
    `force`; a published month needs a reason. Returns the conflicts accepted."""
    actor.require("leader")
    r = s.get(RosterAssignment, assignment_id)
    if r is None:
        raise NotFound("Không có ô lịch trực #{i}.", "No roster slot #{i}.", i=assignment_id)
    m = s.get(RosterMonth, r.month_id)
    assert m is not None
    if m.status == "published" and not reason.strip():
        raise RosterLocked("Lịch tháng {m} đã công bố: phải ghi lý do thay đổi.",
                           "{m} is published: a reason for the change is required.",
                           m=m.month)
    oid = find_officer(s, officer).id if officer else None
    found = conflicts_if(s, assignment_id, oid) if oid is not None else []
    if found and not force:
        v = found[0]
        raise RosterConflict("Không thể xếp: {vi}", "Cannot assign: {en}", vi=v.vi, en=v.en)
    old = r.officer_id
    r.officer_id, r.source, r.note = oid, "manual", reason
    audit.record(s, actor.username, "roster.edit", "roster_assignment", r.id,
                 month=m.month, day=str(r.day), shift=r.shift_key, post=r.post,
                 old=_name(s, old), new=_name(s, oid), reason=reason,
                 conflicts=[v.en for v in found])
    return found


def _name(s: Session, oid: int | None) -> str:
    if oid is None:
        return ""
    o = s.get(Officer, oid)
    return o.full_name if o else str(oid)


def request_swap(s: Session, actor: Identity, first_id: int, second_id: int,
                 reason: str = "") -> SwapRequest:
    a, b = s.get(RosterAssignment, first_id), s.get(RosterAssignment, second_id)
    if a is None or b is None or a.officer_id is None or b.officer_id is None:
        raise InvalidInput("Cần hai ô đã có người trực để đổi ca.",
                           "A swap needs two slots that both have an officer.")
    if a.officer_id == b.officer_id:
        raise InvalidInput("Hai ô cùng một người.", "Both slots belong to the same officer.")
    mine = {o.id for o in s.scalars(select(Officer).where(Officer.user_id == actor.id))}
    if not actor.at_least("leader") and not mine & {a.officer_id, b.officer_id}:
        raise PermissionDenied("Chỉ người trong ca mới đề nghị đổi ca.",
                               "Only one of the two officers may ask for a swap.")
    sw = SwapRequest(first_id=a.id, second_id=b.id, reason=reason,
                     requested_by=actor.username)
    s.add(sw)
    s.flush()
    audit.record(s, actor.username, "roster.swap_request", "swap_request", sw.id,
                 first=a.id, second=b.id, reason=reason)
    return sw


def swap_conflicts(s: Session, first_id: int, second_id: int) -> list[chk.Violation]:
    a, b = s.get(RosterAssignment, first_id), s.get(RosterAssignment, second_id)
    assert a is not None and b is not None
    return conflicts_if(s, a.id, b.officer_id, {b.id: a.officer_id})


def decide_swap(s: Session, actor: Identity, swap_id: int, approve: bool,
                force: bool = False) -> SwapRequest:
    actor.require("leader")
    sw = s.get(SwapRequest, swap_id)
    if sw is None or sw.status != "pending":
        raise NotFound("Không có đề nghị đổi ca #{i} đang chờ.", "No pending swap #{i}.",
                       i=swap_id)
    found: list[chk.Violation] = []
    if approve:
        found = swap_conflicts(s, sw.first_id, sw.second_id)
        if found and not force:
            raise RosterConflict("Đổi ca vi phạm: {vi}", "The swap breaks a rule: {en}",
                                 vi=found[0].vi, en=found[0].en)
        a, b = s.get(RosterAssignment, sw.first_id), s.get(RosterAssignment, sw.second_id)
        assert a is not None and b is not None
        a.officer_id, b.officer_id = b.officer_id, a.officer_id
        a.source = b.source = "swap"
    sw.status = "approved" if approve else "rejected"
    sw.decided_by, sw.decided_at = actor.username, utcnow()
    audit.record(s, actor.username, "roster.swap_" + sw.status, "swap_request", sw.id,
                 conflicts=[v.en for v in found])
    return sw


def pending_swaps(s: Session) -> list[SwapRequest]:
    return list(s.scalars(select(SwapRequest).where(SwapRequest.status == "pending")
                          .order_by(SwapRequest.requested_at)))


def propose_repair(s: Session, month: str, seconds: float = 10.0,
                   now: datetime | None = None, workers: int = 2) -> Outcome:
    """Re-solve the part of the month not yet started, keeping as many assignments as
    the rules allow (started shifts are pinned). Nothing is written."""
    m = get_month(s, month)
    b = build(s, m)
    now = now or utcnow()
    prev: dict[int, int] = {}
    pinned: dict[int, int] = {}
    for i, r in enumerate(b.rows):
        if r.officer_id is None:
            continue
        if r.start_utc <= now:
            pinned[i] = r.officer_id
        else:
            prev[i] = r.officer_id
    b.problem.pinned, b.problem.previous = pinned, prev
    res = eng.solve(b.problem, seconds=seconds, workers=workers)
    t = month_template(m)
    changes = [(b.rows[i], b.rows[i].officer_id, oid) for i, oid in res.assignment.items()
               if oid != b.rows[i].officer_id and b.rows[i].start_utc > now]
    return Outcome(month, res.status, res.objective, res.bound, res.seconds,
                   sum(1 for v in res.assignment.values() if v is not None),
                   len(res.assignment), _explained(t, res, b), changes)


def apply_repair(s: Session, actor: Identity, outcome: Outcome, reason: str) -> int:
    actor.require("leader")
    for r, old, new in outcome.changes:
        if r.officer_id != old:
            raise RosterConflict("Lịch đã thay đổi từ khi đề xuất; đề xuất lại.",
                                 "The roster changed since the proposal; propose again.")
        r.officer_id, r.source, r.note = new, "repair", reason
    audit.record(s, actor.username, "roster.repair", "roster_month", outcome.month,
                 reason=reason, changes=[{"slot": r.id, "old": _name(s, o), "new": _name(s, n)}
                                         for r, o, n in outcome.changes])
    return len(outcome.changes)


# --- balances and output --------------------------------------------------------------------

@dataclass
class Balance:
    officer: str
    month: dict[str, int]
    year: dict[str, int]


def balances(s: Session, month: str) -> list[Balance]:
    """Per officer: hours, nights, weekend shifts, holiday points this month and
    year-to-date (to the end of this month)."""
    year, mo = cal.parse_month(month)
    hol = holidays(s, date(year, 1, 1), date(year, 12, 31))
    rows = s.execute(select(RosterAssignment, RosterMonth.month).join(RosterMonth)
                     .where(RosterMonth.month >= f"{year:04d}-01", RosterMonth.month <= month,
                            RosterAssignment.officer_id.is_not(None))).all()
    zero = dict.fromkeys(eng.METRICS, 0)
    acc: dict[int, tuple[dict[str, int], dict[str, int]]] = {}
    for o in list_officers(s):
        acc[o.id] = (dict(zero), dict(zero))
    for i, (r, mk) in enumerate(rows):
        if r.officer_id not in acc:
            continue
        sl = _slot(r, i, hol)
        mon, yr = acc[r.officer_id]
        for k in eng.METRICS:
            yr[k] += sl.metric(k)
            if mk == month:
                mon[k] += sl.metric(k)
    names = {o.id: o.full_name for o in list_officers(s)}
    return [Balance(names[oid], mon, yr) for oid, (mon, yr) in acc.items()]


def iso_local(dt: datetime, tzname: str) -> str:
    return dt.astimezone(ZoneInfo(tzname)).isoformat(timespec="minutes")


def month_json(s: Session, month: str) -> dict[str, object]:
    m = get_month(s, month)
    tzname = zone(s)
    return {"month": month, "status": m.status, "assignments": [
        {"officer": r.officer.full_name if r.officer else None, "post": r.post,
         "start": iso_local(r.start_utc, tzname), "end": iso_local(r.end_utc, tzname),
         "day": r.day.isoformat(), "shift": r.shift_key, "seat": r.seat, "id": r.id}
        for r in assignments(s, m)]}


def template_json(m: RosterMonth) -> dict[str, object]:
    out: dict[str, object] = json.loads(m.template)
    return out
