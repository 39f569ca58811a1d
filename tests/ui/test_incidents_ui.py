"""Incident book and tip register in a real window: create from a live tile (camera, time,
snapshot), create from playback marks (hold), the book with filters and pages, the dock,
and the reveal dialog (refused and audited for an officer or without a reason)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTreeWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import holds, incidents, tips, users
from controlroom.records.db import Database
from controlroom.records.incidents import MarkedRange
from controlroom.records.models import AuditEntry, Camera, Snapshot
from controlroom.records.tip_vault import Informant
from controlroom.records.users import Identity
from controlroom.timeutil import utcnow
from controlroom.ui.incidents import IncidentBook, IncidentForm, IncidentsFeature, IncidentView
from controlroom.ui.main_window import MainWindow
from controlroom.ui.tips import RevealDialog, TipForm, TipRegister

PW = "matkhau-2026"
T0 = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)


def _identity(db: Database, name: str, role: str) -> Identity:
    with db.session() as s:
        users.create(s, users.SYSTEM, name, PW, role, full_name=name)
    return users.sign_in(db, name, PW)


def _camera(db: Database, name: str = "Cổng chợ Đông") -> int:
    with db.session() as s:
        cam = Camera(uid=name, name=name, code=name[:6], location="Thôn Đông")
        s.add(cam)
        s.flush()
        return int(cam.id)


def test_create_from_tile_fills_camera_time_and_attaches_snapshot(
        qtbot: QtBot, sqlite_db: Database, home: DataHome) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo1", "officer")
    cam = _camera(db)
    _camera(db, "Ngã ba Hòa Bình")
    with db.session() as s:
        snap = Snapshot(camera_id=cam, ts=T0, path="cam/x.png", taken_by="canbo1")
        s.add(snap)
        s.flush()
        sid = int(snap.id)
    w = MainWindow(db, officer, home, features=("controlroom.ui.incidents",))
    qtbot.addWidget(w)
    feature = w.features["controlroom.ui.incidents"]
    assert isinstance(feature, IncidentsFeature)
    assert w.incident_dock.widget() is feature.dock
    form = feature.form_from_tile(cam, T0, sid)
    qtbot.addWidget(form)
    assert form.checked_cameras() == [cam]
    assert form.occurred.text() == "20/11/2026 08:30"
    assert form.extra.isVisibleTo(form)
    form.summary.setText("Trộm cắp xe máy trước cổng chợ")
    form.category.setCurrentIndex(form.category.findData("trom_cap"))
    form.area.setCurrentText("Thôn Đông")
    form.accept()
    assert form.result() == form.DialogCode.Accepted.value
    code = form.created_code
    assert code == "0001/2026"
    with db.read() as s:
        d = incidents.detail(s, code)
        assert [n for _, n in d.cameras] == ["Cổng chợ Đông"]
        assert [sn.id for sn in d.snapshots] == [sid]
        assert d.incident.occurred_at == T0 and d.incident.created_by == "canbo1"
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["incident.add", "snapshot.attach"]
    feature.changed.emit()
    assert feature.dock.tree.topLevelItemCount() == 1
    assert feature.dock.tree.topLevelItem(0).text(0) == code
    view = feature.open_incident(code)
    qtbot.addWidget(view)
    assert "Trộm cắp xe máy" in view.body.toPlainText()
    w.close()


def test_create_from_playback_marks_holds_the_range(qtbot: QtBot, sqlite_db: Database,
                                                    home: DataHome) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo1", "officer")
    cam = _camera(db)
    rng = MarkedRange(cam, T0, T0 + timedelta(minutes=4))
    form = IncidentForm(db, officer, occurred_at=T0, camera_ids=[cam], ranges=[rng])
    qtbot.addWidget(form)
    form.summary.setText("Va chạm giao thông tại ngã ba")
    code = form.save()
    with db.read() as s:
        d = incidents.detail(s, code)
        assert d.cameras[0][0].hold_id is not None
        assert holds.is_held(s, cam, T0 + timedelta(minutes=1), T0 + timedelta(minutes=2))


def test_book_filters_search_and_pages(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                       tmp_path: Path) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo1", "officer")
    with db.session() as s:
        for i in range(7):
            incidents.add(s, officer, occurred_at=utcnow() - timedelta(hours=i),
                          category="trom_cap" if i % 2 else "danh_bac",
                          summary="Trộm cắp tài sản ở Đường Lê Lợi" if i % 2
                          else "Đánh bạc tại bãi sông", area="Thôn Đông" if i < 3 else "Thôn Tây")
    book = IncidentBook(db, officer, home)
    qtbot.addWidget(book)
    assert book.table.rowCount() == 7 and book.total == 7
    book.search.setText("trom cap duong")
    book.go(0)
    assert book.total == 3
    assert {book.table.item(r, 0).text() for r in range(3)} == {"0002/2026", "0004/2026",
                                                                "0006/2026"}
    book.search.setText("")
    book.category.setCurrentIndex(book.category.findData("danh_bac"))
    assert book.total == 4
    book.area.setCurrentIndex(book.area.findData("Thôn Đông"))
    assert book.total == 2
    book.area.setCurrentIndex(0)
    book.category.setCurrentIndex(0)
    book.page_size = 3
    book.go(0)
    assert book.table.rowCount() == 3 and book.next_btn.isEnabled()
    book.go(2)
    assert book.table.rowCount() == 1 and not book.next_btn.isEnabled()
    assert "3/3" in book.page_label.text() or "3 of 3" in book.page_label.text()
    book.status.setCurrentIndex(book.status.findData("closed"))
    assert book.total == 0
    book.status.setCurrentIndex(0)
    out = tmp_path / "so.csv"
    assert book.export_csv(str(out)) == 7
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    book.table.selectRow(0)
    view = book.open_selected()
    assert isinstance(view, IncidentView)
    assert view.add_person("witness", "Bà Lê Thị Tư")
    assert "Bà Lê Thị Tư" in view.body.toPlainText()
    view.status.setCurrentIndex(view.status.findData("closed"))
    assert view.apply_status()
    view.close()
    assert book.total == 7


@pytest.mark.usefixtures("vi")
def test_reveal_dialog_refuses_officer_and_blank_reason_then_shows_for_leader(
        qtbot: QtBot, sqlite_db: Database, home: DataHome,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo1", "officer")
    leader = _identity(db, "totruong", "leader")
    form = TipForm(db, officer, home)
    qtbot.addWidget(form)
    form.content.setPlainText("Tố giác điểm đánh bạc ở bãi sông")
    form.name.setText("Hoàng Thị Bí Mật")
    form.phone.setText("0987654321")
    number = form.save()
    assert form.name.text() == ""
    register = TipRegister(db, officer, home)
    qtbot.addWidget(register)
    assert register.table.item(0, 6).text() == tips.MASK
    assert "Bí Mật" not in " ".join(register.table.item(0, c).text() for c in range(8))
    register.table.selectRow(0)
    dlg = register.reveal_dialog()
    assert isinstance(dlg, RevealDialog)
    qtbot.addWidget(dlg)
    dlg.reason.setPlainText("tò mò")
    assert not dlg.reveal()
    assert "lãnh đạo" in dlg.status.text() and not dlg.result_box.isVisibleTo(dlg)
    dlg2 = RevealDialog(db, leader, home, number)
    qtbot.addWidget(dlg2)
    assert not dlg2.reveal()
    assert "lý do" in dlg2.status.text()
    dlg2.reason.setPlainText("Phối hợp xác minh theo yêu cầu của CQĐT")
    assert dlg2.reveal()
    assert dlg2.values[0].text() == "Hoàng Thị Bí Mật"
    assert dlg2.values[1].text() == "0987654321"
    assert dlg2.result_box.isVisibleTo(dlg2)
    dlg2.reject()
    assert dlg2.values[0].text() == ""
    with db.read() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.object_id == number)
                                 .order_by(AuditEntry.id)))
    assert actions == ["tip.add", "tip.reveal_refused", "tip.reveal_refused", "tip.reveal"]


def test_tip_register_marks_overdue(qtbot: QtBot, sqlite_db: Database, home: DataHome) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo1", "officer")
    with db.session() as s:
        tips.add(s, officer, home, channel="phone", content="Báo có người lạ",
                 received_at=utcnow() - timedelta(hours=30))
        tips.add(s, officer, home, channel="vneid", content="Phản ánh tiếng ồn",
                 received_at=utcnow() - timedelta(hours=1), informant=Informant("A", "1"))
    register = TipRegister(db, officer, home)
    qtbot.addWidget(register)
    assert register.table.rowCount() == 2
    assert "⚠" in register.table.item(1, 4).text()
    assert "⚠" not in register.table.item(0, 4).text()
    register.overdue.setChecked(True)
    assert register.table.rowCount() == 1
    assert register.table.item(0, 0).text() == "TB-0001/2026"


def test_shift_dock_lists_tip_deadlines(qtbot: QtBot, sqlite_db: Database,
                                        home: DataHome) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo1", "officer")
    with db.session() as s:
        tips.add(s, officer, home, channel="phone", content="Báo có người lạ",
                 received_at=utcnow() - timedelta(hours=30))
        tips.add(s, officer, home, channel="letter", content="Thư phản ánh",
                 received_at=utcnow() - timedelta(hours=1))
    w = MainWindow(db, officer, home, features=("controlroom.ui.tips",))
    qtbot.addWidget(w)
    panel = w.shift_dock.widget()
    assert panel is not None and panel.objectName() == "tipDeadlines"
    tree = panel.findChild(QTreeWidget, "tipDeadlineList")
    assert tree is not None and tree.topLevelItemCount() == 1
    assert tree.topLevelItem(0).text(0) == "TB-0001/2026"
    w.close()


def test_incident_opens_extraction_prefilled_with_its_code(qtbot: QtBot, sqlite_db: Database,
                                                           home: DataHome) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo1", "officer")
    cam = _camera(db)
    code = incidents.create(db, officer, occurred_at=T0, category="trom_cap",
                            summary="Trộm cắp", ranges=[MarkedRange(cam, T0, T0 + timedelta(
                                minutes=2))])
    w = MainWindow(db, officer, home, features=("controlroom.ui.extraction",
                                                "controlroom.ui.incidents"))
    qtbot.addWidget(w)
    feature = w.features["controlroom.ui.incidents"]
    assert isinstance(feature, IncidentsFeature)
    view = feature.open_incident(code)
    qtbot.addWidget(view)
    view.open_extraction()
    from controlroom.ui.extraction import ExtractionDialog

    dlg = w.findChild(ExtractionDialog)
    assert dlg is not None and dlg.incident.text() == code
    dlg.reject()
    w.close()
