"""The patrol, meeting and maintenance forms, the report preview and the dashboard dock in
a real window (SQLite)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records import maintenance, meetings, patrols, users
from controlroom.records.db import Database
from controlroom.records.models import Camera, HealthEvent
from controlroom.records.users import Identity
from controlroom.timeutil import utcnow
from controlroom.ui.books import BooksFeature, MaintenanceDialog, MeetingBookDialog
from controlroom.ui.dashboard import DashboardFeature
from controlroom.ui.main_window import MainWindow
from controlroom.ui.reports_dialog import ReportDialog

FEATURES = ("controlroom.ui.books", "controlroom.ui.reports_dialog", "controlroom.ui.dashboard")


def _leader(db: Database) -> Identity:
    with db.session() as s:
        users.create(s, users.SYSTEM, "totruong", "matkhau-2026", "leader",
                     full_name="Trần Thị Hồng Nhung")
    return users.sign_in(db, "totruong", "matkhau-2026")


def _window(qtbot: QtBot, db: Database, home: DataHome, ident: Identity) -> MainWindow:
    w = MainWindow(db, ident, home, features=FEATURES)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _camera(db: Database) -> int:
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name="Cổng chợ Tịnh Châu", code="CAM-01")
        s.add(cam)
        s.flush()
        now = utcnow()
        for dt, st in ((timedelta(hours=5), "recording"), (timedelta(hours=3), "offline")):
            s.add(HealthEvent(camera_id=cam.id, ts=now - dt, state=st))
        return cam.id


def test_patrol_form_warns_and_records(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                       vi: None) -> None:
    w = _window(qtbot, sqlite_db, home, _leader(sqlite_db))
    books = w.features["controlroom.ui.books"]
    assert isinstance(books, BooksFeature)
    dlg = books.open_patrols()
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "Sổ tuần tra"
    dlg.leader.setText("Nguyễn Văn Hùng")
    dlg.members.item(0, 0).setText("Lê Đức Thắng")
    dlg.members.item(1, 0).setText("Võ Văn Lợi")
    assert "Thôn đội trưởng" in dlg.warning.text()
    dlg.members.item(2, 0).setText("Huỳnh Tấn Phát")
    assert dlg.warning.text() == ""
    dlg.route.setText("Thôn Đông – chợ")
    assert dlg.save()
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 5).text() == "✓"
    with sqlite_db.read() as s:
        (p,) = patrols.in_range(s, utcnow() - timedelta(days=1), utcnow() + timedelta(days=1))
        roles = [m.role for m in p.members]
    assert roles == ["leader", "police", "village_head", "militia_head"]
    combo = dlg.members.cellWidget(3, 1)
    assert isinstance(combo, QComboBox) and combo.currentText() == "Thành viên"


def test_meeting_form_decisions_and_pdf(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                        tmp_path: Path) -> None:
    leader = _leader(sqlite_db)
    dlg = MeetingBookDialog(sqlite_db, leader, home)
    qtbot.addWidget(dlg)
    dlg.chair.setText("Nguyễn Văn Hùng")
    dlg.secretary.setText("Phạm Thị Thu Hà")
    dlg.attendees.setPlainText("Lê Đức Thắng\nVõ Văn Lợi")
    dlg.absentees.setPlainText("Đặng Quốc Việt: ốm")
    dlg.content.setPlainText("Đánh giá tình hình tháng 11")
    dlg.decision_text.setPlainText("Sửa camera chợ | Lê Đức Thắng | 05/12/2026\nTuyên truyền")
    assert dlg.save()
    assert dlg.table.rowCount() == 1 and dlg.decisions.rowCount() == 2
    dlg.decisions.selectRow(0)
    dlg.mark_done()
    assert dlg.decisions.rowCount() == 1
    dlg.table.selectRow(0)
    out = dlg.save_pdf(str(tmp_path / "bb.pdf"))
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert dlg.save_pdf(str(tmp_path / "missing" / "bb.pdf")) is None
    _unwritable_said()
    with sqlite_db.read() as s:
        assert len(meetings.open_decisions(s)) == 1


def test_maintenance_suggest_confirm_close(qtbot: QtBot, sqlite_db: Database,
                                           home: DataHome, monkeypatch: object) -> None:
    leader = _leader(sqlite_db)
    _camera(sqlite_db)
    dlg = MaintenanceDialog(sqlite_db, leader, home)
    qtbot.addWidget(dlg)
    dlg.suggest()
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 1).text() == "suggested"
    dlg.table.selectRow(0)
    dlg.confirm()
    assert dlg.table.item(0, 1).text() == "open"
    dlg.fault.setText("Camera bị che")
    dlg.add_fault()
    assert dlg.table.rowCount() == 2
    with sqlite_db.read() as s:
        fid = maintenance.listing(s, ("open",))[0].id
    with sqlite_db.session() as s:
        maintenance.close(s, leader, fid, "Cắt tỉa cành cây")
    dlg.reload()
    assert dlg.availability.rowCount() == 1
    assert dlg.availability.item(0, 1).text().endswith("%")


def _unwritable_said() -> None:
    """The error box of a file that cannot be written says why in words (oserror), never
    the C library's text, and is closed."""
    box = next(w for w in QApplication.topLevelWidgets()
               if w.objectName() == "userErrorBox" and w.isVisible())
    assert isinstance(box, QMessageBox)
    assert box.text() in ("Không ghi được tệp: tệp hoặc thư mục không tồn tại",
                          "Cannot write the file: the file or folder does not exist")
    box.close()


