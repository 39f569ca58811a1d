"""At the desk: the current shift, check-in/out, late or missing officers, and the
handover book (sổ giao ca) with the leader's review.

A handover page belongs to one shift (roster day + shift key). Its lines are prefilled
from what the books recorded during the shift — incidents, evidence exports, snapshots,
cameras that went offline (health events) and recording gaps — plus the outgoing
officer's free text. Lifecycle: draft → submitted (outgoing) → acknowledged (incoming).
Once acknowledged the page is frozen: its content hash is stored, later corrections are
dated amendments, and an audit checkpoint (audit_anchor) is taken and embedded.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from controlroom.errors import ExitCode, InvalidInput, NotFound, PermissionDenied, UserError
from controlroom.paths import DataHome
from controlroom.records import audit, roster, settings
from controlroom.records.db import Database
from controlroom.records.models import (
    Camera,
    CheckIn,
    Export,
    Gap,
    Handover,
    HandoverAmendment,
    HealthEvent,
    Incident,
    Officer,
    RosterAssignment,
    RosterMonth,
    Snapshot,
)
from controlroom.records.users import Identity
from controlroom.timeutil import as_utc, format_local, utcnow


class HandoverFrozen(UserError):
    """An acknowledged handover cannot be edited, only amended."""

    exit_code = ExitCode.HANDOVER_FROZEN


# --- the shift now --------------------------------------------------------------------------

@dataclass
class Seat:
    assignment: RosterAssignment
    officer: str
    check_in: datetime | None
    check_out: datetime | None
    flag: str  # "" / "late" / "missing"
    post: str = ""


@dataclass
class Shift:
    day: date
    shift_key: str
    name: str
    start: datetime
    end: datetime
    seats: list[Seat] = field(default_factory=list)

    def officer(self, post: str) -> str:
        for s in self.seats:
            if s.post == post and s.officer:
                return s.officer
        return ""


def _label(s: Session, a: RosterAssignment) -> str:
    m = s.get(RosterMonth, a.month_id)
    t = roster.month_template(m) if m else None
    return roster.shift_label(t, a.shift_key)


def _shift_of(s: Session, rows: list[RosterAssignment], now: datetime) -> Shift | None:
    if not rows:
        return None
    a = rows[0]
    late = timedelta(minutes=int(settings.get(s, "roster_late_minutes")))
    sh = Shift(a.day, a.shift_key, _label(s, a), a.start_utc, a.end_utc)
    for r in rows:
        ci = s.scalar(select(CheckIn).where(CheckIn.assignment_id == r.id))
        flag = ""
        if r.officer_id is not None:
            if ci is None and now > r.start_utc + late and now < r.end_utc:
                flag = "missing"
            elif ci is not None and ci.check_in_at > r.start_utc + late:
                flag = "late"
        sh.seats.append(Seat(r, roster._name(s, r.officer_id), ci.check_in_at if ci else None,
                             ci.check_out_at if ci else None, flag, r.post))
    return sh


def _group(rows: list[RosterAssignment]) -> list[list[RosterAssignment]]:
    groups: dict[tuple[date, str], list[RosterAssignment]] = defaultdict(list)
    for r in rows:
        groups[(r.day, r.shift_key)].append(r)
    return sorted(groups.values(), key=lambda g: g[0].start_utc)


def shift_at(s: Session, when: datetime) -> Shift | None:
    when = as_utc(when)
    rows = [r for r in roster.assignments_between(s, when, when + timedelta(seconds=1))]
    groups = _group(rows)
    return _shift_of(s, groups[0], when) if groups else None


def next_shift(s: Session, when: datetime) -> Shift | None:
    when = as_utc(when)
    cur = shift_at(s, when)
    after = cur.end if cur else when
    rows = [r for r in roster.assignments_between(s, after, after + timedelta(days=2))
            if r.start_utc >= after]
    groups = _group(rows)
    return _shift_of(s, groups[0], when) if groups else None


def previous_shift(s: Session, when: datetime) -> Shift | None:
    cur = shift_at(s, when)
    before = cur.start if cur else as_utc(when)
    rows = [r for r in roster.assignments_between(s, before - timedelta(days=2), before)
            if r.end_utc <= before]
    groups = _group(rows)
    return _shift_of(s, groups[-1], as_utc(when)) if groups else None


def _officer_of(s: Session, actor: Identity, name: str | None) -> Officer:
    if name:
        o = roster.find_officer(s, name)
        if not actor.at_least("leader") and o.user_id != actor.id:
            raise PermissionDenied("Chỉ chỉ huy mới ghi hộ giờ vào ca cho người khác.",
                                   "Only a leader may check someone else in.")
        return o
    mine = roster.officer_for_user(s, actor.id)
    if mine is None:
        raise NotFound("Tài khoản «{u}» chưa gắn với cán bộ nào trong lịch trực.",
                       "Account «{u}» is not linked to an officer on the roster.",
                       u=actor.username)
    return mine


def _assignment_near(s: Session, o: Officer, when: datetime) -> RosterAssignment | None:
    """The officer's assignment running at `when`, or starting within the next two hours."""
    rows = [r for r in roster.assignments_between(s, when - timedelta(hours=1),
                                                  when + timedelta(hours=2))
            if r.officer_id == o.id and r.end_utc > when]
    return rows[0] if rows else None


