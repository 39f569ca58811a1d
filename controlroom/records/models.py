"""The schema. One class per table; services in sibling modules use them.

Changes here need a matching Alembic migration (tests/records/test_migrations.py
checks that the migrations produce exactly this metadata).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from controlroom.records.types import NFCString, NFCText, UTCDateTime
from controlroom.timeutil import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- users, audit, settings -------------------------------------------------------------

ROLES = ("officer", "leader", "admin")


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(NFCString(200), default="")
    rank: Mapped[str] = mapped_column(NFCString(100), default="")  # cấp bậc
    unit: Mapped[str] = mapped_column(NFCString(200), default="")  # đơn vị
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditEntry(Base):
    """Append-only; each row's hash covers its content and the previous row's hash."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64), default="")
    object_id: Mapped[str] = mapped_column(NFCString(200), default="")
    detail: Mapped[str] = mapped_column(NFCText, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the id and hash of the newest audit entry (detects a deleted tail)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(NFCText)  # JSON
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


class SavedView(Base):
    """A user's saved grid layout (layout name + camera ids per tile)."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(NFCString(100))
    layout: Mapped[str] = mapped_column(String(16))
    cameras: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of camera ids/None


# --- cameras and recordings -------------------------------------------------------------

VENDORS = ("generic", "hikvision", "dahua")
STREAMS = ("main", "sub")


class Camera(Base):
    """A camera. Credentials are in the OS keyring under the camera's uid, never here."""

    __tablename__ = "camera"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # keyring key, stable
    name: Mapped[str] = mapped_column(NFCString(120), unique=True)
    code: Mapped[str] = mapped_column(NFCString(40), unique=True)
    location: Mapped[str] = mapped_column(NFCString(200), default="")  # thôn / tổ dân phố
    gps_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    gps_lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    owner_kind: Mapped[str] = mapped_column(String(32), default="")  # household/business/…
    owner_name: Mapped[str] = mapped_column(NFCString(200), default="")
    owner_contact: Mapped[str] = mapped_column(NFCString(200), default="")
    vendor: Mapped[str] = mapped_column(String(16), default="generic")
    host: Mapped[str] = mapped_column(String(255), default="")
    port: Mapped[int | None] = mapped_column(Integer, nullable=True)
    channel: Mapped[int | None] = mapped_column(Integer, nullable=True)
    main_url: Mapped[str] = mapped_column(String(1000), default="")  # no credentials
    sub_url: Mapped[str] = mapped_column(String(1000), default="")
    has_credentials: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(NFCText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Segment(Base):
    """One recorded file. Times are the real first/last packet times (UTC)."""

    __tablename__ = "segment"
    __table_args__ = (Index("ix_segment_camera_stream_start", "camera_id", "stream", "start_utc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="RESTRICT"))
    stream: Mapped[str] = mapped_column(String(8), default="main")
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    codec: Mapped[str] = mapped_column(String(32), default="")
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str] = mapped_column(String(1000), unique=True)  # relative to recordings/
    sha256: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16), default="open")  # open/closed/missing/corrupt
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    camera: Mapped[Camera] = relationship()


GAP_REASONS = ("offline", "auth_failed", "recorder_stopped", "disk_full", "error")


class Gap(Base):
    __tablename__ = "gap"
    __table_args__ = (Index("ix_gap_camera_stream_start", "camera_id", "stream", "start_utc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="CASCADE"))
    stream: Mapped[str] = mapped_column(String(8), default="main")
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(NFCText, default="")


HEALTH_STATES = ("connecting", "online", "recording", "offline", "auth_failed", "disabled")


class HealthEvent(Base):
    """A camera's state transition; uptime per period is derived from these."""

    __tablename__ = "health_event"
    __table_args__ = (Index("ix_health_event_camera_ts", "camera_id", "ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="CASCADE"))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(NFCText, default="")


class Hold(Base):
    """A range retention must keep (evidence exports, incidents, manual)."""

    __tablename__ = "hold"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="CASCADE"))
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16))  # export / incident / manual
    source_id: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(NFCText, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    released_by: Mapped[str] = mapped_column(String(64), default="")


class Snapshot(Base):
    __tablename__ = "snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="CASCADE"))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    path: Mapped[str] = mapped_column(String(1000))  # relative to snapshots/
    taken_by: Mapped[str] = mapped_column(String(64), default="")
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incident.id", ondelete="SET NULL"), nullable=True
    )


# --- incidents (the full incident book is a later issue) ----------------------------------


class Incident(Base):
    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(NFCString(40), unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    category: Mapped[str] = mapped_column(String(40), default="khac")
    location: Mapped[str] = mapped_column(NFCString(300), default="")
    summary: Mapped[str] = mapped_column(NFCText, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- evidence exports (custody register) and signing keys ---------------------------------

EXPORT_STATES = ("pending", "approved", "running", "completed", "failed", "refused", "cancelled")


class Export(Base):
    __tablename__ = "export"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    record_number: Mapped[str] = mapped_column(NFCString(40), default="")  # số biên bản
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    approver_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), nullable=True
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cameras: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of camera ids
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    request_ref: Mapped[str] = mapped_column(NFCString(200), default="")
    agency: Mapped[str] = mapped_column(NFCString(300), default="")
    reason: Mapped[str] = mapped_column(NFCText, default="")
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incident.id", ondelete="SET NULL"), nullable=True
    )
    witness: Mapped[str] = mapped_column(NFCString(300), default="")
    camera_owner: Mapped[str] = mapped_column(NFCString(300), default="")
    medium: Mapped[str] = mapped_column(NFCString(200), default="")
    seal_number: Mapped[str] = mapped_column(NFCString(100), default="")
    dest_path: Mapped[str] = mapped_column(NFCString(1000), default="")
    bytes_total: Mapped[int] = mapped_column(BigInteger, default=0)
    sums_sha256: Mapped[str] = mapped_column(String(64), default="")
    key_fingerprint: Mapped[str] = mapped_column(String(100), default="")
    error: Mapped[str] = mapped_column(NFCText, default="")


class SigningKey(Base):
    """Public half of every signing key the post has used; private halves live only in
    the OS keyring. Old keys stay so older exports still verify."""

    __tablename__ = "signing_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(100), unique=True)
    public_pem: Mapped[str] = mapped_column(Text)
    keyring_name: Mapped[str] = mapped_column(String(100))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
