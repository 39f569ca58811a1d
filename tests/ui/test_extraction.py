"""The extraction dialog in a real window: coverage before writing, leader approval in
the dialog, export in a worker thread, summary only after completion."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from controlroom.errors import PermissionDenied
from controlroom.evidence import drives
from controlroom.evidence.verify import verify_folder
from controlroom.records import exports
from controlroom.records.users import Identity
from controlroom.ui import app as uiapp
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


@pytest.fixture(autouse=True)
def usb_drives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders under the test's tmp_path count as removable drives (the drive list and
    the drive rule see them as USB sticks)."""
    monkeypatch.setattr(drives, "is_removable_path",
                        lambda p: str(p).startswith(str(tmp_path)))


def _plug(dlg: ExtractionDialog, usb: Path) -> None:
    """A USB drive appearing in the target list (what drives.list_drives reports)."""
    dlg.add_target(usb, "USB")


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
    assert dlg2.target.currentData().path == tmp_path


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


def _inside(dlg: ExtractionDialog, w: object) -> bool:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    assert isinstance(w, QWidget)
    top_left = w.mapTo(dlg, w.rect().topLeft())
    return w.isVisible() and dlg.rect().contains(QRect(top_left, w.size()))


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_fits_the_screen_idle_running_done_failed_and_retries(
        qtbot: QtBot, recorded: Recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        size: tuple[int, int]) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QMessageBox

    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: errors.append(a[2]))
    r = recorded
    dlg = _dialog(qtbot, r, r.officer)
    dlg._fit_screen(QRect(0, 0, size[0], size[1] - 40))  # the screen less a task bar
    qtbot.wait(50)
    limit = size[1] - 40 - 30  # and the title bar
    assert dlg.height() <= limit and dlg.width() <= size[0]
    idle = dlg.size()
    for w in (dlg.start_btn, dlg.cancel_btn, dlg.summary_area):
        assert _inside(dlg, w), w
    _fill(dlg)
    usb = tmp_path / "usb"
    usb.mkdir()
    _plug(dlg, usb)
    dlg.leader_user.setText("hang")
    dlg.leader_pw.setText(LEADER_PW)
    # a recorded file no longer matches its hash: the run fails half-way
    seg = r.home.recordings / r.segments[1].path
    good = seg.read_bytes()
    seg.write_bytes(good[:-100] + b"x" * 100)
    running: list[bool] = []
    dlg.start_btn.click()
    assert dlg.worker is not None
    dlg.worker.progressed.connect(lambda _p: running.append(
        dlg.size() == idle and _inside(dlg, dlg.progress) and _inside(dlg, dlg.cancel_btn)
        and not dlg.start_btn.isEnabled()))
    qtbot.waitUntil(lambda: bool(errors), timeout=120_000)
    assert running and all(running)
    assert "không còn khớp" in errors[0] or "no longer matches" in errors[0]
    assert dlg.start_btn.isEnabled() and dlg.size() == idle
    assert _inside(dlg, dlg.start_btn) and _inside(dlg, dlg.summary_area)
    assert errors[0] in dlg.summary.text()
    assert dlg.request_ref.text() == "CV 88/CAH-CSHS" and dlg.seal.text() == "NP-0099"
    assert dlg.reason.toPlainText() == "Truy tìm người lấy trộm xe đạp điện"
    assert dlg.selected_cameras() == [r.camera.id] and dlg.request_ref.isEnabled()
    # the cause is fixed; Start again with the same details (the leader signs in again)
    seg.write_bytes(good)
    dlg.leader_pw.setText(LEADER_PW)
    dlg.start_btn.click()
    qtbot.waitUntil(lambda: dlg.export_result is not None, timeout=120_000)
    assert dlg.size() == idle and _inside(dlg, dlg.summary_area)
    assert dlg.summary.text().startswith(("Safe to remove", "An toàn"))
    with r.db.read() as s:
        assert [e.status for e in exports.list_exports(s)] == ["completed", "failed"]