def _assignment_for(s: Session, o: Officer, when: datetime) -> RosterAssignment:
    a = _assignment_near(s, o, when)
    if a is None:
        raise NotFound("{n} không có ca trực lúc này.", "{n} has no shift now.", n=o.full_name)
    return a


@dataclass
class MyDesk:
    """What the signed-in officer may do at the desk now (the shift dock's buttons).
    The shift shown is the one `check_in` would record (running, or starting within two
    hours: `bookable`), else the one that ended in the last two hours (checking out after
    the handover); `check_in`/`check_out` are its times; `open_check_in` is the check-in
    `check_out` would close."""

    shift_start: datetime | None = None
    bookable: bool = False
    check_in: datetime | None = None
    check_out: datetime | None = None
    open_check_in: datetime | None = None

    @property
    def can_check_in(self) -> bool:
        return self.bookable and self.check_in is None

    @property
    def can_check_out(self) -> bool:
        return self.open_check_in is not None


def my_desk(s: Session, actor: Identity, when: datetime | None = None) -> MyDesk:
    when = as_utc(when or utcnow())
    o = roster.officer_for_user(s, actor.id)
    if o is None:
        return MyDesk()
    out = MyDesk()
    a = _assignment_near(s, o, when)
    out.bookable = a is not None
    if a is None:
        ended = [r for r in roster.assignments_between(s, when - timedelta(hours=2), when)
                 if r.officer_id == o.id and r.end_utc <= when]
        a = ended[-1] if ended else None
    if a is not None:
        out.shift_start = a.start_utc
        ci = s.scalar(select(CheckIn).where(CheckIn.assignment_id == a.id))
        if ci is not None:
            out.check_in, out.check_out = ci.check_in_at, ci.check_out_at
    out.open_check_in = s.scalar(
        select(CheckIn.check_in_at).where(CheckIn.officer_id == o.id,
                                          CheckIn.check_out_at.is_(None))
        .order_by(CheckIn.check_in_at.desc()).limit(1))
    return out


def check_in(s: Session, actor: Identity, officer: str | None = None,
             when: datetime | None = None) -> CheckIn:
    when = as_utc(when or utcnow())
    o = _officer_of(s, actor, officer)
    a = _assignment_for(s, o, when)
    ci = s.scalar(select(CheckIn).where(CheckIn.assignment_id == a.id))
    if ci is not None:
        return ci
    return _record_check_in(s, actor, o, a, when)


def _record_check_in(s: Session, actor: Identity, o: Officer, a: RosterAssignment,
                     when: datetime, **detail: Any) -> CheckIn:
    """Officer `o` in for assignment `a` at `when`, audited (late or not, and `detail`)."""
    ci = CheckIn(assignment_id=a.id, officer_id=o.id, check_in_at=when,
                 recorded_by=actor.username)
    s.add(ci)
    s.flush()
    late = timedelta(minutes=int(settings.get(s, "roster_late_minutes")))
    audit.record(s, actor.username, "desk.check_in", "roster_assignment", a.id,
                 officer=o.full_name, at=when.isoformat(), late=when > a.start_utc + late,
                 **detail)
    return ci