def test_report_preview_and_files(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                  tmp_path: Path) -> None:
    leader = _leader(sqlite_db)
    _camera(sqlite_db)
    dlg = ReportDialog(sqlite_db, leader, home)
    qtbot.addWidget(dlg)
    assert dlg.save_pdf(str(tmp_path / "x.pdf")) is None  # nothing previewed yet
    dlg.text.setPlainText("Tình hình ổn định.")
    with qtbot.waitSignal(dlg.built, timeout=30_000):
        dlg.build()
    html = dlg.browser.toPlainText()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Tình hình ổn định." in html
    assert "CAM-01" in html
    pdf = dlg.save_pdf(str(tmp_path / "bc.pdf"))
    csv_ = dlg.save_csv(str(tmp_path / "bc.csv"))
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert csv_ is not None and csv_.read_bytes().startswith(b"\xef\xbb\xbf")
    for save in (dlg.save_pdf, dlg.save_csv):
        assert save(str(tmp_path / "missing" / "bc.out")) is None
        _unwritable_said()


def test_dashboard_dock_refreshes_off_the_gui_thread(qtbot: QtBot, sqlite_db: Database,
                                                     home: DataHome) -> None:
    _camera(sqlite_db)
    w = _window(qtbot, sqlite_db, home, _leader(sqlite_db))
    dash = w.features["controlroom.ui.dashboard"]
    assert isinstance(dash, DashboardFeature)
    qtbot.waitUntil(lambda: dash.panel.data is not None, timeout=30_000)
    # A card elides each line to its width (font-dependent); its whole text is the tooltip.
    assert "1 of 1" in dash.panel.cards["cameras"].toolTip()
    assert "suggested: 1" in dash.panel.cards["faults"].toolTip()  # the 3 h outage, by itself
    assert "No shift planned now" in dash.panel.cards["shift"].toolTip()
    assert "Free disk" in dash.panel.cards["disk"].toolTip()
    assert w.findChild(object, "dashboardDock") is dash.dock
    assert w.centralWidget() is not dash.dock  # the grid keeps the centre
    opened: list[str] = []
    for menu, name in (("incidents", "incidentBookAction"), ("tips", "tipRegisterAction")):
        stub = w.add_action(menu, lambda: "x", lambda n=name: opened.append(n),
                            object_name=name)
        assert stub.objectName() == name
    dash.open_item("incidents")
    dash.open_item("tips")
    assert opened == ["incidentBookAction", "tipRegisterAction"]
    dash.open_item("patrols")
    dash.open_item("faults")
    dash.open_item("meetings")
    names = {d.objectName() for d in w.findChildren(object) if hasattr(d, "objectName")}
    assert {"patrolBookDialog", "maintenanceDialog", "meetingBookDialog"} <= names
