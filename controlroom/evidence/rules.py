"""Who may approve, run and write an evidence export: the rules the window and the CLI
both apply, in one place so they cannot drift apart.

- Four eyes (setting `export_four_eyes`, on by default): the leader who approves a
  request is not the person who asked for it. Checked when approving and again when the
  export runs, so an approval made some other way still cannot be executed.
- Who runs it: only the officer who made the request executes it, once.
- Where it goes: officers and leaders write only to a removable drive (a USB stick, a
  card); an administrator may choose any folder.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from controlroom.errors import PermissionDenied
from controlroom.evidence import drives
from controlroom.records import exports, settings
from controlroom.records.models import Export
from controlroom.records.users import Identity


def four_eyes(session: Session) -> bool:
    return bool(settings.get(session, "export_four_eyes"))


def check_approver(session: Session, exp: Export, leader: Identity) -> None:
    """Refuse an approval the rules do not allow (role, then four eyes)."""
    if not leader.at_least("leader"):
        raise PermissionDenied(
            "Chỉ tổ trưởng / chỉ huy mới được duyệt trích xuất dữ liệu.",
            "Only a team leader may approve an evidence export.")
    if leader.id == exp.officer_id and four_eyes(session):
        raise PermissionDenied(
            "Người đề nghị trích xuất không được tự duyệt yêu cầu của mình (nguyên tắc hai "
            "người); cần một lãnh đạo khác duyệt.",
            "The person who requested an export may not approve it (four-eyes rule); "
            "another leader must approve.")


def approve(session: Session, leader: Identity, export_id: int) -> Export:
    """Approve a pending request after the rules allowed it (window and CLI)."""
    check_approver(session, exports.get(session, export_id), leader)
    return exports.approve(session, leader, export_id)


def check_runner(session: Session, exp: Export, actor: Identity) -> None:
    """Only the requester runs an approved request; the approval must still obey the
    four-eyes rule as it stands now."""
    if actor.id != exp.officer_id:
        raise PermissionDenied(
            "Chỉ người đề nghị ({o}) mới được thực hiện yêu cầu {n}.",
            "Only the requester ({o}) may execute request {n}.",
            o=exports.user_name(session, exp.officer_id), n=exp.record_number)
    if exp.approver_id is not None and exp.approver_id == exp.officer_id \
            and four_eyes(session):
        raise PermissionDenied(
            "Yêu cầu {n} do chính người đề nghị duyệt; theo nguyên tắc hai người, cần một "
            "lãnh đạo khác duyệt.",
            "Request {n} was approved by its own requester; the four-eyes rule needs "
            "another leader's approval.", n=exp.record_number)


def check_destination(actor: Identity, dest: Path) -> None:
    """Officers and leaders write evidence only onto a removable drive."""
    if actor.at_least("admin"):
        return
    if not drives.is_removable_path(dest):
        raise PermissionDenied(
            "Cán bộ chỉ được trích xuất ra ổ rời (USB, thẻ nhớ); {p} không phải ổ rời. "
            "Chỉ quản trị viên được chọn thư mục khác.",
            "Officers may export only to a removable drive (USB stick, memory card); {p} "
            "is not one. Only an administrator may choose another folder.", p=dest)
