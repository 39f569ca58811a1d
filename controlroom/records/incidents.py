"""The incident book (sổ theo dõi vụ việc): entries, status workflow, timeline, people,
cameras, attachments, links; list with filters, search, paging and CSV.

Invariants:
- `code` is `NNNN/YYYY`, numbered per year of occurrence (local time) without gaps from
  0001; numbering is serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
- Status moves forward along STATUSES by anyone signed in; any move backwards (reopening a
  closed incident included) needs the leader role and a reason. Every step is kept in
  `incident_status_change` with who and when.
- Every change is audited in the same transaction; `search_text` is refreshed with it.
- Attachments are copied under the data home's `attachments/` and keep their SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput, NotFound
from controlroom.paths import DataHome
from controlroom.records import audit, holds, prepared, search
from controlroom.records.db import Database
from controlroom.records.models import (
    INCIDENT_STATUSES,
    PERSON_ROLES,
    SEVERITIES,
    Camera,
    Export,
    Incident,
    IncidentAttachment,
    IncidentCamera,
    IncidentCategory,
    IncidentNote,
    IncidentPerson,
    IncidentStatusChange,
    Snapshot,
    TipIncident,
)
from controlroom.records.types import nfc
from controlroom.records.users import Identity
from controlroom.textutil import safe_filename
from controlroom.timeutil import DEFAULT_TZ, as_utc, format_local, to_local, tz, utcnow

STATUSES = INCIDENT_STATUSES
STATUS_NAMES = {
    "new": ("Mới", "New"),
    "in_progress": ("Đang xử lý", "In progress"),
    "transferred": ("Đã chuyển cơ quan điều tra", "Transferred to investigators"),
    "resolved": ("Đã giải quyết", "Resolved"),
    "closed": ("Đóng", "Closed"),
}
OPEN_STATUSES = ("new", "in_progress", "transferred")
SEVERITY_NAMES = {"low": ("Thấp", "Low"), "medium": ("Trung bình", "Medium"),
                  "high": ("Nghiêm trọng", "High")}
PERSON_ROLE_NAMES = {
    "victim": ("Bị hại", "Victim"), "suspect": ("Đối tượng nghi vấn", "Suspect"),
    "witness": ("Người làm chứng", "Witness"), "reporter": ("Người báo tin", "Reporter"),
    "other": ("Khác", "Other"),
}
DEFAULT_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("trat_tu_cong_cong", "Trật tự công cộng", "Public order"),
    ("giao_thong", "Trật tự an toàn giao thông", "Traffic order"),
    ("tai_nan_giao_thong", "Tai nạn giao thông", "Traffic accident"),
    ("trom_cap", "Trộm cắp tài sản", "Theft"),
    ("cuop_giat", "Cướp giật tài sản", "Snatch theft"),
    ("danh_nhau", "Cố ý gây thương tích / đánh nhau", "Assault / fighting"),
    ("danh_bac", "Đánh bạc", "Gambling"),
    ("ma_tuy", "Ma túy", "Drugs"),
    ("chay_no", "Cháy, nổ", "Fire and explosion"),
    ("moi_truong", "Môi trường", "Environment"),
    ("te_nan_xa_hoi", "Tệ nạn xã hội", "Social evils"),
    ("khac", "Khác", "Other"),
)
SORTS = {
    "occurred_desc": (Incident.occurred_at.desc(), Incident.id.desc()),
    "occurred_asc": (Incident.occurred_at.asc(), Incident.id.asc()),
    "code_desc": (Incident.year.desc(), Incident.seq.desc(), Incident.id.desc()),
    "code_asc": (Incident.year.asc(), Incident.seq.asc(), Incident.id.asc()),
    "status": (Incident.status.asc(), Incident.occurred_at.desc(), Incident.id.desc()),
    "category": (Incident.category.asc(), Incident.occurred_at.desc(), Incident.id.desc()),
}
PAGE_SIZE = 50
MAX_PAGE = 1000
_PG_CODE_LOCK = 0x696E6364  # advisory lock serialising incident numbering


# -- categories -------------------------------------------------------------------------
def ensure_categories(session: Session) -> None:
    """Seed the default categories once (an empty table means a new installation)."""
    if session.scalar(select(func.count()).select_from(IncidentCategory)):
        return
    for i, (key, vi, en) in enumerate(DEFAULT_CATEGORIES):
        session.add(IncidentCategory(key=key, name_vi=vi, name_en=en, sort_order=i))
    session.flush()


def categories(session: Session, include_inactive: bool = False) -> list[IncidentCategory]:
    q = select(IncidentCategory)
    if not include_inactive:
        q = q.where(IncidentCategory.active.is_(True))
    rows = list(session.scalars(q.order_by(IncidentCategory.sort_order, IncidentCategory.key)))
    if rows or include_inactive:
        return rows
    return [IncidentCategory(key=k, name_vi=vi, name_en=en, sort_order=i, active=True)
            for i, (k, vi, en) in enumerate(DEFAULT_CATEGORIES)]


def category_names(session: Session) -> dict[str, tuple[str, str]]:
    rows = categories(session, include_inactive=True) or categories(session)
    return {c.key: (c.name_vi, c.name_en) for c in rows}


def check_category(session: Session, key: str) -> None:
    ensure_categories(session)
    cat = session.get(IncidentCategory, key)
    if cat is None or not cat.active:
        raise InvalidInput("Không có loại vụ việc «{k}». Các loại: {all}",
                           "No incident category «{k}». Categories: {all}", k=key,
                           all=", ".join(c.key for c in categories(session)))


def save_category(session: Session, actor: Identity, key: str, name_vi: str,
                  name_en: str = "", sort_order: int | None = None) -> IncidentCategory:
    """Add a category or rename one (admin)."""
    actor.require("admin")
    ensure_categories(session)
    key = (key or "").strip()
    if not key or len(key) > 40 or not all(c.isalnum() or c == "_" for c in key):
        raise InvalidInput("Mã loại không hợp lệ (chữ, số, _; tối đa 40 ký tự).",
                           "Invalid category key (letters, digits, _; 40 at most).")
    if not (name_vi or "").strip():
        raise InvalidInput("Tên loại không được để trống.", "The category name is required.")
    cat = session.get(IncidentCategory, key)
    if cat is None:
        top = session.scalar(select(func.max(IncidentCategory.sort_order))) or 0
        cat = IncidentCategory(key=key, name_vi=name_vi.strip(), name_en=name_en.strip(),
                               sort_order=top + 1 if sort_order is None else sort_order)
        session.add(cat)
        action = "incident_category.add"
    else:
        cat.name_vi, cat.name_en, cat.active = name_vi.strip(), name_en.strip(), True
        if sort_order is not None:
            cat.sort_order = sort_order
        action = "incident_category.edit"
    session.flush()
    audit.record(session, actor.username, action, "incident_category", key,
                 name_vi=cat.name_vi, name_en=cat.name_en)
    return cat


def delete_category(session: Session, actor: Identity, key: str) -> None:
    """Delete a category no incident or tip uses (admin)."""
    from controlroom.records.models import Tip

    actor.require("admin")
    ensure_categories(session)
    cat = session.get(IncidentCategory, key)
    if cat is None:
        raise NotFound("Không có loại vụ việc «{k}».", "No incident category «{k}».", k=key)
    used = (session.scalar(select(func.count()).select_from(Incident)
                           .where(Incident.category == key)) or 0)
    used += (session.scalar(select(func.count()).select_from(Tip).where(Tip.category == key))
             or 0)
    if used:
        raise InvalidInput("Loại «{k}» đang được dùng ở {n} vụ việc / tin báo; không xóa được.",
                           "Category «{k}» is used by {n} incidents / tips; it cannot be "
                           "deleted.", k=key, n=used)
    session.delete(cat)
    audit.record(session, actor.username, "incident_category.delete", "incident_category", key)


# -- codes ------------------------------------------------------------------------------
def format_code(seq: int, year: int) -> str:
    return f"{seq:04d}/{year}"


def _next_seq(session: Session, year: int) -> int:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CODE_LOCK})
    top = session.scalar(select(func.max(Incident.seq)).where(Incident.year == year))
    return int(top or 0) + 1


def get(session: Session, code: str) -> Incident:
    """An incident by code ("0042/2026", also "42/2026") or by numeric id."""
    raw = nfc((code or "").strip()) or ""
    inc = session.scalar(select(Incident).where(Incident.code == raw))
    if inc is None and "/" in raw:
        seq, _, year = raw.partition("/")
        if seq.isdigit() and year.isdigit():
            inc = session.scalar(select(Incident).where(Incident.year == int(year),
                                                        Incident.seq == int(seq)))
    if inc is None and raw.isdigit():
        inc = session.get(Incident, int(raw))
    if inc is None:
        raise NotFound("Không có vụ việc «{c}».", "No incident «{c}».", c=raw)
    return inc


# -- writing ----------------------------------------------------------------------------
@dataclass
class PersonInput:
    role: str
    name: str
    birth_year: int | None = None
    address: str = ""
    note: str = ""


def add(session: Session, actor: Identity, *, occurred_at: datetime, category: str,
        summary: str, area: str = "", location: str = "", description: str = "",
        severity: str = "medium", detected_at: datetime | None = None,
        officer: str | None = None, camera_ids: Sequence[int] = (),
        people: Sequence[PersonInput] = (), zone: str = DEFAULT_TZ) -> Incident:
    """A new incident, numbered in the year it occurred (local time)."""
    summary = (nfc(summary) or "").strip()
    if not summary:
        raise InvalidInput("Cần nội dung tóm tắt vụ việc.", "The incident needs a summary.")
    check_category(session, category)
    if severity not in SEVERITIES:
        raise InvalidInput("Mức độ không hợp lệ: {s} ({all})", "Invalid severity: {s} ({all})",
                           s=severity, all=", ".join(SEVERITIES))
    occurred_at = as_utc(occurred_at)
    if detected_at is not None and as_utc(detected_at) < occurred_at:
        raise InvalidInput("Thời điểm phát hiện không thể trước thời điểm xảy ra.",
                           "The time detected cannot be before the time it occurred.")
    year = to_local(occurred_at, zone).year
    seq = _next_seq(session, year)
    now = utcnow()
    inc = Incident(code=format_code(seq, year), year=year, seq=seq, occurred_at=occurred_at,
                   detected_at=as_utc(detected_at) if detected_at else None, category=category,
                   area=(area or "").strip(), location=(location or "").strip(),
                   severity=severity, summary=summary, description=(description or "").strip(),
                   officer=officer or actor.username, status="new", status_at=now,
                   status_by=actor.username, created_by=actor.username, created_at=now)
    session.add(inc)
    session.flush()
    session.add(IncidentStatusChange(incident_id=inc.id, from_status="", to_status="new",
                                     at=now, by=actor.username))
    for cid in dict.fromkeys(camera_ids):
        if session.get(Camera, cid) is None:
            raise NotFound("Không có camera số {i}.", "No camera with id {i}.", i=cid)
        session.add(IncidentCamera(incident_id=inc.id, camera_id=cid))
    for p in people:
        _add_person(session, inc, p)
    session.flush()
    reindex(session, inc)
    audit.record(session, actor.username, "incident.add", "incident", inc.code,
                 category=category, occurred_at=occurred_at.isoformat(), area=inc.area,
                 location=inc.location, severity=severity, summary=summary,
                 cameras=list(camera_ids), people=len(people))
    return inc


EDITABLE = ("occurred_at", "detected_at", "category", "area", "location", "severity",
            "summary", "description", "officer")


def update(session: Session, actor: Identity, code: str, **changes: Any) -> Incident:
    """Edit fields of an incident (not its status: see `set_status`)."""
    inc = get(session, code)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput("Không sửa được trường: {f}", "Cannot edit field: {f}",
                           f=", ".join(sorted(unknown)))
    if inc.status == "closed":
        raise InvalidInput("Vụ việc {c} đã đóng; mở lại trước khi sửa.",
                           "Incident {c} is closed; reopen it before editing.", c=inc.code)
    diff: dict[str, Any] = {}
    for k, v in changes.items():
        if k == "category":
            check_category(session, v)
        if k == "severity" and v not in SEVERITIES:
            raise InvalidInput("Mức độ không hợp lệ: {s}", "Invalid severity: {s}", s=v)
        if k in ("occurred_at", "detected_at") and v is not None:
            v = as_utc(v)
        if isinstance(v, str):
            v = (nfc(v) or "").strip()
        if k == "summary" and not v:
            raise InvalidInput("Cần nội dung tóm tắt vụ việc.", "The incident needs a summary.")
        old = getattr(inc, k)
        if old != v:
            diff[k] = [_plain(old), _plain(v)]
            setattr(inc, k, v)
    if not diff:
        return inc
    inc.updated_at = utcnow()
    reindex(session, inc)
    audit.record(session, actor.username, "incident.edit", "incident", inc.code, changes=diff)
    return inc


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, datetime) else v


def set_status(session: Session, actor: Identity, code: str, status: str,
               reason: str = "", at: datetime | None = None) -> Incident:
    """Move along the workflow. Backwards (a reopen) needs a leader and a reason. `at`
    back-dates the step (a book kept up after the fact); the audit entry is still now."""
    if status not in STATUSES:
        raise InvalidInput("Trạng thái không hợp lệ: {s} ({all})",
                           "Invalid status: {s} ({all})", s=status, all=", ".join(STATUSES))
    inc = get(session, code)
    old = inc.status
    if old == status:
        return inc
    reason = (nfc(reason) or "").strip()
    backwards = STATUSES.index(status) < STATUSES.index(old)
    if backwards:
        actor.require("leader")
        if not reason:
            raise InvalidInput("Mở lại / lùi trạng thái cần ghi lý do.",
                               "Reopening or moving a status back needs a reason.")
    now = as_utc(at) if at is not None else utcnow()
    inc.status, inc.status_at, inc.status_by = status, now, actor.username
    session.add(IncidentStatusChange(incident_id=inc.id, from_status=old, to_status=status,
                                     at=now, by=actor.username, reason=reason))
    audit.record(session, actor.username,
                 "incident.reopen" if backwards else "incident.status", "incident", inc.code,
                 from_status=old, to_status=status, reason=reason, at=now.isoformat())
    return inc


def add_note(session: Session, actor: Identity, code: str, note: str,
             at: datetime | None = None) -> IncidentNote:
    inc = get(session, code)
    note = (nfc(note) or "").strip()
    if not note:
        raise InvalidInput("Ghi chú trống.", "The note is empty.")
    row = IncidentNote(incident_id=inc.id, at=as_utc(at) if at else utcnow(), text=note,
                       by=actor.username)
    session.add(row)
    session.flush()
    reindex(session, inc)
    audit.record(session, actor.username, "incident.note", "incident", inc.code,
                 note_id=row.id, at=row.at.isoformat(), text=note)
    return row


def _add_person(session: Session, inc: Incident, p: PersonInput) -> IncidentPerson:
    if p.role not in PERSON_ROLES:
        raise InvalidInput("Vai trò không hợp lệ: {r} ({all})", "Invalid role: {r} ({all})",
                           r=p.role, all=", ".join(PERSON_ROLES))
    name = (nfc(p.name) or "").strip()
    if not name:
        raise InvalidInput("Cần họ tên người liên quan.", "The person needs a name.")
    row = IncidentPerson(incident_id=inc.id, role=p.role, name=name, birth_year=p.birth_year,
                         address=(nfc(p.address) or "").strip(), note=(nfc(p.note) or "").strip())
    session.add(row)
    return row


def add_person(session: Session, actor: Identity, code: str, person: PersonInput
               ) -> IncidentPerson:
    inc = get(session, code)
    row = _add_person(session, inc, person)
    session.flush()
    reindex(session, inc)
    audit.record(session, actor.username, "incident.person", "incident", inc.code,
                 person_id=row.id, role=row.role, name=row.name)
    return row


def attachments_dir(home: DataHome) -> Path:
    return home.root / "attachments"


def attach_file(session: Session, actor: Identity, home: DataHome, code: str,
                source: Path) -> IncidentAttachment:
    """Copy `source` into the data home (fsynced) and record it with its SHA-256."""
    inc = get(session, code)
    source = Path(source).expanduser()
    if not source.is_file():
        raise NotFound("Không tìm thấy tệp {p}.", "File {p} not found.", p=source)
    digest = hashlib.sha256()
    with source.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    folder = attachments_dir(home) / str(inc.year or "misc") / safe_filename(inc.code)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{sha[:12]}-{safe_filename(source.name)}"
    if not dest.exists():
        tmp = dest.with_name(dest.name + ".part")
        shutil.copyfile(source, tmp)
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        tmp.replace(dest)
    row = IncidentAttachment(incident_id=inc.id, name=nfc(source.name) or source.name,
                             path=dest.relative_to(attachments_dir(home)).as_posix(),
                             sha256=sha, bytes=dest.stat().st_size, added_by=actor.username)
    session.add(row)
    session.flush()
    audit.record(session, actor.username, "incident.attach", "incident", inc.code,
                 attachment_id=row.id, name=row.name, sha256=sha, bytes=row.bytes)
    return row


def link_camera(session: Session, actor: Identity, code: str, camera_id: int,
                start: datetime | None = None, end: datetime | None = None) -> IncidentCamera:
    """Link a camera; with a range (from playback), place an evidence hold on it too."""
    inc = get(session, code)
    if session.get(Camera, camera_id) is None:
        raise NotFound("Không có camera số {i}.", "No camera with id {i}.", i=camera_id)
    hold_id = None
    if start is not None and end is not None:
        hold = holds.add_hold(session, actor, camera_id, start, end, source="incident",
                              source_id=inc.code, reason=f"Vụ việc {inc.code}")
        hold_id = hold.id
    row = IncidentCamera(incident_id=inc.id, camera_id=camera_id,
                         start_utc=as_utc(start) if start else None,
                         end_utc=as_utc(end) if end else None, hold_id=hold_id)
    session.add(row)
    session.flush()
    audit.record(session, actor.username, "incident.camera", "incident", inc.code,
                 camera_id=camera_id, start=start.isoformat() if start else None,
                 end=end.isoformat() if end else None, hold_id=hold_id)
    return row


def reindex(session: Session, inc: Incident) -> None:
    names = category_names(session).get(inc.category, ("", ""))
    people = session.scalars(select(IncidentPerson.name)
                             .where(IncidentPerson.incident_id == inc.id)).all()
    cams = session.scalars(select(Camera.name).join(
        IncidentCamera, IncidentCamera.camera_id == Camera.id)
        .where(IncidentCamera.incident_id == inc.id)).all()
    inc.search_text = search.words(inc.code, inc.summary, inc.description, inc.area,
                                   inc.location, names[0], *people, *cams)


# -- reading ----------------------------------------------------------------------------
@dataclass
class Filter:
    start: datetime | None = None  # occurred_at >= start
    end: datetime | None = None  # occurred_at < end
    categories: Sequence[str] = ()
    statuses: Sequence[str] = ()
    area: str = ""  # exact thôn / tổ dân phố
    camera_id: int | None = None
    officer: str = ""
    text: str = ""  # accent-insensitive words
    open_only: bool = False


@dataclass
class Row:
    id: int
    code: str
    occurred_at: datetime
    category: str
    area: str
    location: str
    severity: str
    summary: str
    status: str
    officer: str


_ROW_COLUMNS = (Incident.id, Incident.code, Incident.occurred_at, Incident.category,
                Incident.area, Incident.location, Incident.severity, Incident.summary,
                Incident.status, Incident.officer)
# Built once: a select is immutable (.where() returns a new one), so every call reuses it
# instead of coercing the ten columns again.
_ROW_SELECT = select(*_ROW_COLUMNS)


def filter_parts(f: Filter) -> list[prepared.Part]:
    """The filter's conditions (without the search words) as prepared parts: the one
    definition of what each filter field means, for lists, counts and CSV alike."""
    parts: list[prepared.Part] = []
    if f.start is not None:
        parts.append(prepared.where("start", lambda: Incident.occurred_at >= bindparam("start"),
                                    start=as_utc(f.start)))
    if f.end is not None:
        parts.append(prepared.where("end", lambda: Incident.occurred_at < bindparam("end"),
                                    end=as_utc(f.end)))
    if f.categories:
        parts.append(prepared.in_("category", Incident.category, list(f.categories)))
    statuses = list(f.statuses) or (list(OPEN_STATUSES) if f.open_only else [])
    if statuses:
        parts.append(prepared.in_("status", Incident.status, statuses))
    if f.area:
        parts.append(prepared.equals("area", Incident.area, nfc(f.area.strip())))
    if f.officer:
        parts.append(prepared.equals("officer", Incident.officer, f.officer))
    if f.camera_id is not None:
        parts.append(prepared.where("camera", lambda: Incident.id.in_(
            select(IncidentCamera.incident_id).where(
                IncidentCamera.camera_id == bindparam("camera"))), camera=f.camera_id))
    return parts


def _search_parts(session: Session, f: Filter) -> tuple[list[prepared.Part], Any]:
    return search.parts("incident", Incident.id, Incident.search_text, f.text,
                        session.get_bind().dialect.name)


def list_rows(session: Session, f: Filter | None = None, sort: str = "occurred_desc",
              offset: int = 0, limit: int = PAGE_SIZE) -> list[Row]:
    """One page of the book. With search words and the default sort, newest entered
    first (the order the search index delivers a page in without collecting every
    match; entries are made as things happen, so it is nearly the same)."""
    if sort not in SORTS:
        raise InvalidInput("Cách sắp xếp không hợp lệ: {s} ({all})",
                           "Invalid sort: {s} ({all})", s=sort, all=", ".join(SORTS))
    f = f or Filter()
    filters = filter_parts(f)
    words, rank = _search_parts(session, f)
    offset, limit = max(0, offset), max(0, min(limit, MAX_PAGE))
    if rank is not None and sort == "occurred_desc":
        if session.get_bind().dialect.name == "postgresql":
            return search.pg_page(session, "incident.rows", _ROW_SELECT, filters,
                                  Incident.id, Incident.search_text, f.text, offset, limit,
                                  Row)
        order = prepared.order("rank_desc", lambda: (rank.desc(),))
    else:
        order = prepared.order(sort, lambda: SORTS[sort])
    return prepared.rows(session, "incident.rows", _ROW_SELECT,
                         [*filters, *words, order, prepared.page(offset, limit)], Row)


def _row(r: Any) -> Row:
    return Row(int(r[0]), r[1], as_utc(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9])


def count(session: Session, f: Filter | None = None, cap: int | None = None) -> int:
    """How many match; with `cap`, counting stops there."""
    f = f or Filter()
    words, _rank = _search_parts(session, f)
    got = prepared.rows(session, "incident.ids", select(Incident.id),
                        [*filter_parts(f), *words, prepared.counted(cap)])
    return int(got[0][0])


def iter_rows(session: Session, f: Filter | None = None, sort: str = "occurred_desc",
              batch: int = MAX_PAGE) -> Iterable[Row]:
    offset = 0
    while True:
        page = list_rows(session, f, sort, offset, batch)
        yield from page
        if len(page) < batch:
            return
        offset += batch


def dock_rows(session: Session, now: datetime | None = None, zone: str = DEFAULT_TZ,
              limit: int = 200) -> list[Row]:
    """What the incident dock shows: today's incidents (local day) and every open one."""
    now = as_utc(now or utcnow())
    local = to_local(now, zone)
    day_start = datetime(local.year, local.month, local.day, tzinfo=tz(zone))
    q = _ROW_SELECT.where(or_(Incident.occurred_at >= as_utc(day_start),
                                        Incident.status.in_(list(OPEN_STATUSES))))
    q = q.order_by(*SORTS["occurred_desc"]).limit(limit)
    return [_row(r) for r in session.execute(q)]


