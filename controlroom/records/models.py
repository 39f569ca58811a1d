"""The schema. One class per table; services in sibling modules use them.

Changes here need a matching Alembic migration (tests/records/test_migrations.py
checks that the migrations produce exactly this metadata).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
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
    record_audio: Mapped[bool] = mapped_column(Boolean, default=True)  # issue 14


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
    audio_codec: Mapped[str] = mapped_column(String(32), default="")  # "" = no audio
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


# --- incident book and tip register (issue 12) ------------------------------------------

INCIDENT_STATUSES = ("new", "in_progress", "transferred", "resolved", "closed")
SEVERITIES = ("low", "medium", "high")
PERSON_ROLES = ("victim", "suspect", "witness", "reporter", "other")
TIP_CHANNELS = ("in_person", "phone", "vneid", "letter", "other")


class IncidentCategory(Base):
    """A category of the incident book (and of tips); the admin edits the list."""

    __tablename__ = "incident_category"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(NFCString(120))
    name_en: Mapped[str] = mapped_column(NFCString(120), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Incident(Base):
    """One entry of the incident book. `code` is `NNNN/YYYY` numbered per year;
    `search_text` is the folded text searched (records/search.py), never shown."""

    __tablename__ = "incident"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_incident_occurred", "occurred_at"),
        Index("ix_incident_status_occurred", "status", "occurred_at"),
        Index("ix_incident_category_occurred", "category", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(NFCString(40), unique=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    detected_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    category: Mapped[str] = mapped_column(String(40), default="khac")
    area: Mapped[str] = mapped_column(NFCString(120), default="")  # thôn / tổ dân phố
    location: Mapped[str] = mapped_column(NFCString(300), default="")  # free text
    severity: Mapped[str] = mapped_column(String(16), default="medium")
    summary: Mapped[str] = mapped_column(NFCText, default="")
    description: Mapped[str] = mapped_column(NFCText, default="")
    officer: Mapped[str] = mapped_column(String(64), default="", index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status_by: Mapped[str] = mapped_column(String(64), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class IncidentCamera(Base):
    """A camera that saw the incident, with the range marked (from playback) if any."""

    __tablename__ = "incident_camera"
    __table_args__ = (Index("ix_incident_camera_camera", "camera_id", "incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"),
                                             index=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="RESTRICT"))
    start_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    end_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("hold.id", ondelete="SET NULL"),
                                                nullable=True)


class IncidentStatusChange(Base):
    """Every step of the status workflow, with who and when (and why, for a reopen)."""

    __tablename__ = "incident_status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"),
                                             index=True)
    from_status: Mapped[str] = mapped_column(String(16), default="")
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(NFCText, default="")


class IncidentNote(Base):
    """The action timeline: dated notes."""

    __tablename__ = "incident_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"),
                                             index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(NFCText)
    by: Mapped[str] = mapped_column(String(64), default="")


class IncidentPerson(Base):
    __tablename__ = "incident_person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"),
                                             index=True)
    role: Mapped[str] = mapped_column(String(16), default="other")
    name: Mapped[str] = mapped_column(NFCString(200), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    address: Mapped[str] = mapped_column(NFCString(300), default="")
    note: Mapped[str] = mapped_column(NFCText, default="")


class IncidentAttachment(Base):
    """A file copied into the data home's attachments/ (path relative to it)."""

    __tablename__ = "incident_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"),
                                             index=True)
    name: Mapped[str] = mapped_column(NFCString(255))
    path: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    added_by: Mapped[str] = mapped_column(String(64), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Tip(Base):
    """One entry of the tip register. The informant's identity is NOT here: it is in
    `tip_informant`, encrypted (records/tip_vault.py)."""

    __tablename__ = "tip"
    __table_args__ = (UniqueConstraint("year", "seq"),
                      Index("ix_tip_received", "received_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # TB-0007/2026
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by: Mapped[str] = mapped_column(String(64), default="")
    category: Mapped[str] = mapped_column(String(40), default="khac")
    area: Mapped[str] = mapped_column(NFCString(120), default="")
    content: Mapped[str] = mapped_column(NFCText, default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    handoff_due: Mapped[datetime] = mapped_column(UTCDateTime)
    resolve_due: Mapped[datetime] = mapped_column(UTCDateTime)
    transferred_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="received")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TipInformant(Base):
    """The informant's identity, AES-GCM encrypted under a per-row data key that is
    itself wrapped by a key-encryption key living only in the OS keyring."""

    __tablename__ = "tip_informant"

    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"),
                                        primary_key=True)
    key_version: Mapped[int] = mapped_column(Integer)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)  # nonce + AESGCM(KEK, DEK)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)  # nonce + AESGCM(DEK, JSON)


class TipKey(Base):
    """Versions of the key-encryption key (the keys themselves are in the keyring)."""

    __tablename__ = "tip_key"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    keyring_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TipTransfer(Base):
    """Hand-off of a tip to the investigation agency (biên bản chuyển)."""

    __tablename__ = "tip_transfer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"), index=True)
    agency: Mapped[str] = mapped_column(NFCString(300))
    ref: Mapped[str] = mapped_column(NFCString(100), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(64), default="")