SIGN_IN_EARLY = timedelta(minutes=30)


def check_in_at_sign_in(s: Session, actor: Identity, when: datetime | None = None
                        ) -> CheckIn | None:
    """Sign-in checks the desk in: when the signed-in account is an officer on the shift
    running now (or starting within `SIGN_IN_EARLY`) who has not checked in yet, record the
    check-in at the sign-in time (audited, `auto=True`). Otherwise nothing happens and
    None is returned — a user who is not on the roster, not on this shift, or already in,
    or a post that turned `roster_auto_checkin` off."""
    when = as_utc(when or utcnow())
    if not settings.get(s, "roster_auto_checkin"):
        return None
    o = roster.officer_for_user(s, actor.id)
    if o is None or not o.active:
        return None
    rows = [r for r in roster.assignments_between(s, when, when + SIGN_IN_EARLY)
            if r.officer_id == o.id and r.end_utc > when]
    if not rows:
        return None
    a = min(rows, key=lambda r: r.start_utc)
    if s.scalar(select(CheckIn).where(CheckIn.assignment_id == a.id)) is not None:
        return None
    return _record_check_in(s, actor, o, a, when, auto=True)


def check_out(s: Session, actor: Identity, officer: str | None = None,
              when: datetime | None = None) -> CheckIn:
    when = as_utc(when or utcnow())
    o = _officer_of(s, actor, officer)
    ci = s.scalar(select(CheckIn).where(CheckIn.officer_id == o.id,
                                        CheckIn.check_out_at.is_(None))
                  .order_by(CheckIn.check_in_at.desc()).limit(1))
    if ci is None:
        raise NotFound("{n} chưa vào ca.", "{n} has not checked in.", n=o.full_name)
    ci.check_out_at = when
    audit.record(s, actor.username, "desk.check_out", "roster_assignment", ci.assignment_id,
                 officer=o.full_name, at=when.isoformat())
    return ci


def flags(s: Session, when: datetime | None = None) -> list[Seat]:
    """Late or missing officers of the current shift (for the dock and the leader)."""
    sh = shift_at(s, as_utc(when or utcnow()))
    return [x for x in sh.seats if x.flag] if sh else []


# --- handover book --------------------------------------------------------------------------

def _line(kind: str, when: datetime | None, vi: str, en: str, ref: str = "") -> dict[str, Any]:
    return {"kind": kind, "time": when.isoformat() if when else "", "vi": vi, "en": en,
            "ref": ref}


