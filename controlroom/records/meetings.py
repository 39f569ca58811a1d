"""Meeting minutes (biên bản họp) and their decisions.

The steering board meets monthly on the last working day (or quarterly), plus
extraordinary meetings and the yearly review. A decision has an owner and a due date
and stays on the open list (dashboard, next meeting) until someone marks it done.
`next_monthly` gives the last working day of a month (Vietnamese public holidays from the
`holidays` package when it is installed), for the reminder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from controlroom.errors import InvalidInput, NotFound
from controlroom.records import audit
from controlroom.records.models import MEETING_KINDS, Meeting, MeetingAttendee, MeetingDecision
from controlroom.records.users import Identity
from controlroom.textutil import nfc
from controlroom.timeutil import DEFAULT_TZ, as_utc, utcnow

KIND_NAMES = {
    "monthly": ("Họp giao ban tháng", "Monthly meeting"),
    "quarterly": ("Họp quý", "Quarterly meeting"),
    "extraordinary": ("Họp đột xuất", "Extraordinary meeting"),
    "yearly": ("Hội nghị tổng kết năm", "Yearly review"),
}


@dataclass
class DecisionInput:
    text: str
    owner: str = ""
    due: datetime | None = None


@dataclass
class MeetingInput:
    held_at: datetime
    kind: str
    chair: str
    secretary: str
    attendees: list[str] = field(default_factory=list)
    absentees: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    content: str = ""
    location: str = ""
    decisions: list[DecisionInput] = field(default_factory=list)


def parse_decision(text: str, zone: str = DEFAULT_TZ) -> DecisionInput:
    """`TEXT[|OWNER[|DUE]]` with DUE as dd/MM/yyyy or ISO."""
    from controlroom.timeutil import parse_time

    parts = [p.strip() for p in text.split("|")]
    if not parts[0]:
        raise InvalidInput("Quyết định không có nội dung.", "A decision has no text.")
    due = parse_time(parts[2], zone) if len(parts) > 2 and parts[2] else None
    return DecisionInput(parts[0], parts[1] if len(parts) > 1 else "", due)


def add(s: Session, actor: Identity, m: MeetingInput) -> Meeting:
    if m.kind not in MEETING_KINDS:
        raise InvalidInput("Loại cuộc họp không hợp lệ: {k} ({all}).",
                           "Invalid meeting type: {k} ({all}).", k=m.kind,
                           all=", ".join(MEETING_KINDS))
    if not m.chair.strip() or not m.secretary.strip():
        raise InvalidInput("Biên bản họp cần chủ trì và thư ký.",
                           "Minutes need a chair and a secretary.")
    row = Meeting(held_at=as_utc(m.held_at), kind=m.kind, chair=nfc(m.chair.strip()),
                  secretary=nfc(m.secretary.strip()), content=nfc(m.content.strip()),
                  location=nfc(m.location.strip()), created_by=actor.username)
    for name in m.attendees:
        if name.strip():
            row.attendees.append(MeetingAttendee(name=nfc(name.strip()), present=True))
    for name, reason in m.absentees:
        if name.strip():
            row.attendees.append(MeetingAttendee(name=nfc(name.strip()), present=False,
                                                 reason=nfc(reason.strip())))
    for d in m.decisions:
        row.decisions.append(MeetingDecision(text=nfc(d.text.strip()), owner=nfc(d.owner),
                                             due_utc=as_utc(d.due) if d.due else None))
    s.add(row)
    s.flush()
    audit.record(s, actor.username, "meeting.add", "meeting", row.id, kind=m.kind,
                 held_at=row.held_at.isoformat(), decisions=len(row.decisions))
    return row


def get(s: Session, meeting_id: int) -> Meeting:
    row = s.scalar(select(Meeting).options(selectinload(Meeting.attendees),
                                           selectinload(Meeting.decisions))
                   .where(Meeting.id == meeting_id))
    if row is None:
        raise NotFound("Không có biên bản họp số {i}.", "No meeting {i}.", i=meeting_id)
    return row


def in_range(s: Session, start: datetime, end: datetime) -> list[Meeting]:
    q = (select(Meeting).options(selectinload(Meeting.attendees),
                                 selectinload(Meeting.decisions))
         .where(Meeting.held_at >= start, Meeting.held_at < end).order_by(Meeting.held_at))
    return list(s.scalars(q))


def open_decisions(s: Session) -> list[MeetingDecision]:
    q = (select(MeetingDecision).where(MeetingDecision.done_at.is_(None))
         .order_by(MeetingDecision.due_utc.is_(None), MeetingDecision.due_utc,
                   MeetingDecision.id))
    return list(s.scalars(q))


def close_decision(s: Session, actor: Identity, decision_id: int) -> MeetingDecision:
    d = s.get(MeetingDecision, decision_id)
    if d is None:
        raise NotFound("Không có quyết định số {i}.", "No decision {i}.", i=decision_id)
    if d.done_at is None:
        d.done_at, d.done_by = utcnow(), actor.username
        audit.record(s, actor.username, "meeting.decision_done", "meeting_decision", d.id,
                     meeting=d.meeting_id)
    return d


def _vn_holidays(year: int) -> set[date]:
    try:
        import holidays
    except ImportError:  # pragma: no cover - optional
        return set()
    return set(holidays.country_holidays("VN", years=year).keys())


def last_working_day(year: int, month: int) -> date:
    """The last Monday–Friday of the month that is not a public holiday."""
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - timedelta(days=1)
    off = _vn_holidays(year)
    while d.weekday() >= 5 or d in off:
        d -= timedelta(days=1)
    return d


@dataclass(frozen=True)
class Reminder:
    due: date
    days_left: int
    held: bool  # a monthly meeting is already in the book for that month


def monthly_reminder(s: Session, now: datetime | None = None, zone: str = DEFAULT_TZ,
                     days_before: int = 3) -> Reminder | None:
    """The coming monthly meeting if it is within `days_before` days and not yet held."""
    z = ZoneInfo(zone)
    today = as_utc(now or utcnow()).astimezone(z).date()
    due = last_working_day(today.year, today.month)
    if due < today:
        y, mth = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        due = last_working_day(y, mth)
    first = datetime(due.year, due.month, 1, tzinfo=z)
    held = s.scalar(select(Meeting.id).where(Meeting.kind == "monthly",
                                             Meeting.held_at >= as_utc(first)).limit(1))
    days_left = (due - today).days
    if days_left > days_before:
        return None
    return Reminder(due, days_left, held is not None)
