"""The "attach snapshot to incident" dialog: accent-insensitive search, keyboard use
(arrows from the search box, Enter attaches, Esc cancels), empty states, detaching, and
the Vietnamese text."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import audit, snapshots
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, Incident
from controlroom.records.users import Identity
from controlroom.ui.attach_snapshot import SUMMARY_CHARS, AttachSnapshotDialog

pytestmark = pytest.mark.gui
T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # 15:00 in Hà Nội
OFFICER = Identity(5, "canbo", "Cán bộ", "officer")
LONG = "Va chạm giao thông giữa xe máy và ô tô tải trên quốc lộ, không có thương vong. " * 50


def _snapshot(db: Database, home: DataHome) -> int:
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name="Cổng chợ Đông", code="CHO_DONG")
        s.add(cam)
        s.flush()
        cam_id = cam.id
    png = home.snapshots / "CHO_DONG" / "x.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    return snapshots.record_snapshot(db, home, OFFICER, cam_id, png, T0)


def _incidents(db: Database) -> dict[str, int]:
    with db.session() as s:
        incs = [Incident(code="VV-001", occurred_at=T0, summary="Trộm cắp xe đạp ở Hải Phòng"),
                Incident(code="VV-002", occurred_at=T0 + timedelta(hours=1),
                         summary="Cướp giật điện thoại tại phố cổ Hà Nội"),
                Incident(code="VV-003", occurred_at=T0 + timedelta(hours=2), summary=LONG),
                Incident(code="VV-004", occurred_at=T0 + timedelta(hours=3),
                         summary="Đánh nhau ở HÀ NỘI, đường Láng")]
        s.add_all(incs)
        s.flush()
        return {i.code: i.id for i in incs}


def _dialog(qtbot: QtBot, db: Database, sid: int) -> AttachSnapshotDialog:
    dlg = AttachSnapshotDialog(db, OFFICER, sid)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    return dlg


def test_search_ha_noi_and_enter_attaches(qtbot: QtBot, sqlite_db: Database,
                                          home: DataHome) -> None:
    sid = _snapshot(sqlite_db, home)
    ids = _incidents(sqlite_db)
    dlg = _dialog(qtbot, sqlite_db, sid)
    newest_first = [ids[c] for c in ("VV-004", "VV-003", "VV-002", "VV-001")]
    assert dlg.visible_ids() == newest_first
    assert dlg.selected_id() == ids["VV-004"]
    assert dlg.search.hasFocus()
    qtbot.keyClicks(dlg.search, "ha noi")
    assert dlg.visible_ids() == [ids["VV-004"], ids["VV-002"]]  # "HÀ NỘI" and "Hà Nội"
    qtbot.keyClick(dlg.search, Qt.Key.Key_Down)  # the arrows work from the search box
    assert dlg.selected_id() == ids["VV-002"] and dlg.search.hasFocus()
    qtbot.keyClick(dlg.search, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.attached_incident is not None and dlg.attached_incident.code == "VV-002"
    assert snapshots.snapshot_incident(sqlite_db, sid) == ids["VV-002"]
    with sqlite_db.read() as s:
        entry = s.scalars(select(AuditEntry)
                          .where(AuditEntry.action == "snapshot.attach")).one()
        assert (entry.actor, entry.object_id) == ("canbo", str(sid))
        assert json.loads(entry.detail)["incident_code"] == "VV-002"
        assert audit.verify(s).ok


def test_no_match_then_esc_cancels(qtbot: QtBot, sqlite_db: Database,
                                   home: DataHome) -> None:
    sid = _snapshot(sqlite_db, home)
    _incidents(sqlite_db)
    dlg = _dialog(qtbot, sqlite_db, sid)
    qtbot.keyClicks(dlg.search, "ma tuy")
    assert dlg.visible_ids() == []
    assert dlg.list.isHidden() and dlg.empty.isVisible()
    assert dlg.empty.text() == "No incident matches “ma tuy”."
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClick(dlg.search, Qt.Key.Key_Return)  # nothing to attach: stays open
    assert dlg.isVisible()
    dlg.search.clear()
    assert len(dlg.visible_ids()) == 4 and dlg.ok_button.isEnabled()
    qtbot.keyClick(dlg.search, Qt.Key.Key_Escape)
    assert dlg.result() == QDialog.DialogCode.Rejected
    assert snapshots.snapshot_incident(sqlite_db, sid) is None
    with sqlite_db.read() as s:
        assert [e.action for e in s.scalars(select(AuditEntry))] == ["snapshot.take"]


def test_empty_state_in_vietnamese(qtbot: QtBot, vi: None, sqlite_db: Database,
                                   home: DataHome) -> None:
    sid = _snapshot(sqlite_db, home)
    dlg = _dialog(qtbot, sqlite_db, sid)
    assert dlg.windowTitle() == "Gắn ảnh chụp vào vụ việc"
    assert dlg.empty.isVisible() and dlg.list.isHidden()
    assert dlg.empty.text().startswith("Chưa có vụ việc nào.")
    assert not dlg.search.isEnabled() and not dlg.ok_button.isEnabled()
    assert not dlg.detach_button.isVisible()
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.result() == QDialog.DialogCode.Rejected


def test_local_time_long_summary_and_detach(qtbot: QtBot, vi: None, sqlite_db: Database,
                                            home: DataHome) -> None:
    sid = _snapshot(sqlite_db, home)
    ids = _incidents(sqlite_db)
    snapshots.attach_snapshot(sqlite_db, OFFICER, sid, ids["VV-003"])
    dlg = _dialog(qtbot, sqlite_db, sid)
    assert dlg.selected_id() == ids["VV-003"]  # the current incident is preselected
    assert dlg.prompt.text() == "Ảnh chụp này đang gắn với vụ việc VV-003."
    item = dlg.list.currentItem()
    assert item is not None
    assert item.text(1) == "22/11/2026 17:00"  # 10:00 UTC in Asia/Ho_Chi_Minh
    assert len(item.text(2)) == SUMMARY_CHARS and item.text(2).endswith("…")
    assert item.toolTip(2).startswith("Va chạm giao thông")
    assert dlg.list.headerItem().text(0) == "Mã"
    qtbot.keyClicks(dlg.search, "HAI PHONG")  # upper case, no diacritics
    assert dlg.visible_ids() == [ids["VV-001"]]
    assert dlg.detach_button.isVisible()
    qtbot.mouseClick(dlg.detach_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted and dlg.detached
    assert snapshots.snapshot_incident(sqlite_db, sid) is None
    with sqlite_db.read() as s:
        assert [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
            "snapshot.take", "snapshot.attach", "snapshot.detach"]
