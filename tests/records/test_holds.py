"""Holds: add, release (leaders only), overlap queries (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from controlroom.errors import InvalidInput, NotFound, PermissionDenied
from controlroom.records import holds
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera
from controlroom.records.users import Identity

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
OFFICER = Identity(5, "canbo", "Cán bộ", "officer")
LEADER = Identity(6, "totruong", "Tổ trưởng", "leader")


def _cam(db: Database) -> int:
    with db.session() as s:
        c = Camera(uid=str(uuid.uuid4()), name="Trường học", code="TRUONG")
        s.add(c)
        s.flush()
        return c.id


def test_hold_lifecycle(db: Database) -> None:
    cam = _cam(db)
    with db.session() as s:
        h = holds.add_hold(s, OFFICER, cam, T0, T0 + timedelta(minutes=10), "export", "EX-7",
                           "Trích xuất cho Công an huyện")
        hid = h.id
    with db.read() as s:
        assert holds.is_held(s, cam, T0 + timedelta(minutes=9), T0 + timedelta(minutes=20))
        assert holds.is_held(s, cam, T0 - timedelta(minutes=5), T0)  # touching counts
        assert not holds.is_held(s, cam, T0 + timedelta(minutes=11), T0 + timedelta(hours=1))
        assert [x.id for x in holds.active_holds(s, cam, T0, T0 + timedelta(minutes=1))] == [hid]
        assert holds.active_holds(s, cam, T0 + timedelta(hours=1), T0 + timedelta(hours=2)) == []
    with db.session() as s, pytest.raises(PermissionDenied):
        holds.release_hold(s, OFFICER, hid)
    with db.session() as s:
        holds.release_hold(s, LEADER, hid, "vụ việc đã khép lại")
    with db.session() as s, pytest.raises(InvalidInput):
        holds.release_hold(s, LEADER, hid)
    with db.read() as s:
        assert not holds.is_held(s, cam, T0, T0 + timedelta(minutes=10))
        assert [x.id for x in holds.all_holds(s, include_released=True)] == [hid]
        acts = [(a.action, json.loads(a.detail)) for a in s.scalars(select(AuditEntry))]
    assert [a for a, _ in acts] == ["hold.add", "hold.release"]
    assert acts[0][1]["source_id"] == "EX-7"


def test_hold_input_errors(db: Database) -> None:
    cam = _cam(db)
    with db.session() as s:
        with pytest.raises(InvalidInput):
            holds.add_hold(s, OFFICER, cam, T0, T0)
        with pytest.raises(InvalidInput):
            holds.add_hold(s, OFFICER, cam, T0, T0 + timedelta(1), source="whim")
        with pytest.raises(NotFound):
            holds.add_hold(s, OFFICER, 999, T0, T0 + timedelta(1))
        with pytest.raises(NotFound):
            holds.release_hold(s, LEADER, 999)