@dataclass
class Detail:
    incident: Incident
    category_name: tuple[str, str]
    cameras: list[tuple[IncidentCamera, str]] = field(default_factory=list)
    status_changes: list[IncidentStatusChange] = field(default_factory=list)
    notes: list[IncidentNote] = field(default_factory=list)
    people: list[IncidentPerson] = field(default_factory=list)
    attachments: list[IncidentAttachment] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    tip_numbers: list[str] = field(default_factory=list)

    def timeline(self, lang: int = 0) -> list[tuple[datetime, str, str]]:
        """(time, who, what) of every status step and note, oldest first; `lang` 0 is
        Vietnamese, 1 English (for the status names)."""
        out: list[tuple[datetime, str, str]] = []
        for c in self.status_changes:
            name = STATUS_NAMES[c.to_status][lang]
            out.append((as_utc(c.at), c.by,
                        f"→ {name}" + (f" ({c.reason})" if c.reason else "")))
        for n in self.notes:
            out.append((as_utc(n.at), n.by, n.text))
        return sorted(out, key=lambda x: x[0])


def detail(session: Session, code: str) -> Detail:
    from controlroom.records.models import Tip

    inc = get(session, code)
    d = Detail(inc, category_names(session).get(inc.category, (inc.category, inc.category)))
    d.cameras = [(c, name) for c, name in session.execute(
        select(IncidentCamera, Camera.name).join(Camera, Camera.id == IncidentCamera.camera_id)
        .where(IncidentCamera.incident_id == inc.id).order_by(IncidentCamera.id))]
    d.status_changes = list(session.scalars(
        select(IncidentStatusChange).where(IncidentStatusChange.incident_id == inc.id)
        .order_by(IncidentStatusChange.at, IncidentStatusChange.id)))
    d.notes = list(session.scalars(select(IncidentNote).where(IncidentNote.incident_id == inc.id)
                                   .order_by(IncidentNote.at, IncidentNote.id)))
    d.people = list(session.scalars(select(IncidentPerson)
                                    .where(IncidentPerson.incident_id == inc.id)
                                    .order_by(IncidentPerson.id)))
    d.attachments = list(session.scalars(select(IncidentAttachment)
                                         .where(IncidentAttachment.incident_id == inc.id)
                                         .order_by(IncidentAttachment.id)))
    d.snapshots = list(session.scalars(select(Snapshot).where(Snapshot.incident_id == inc.id)
                                       .order_by(Snapshot.ts)))
    d.exports = list(session.scalars(select(Export).where(Export.incident_id == inc.id)
                                     .order_by(Export.created_at)))
    d.tip_numbers = list(session.scalars(
        select(Tip.number).join(TipIncident, TipIncident.tip_id == Tip.id)
        .where(TipIncident.incident_id == inc.id).order_by(Tip.id)))
    # Detached with their loaded values: usable after the caller's read snapshot ends.
    for obj in (inc, *(c for c, _ in d.cameras), *d.status_changes, *d.notes, *d.people,
                *d.attachments, *d.snapshots, *d.exports):
        if obj in session:
            session.expunge(obj)
    return d