def prefill(s: Session, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """What happened during [start, end): the lines a handover starts with."""
    zone = roster.zone(s)
    t = lambda d: format_local(d, zone, seconds=False)  # noqa: E731
    out: list[dict[str, Any]] = []
    for inc in s.scalars(select(Incident).where(Incident.occurred_at >= start,
                                                Incident.occurred_at < end)
                         .order_by(Incident.occurred_at)):
        out.append(_line("incident", inc.occurred_at,
                         f"Vụ việc {inc.code} lúc {t(inc.occurred_at)}: {inc.summary} "
                         f"({inc.location or inc.area}) — trạng thái {inc.status}",
                         f"Incident {inc.code} at {t(inc.occurred_at)}: {inc.summary} "
                         f"({inc.location or inc.area}) — status {inc.status}", inc.code))
    for ex in s.scalars(select(Export).where(Export.created_at >= start,
                                             Export.created_at < end)
                        .order_by(Export.created_at)):
        out.append(_line("export", ex.created_at,
                         f"Trích xuất {ex.record_number or ex.uid[:8]} ({ex.status}): "
                         f"{ex.agency or ex.reason}",
                         f"Export {ex.record_number or ex.uid[:8]} ({ex.status}): "
                         f"{ex.agency or ex.reason}", ex.uid))
    cams = {c.id: c.name for c in s.scalars(select(Camera))}
    for sn in s.scalars(select(Snapshot).where(Snapshot.ts >= start, Snapshot.ts < end)
                        .order_by(Snapshot.ts)):
        out.append(_line("snapshot", sn.ts,
                         f"Ảnh chụp {cams.get(sn.camera_id, sn.camera_id)} lúc {t(sn.ts)}",
                         f"Snapshot of {cams.get(sn.camera_id, sn.camera_id)} at {t(sn.ts)}",
                         str(sn.id)))
    for he in s.scalars(select(HealthEvent).where(
            HealthEvent.ts >= start, HealthEvent.ts < end,
            HealthEvent.state.in_(["offline", "auth_failed"])).order_by(HealthEvent.ts)):
        out.append(_line("offline", he.ts,
                         f"Camera {cams.get(he.camera_id, he.camera_id)} mất kết nối lúc "
                         f"{t(he.ts)}" + (" (sai mật khẩu)" if he.state == "auth_failed" else ""),
                         f"Camera {cams.get(he.camera_id, he.camera_id)} went offline at "
                         f"{t(he.ts)}" + (" (wrong password)" if he.state == "auth_failed"
                                          else ""), str(he.camera_id)))
    for g in s.scalars(select(Gap).where(Gap.start_utc < end, or_(
            Gap.end_utc.is_(None), Gap.end_utc > start)).order_by(Gap.start_utc)):
        until_vi = t(g.end_utc) if g.end_utc else "chưa ghi lại"
        until_en = t(g.end_utc) if g.end_utc else "still not recording"
        out.append(_line("gap", g.start_utc,
                         f"Hở ghi hình {cams.get(g.camera_id, g.camera_id)}: "
                         f"{t(g.start_utc)} – {until_vi} ({g.reason})",
                         f"Recording gap on {cams.get(g.camera_id, g.camera_id)}: "
                         f"{t(g.start_utc)} – {until_en} ({g.reason})", str(g.camera_id)))
    out.sort(key=lambda x: x["time"])
    return out


def get(s: Session, handover_id: int) -> Handover:
    h = s.get(Handover, handover_id)
    if h is None:
        raise NotFound("Không có trang giao ca #{i}.", "No handover #{i}.", i=handover_id)
    return h


def open_for(s: Session, actor: Identity, shift: Shift) -> Handover:
    """The handover page of `shift`, created and prefilled if it does not exist."""
    h = s.scalar(select(Handover).where(Handover.day == shift.day,
                                        Handover.shift_key == shift.shift_key))
    if h is not None:
        return h
    nxt = next_shift(s, shift.end - timedelta(seconds=1))
    h = Handover(day=shift.day, shift_key=shift.shift_key, start_utc=shift.start,
                 end_utc=shift.end, outgoing=shift.officer("desk"),
                 incoming=nxt.officer("desk") if nxt else "",
                 items=json.dumps(prefill(s, shift.start, shift.end), ensure_ascii=False))
    s.add(h)
    s.flush()
    audit.record(s, actor.username, "handover.open", "handover", h.id, day=str(h.day),
                 shift=h.shift_key)
    return h


def open_at(s: Session, actor: Identity, when: datetime | None = None) -> Handover:
    sh = shift_at(s, as_utc(when or utcnow()))
    if sh is None:
        raise NotFound("Không có ca trực nào vào lúc này.", "No shift at this time.")
    return open_for(s, actor, sh)


def open_day(s: Session, actor: Identity, day: date, shift_key: str) -> Handover:
    rows = [r for r in s.scalars(select(RosterAssignment).where(
        RosterAssignment.day == day, RosterAssignment.shift_key == shift_key))]
    if not rows:
        raise NotFound("Không có ca «{k}» ngày {d:%d/%m/%Y} trong lịch.",
                       "No shift «{k}» on {d:%d/%m/%Y} in the roster.", k=shift_key, d=day)
    sh = _shift_of(s, rows, utcnow())
    assert sh is not None
    return open_for(s, actor, sh)


def _frozen(h: Handover) -> None:
    if h.status == "acknowledged":
        raise HandoverFrozen("Trang giao ca đã được nhận, không sửa được; hãy ghi bổ sung.",
                             "The handover was acknowledged and cannot be edited; add an "
                             "amendment.")


def _may_write(s: Session, actor: Identity, h: Handover) -> None:
    if actor.at_least("leader"):
        return
    o = roster.officer_for_user(s, actor.id)
    if o is None or o.full_name not in (h.outgoing, h.incoming):
        raise PermissionDenied("Chỉ cán bộ của ca này hoặc chỉ huy mới ghi sổ giao ca.",
                               "Only this shift's officers or a leader may write it.")


def refresh(s: Session, actor: Identity, handover_id: int) -> Handover:
    h = get(s, handover_id)
    _frozen(h)
    h.items = json.dumps(prefill(s, h.start_utc, h.end_utc), ensure_ascii=False)
    return h


def save_note(s: Session, actor: Identity, handover_id: int, note: str) -> Handover:
    h = get(s, handover_id)
    _frozen(h)
    _may_write(s, actor, h)
    h.note = note
    audit.record(s, actor.username, "handover.note", "handover", h.id, length=len(note))
    return h


def submit(s: Session, actor: Identity, handover_id: int, note: str | None = None,
           at: datetime | None = None) -> Handover:
    h = get(s, handover_id)
    _frozen(h)
    _may_write(s, actor, h)
    if note is not None:
        h.note = note
    h.items = json.dumps(prefill(s, h.start_utc, h.end_utc), ensure_ascii=False)
    h.status, h.submitted_by = "submitted", actor.username
    h.submitted_at = as_utc(at) if at else utcnow()
    audit.record(s, actor.username, "handover.submit", "handover", h.id)
    return h


def content_hash(h: Handover) -> str:
    doc = [str(h.day), h.shift_key, h.start_utc.isoformat(), h.end_utc.isoformat(),
           h.outgoing, h.incoming, json.loads(h.items or "[]"), h.note, h.submitted_by,
           h.submitted_at.isoformat() if h.submitted_at else "", h.acknowledged_by,
           h.acknowledged_at.isoformat() if h.acknowledged_at else ""]
    raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def intact(h: Handover) -> bool:
    return h.status != "acknowledged" or content_hash(h) == h.content_sha256


def acknowledge(s: Session, actor: Identity, handover_id: int,
                at: datetime | None = None) -> Handover:
    h = get(s, handover_id)
    _frozen(h)
    if h.status != "submitted":
        raise InvalidInput("Người trực ca trước chưa bàn giao (chưa gửi).",
                           "The outgoing officer has not submitted the handover yet.")
    _may_write(s, actor, h)
    h.status, h.acknowledged_by = "acknowledged", actor.username
    h.acknowledged_at = as_utc(at) if at else utcnow()
    h.content_sha256 = content_hash(h)
    audit.record(s, actor.username, "handover.acknowledge", "handover", h.id,
                 sha256=h.content_sha256)
    return h


def acknowledge_and_anchor(db: Database, home: DataHome, actor: Identity,
                           handover_id: int, at: datetime | None = None) -> Handover:
    """Acknowledge, then take an audit checkpoint and embed it in the page (anchoring
    never blocks a handover: without a signing key the page simply has no anchor)."""
    from controlroom.records import audit_anchor

    with db.session() as s:
        h = acknowledge(s, actor, handover_id, at)
        label = f"handover {h.day} {h.shift_key}"
    audit_anchor.try_checkpoint(db, home, label, actor=actor)
    cp = audit_anchor.latest_checkpoint(home)
    with db.session() as s:
        h = get(s, handover_id)
        if cp is not None:
            h.anchor = json.dumps(cp, ensure_ascii=False, default=str)
        s.expunge(h)
    return h


def amend(s: Session, actor: Identity, handover_id: int, text: str) -> HandoverAmendment:
    h = get(s, handover_id)
    if not text.strip():
        raise InvalidInput("Nội dung bổ sung trống.", "The amendment is empty.")
    _may_write(s, actor, h)
    a = HandoverAmendment(handover_id=h.id, author=actor.username, text=text.strip(),
                          ts=utcnow())
    s.add(a)
    s.flush()
    audit.record(s, actor.username, "handover.amend", "handover", h.id, text=text.strip())
    return a


def amendments(s: Session, handover_id: int) -> list[HandoverAmendment]:
    return list(s.scalars(select(HandoverAmendment)
                          .where(HandoverAmendment.handover_id == handover_id)
                          .order_by(HandoverAmendment.ts)))


def review(s: Session, actor: Identity, handover_id: int, approve: bool,
           comment: str = "") -> Handover:
    actor.require("leader")
    h = get(s, handover_id)
    if h.status == "draft":
        raise InvalidInput("Trang giao ca chưa được gửi.", "The handover was not submitted.")
    if not approve and not comment.strip():
        raise InvalidInput("Cần ghi nhận xét.", "A comment is required.")
    h.review = "approved" if approve else "commented"
    h.review_comment, h.reviewed_by, h.reviewed_at = comment, actor.username, utcnow()
    audit.record(s, actor.username, "handover.review", "handover", h.id, review=h.review,
                 comment=comment)
    return h


def listing(s: Session, first: date | None = None, last: date | None = None,
            pending_review: bool = False) -> list[Handover]:
    q = select(Handover).order_by(Handover.start_utc)
    if first:
        q = q.where(Handover.day >= first)
    if last:
        q = q.where(Handover.day <= last)
    if pending_review:
        q = q.where(Handover.review == "pending", Handover.status != "draft")
    return list(s.scalars(q))


@dataclass
class QueueItem:
    kind: str  # handover / late / missing / swap / unhanded
    ref: int
    vi: str
    en: str
    when: datetime | None = None


def leader_queue(s: Session, now: datetime | None = None) -> list[QueueItem]:
    """What waits for the leader: handovers to review, late/missing officers, swaps,
    past shifts without a handover."""
    now = as_utc(now or utcnow())
    zone = roster.zone(s)
    out: list[QueueItem] = []
    for h in listing(s, pending_review=True):
        out.append(QueueItem("handover", h.id,
                             f"Duyệt giao ca {h.day:%d/%m} {h.shift_key}: {h.outgoing} → "
                             f"{h.incoming or '?'}",
                             f"Review handover {h.day:%d/%m} {h.shift_key}: {h.outgoing} → "
                             f"{h.incoming or '?'}", h.end_utc))
    for seat in flags(s, now):
        what = ("đến muộn", "late") if seat.flag == "late" else ("chưa vào ca", "missing")
        began = format_local(seat.assignment.start_utc, zone, False)
        post = seat.assignment.post
        out.append(QueueItem(seat.flag, seat.assignment.id,
                             f"{seat.officer} {what[0]} ({roster.post_label(post)}, "
                             f"ca bắt đầu {began})",
                             f"{seat.officer} {what[1]} ({roster.post_label(post, 'en')}, "
                             f"shift began {began})", seat.assignment.start_utc))
    for sw in roster.pending_swaps(s):
        a, b = s.get(RosterAssignment, sw.first_id), s.get(RosterAssignment, sw.second_id)
        if a is None or b is None:
            continue
        out.append(QueueItem("swap", sw.id,
                             f"Đổi ca: {roster._name(s, a.officer_id)} ({a.day:%d/%m}) ↔ "
                             f"{roster._name(s, b.officer_id)} ({b.day:%d/%m}) — {sw.reason}",
                             f"Swap: {roster._name(s, a.officer_id)} ({a.day:%d/%m}) ↔ "
                             f"{roster._name(s, b.officer_id)} ({b.day:%d/%m}) — {sw.reason}",
                             sw.requested_at))
    prev = previous_shift(s, now)
    if prev is not None and s.scalar(select(Handover).where(
            Handover.day == prev.day, Handover.shift_key == prev.shift_key,
            Handover.status != "draft")) is None:
        out.append(QueueItem("unhanded", 0,
                             f"Ca {prev.name} {prev.day:%d/%m} chưa bàn giao",
                             f"Shift {prev.shift_key} {prev.day:%d/%m} not handed over",
                             prev.end))
    return out


def page_of(s: Session, day: date, shift_key: str, status: str | None = None
            ) -> Handover | None:
    q = select(Handover).where(Handover.day == day, Handover.shift_key == shift_key)
    if status:
        q = q.where(Handover.status == status)
    return s.scalar(q)


def shift_name(s: Session, h: Handover, lang: str = "vi") -> str:
    """The shift's name from the roster month's template ("Ca ngày"), else its key."""
    a = s.scalar(select(RosterAssignment).where(RosterAssignment.day == h.day,
                                                RosterAssignment.shift_key == h.shift_key)
                 .limit(1))
    m = s.get(RosterMonth, a.month_id) if a else None
    return roster.shift_label(roster.month_template(m) if m else None, h.shift_key, lang)
