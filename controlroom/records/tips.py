"""The tip register (sổ tiếp nhận tin báo, tố giác): tips, deadlines, transfers,
extensions, links to incidents, and the audited reveal of an informant's identity.

Deadlines (TTLT 01/2017 as amended; BLTTHS Art. 147), all stored UTC:
- hand-off to the investigation agency `tip_handoff_hours` (24) after receipt, or
  `tip_handoff_hours_remote` (48) when the tip's area is one of `tip_remote_areas`;
- resolution `tip_resolve_days` (20) calendar days after receipt, counted on the local
  calendar (Asia/Ho_Chi_Minh has no daylight saving, so this is exact across month and
  year ends), plus every recorded extension.
A reminder shows `tip_reminder_hours` / `tip_reminder_days` before a deadline; "overdue"
after it while the step is not done.

The identity is never read here except by `reveal`, which needs the leader role and a
reason and commits its audit entry before decrypting. A refused reveal is audited too.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput, NotFound, PermissionDenied
from controlroom.paths import DataHome
from controlroom.records import audit, incidents, prepared, search, settings, tip_vault
from controlroom.records.db import Database
from controlroom.records.models import (
    TIP_CHANNELS,
    Incident,
    Tip,
    TipExtension,
    TipIncident,
    TipInformant,
    TipTransfer,
)
from controlroom.records.tip_vault import Informant
from controlroom.records.types import nfc
from controlroom.records.users import Identity
from controlroom.textutil import fold
from controlroom.timeutil import DEFAULT_TZ, as_utc, format_local, to_local, tz, utcnow

CHANNELS = TIP_CHANNELS
CHANNEL_NAMES = {
    "in_person": ("Trực tiếp", "In person"),
    "phone": ("Điện thoại / đường dây nóng", "Phone / hotline"),
    "vneid": ("VNeID", "VNeID"),
    "letter": ("Thư", "Letter"),
    "other": ("Khác", "Other"),
}
STATUSES = ("received", "transferred", "resolved")
STATUS_NAMES = {
    "received": ("Đã tiếp nhận", "Received"),
    "transferred": ("Đã chuyển", "Transferred"),
    "resolved": ("Đã giải quyết", "Resolved"),
}
ALERT_NAMES = {
    "handoff_soon": ("Sắp hết hạn chuyển", "Hand-off due soon"),
    "handoff_overdue": ("Quá hạn chuyển", "Hand-off overdue"),
    "resolve_soon": ("Sắp hết hạn giải quyết", "Resolution due soon"),
    "resolve_overdue": ("Quá hạn giải quyết", "Resolution overdue"),
}
MASK = "●●●●●●"
PAGE_SIZE = 50
_PG_NUMBER_LOCK = 0x74697073  # advisory lock serialising tip numbering


# -- deadlines ---------------------------------------------------------------------------
@functools.cache
def _hours(n: int) -> timedelta:  # timedelta(hours=) parses keywords: ~0.5 µs a row
    return timedelta(hours=n)


@functools.cache
def _days(n: int) -> timedelta:
    return timedelta(days=n)


@dataclass(frozen=True)
class Rules:
    handoff_hours: int = 24
    handoff_hours_remote: int = 48
    resolve_days: int = 20
    reminder_hours: int = 6
    reminder_days: int = 3
    remote_areas: tuple[str, ...] = ()
    zone: str = DEFAULT_TZ

    @property
    def reminder_before_handoff(self) -> timedelta:
        return _hours(self.reminder_hours)

    @property
    def reminder_before_resolve(self) -> timedelta:
        return _days(self.reminder_days)

    def is_remote(self, area: str) -> bool:
        return bool(area) and fold(area.strip()) in {fold(a) for a in self.remote_areas}


def rules(session: Session, recent: bool = False) -> Rules:
    """The deadline rules from the settings. `recent`: for marks shown on a list page
    (settings.get_all_recent, at most a few seconds old); deadlines that are stored are
    always computed from the settings as they are now."""
    v = settings.get_all_recent(session) if recent else settings.get_all(session)
    areas = tuple(a.strip() for a in str(v["tip_remote_areas"]).split(",") if a.strip())
    return Rules(int(v["tip_handoff_hours"]), int(v["tip_handoff_hours_remote"]),
                 int(v["tip_resolve_days"]), int(v["tip_reminder_hours"]),
                 int(v["tip_reminder_days"]), areas, str(v["time_zone"]) or DEFAULT_TZ)


def handoff_due(received: datetime, remote: bool, r: Rules) -> datetime:
    return as_utc(received) + timedelta(hours=r.handoff_hours_remote if remote
                                        else r.handoff_hours)


def resolve_due(received: datetime, r: Rules, extension_days: int = 0) -> datetime:
    """`resolve_days` (+ extensions) calendar days later at the same local wall time."""
    local = to_local(received, r.zone).replace(tzinfo=None)
    due = local + timedelta(days=r.resolve_days + extension_days)
    return as_utc(due.replace(tzinfo=tz(r.zone)))


def alerts(tip: Tip | Row, now: datetime, r: Rules) -> list[str]:
    """Reminder / overdue marks of a tip at `now` (keys of ALERT_NAMES)."""
    return _marks(tip, as_utc(now), r.reminder_before_handoff, r.reminder_before_resolve)


def _marks(tip: Tip | Row, now: datetime, before_handoff: timedelta,
           before_resolve: timedelta) -> list[str]:
    # The due times are aware (UTCDateTime), so they compare with `now` in any zone.
    out = []
    resolved = tip.resolved_at is not None
    if tip.transferred_at is None and not resolved:
        due = tip.handoff_due
        if now > due:
            out.append("handoff_overdue")
        elif now >= due - before_handoff:
            out.append("handoff_soon")
    if not resolved:
        due = tip.resolve_due
        if now > due:
            out.append("resolve_overdue")
        elif now >= due - before_resolve:
            out.append("resolve_soon")
    return out


# -- writing -----------------------------------------------------------------------------
def format_number(seq: int, year: int) -> str:
    return f"TB-{seq:04d}/{year}"


def get(session: Session, number: str) -> Tip:
    raw = (number or "").strip().upper()
    tip = session.scalar(select(Tip).where(Tip.number == raw))
    if tip is None:
        digits = raw.removeprefix("TB-").removeprefix("TB")
        seq, _, year = digits.partition("/")
        if seq.isdigit() and year.isdigit():
            tip = session.scalar(select(Tip).where(Tip.year == int(year), Tip.seq == int(seq)))
    if tip is None:
        raise NotFound("Không có tin báo «{n}».", "No tip «{n}».", n=number)
    return tip


def add(session: Session, actor: Identity, home: DataHome, *, channel: str, content: str,
        received_at: datetime | None = None, category: str = "khac", area: str = "",
        informant: Informant | None = None) -> Tip:
    """Register a tip; the identity (optional) goes only into the vault."""
    if channel not in CHANNELS:
        raise InvalidInput("Kênh tiếp nhận không hợp lệ: {c} ({all})",
                           "Invalid channel: {c} ({all})", c=channel, all=", ".join(CHANNELS))
    content = (nfc(content) or "").strip()
    if not content:
        raise InvalidInput("Cần nội dung tin báo.", "The tip needs its content.")
    incidents.check_category(session, category)
    r = rules(session)
    received = as_utc(received_at or utcnow())
    area = (nfc(area) or "").strip()
    remote = r.is_remote(area)
    year = to_local(received, r.zone).year
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_NUMBER_LOCK})
    seq = int(session.scalar(select(func.max(Tip.seq)).where(Tip.year == year)) or 0) + 1
    who = (informant or Informant()).normalised()
    tip = Tip(number=format_number(seq, year), year=year, seq=seq, channel=channel,
              received_at=received, received_by=actor.username, category=category, area=area,
              content=content, anonymous=who.is_empty(), remote=remote,
              handoff_due=handoff_due(received, remote, r), resolve_due=resolve_due(received, r),
              status="received", created_at=utcnow())
    session.add(tip)
    session.flush()
    tip.search_text = search.words(tip.number, content, area)
    if not who.is_empty():
        tip_vault.store(session, home, tip.id, who)
    audit.record(session, actor.username, "tip.add", "tip", tip.number, channel=channel,
                 category=category, area=area, received_at=received.isoformat(),
                 anonymous=tip.anonymous)
    return tip


def transfer(session: Session, actor: Identity, number: str, agency: str, ref: str = "",
             at: datetime | None = None) -> TipTransfer:
    tip = get(session, number)
    agency = (nfc(agency) or "").strip()
    if not agency:
        raise InvalidInput("Cần tên cơ quan nhận.", "The receiving agency is required.")
    when = as_utc(at or utcnow())
    if when < as_utc(tip.received_at):
        raise InvalidInput("Thời điểm chuyển không thể trước khi tiếp nhận.",
                           "The hand-off cannot be before the tip was received.")
    row = TipTransfer(tip_id=tip.id, agency=agency, ref=(nfc(ref) or "").strip(), at=when,
                      by=actor.username)
    session.add(row)
    if tip.transferred_at is None:
        tip.transferred_at = when
    if tip.status == "received":
        tip.status = "transferred"
    session.flush()
    audit.record(session, actor.username, "tip.transfer", "tip", tip.number, agency=agency,
                 ref=row.ref, at=when.isoformat(),
                 late=when > as_utc(tip.handoff_due))
    return row


def extend(session: Session, actor: Identity, number: str, days: int, basis: str) -> Tip:
    """Extend the resolution deadline (leader), recording the legal basis."""
    actor.require("leader")
    tip = get(session, number)
    basis = (nfc(basis) or "").strip()
    if not basis:
        raise InvalidInput("Gia hạn cần ghi căn cứ.", "An extension needs its basis.")
    if not 1 <= days <= 120:
        raise InvalidInput("Số ngày gia hạn phải từ 1 đến 120.",
                           "An extension is 1 to 120 days.")
    session.add(TipExtension(tip_id=tip.id, days=days, basis=basis, by=actor.username))
    session.flush()
    total = int(session.scalar(select(func.sum(TipExtension.days))
                               .where(TipExtension.tip_id == tip.id)) or 0)
    tip.resolve_due = resolve_due(tip.received_at, rules(session), total)
    audit.record(session, actor.username, "tip.extend", "tip", tip.number, days=days,
                 basis=basis, resolve_due=tip.resolve_due.isoformat())
    return tip


def resolve(session: Session, actor: Identity, number: str, note: str = "",
            at: datetime | None = None) -> Tip:
    tip = get(session, number)
    tip.resolved_at = as_utc(at or utcnow())
    tip.status = "resolved"
    audit.record(session, actor.username, "tip.resolve", "tip", tip.number, note=note,
                 at=tip.resolved_at.isoformat())
    return tip


def link_incident(session: Session, actor: Identity, number: str, code: str) -> TipIncident:
    tip = get(session, number)
    inc = incidents.get(session, code)
    row = session.scalar(select(TipIncident).where(TipIncident.tip_id == tip.id,
                                                   TipIncident.incident_id == inc.id))
    if row is not None:
        return row
    row = TipIncident(tip_id=tip.id, incident_id=inc.id, linked_by=actor.username)
    session.add(row)
    session.flush()
    audit.record(session, actor.username, "tip.link", "tip", tip.number, incident=inc.code)
    return row


def erase_informant(db: Database, actor: Identity, number: str, reason: str) -> bool:
    """Delete the identity for good (leader, with a reason); the tip is anonymous from
    then on. Refusals are committed to the audit log and then raised, as for `reveal`.
    Returns False when the tip had no identity to erase."""
    reason = (nfc(reason) or "").strip()
    refusal: Exception | None = None
    done = False
    with db.session() as s:
        tip = get(s, number)
        if not actor.at_least("leader"):
            audit.record(s, actor.username, "tip.erase_informant_refused", "tip", tip.number,
                         why="role", reason=reason)
            try:
                actor.require("leader")
            except PermissionDenied as e:
                refusal = e
        elif not reason:
            audit.record(s, actor.username, "tip.erase_informant_refused", "tip", tip.number,
                         why="no_reason")
            refusal = InvalidInput("Xóa danh tính cần ghi lý do.",
                                   "Erasing an identity needs a reason.")
        else:
            done = tip_vault.erase(s, tip.id)
            tip.anonymous = True
            audit.record(s, actor.username, "tip.erase_informant", "tip", tip.number,
                         reason=reason, erased=done)
    if refusal is not None:
        raise refusal
    return done


def reveal(db: Database, actor: Identity, home: DataHome, number: str,
           reason: str) -> Informant | None:
    """The informant's identity, for a leader who gives a reason. The audit entry is
    committed before anything is decrypted; refusals are committed and then raised."""
    reason = (nfc(reason) or "").strip()
    refusal: Exception | None = None
    with db.session() as s:
        tip = get(s, number)
        tip_id, tip_number = tip.id, tip.number
        if not actor.at_least("leader"):
            audit.record(s, actor.username, "tip.reveal_refused", "tip", tip_number,
                         why="role", reason=reason)
            refusal = PermissionDenied(
                "Chỉ lãnh đạo (tổ trưởng / chỉ huy) mới được xem danh tính người báo tin.",
                "Only a leader may see an informant's identity.")
        elif not reason:
            audit.record(s, actor.username, "tip.reveal_refused", "tip", tip_number,
                         why="no_reason")
            refusal = InvalidInput("Xem danh tính người báo tin cần ghi lý do.",
                                   "Revealing an informant's identity needs a reason.")
        else:
            audit.record(s, actor.username, "tip.reveal", "tip", tip_number, reason=reason)
    if refusal is not None:
        raise refusal
    with db.read() as s:
        return tip_vault.load(s, home, tip_id)


# -- reading -----------------------------------------------------------------------------
@dataclass
class Filter:
    start: datetime | None = None
    end: datetime | None = None
    channels: Sequence[str] = ()
    statuses: Sequence[str] = ()
    categories: Sequence[str] = ()
    area: str = ""
    text: str = ""
    overdue: bool = False  # any deadline passed and not met, at `now`
    now: datetime | None = None
    ids: Sequence[int] = ()


@dataclass
class Row:
    id: int
    number: str
    channel: str
    received_at: datetime
    received_by: str
    category: str
    area: str
    content: str
    anonymous: bool
    status: str
    handoff_due: datetime
    resolve_due: datetime
    transferred_at: datetime | None
    resolved_at: datetime | None
    alerts: list[str] = field(default_factory=list)

    @property
    def informant(self) -> str:
        """What the UI and every export show in place of the identity."""
        return "" if self.anonymous else MASK


_ROW_COLUMNS = (Tip.id, Tip.number, Tip.channel, Tip.received_at, Tip.received_by, Tip.category,
                Tip.area, Tip.content, Tip.anonymous, Tip.status, Tip.handoff_due,
                Tip.resolve_due, Tip.transferred_at, Tip.resolved_at)
_ROW_SELECT = select(*_ROW_COLUMNS)  # built once (immutable; .where() makes a new one)


def filter_parts(f: Filter) -> list[prepared.Part]:
    """The filter's conditions (without the search words) as prepared parts: the one
    definition of what each filter field means, for lists and counts alike."""
    parts: list[prepared.Part] = []
    if f.start is not None:
        parts.append(prepared.where("start", lambda: Tip.received_at >= bindparam("start"),
                                    start=as_utc(f.start)))
    if f.end is not None:
        parts.append(prepared.where("end", lambda: Tip.received_at < bindparam("end"),
                                    end=as_utc(f.end)))
    if f.ids:
        parts.append(prepared.in_("id", Tip.id, list(f.ids)))
    if f.channels:
        parts.append(prepared.in_("channel", Tip.channel, list(f.channels)))
    if f.statuses:
        parts.append(prepared.in_("status", Tip.status, list(f.statuses)))
    if f.categories:
        parts.append(prepared.in_("category", Tip.category, list(f.categories)))
    if f.area:
        parts.append(prepared.equals("area", Tip.area, nfc(f.area.strip())))
    if f.overdue:
        parts.append(prepared.where("overdue", lambda: or_(
            and_(Tip.transferred_at.is_(None), Tip.resolved_at.is_(None),
                 Tip.handoff_due < bindparam("overdue_at")),
            and_(Tip.resolved_at.is_(None), Tip.resolve_due < bindparam("overdue_at"))),
            overdue_at=as_utc(f.now or utcnow())))
    return parts


def _search_parts(session: Session, f: Filter) -> tuple[list[prepared.Part], Any]:
    return search.parts("tip", Tip.id, Tip.search_text, f.text,
                        session.get_bind().dialect.name)


def list_rows(session: Session, f: Filter | None = None, offset: int = 0,
              limit: int = PAGE_SIZE, newest_first: bool = True) -> list[Row]:
    f = f or Filter()
    r = rules(session, recent=True)
    now = as_utc(f.now or utcnow())
    filters = filter_parts(f)
    words, rank = _search_parts(session, f)
    offset, limit = max(0, offset), max(0, min(limit, 1000))
    if rank is not None and newest_first:  # search: newest entered first (search.py)
        if session.get_bind().dialect.name == "postgresql":
            got = search.pg_page(session, "tip.rows", _ROW_SELECT, filters, Tip.id,
                                 Tip.search_text, f.text, offset, limit, Row)
        else:
            got = prepared.rows(session, "tip.rows", _ROW_SELECT, [
                *filters, *words, prepared.order("rank_desc", lambda: (rank.desc(),)),
                prepared.page(offset, limit)], Row)
    else:
        order = (prepared.order("newest", lambda: (Tip.received_at.desc(), Tip.id.desc()))
                 if newest_first else
                 prepared.order("oldest", lambda: (Tip.received_at.asc(), Tip.id.asc())))
        got = prepared.rows(session, "tip.rows", _ROW_SELECT,
                            [*filters, *words, order, prepared.page(offset, limit)], Row)
    before_handoff, before_resolve = r.reminder_before_handoff, r.reminder_before_resolve
    for row in got:
        row.alerts = _marks(row, now, before_handoff, before_resolve)
    return got


def count(session: Session, f: Filter | None = None, cap: int | None = None) -> int:
    """How many match; with `cap`, counting stops there."""
    f = f or Filter()
    words, _rank = _search_parts(session, f)
    got = prepared.rows(session, "tip.ids", select(Tip.id),
                        [*filter_parts(f), *words, prepared.counted(cap)])
    return int(got[0][0])


def deadline_alerts(session: Session, now: datetime | None = None,
                    limit: int = 100) -> list[Row]:
    """Tips with a reminder or an overdue mark at `now` (for the shift dock)."""
    now = as_utc(now or utcnow())
    r = rules(session, recent=True)
    horizon_h = now + timedelta(hours=r.reminder_hours)
    horizon_d = now + timedelta(days=r.reminder_days)
    q = select(Tip.id).where(or_(
        and_(Tip.transferred_at.is_(None), Tip.resolved_at.is_(None),
             Tip.handoff_due <= horizon_h),
        and_(Tip.resolved_at.is_(None), Tip.resolve_due <= horizon_d)))
    ids = list(session.scalars(q.order_by(Tip.handoff_due).limit(limit)))
    if not ids:
        return []
    return [row for row in list_rows(session, Filter(now=now, ids=ids), 0, limit)
            if row.alerts]


@dataclass
class Detail:
    tip: Tip
    transfers: list[TipTransfer]
    extensions: list[TipExtension]
    incident_codes: list[str]
    has_informant: bool


def detail(session: Session, number: str) -> Detail:
    tip = get(session, number)
    d = Detail(
        tip,
        list(session.scalars(select(TipTransfer).where(TipTransfer.tip_id == tip.id)
                             .order_by(TipTransfer.at))),
        list(session.scalars(select(TipExtension).where(TipExtension.tip_id == tip.id)
                             .order_by(TipExtension.at))),
        list(session.scalars(select(Incident.code).join(
            TipIncident, TipIncident.incident_id == Incident.id)
            .where(TipIncident.tip_id == tip.id).order_by(Incident.id))),
        session.get(TipInformant, tip.id) is not None)
    for obj in (d.tip, *d.transfers, *d.extensions):
        session.expunge(obj)
    return d


def write_csv(session: Session, path: Path, f: Filter | None = None, lang: str = "vi",
              zone: str = DEFAULT_TZ) -> int:
    """The list as CSV (UTF-8 BOM). The identity column only says masked / anonymous."""
    idx = 0 if lang == "vi" else 1
    headers = (["Số", "Thời gian tiếp nhận", "Kênh", "Loại", "Thôn / tổ dân phố", "Nội dung",
                "Người báo tin", "Trạng thái", "Hạn chuyển", "Hạn giải quyết", "Cảnh báo"]
               if idx == 0 else
               ["Number", "Received", "Channel", "Category", "Area", "Content", "Informant",
                "Status", "Hand-off due", "Resolution due", "Alerts"])
    names = incidents.category_names(session)
    n = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as out:
        w = csv.writer(out)
        w.writerow(headers)
        offset = 0
        while True:
            page = list_rows(session, f, offset, 1000)
            for r in page:
                who = (("Ẩn danh", "Anonymous") if r.anonymous else
                       ("Bảo mật", "Confidential"))[idx]
                w.writerow([r.number, format_local(r.received_at, zone, seconds=False),
                            CHANNEL_NAMES[r.channel][idx],
                            names.get(r.category, (r.category,) * 2)[idx], r.area, r.content,
                            who, STATUS_NAMES[r.status][idx],
                            format_local(r.handoff_due, zone, seconds=False),
                            format_local(r.resolve_due, zone, seconds=False),
                            "; ".join(ALERT_NAMES[a][idx] for a in r.alerts)])
                n += 1
            if len(page) < 1000:
                return n
            offset += 1000