def test_four_eyes_and_drive_rule_in_the_dialog(qtbot: QtBot, recorded: Recorded,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from controlroom.records import settings
    from controlroom.records.users import SYSTEM

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    r = recorded
    dlg = _dialog(qtbot, r, r.leader)  # a leader asks: another leader must approve
    assert "I approve" not in dlg.approve_now.text() and dlg.leader_user.isEnabled()
    _fill(dlg)
    usb = tmp_path / "usb"
    usb.mkdir()
    _plug(dlg, usb)
    dlg.leader_user.setText("hang")
    dlg.leader_pw.setText(LEADER_PW)
    dlg.start_btn.click()
    assert shown and "hai người" in shown[-1] and dlg.worker is None
    with r.db.read() as s:
        assert exports.list_exports(s) == []
    with r.db.session() as s:
        settings.set_value(s, SYSTEM, "export_four_eyes", False)
    assert "I approve" in _dialog(qtbot, r, r.leader).approve_now.text()
    # officers write only onto a removable drive, whatever the list offered
    monkeypatch.setattr(drives, "is_removable_path", lambda p: "usb" in str(p))
    disk = tmp_path / "disk"
    disk.mkdir()
    off = _dialog(qtbot, r, r.officer)
    _fill(off)
    off.add_target(disk, "disk")
    off.leader_user.setText("hang")
    off.leader_pw.setText(LEADER_PW)
    off.start_btn.click()
    assert "ổ rời" in shown[-1] and off.worker is None
    assert list(disk.iterdir()) == []


def test_refused_at_the_door_keeps_the_request_and_retries_it(
        qtbot: QtBot, recorded: Recorded, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from controlroom.errors import PermissionDenied
    from controlroom.evidence import rules

    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: errors.append(a[2]))
    real = rules.check_runner
    calls: list[int] = []

    def refuse_once(*a: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise PermissionDenied("bị từ chối lúc bắt đầu", "refused at the door")
        real(*a)  # type: ignore[arg-type]

    monkeypatch.setattr(rules, "check_runner", refuse_once)
    r = recorded
    dlg = _dialog(qtbot, r, r.officer)
    _fill(dlg)
    usb = tmp_path / "usb"
    usb.mkdir()
    _plug(dlg, usb)
    dlg.leader_user.setText("hang")
    dlg.leader_pw.setText(LEADER_PW)
    dlg.start_btn.click()
    qtbot.waitUntil(lambda: bool(errors), timeout=60_000)
    with r.db.read() as s:
        (exp,) = exports.list_exports(s)
        assert exp.status == "approved"
        eid = exp.id
    assert dlg.request_id == eid and "still approved" in dlg.summary.text()
    assert dlg.start_btn.isEnabled() and not dlg.request_ref.isEnabled()
    dlg.start_btn.click()  # the same request, no new approval needed
    qtbot.waitUntil(lambda: dlg.export_result is not None, timeout=120_000)
    with r.db.read() as s:
        assert [e.status for e in exports.list_exports(s)] == ["completed"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")
def test_drive_pulled_after_choosing_is_refused_before_anything(
        qtbot: QtBot, recorded: Recorded, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    r = recorded
    usb = tmp_path / "usb"
    usb.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(usb)], check=True)
    try:
        dlg = _dialog(qtbot, r, r.officer)
        _fill(dlg)
        _plug(dlg, usb)
    finally:
        subprocess.run(["umount", "-l", str(usb)], check=True)
    dlg.leader_user.setText("hang")
    dlg.leader_pw.setText(LEADER_PW)
    dlg.start_btn.click()
    assert shown and "không còn là ổ đã chọn" in shown[-1] and dlg.worker is None
    assert list(usb.iterdir()) == []
    with r.db.read() as s:
        assert exports.list_exports(s) == []


_VI_LETTERS = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                         re.IGNORECASE)


def _dialog_texts(dlg: ExtractionDialog) -> list[str]:
    """What a user sees in the dialog (not what was typed into its fields)."""
    out = [dlg.windowTitle()]
    for w in dlg.findChildren(QWidget):
        if not w.isVisibleTo(dlg):
            continue
        if isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count()) if w.itemData(i) is None]
        elif isinstance(w, QTextBrowser):
            out.append(w.toPlainText())
        if w.toolTip():
            out.append(w.toolTip())
    return [t for t in out if t]


def test_switching_language_with_the_dialog_open(qtbot: QtBot, recorded: Recorded,
                                                 vi: None) -> None:
    """The dialog follows a language switch both ways while open (no word of the
    other language left), like every other window."""
    r = recorded
    dlg = ExtractionDialog(r.db, r.officer, r.home, [], T0, T0 + timedelta(seconds=35))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    vi_texts = _dialog_texts(dlg)
    assert any(_VI_LETTERS.search(t) for t in vi_texts)
    assert "Evidence extraction" not in vi_texts
    uiapp.translations.install("en")
    qtbot.waitUntil(lambda: dlg.windowTitle() == "Evidence extraction")
    en_texts = _dialog_texts(dlg)
    assert [t for t in en_texts if _VI_LETTERS.search(t)] == []
    assert "Start extraction" in en_texts and "Choose at least one camera." in en_texts
    uiapp.translations.install("vi")
    qtbot.waitUntil(lambda: dlg.windowTitle() == vi_texts[0])
    assert _dialog_texts(dlg) == vi_texts
