"""The extraction dialog in a real window: coverage before writing, leader approval in
the dialog, export in a worker thread, summary only after completion."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from controlroom.errors import PermissionDenied
from controlroom.evidence.verify import verify_folder
from controlroom.records import exports
from controlroom.records.users import Identity
from controlroom.ui.extraction import ExtractionDialog
from tests.evidence import fixtures
from tests.evidence.fixtures import LEADER_PW, T0, Recorded

recorded = fixtures.recorded
segment_files = fixtures.segment_files


def _dialog(qtbot: QtBot, r: Recorded, ident: Identity) -> ExtractionDialog:
    dlg = ExtractionDialog(r.db, ident, r.home, [r.camera.id], T0 + timedelta(seconds=2),
                           T0 + timedelta(seconds=35))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _plug(dlg: ExtractionDialog, usb: Path) -> None:
    """A USB drive appearing in the target list (what drives.list_drives reports)."""
    dlg.target.addItem(f"USB ({usb})", (str(usb), "USB"))
    dlg.target.setCurrentIndex(dlg.target.count() - 1)


def _fill(dlg: ExtractionDialog) -> None:
    dlg.request_ref.setText("CV 88/CAH-CSHS")
    dlg.reason.setPlainText("Truy tìm người lấy trộm xe đạp điện")
    dlg.witness.setText("Đỗ Văn Ơn")
    dlg.medium.setText("USB SanDisk 16 GB")
    dlg.seal.setText("NP-0099")


def test_leader_approves_in_dialog_and_export_runs(qtbot: QtBot, recorded: Recorded,
                                                   tmp_path: Path) -> None:
    r = recorded
    dlg = _dialog(qtbot, r, r.officer)
    cov = dlg.coverage.toPlainText()
    assert "CAM-01" in cov and "22/11/2026 08:00:20 – 22/11/2026 08:00:30" in cov
    assert dlg.owner.text() == "Hộ ông Phạm Văn Đồng"
    _fill(dlg)
    usb = tmp_path / "usb"
    usb.mkdir()
    _plug(dlg, usb)
    dlg.leader_user.setText("hang")
    dlg.leader_pw.setText(LEADER_PW)
    dlg.start_btn.click()
    assert dlg.worker is not None
    qtbot.waitUntil(lambda: dlg.export_result is not None or "!" in dlg.summary.text()
                    or not dlg.worker.isRunning(), timeout=120_000)
    qtbot.waitUntil(lambda: dlg.export_result is not None, timeout=5_000)
    res = dlg.export_result
    assert res is not None
    assert "Safe to remove" in dlg.summary.text() or "An toàn" in dlg.summary.text()
    assert res.sums_sha256 in dlg.summary.text()
    assert verify_folder(res.folder, expect_fingerprint=res.fingerprint).ok
    assert dlg.leader_pw.text() == ""


def test_wrong_leader_password_writes_nothing(qtbot: QtBot, recorded: Recorded,
                                              tmp_path: Path, monkeypatch: object) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",  # type: ignore[attr-defined]
                        lambda *a, **k: shown.append(a[2]))
    r = recorded
    dlg = _dialog(qtbot, r, r.officer)
    _fill(dlg)
    usb = tmp_path / "usb"
    usb.mkdir()
    _plug(dlg, usb)
    dlg.leader_user.setText("hang")
    dlg.leader_pw.setText("sai-mat-khau")
    dlg.start_btn.click()
    assert shown and dlg.worker is None
    assert list(usb.iterdir()) == []


def test_only_admin_may_pick_any_folder(qtbot: QtBot, recorded: Recorded,
                                        tmp_path: Path) -> None:
    r = recorded
    dlg = _dialog(qtbot, r, r.officer)
    assert not dlg.folder_btn.isVisible()
    with pytest.raises(PermissionDenied):
        dlg.add_folder_target(tmp_path)
    admin = Identity(r.officer.id, r.officer.username, r.officer.full_name, "admin")
    dlg2 = _dialog(qtbot, r, admin)
    assert dlg2.folder_btn.isVisible()
    dlg2.add_folder_target(tmp_path)
    assert dlg2.target.currentData() == (str(tmp_path), tmp_path.name)


def test_send_to_queue(qtbot: QtBot, recorded: Recorded) -> None:
    r = recorded
    dlg = _dialog(qtbot, r, r.officer)
    _fill(dlg)
    dlg.approve_queue.setChecked(True)
    dlg.start_btn.click()
    with r.db.read() as s:
        (p,) = exports.pending(s)
        assert p.request_ref == "CV 88/CAH-CSHS" and p.seal_number == "NP-0099"
        number = p.record_number
    assert number in dlg.summary.text()


def test_empty_range_shows_refusal(qtbot: QtBot, recorded: Recorded) -> None:
    r = recorded
    dlg = ExtractionDialog(r.db, r.officer, r.home, [r.camera.id], T0 + timedelta(hours=5),
                           T0 + timedelta(hours=6))
    qtbot.addWidget(dlg)
    assert "Không có dữ liệu ghi hình" in dlg.coverage.toPlainText() or \
        "no recording" in dlg.coverage.toPlainText()


def test_typing_from_and_to_just_works(qtbot: QtBot, recorded: Recorded) -> None:
    """Typing "22/11/2026 08:00" after a click in the seconds gives that time (the old
    QDateTimeEdit sent the digits into the seconds)."""
    from PySide6.QtCore import QPoint, Qt

    from controlroom.timeutil import parse_time

    dlg = _dialog(qtbot, recorded, recorded.officer)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    for edit, typed in ((dlg.start_edit, "22/11/2026 08:00:05"), (dlg.end_edit, "22/11/2026 8:01")):
        x = edit.fontMetrics().horizontalAdvance("22/11/2026 08:00:3")
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(x, edit.height() // 2))
        qtbot.waitUntil(edit.hasFocus)
        qtbot.keyClicks(edit, typed)
    assert dlg._read_dt(dlg.start_edit) == parse_time("22/11/2026 08:00:05")
    assert dlg._read_dt(dlg.end_edit) == parse_time("22/11/2026 08:01")
    qtbot.waitUntil(lambda: "CAM-01" in dlg.coverage.toPlainText())
