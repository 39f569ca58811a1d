"""Custody register of evidence exports (sổ theo dõi trích xuất dữ liệu camera).

Every request, approval, refusal, run, completion, failure and cancellation is a row
change here plus an audit entry in the same transaction: the register answers "who took
which footage, when, onto what, on whose request and with whose approval" even for
exports that never finished. No Qt; the dialog, the CLI and the export engine all go
through these functions.

States: pending -> approved -> running -> completed | failed | cancelled;
pending -> refused (leader says no); a pending/approved request can also end as failed
when planning refuses it (no recording, does not fit).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput, NotFound, PermissionDenied
from controlroom.records import audit, holds
from controlroom.records.models import Camera, Export, Incident, User
from controlroom.records.users import Identity
from controlroom.timeutil import as_utc, format_local, utcnow

MAX_RANGE_HOURS = 24


@dataclass(frozen=True)
class ExportRequest:
    """What the officer fills in before anything is written."""

    camera_ids: tuple[int, ...]
    start_utc: datetime
    end_utc: datetime
    request_ref: str
    reason: str
    agency: str = ""
    incident_code: str = ""
    witness: str = ""
    camera_owner: str = ""
    medium: str = ""
    seal_number: str = ""


# Longest text each field keeps (the column sizes); longer input is refused, never cut.
LIMITS = {"request_ref": 200, "agency": 300, "reason": 2000, "witness": 300,
          "camera_owner": 300, "medium": 200, "seal_number": 100}
_FIELD_NAMES = {"request_ref": ("Số công văn / yêu cầu", "Request reference"),
                "agency": ("Cơ quan đề nghị", "Requesting agency"),
                "reason": ("Lý do", "Reason"), "witness": ("Người chứng kiến", "Witness"),
                "camera_owner": ("Chủ / người quản lý camera", "Camera owner"),
                "medium": ("Vật mang tin", "Storage medium"),
                "seal_number": ("Số niêm phong", "Seal number")}
# A request may end this far after the desk's clock (the dialog's "now" rounds up).
FUTURE_TOLERANCE_S = 2


def _clean(text: str, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def _check_lengths(req: ExportRequest) -> None:
    for field, limit in LIMITS.items():
        raw = getattr(req, field) or ""
        n = len(raw.strip() if field == "reason" else " ".join(raw.split()))
        if n > limit:
            vi, en = _FIELD_NAMES[field]
            raise InvalidInput(
                "{f} quá dài ({n} ký tự; tối đa {m}). Hãy rút gọn — phần mềm không tự cắt "
                "bớt nội dung biên bản.",
                "{g} is too long ({n} characters; at most {m}). Please shorten it — the "
                "record is never cut silently.", f=vi, g=en, n=n, m=limit)


def validate(session: Session, req: ExportRequest) -> tuple[list[Camera], Incident | None]:
    """Check a request; returns the cameras (in the given order) and the linked incident."""
    if not req.camera_ids:
        raise InvalidInput("Chưa chọn camera nào.", "No camera selected.")
    start, end = as_utc(req.start_utc), as_utc(req.end_utc)
    if end <= start:
        raise InvalidInput("Thời điểm kết thúc phải sau thời điểm bắt đầu.",
                           "The end time must be after the start time.")
    if (end - utcnow()).total_seconds() > FUTURE_TOLERANCE_S:
        raise InvalidInput(
            "Thời điểm kết thúc ({t}) còn ở tương lai; chỉ trích xuất được đoạn đã ghi.",
            "The end time ({t}) is in the future; only footage already recorded can be "
            "exported.", t=format_local(end))
    if (end - start).total_seconds() > MAX_RANGE_HOURS * 3600:
        raise InvalidInput(
            "Khoảng thời gian quá dài (tối đa {h} giờ cho một lần trích xuất).",
            "The range is too long (at most {h} hours per export).", h=MAX_RANGE_HOURS)
    _check_lengths(req)
    if not _clean(req.request_ref, 200):
        raise InvalidInput("Cần số công văn / yêu cầu trích xuất.",
                           "A request reference (official letter number) is required.")
    if not _clean(req.reason, 2000):
        raise InvalidInput("Cần ghi lý do trích xuất.", "A reason for the export is required.")
    cams: list[Camera] = []
    for cid in dict.fromkeys(req.camera_ids):
        cam = session.get(Camera, cid)
        if cam is None:
            raise NotFound("Không có camera số {i}.", "No camera #{i}.", i=cid)
        cams.append(cam)
    incident = None
    if req.incident_code.strip():
        code = req.incident_code.strip()
        incident = session.scalar(select(Incident).where(Incident.code == code))
        if incident is None:
            raise NotFound("Không có vụ việc mã «{c}».", "No incident with code «{c}».",
                           c=req.incident_code.strip())
    return cams, incident


def create_request(session: Session, officer: Identity, req: ExportRequest) -> Export:
    """An officer asks to export; the row starts as pending."""
    cams, incident = validate(session, req)
    exp = Export(
        uid=str(uuid.uuid4()), status="pending", officer_id=officer.id,
        cameras=json.dumps([c.id for c in cams]),
        start_utc=as_utc(req.start_utc), end_utc=as_utc(req.end_utc),
        request_ref=_clean(req.request_ref, 200), agency=_clean(req.agency, 300),
        reason=(req.reason or "").strip()[:2000],
        incident_id=incident.id if incident else None,
        witness=_clean(req.witness, 300), camera_owner=_clean(req.camera_owner, 300),
        medium=_clean(req.medium, 200), seal_number=_clean(req.seal_number, 100),
    )
    session.add(exp)
    session.flush()
    exp.record_number = f"{exp.id:04d}/BB-TXDL"
    audit.record(session, officer.username, "export.request", "export", exp.uid,
                 cameras=[c.code for c in cams], start=exp.start_utc.isoformat(),
                 end=exp.end_utc.isoformat(), request_ref=exp.request_ref,
                 agency=exp.agency, reason=exp.reason)
    return exp


def get(session: Session, export_id: int) -> Export:
    exp = session.get(Export, export_id)
    if exp is None:
        raise NotFound("Không có yêu cầu trích xuất số {i}.", "No export request #{i}.",
                       i=export_id)
    return exp


def by_number(session: Session, number: str) -> Export:
    """A request by its number as printed ("12", "0012", "0012/BB-TXDL")."""
    text = (number or "").strip()
    head = text.split("/", 1)[0]
    if not head.isdigit():
        raise InvalidInput("Số yêu cầu không hợp lệ: «{n}» (ví dụ 12 hoặc 0012/BB-TXDL).",
                           "Not a request number: «{n}» (e.g. 12 or 0012/BB-TXDL).", n=text)
    exp = session.get(Export, int(head))
    if exp is None or ("/" in text and exp.record_number != text):
        raise NotFound("Không có yêu cầu trích xuất số {n}.", "No export request number {n}.",
                       n=text)
    return exp


def _require_leader(actor: Identity, exp: Export) -> None:
    if not actor.at_least("leader"):
        raise PermissionDenied(
            "Chỉ tổ trưởng / chỉ huy mới được duyệt trích xuất dữ liệu.",
            "Only a team leader may approve an evidence export.")
    _ = exp


def approve(session: Session, leader: Identity, export_id: int) -> Export:
    """A leader approves a pending request (signed in on the spot or from the queue)."""
    exp = get(session, export_id)
    _require_leader(leader, exp)
    if exp.status != "pending":
        raise InvalidInput("Yêu cầu {n} không còn chờ duyệt (trạng thái: {s}).",
                           "Request {n} is not pending (status: {s}).",
                           n=exp.record_number, s=exp.status)
    exp.status, exp.approver_id, exp.approved_at = "approved", leader.id, utcnow()
    audit.record(session, leader.username, "export.approve", "export", exp.uid,
                 record_number=exp.record_number)
    return exp


def refuse(session: Session, leader: Identity, export_id: int, why: str) -> Export:
    exp = get(session, export_id)
    _require_leader(leader, exp)
    if exp.status not in ("pending", "approved"):
        raise InvalidInput("Yêu cầu {n} không thể từ chối (trạng thái: {s}).",
                           "Request {n} cannot be refused (status: {s}).",
                           n=exp.record_number, s=exp.status)
    if not why.strip():
        raise InvalidInput("Cần ghi lý do từ chối.", "A reason for the refusal is required.")
    exp.status, exp.finished_at, exp.error = "refused", utcnow(), why.strip()[:2000]
    exp.approver_id = leader.id
    audit.record(session, leader.username, "export.refuse", "export", exp.uid,
                 record_number=exp.record_number, why=exp.error)
    return exp


def mark_running(session: Session, actor: Identity, export_id: int, dest: str) -> Export:
    exp = get(session, export_id)
    if exp.status in ("running", "completed", "failed", "cancelled"):
        raise InvalidInput(
            "Yêu cầu {n} đã được thực hiện (trạng thái: {s}); mỗi yêu cầu chỉ thực hiện một "
            "lần — muốn trích xuất lại thì lập yêu cầu mới.",
            "Request {n} has already been executed (status: {s}); a request runs once — "
            "make a new request to extract again.", n=exp.record_number, s=exp.status)
    if exp.status != "approved":
        raise PermissionDenied(
            "Yêu cầu {n} chưa được lãnh đạo duyệt (trạng thái: {s}); không được trích xuất.",
            "Request {n} has not been approved by a leader (status: {s}); export refused.",
            n=exp.record_number, s=exp.status)
    exp.status, exp.dest_path = "running", dest[:1000]
    audit.record(session, actor.username, "export.start", "export", exp.uid, dest=dest)
    return exp


def mark_completed(session: Session, actor: Identity, export_id: int, dest: str,
                   bytes_total: int, sums_sha256: str, fingerprint: str) -> Export:
    exp = get(session, export_id)
    exp.status, exp.finished_at, exp.dest_path = "completed", utcnow(), dest[:1000]
    exp.bytes_total, exp.sums_sha256, exp.key_fingerprint = bytes_total, sums_sha256, fingerprint
    exp.error = ""
    audit.record(session, actor.username, "export.complete", "export", exp.uid, dest=dest,
                 bytes=bytes_total, sums_sha256=sums_sha256, key=fingerprint)
    return exp


def mark_failed(session: Session, actor: Identity, export_id: int, error: str,
                cancelled: bool = False) -> Export:
    """A failure or a cancellation; `error` is the message the user saw (vi / en)."""
    exp = get(session, export_id)
    exp.status = "cancelled" if cancelled else "failed"
    exp.finished_at, exp.error = utcnow(), error[:2000]
    audit.record(session, actor.username, "export.cancel" if cancelled else "export.fail",
                 "export", exp.uid, error=exp.error)
    return exp


def place_holds(session: Session, actor: Identity, exp: Export,
                ranges: list[tuple[int, datetime, datetime]]) -> None:
    """Put exported ranges on hold so retention keeps them (source="export")."""
    for camera_id, start, end in ranges:
        holds.add_hold(session, actor, camera_id, start, end, source="export",
                       source_id=exp.uid, reason=f"{exp.record_number} {exp.request_ref}")
    session.flush()


def camera_ids(exp: Export) -> list[int]:
    return [int(x) for x in json.loads(exp.cameras or "[]")]


def user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    u = session.get(User, user_id)
    return (u.full_name or u.username) if u else ""


def list_exports(session: Session, status: str | None = None, limit: int = 500) -> list[Export]:
    q = select(Export).order_by(Export.created_at.desc(), Export.id.desc()).limit(limit)
    if status:
        q = q.where(Export.status == status)
    return list(session.scalars(q))


def pending(session: Session) -> list[Export]:
    """The leader's approval queue, oldest first."""
    return list(session.scalars(select(Export).where(Export.status == "pending")
                                .order_by(Export.created_at, Export.id)))