class TipExtension(Base):
    """An extension of the resolution deadline, with its legal basis."""

    __tablename__ = "tip_extension"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"), index=True)
    days: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(NFCText)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(64), default="")


class TipIncident(Base):
    __tablename__ = "tip_incident"
    __table_args__ = (UniqueConstraint("tip_id", "incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tip.id", ondelete="CASCADE"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"),
                                             index=True)
    linked_by: Mapped[str] = mapped_column(String(64), default="")
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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


# --- audit anchoring (issue 15) -----------------------------------------------------------


class AuditCheckpoint(Base):
    """Database copy of each signed audit checkpoint (records/audit_anchor.py). The
    original line lives in the desk's append-only file; each copy betrays the deletion
    of the other, and desks sharing one database see each other's checkpoints."""

    __tablename__ = "audit_checkpoint"
    __table_args__ = (UniqueConstraint("desk", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desk: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(Integer)
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(NFCString(200), default="")
    head_id: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str] = mapped_column(String(100))
    line: Mapped[str] = mapped_column(Text)  # the signed JSON line, byte for byte


# --- patrol, meeting and camera-maintenance books (issue 13) ------------------------------

PATROL_ROLES = ("leader", "police", "village_head", "militia_head", "member")


class Patrol(Base):
    """One patrol of the patrol book (sổ tuần tra)."""

    __tablename__ = "patrol"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    route: Mapped[str] = mapped_column(NFCText, default="")
    findings: Mapped[str] = mapped_column(NFCText, default="")
    incident_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of incident ids
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[PatrolMember]] = relationship(
        cascade="all, delete-orphan", order_by="PatrolMember.id")


class PatrolMember(Base):
    __tablename__ = "patrol_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patrol_id: Mapped[int] = mapped_column(ForeignKey("patrol.id", ondelete="CASCADE"),
                                           index=True)
    name: Mapped[str] = mapped_column(NFCString(200))
    role: Mapped[str] = mapped_column(String(16), default="member")


MEETING_KINDS = ("monthly", "quarterly", "extraordinary", "yearly")


class Meeting(Base):
    """Minutes of a meeting (biên bản họp)."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(NFCString(300), default="")
    chair: Mapped[str] = mapped_column(NFCString(200))
    secretary: Mapped[str] = mapped_column(NFCString(200))
    content: Mapped[str] = mapped_column(NFCText, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attendees: Mapped[list[MeetingAttendee]] = relationship(
        cascade="all, delete-orphan", order_by="MeetingAttendee.id")
    decisions: Mapped[list[MeetingDecision]] = relationship(
        cascade="all, delete-orphan", order_by="MeetingDecision.id")


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendee"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(NFCString(200))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str] = mapped_column(NFCString(300), default="")  # why absent


class MeetingDecision(Base):
    """A decision with an owner and a due date; open until marked done."""

    __tablename__ = "meeting_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    text: Mapped[str] = mapped_column(NFCText)
    owner: Mapped[str] = mapped_column(NFCString(200), default="")
    due_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by: Mapped[str] = mapped_column(String(64), default="")


FAULT_STATES = ("suggested", "open", "closed", "dismissed")


class CameraFault(Base):
    """A fault and its repair in the camera maintenance book (sổ bảo trì camera).

    `suggested` rows come from the recorder's own outages (health events, gap rows);
    `down_from`/`down_to` is that outage, which also keeps a second suggestion away."""

    __tablename__ = "camera_fault"
    __table_args__ = (Index("ix_camera_fault_camera_reported", "camera_id", "reported_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16), default="open")
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual/health/gap
    fault: Mapped[str] = mapped_column(NFCText)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_by: Mapped[str] = mapped_column(NFCString(200), default="")
    cause: Mapped[str] = mapped_column(NFCText, default="")
    action: Mapped[str] = mapped_column(NFCText, default="")
    cost_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    down_from: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    down_to: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(64), default="")

    camera: Mapped[Camera] = relationship()


# --- camera devices: ONVIF facts and clock (issue 14) -------------------------------------


class CameraDevice(Base):
    """What the camera said about itself over ONVIF (kept for the maintenance book) and
    its clock's offset from the desk's clock when last asked (written into exports)."""

    __tablename__ = "camera_device"

    camera_id: Mapped[int] = mapped_column(ForeignKey("camera.id", ondelete="CASCADE"),
                                           primary_key=True)
    onvif_host: Mapped[str] = mapped_column(String(255), default="")
    onvif_port: Mapped[int | None] = mapped_column(Integer, nullable=True)
    manufacturer: Mapped[str] = mapped_column(NFCString(100), default="")
    model: Mapped[str] = mapped_column(NFCString(100), default="")
    serial: Mapped[str] = mapped_column(NFCString(100), default="")
    firmware: Mapped[str] = mapped_column(NFCString(100), default="")
    profile_token: Mapped[str] = mapped_column(String(64), default="")
    ptz: Mapped[bool] = mapped_column(Boolean, default=False)
    clock_offset_s: Mapped[float | None] = mapped_column(Float, nullable=True)  # camera - desk
    clock_uncertainty_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    clock_checked_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


# --- duty roster, desk check-in, handover book (issue 11) ---------------------------------


class Officer(Base):
    """An officer on the duty roster; `posts` are the posts they may hold (comma list)."""

    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(NFCString(200), unique=True)
    rank: Mapped[str] = mapped_column(NFCString(100), default="")
    position: Mapped[str] = mapped_column(NFCString(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    team: Mapped[str] = mapped_column(NFCString(100), default="")
    posts: Mapped[str] = mapped_column(String(200), default="desk")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


LEAVE_KINDS = ("leave", "business", "sick", "other")


class OfficerLeave(Base):
    """Leave or unavailability (nghỉ phép, công tác, ốm), whole days inclusive."""

    __tablename__ = "officer_leave"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id", ondelete="CASCADE"),
                                            index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), default="leave")
    reason: Mapped[str] = mapped_column(NFCText, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RosterRequest(Base):
    """A personal wish: on (want) or off a given shift of a given day, weighted 1–10."""

    __tablename__ = "roster_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id", ondelete="CASCADE"),
                                            index=True)
    day: Mapped[date] = mapped_column(Date)
    shift_key: Mapped[str] = mapped_column(String(32))
    want: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(NFCText, default="")


class HolidayOverride(Base):
    """The post's own holiday days (added, re-weighted, or removed)."""

    __tablename__ = "holiday_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(NFCString(200), default="")
    weight: Mapped[int] = mapped_column(Integer, default=2)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)