# -- CSV --------------------------------------------------------------------------------
CSV_HEADERS_VI = ["Số", "Thời gian xảy ra", "Loại", "Thôn / tổ dân phố", "Địa điểm",
                  "Mức độ", "Tóm tắt", "Trạng thái", "Cán bộ"]
CSV_HEADERS_EN = ["Code", "Occurred", "Category", "Area", "Location", "Severity", "Summary",
                  "Status", "Officer"]


def write_csv(session: Session, path: Path, f: Filter | None = None,
              sort: str = "occurred_desc", lang: str = "vi", zone: str = DEFAULT_TZ) -> int:
    """The filtered list as CSV (UTF-8 with a byte-order mark, for Excel). Returns rows."""
    idx = 0 if lang == "vi" else 1
    names = category_names(session)
    n = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as out:
        w = csv.writer(out)
        w.writerow(CSV_HEADERS_VI if lang == "vi" else CSV_HEADERS_EN)
        for r in iter_rows(session, f, sort):
            w.writerow([r.code, format_local(r.occurred_at, zone, seconds=False),
                        names.get(r.category, (r.category, r.category))[idx], r.area,
                        r.location, SEVERITY_NAMES.get(r.severity, (r.severity,) * 2)[idx],
                        r.summary, STATUS_NAMES[r.status][idx], r.officer])
            n += 1
    return n


