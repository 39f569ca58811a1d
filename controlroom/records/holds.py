"""Holds: ranges of a camera's footage that retention must keep.

Exports and incidents put a hold on the range they cover; a leader may lift it. Retention
(controlroom.video.retention) never deletes a segment that overlaps an active hold.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput, NotFound
from controlroom.records import audit
from controlroom.records.models import Camera, Hold
from controlroom.records.users import Identity
from controlroom.timeutil import as_utc, check_year, utcnow

SOURCES = ("export", "incident", "manual")


def add_hold(session: Session, actor: Identity, camera_id: int, start: datetime,
             end: datetime, source: str = "manual", source_id: str = "",
             reason: str = "") -> Hold:
    """Keep [start, end) of a camera's footage until released. Officers may add holds
    (an export is started by an officer); only leaders release them."""
    if source not in SOURCES:
        raise InvalidInput("Nguồn giữ dữ liệu không hợp lệ: {s}", "Invalid hold source: {s}",
                           s=source)
    start, end = as_utc(check_year(start)), as_utc(check_year(end))
    if end <= start:
        raise InvalidInput("Thời điểm kết thúc phải sau thời điểm bắt đầu.",
                           "The end must be after the start.")
    if session.get(Camera, camera_id) is None:
        raise NotFound("Không có camera số {i}.", "No camera with id {i}.", i=camera_id)
    hold = Hold(camera_id=camera_id, start_utc=start, end_utc=end, source=source,
                source_id=str(source_id)[:64], reason=reason, created_by=actor.username)
    session.add(hold)
    session.flush()
    audit.record(session, actor.username, "hold.add", "hold", hold.id, camera_id=camera_id,
                 start=start.isoformat(), end=end.isoformat(), source=source,
                 source_id=str(source_id), reason=reason)
    return hold


def release_hold(session: Session, actor: Identity, hold_id: int, reason: str = "") -> Hold:
    actor.require("leader")
    hold = session.get(Hold, hold_id)
    if hold is None:
        raise NotFound("Không có lệnh giữ dữ liệu số {i}.", "No hold with id {i}.", i=hold_id)
    if hold.released_at is not None:
        raise InvalidInput("Lệnh giữ dữ liệu số {i} đã được gỡ.",
                           "Hold {i} was already released.", i=hold_id)
    hold.released_at, hold.released_by = utcnow(), actor.username
    audit.record(session, actor.username, "hold.release", "hold", hold.id,
                 camera_id=hold.camera_id, reason=reason)
    return hold


def active_holds(session: Session, camera_id: int | None = None,
                 start: datetime | None = None, end: datetime | None = None) -> list[Hold]:
    """Unreleased holds, optionally of one camera and overlapping [start, end)."""
    q = select(Hold).where(Hold.released_at.is_(None))
    if camera_id is not None:
        q = q.where(Hold.camera_id == camera_id)
    if end is not None:
        q = q.where(Hold.start_utc < as_utc(end))
    if start is not None:
        q = q.where(Hold.end_utc > as_utc(start))
    return list(session.scalars(q.order_by(Hold.camera_id, Hold.start_utc)))


def all_holds(session: Session, include_released: bool = False) -> list[Hold]:
    q = select(Hold)
    if not include_released:
        q = q.where(Hold.released_at.is_(None))
    return list(session.scalars(q.order_by(Hold.created_at)))


def is_held(session: Session, camera_id: int, start: datetime, end: datetime) -> bool:
    """True when any active hold of the camera overlaps [start, end]. A zero-length
    range (a segment that was never written past its first packet) counts as touching."""
    start, end = as_utc(start), as_utc(end)
    q = select(Hold.id).where(Hold.released_at.is_(None), Hold.camera_id == camera_id,
                              Hold.start_utc <= end, Hold.end_utc >= start).limit(1)
    return session.scalar(q) is not None