class ShiftTemplate(Base):
    __tablename__ = "shift_template"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    definition: Mapped[str] = mapped_column(NFCText)  # JSON, see roster_calendar


ROSTER_STATES = ("draft", "published")


class RosterMonth(Base):
    __tablename__ = "roster_month"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM
    template: Mapped[str] = mapped_column(NFCText)  # JSON copy used for this month
    status: Mapped[str] = mapped_column(String(16), default="draft")
    generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    solver_status: Mapped[str] = mapped_column(String(16), default="")
    objective: Mapped[float | None] = mapped_column(Float, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_by: Mapped[str] = mapped_column(String(64), default="")


class RosterAssignment(Base):
    """One seat of one post of one shift; officer_id None = not covered."""

    __tablename__ = "roster_assignment"
    __table_args__ = (
        UniqueConstraint("month_id", "day", "shift_key", "post", "seat"),
        Index("ix_roster_assignment_start", "start_utc"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("roster_month.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    shift_key: Mapped[str] = mapped_column(String(32))
    post: Mapped[str] = mapped_column(String(16))
    seat: Mapped[int] = mapped_column(Integer, default=0)
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    night: Mapped[bool] = mapped_column(Boolean, default=False)
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officer.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    source: Mapped[str] = mapped_column(String(16), default="solver")  # solver/manual/repair/swap
    note: Mapped[str] = mapped_column(NFCText, default="")

    officer: Mapped[Officer | None] = relationship()


SWAP_STATES = ("pending", "approved", "rejected")


class SwapRequest(Base):
    """Two officers exchange two assignments; takes effect only on a leader's approval."""

    __tablename__ = "swap_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("roster_assignment.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(
        ForeignKey("roster_assignment.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(NFCText, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    requested_by: Mapped[str] = mapped_column(String(64), default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CheckIn(Base):
    """An officer's arrival at and departure from the desk for one assignment."""

    __tablename__ = "check_in"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("roster_assignment.id", ondelete="CASCADE"), unique=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id", ondelete="CASCADE"))
    check_in_at: Mapped[datetime] = mapped_column(UTCDateTime)
    check_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(64), default="")


HANDOVER_STATES = ("draft", "submitted", "acknowledged")
REVIEW_STATES = ("pending", "approved", "commented")


class Handover(Base):
    """One page of the handover book (sổ giao ca): a shift handed from one officer to the
    next. Frozen once acknowledged; later corrections are HandoverAmendment rows."""

    __tablename__ = "handover"
    __table_args__ = (UniqueConstraint("day", "shift_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    shift_key: Mapped[str] = mapped_column(String(32))
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    outgoing: Mapped[str] = mapped_column(NFCString(200), default="")  # officer full name
    incoming: Mapped[str] = mapped_column(NFCString(200), default="")
    items: Mapped[str] = mapped_column(NFCText, default="[]")  # JSON prefilled lines
    note: Mapped[str] = mapped_column(NFCText, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    submitted_by: Mapped[str] = mapped_column(String(64), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str] = mapped_column(String(64), default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    review: Mapped[str] = mapped_column(String(16), default="pending")
    review_comment: Mapped[str] = mapped_column(NFCText, default="")
    reviewed_by: Mapped[str] = mapped_column(String(64), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    anchor: Mapped[str] = mapped_column(NFCText, default="")  # audit checkpoint, JSON


class HandoverAmendment(Base):
    __tablename__ = "handover_amendment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handover.id", ondelete="CASCADE"),
                                             index=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(NFCText)