def day_range(d: date, zone: str = DEFAULT_TZ) -> tuple[datetime, datetime]:
    start = datetime(d.year, d.month, d.day, tzinfo=tz(zone))
    return as_utc(start), as_utc(start + timedelta(days=1))


# -- creation from the live grid and from playback (Qt-free hooks for the UI) -------------
@dataclass(frozen=True)
class MarkedRange:
    """A camera's range marked in playback: linked to the incident and put on hold."""

    camera_id: int
    start: datetime
    end: datetime


def create(db: Database, actor: Identity, *, occurred_at: datetime, category: str,
           summary: str, snapshot_id: int | None = None,
           ranges: Sequence[MarkedRange] = (), **fields: Any) -> str:
    """One transaction: the incident, its cameras, a hold on every marked range and the
    snapshot attached (from a live tile). Returns the new code."""
    ranged = {r.camera_id for r in ranges}
    cams = [c for c in fields.pop("camera_ids", ()) if c not in ranged]
    with db.session() as s:
        inc = add(s, actor, occurred_at=occurred_at, category=category, summary=summary,
                  camera_ids=cams, **fields)
        for r in ranges:
            link_camera(s, actor, inc.code, r.camera_id, r.start, r.end)
        if ranges:
            reindex(s, inc)
        if snapshot_id is not None:
            snap = s.get(Snapshot, snapshot_id)
            if snap is None:
                raise NotFound("Không có ảnh chụp số {i}.", "No snapshot with id {i}.",
                               i=snapshot_id)
            previous = snap.incident_id
            snap.incident_id = inc.id
            audit.record(s, actor.username, "snapshot.attach", "snapshot", snap.id,
                         incident_id=inc.id, incident_code=inc.code,
                         previous_incident_id=previous, path=snap.path)
        return inc.code


def areas(session: Session) -> list[str]:
    """Villages / residential groups known from cameras and earlier incidents."""
    seen = {a for a in session.scalars(select(Incident.area).distinct().limit(500)) if a}
    seen |= {a for a in session.scalars(select(Camera.location).distinct()) if a}
    return sorted(seen, key=lambda a: a.casefold())
