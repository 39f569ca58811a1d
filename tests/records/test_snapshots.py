"""Snapshots: row and audit entry, recent incidents, attach / move / detach with audit
(SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from controlroom import i18n
from controlroom.errors import NotFound, PermissionDenied
from controlroom.paths import DataHome
from controlroom.records import audit, snapshots
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, Incident, Snapshot
from controlroom.records.users import Identity

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
OFFICER = Identity(5, "canbo", "Cán bộ", "officer")
OTHER = Identity(7, "canbo2", "Cán bộ khác", "officer")
LEADER = Identity(6, "totruong", "Tổ trưởng", "leader")
LONG = "Trộm cắp xe máy tại cổng chợ Đông, Hà Nội. " * 400  # ~17 000 characters


def _setup(db: Database, home: DataHome) -> tuple[int, list[int]]:
    """One camera, one snapshot by OFFICER, three incidents (ids oldest first)."""
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name="Cổng chợ Đông", code="CHO_DONG")
        s.add(cam)
        s.flush()
        cam_id = cam.id
        incs = [Incident(code="VV-2026-001", occurred_at=T0, category="trom_cap",
                         summary="Trộm cắp tài sản ở thôn Đông"),
                Incident(code="VV-2026-002", occurred_at=T0 + timedelta(hours=2),
                         summary=LONG),
                Incident(code="VV-2026-003", occurred_at=T0 + timedelta(days=1),
                         summary="Đánh nhau trước nhà văn hoá, Hà Nội")]
        s.add_all(incs)
        s.flush()
        inc_ids = [i.id for i in incs]
    png = home.snapshots / "CHO_DONG" / "CHO_DONG-20261122T080000Z.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    sid = snapshots.record_snapshot(db, home, OFFICER, cam_id, png, T0)
    return sid, inc_ids


def _entries(db: Database, prefix: str = "snapshot.") -> list[tuple[str, str, dict]]:
    with db.read() as s:
        return [(e.action, e.actor, json.loads(e.detail)) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action.startswith(prefix))
            .order_by(AuditEntry.id))]


def test_record_snapshot_writes_row_and_audit(db: Database, home: DataHome) -> None:
    sid, _ = _setup(db, home)
    with db.read() as s:
        snap = s.get(Snapshot, sid)
        assert snap is not None
        assert (snap.path, snap.taken_by, snap.incident_id) == (
            "CHO_DONG/CHO_DONG-20261122T080000Z.png", "canbo", None)
    [(action, actor, detail)] = _entries(db)
    assert (action, actor, detail["path"]) == (
        "snapshot.take", "canbo", "CHO_DONG/CHO_DONG-20261122T080000Z.png")


def test_recent_incidents_newest_first(db: Database, home: DataHome) -> None:
    _, (a, b, c) = _setup(db, home)
    rows = snapshots.recent_incidents(db)
    assert [r.id for r in rows] == [c, b, a]
    assert rows[0] == (c, "VV-2026-003", T0 + timedelta(days=1),
                       "Đánh nhau trước nhà văn hoá, Hà Nội")
    assert rows[0].occurred_at.tzinfo is not None
    assert rows[1].summary == LONG  # long text comes back whole
    assert [r.id for r in snapshots.recent_incidents(db, limit=2)] == [c, b]
    assert snapshots.recent_incidents(db, limit=0) == []


def test_attach_move_detach_are_audited(db: Database, home: DataHome) -> None:
    sid, (a, b, _c) = _setup(db, home)
    assert snapshots.attach_snapshot(db, OFFICER, sid, a)
    assert snapshots.snapshot_incident(db, sid) == a
    assert not snapshots.attach_snapshot(db, OFFICER, sid, a)  # unchanged: no entry
    assert snapshots.attach_snapshot(db, OFFICER, sid, b)  # the long summary is fine
    assert snapshots.attach_snapshot(db, OFFICER, sid, None)
    assert snapshots.snapshot_incident(db, sid) is None
    entries = _entries(db)
    assert [(x[0], x[1]) for x in entries] == [
        ("snapshot.take", "canbo"), ("snapshot.attach", "canbo"),
        ("snapshot.attach", "canbo"), ("snapshot.detach", "canbo")]
    assert entries[1][2] == {"incident_id": a, "incident_code": "VV-2026-001",
                             "previous_incident_id": None,
                             "path": "CHO_DONG/CHO_DONG-20261122T080000Z.png"}
    assert (entries[2][2]["incident_id"], entries[2][2]["previous_incident_id"]) == (b, a)
    assert (entries[3][2]["incident_id"], entries[3][2]["previous_incident_id"]) == (None, b)
    with db.read() as s:
        result = audit.verify(s)
    assert result.ok and result.rows == 4


def test_only_the_taker_or_a_leader_moves_an_attached_snapshot(db: Database,
                                                               home: DataHome) -> None:
    sid, (a, b, _c) = _setup(db, home)
    assert snapshots.attach_snapshot(db, OTHER, sid, a)  # unattached: anyone may attach
    with pytest.raises(PermissionDenied):
        snapshots.attach_snapshot(db, OTHER, sid, b)
    with pytest.raises(PermissionDenied):
        snapshots.attach_snapshot(db, OTHER, sid, None)
    assert snapshots.snapshot_incident(db, sid) == a
    assert snapshots.attach_snapshot(db, LEADER, sid, b)
    assert [x[1] for x in _entries(db)] == ["canbo", "canbo2", "totruong"]


def test_missing_ids_give_translated_errors(db: Database, home: DataHome) -> None:
    sid, (a, _b, _c) = _setup(db, home)
    with pytest.raises(NotFound) as e:
        snapshots.attach_snapshot(db, OFFICER, 9999, a)
    assert (e.value.vi, e.value.en) == ("Không có ảnh chụp số 9999.",
                                        "No snapshot with id 9999.")
    assert str(e.value) == "Không có ảnh chụp số 9999."
    with pytest.raises(NotFound) as e:
        snapshots.attach_snapshot(db, OFFICER, sid, 8888)
    assert (e.value.vi, e.value.en) == ("Không có vụ việc số 8888.",
                                        "No incident with id 8888.")
    i18n.set_language("en")
    try:
        assert str(e.value) == "No incident with id 8888."
    finally:
        i18n.set_language("vi")
    with pytest.raises(NotFound):
        snapshots.snapshot_incident(db, 9999)
    assert snapshots.snapshot_incident(db, sid) is None  # nothing half-written
    assert [x[0] for x in _entries(db)] == ["snapshot.take"]
