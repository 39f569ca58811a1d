"""Custody register, approval queue and signing key panel in a real window."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from controlroom.records import exports
from controlroom.records.users import Identity
from controlroom.ui.custody import CustodyDialog, SigningKeyDialog
from tests.evidence import fixtures
from tests.evidence.fixtures import T0, Recorded

recorded = fixtures.recorded
segment_files = fixtures.segment_files


def test_queue_approve_and_refuse(qtbot: QtBot, recorded: Recorded) -> None:
    r = recorded
    ids = [r.approved(T0, T0 + timedelta(seconds=5))]
    with r.db.session() as s:
        for ref in ("CV 1", "CV 2"):
            ids.append(exports.create_request(s, r.officer, exports.ExportRequest(
                (r.camera.id,), T0, T0 + timedelta(seconds=5), ref, "Lý do")).id)
    officer_view = CustodyDialog(r.db, r.officer, r.home)
    qtbot.addWidget(officer_view)
    assert not officer_view.approve_btn.isVisibleTo(officer_view)
    dlg = CustodyDialog(r.db, r.leader, r.home)
    qtbot.addWidget(dlg)
    assert dlg.register.rowCount() == 3 and dlg.queue.rowCount() == 2
    dlg.tabs.setCurrentWidget(dlg.queue)
    dlg.queue.selectRow(0)
    dlg.approve_btn.click()  # the whole request opens; approval is made there
    details = dlg.details
    assert details is not None and details.isVisible()
    assert "Lý do" in details.text.toPlainText() and "CV 1" in details.text.toPlainText()
    details.approve_btn.click()
    assert dlg.queue.rowCount() == 1
    dlg.queue.selectRow(0)
    dlg.refuse_selected("Không đủ căn cứ")
    assert dlg.queue.rowCount() == 0
    with r.db.read() as s:
        st = {e.request_ref: e.status for e in exports.list_exports(s)}
    assert st == {"CV 15/CAX-ĐTHS": "approved", "CV 1": "approved", "CV 2": "refused"}
    statuses = {dlg.register.item(i, 1).text() for i in range(3)}
    assert len(statuses) == 2


def test_signing_key_panel(qtbot: QtBot, recorded: Recorded) -> None:
    r = recorded
    admin = Identity(0, "admin", "Quản trị", "admin")
    dlg = SigningKeyDialog(r.db, admin, r.home)
    qtbot.addWidget(dlg)
    dlg.rotate(confirm=False)
    first = dlg.label.text()
    assert first.startswith("SHA256:")
    dlg.rotate(confirm=False)
    assert dlg.label.text().count("SHA256:") == 2
    assert not SigningKeyDialog(r.db, r.leader, r.home).rotate_btn.isVisibleTo(dlg)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_approval_shows_the_whole_request(qtbot: QtBot, recorded: Recorded,
                                          size: tuple[int, int]) -> None:
    r = recorded
    reason = ("Phục vụ điều tra vụ trộm cắp xe máy xảy ra lúc 08 giờ ngày 22/11/2026 tại "
              "cổng chợ Đông; cần xác định biển số xe và đặc điểm nhận dạng đối tượng "
              "theo Công văn số 1234/CAH-ĐTHS của Cơ quan Cảnh sát điều tra.")
    with r.db.session() as s:
        eid = exports.create_request(s, r.officer, exports.ExportRequest(
            (r.camera.id, r.camera2.id), T0, T0 + timedelta(seconds=30), "CV 1234/CAH-ĐTHS",
            reason, agency="Công an huyện Đông Anh", witness="Lê Thị Mận",
            camera_owner="Hộ ông Phạm Văn Đồng", medium="USB Kingston 32 GB",
            seal_number="NP-0042")).id
    dlg = CustodyDialog(r.db, r.leader, r.home)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.resize(*size)
    dlg.tabs.setCurrentWidget(dlg.queue)
    dlg.queue.selectRow(0)
    details = dlg.approve_selected()
    assert details is not None
    details.resize(min(720, size[0]), min(560, size[1] - 60))
    qtbot.waitExposed(details)
    text = " ".join(details.text.toPlainText().split())
    for part in (reason, "Công an huyện Đông Anh", "Lê Thị Mận", "Hộ ông Phạm Văn Đồng",
                 "USB Kingston 32 GB", "NP-0042", "CV 1234/CAH-ĐTHS", "Nguyễn Văn Đức",
                 "CAM-01 — Cổng chợ Đông (Thôn Đông, xã Xuân Nộn)", "CAM-02 — Ngã tư Ủy ban",
                 "22/11/2026 08:00:00 – 22/11/2026 08:00:30"):
        assert part in text, part
    # the reason is readable in the window without scrolling sideways
    assert details.text.horizontalScrollBar().maximum() == 0
    assert details.approve_btn.isEnabled()
    details.approve_btn.click()
    with r.db.read() as s:
        assert exports.get(s, eid).status == "approved"


def test_four_eyes_in_the_window(qtbot: QtBot, recorded: Recorded,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    r = recorded
    with r.db.session() as s:
        eid = exports.create_request(s, r.leader, exports.ExportRequest(
            (r.camera.id,), T0, T0 + timedelta(seconds=5), "CV 5", "Lý do")).id
    dlg = CustodyDialog(r.db, r.leader, r.home)
    qtbot.addWidget(dlg)
    dlg.tabs.setCurrentWidget(dlg.queue)
    dlg.queue.selectRow(0)
    details = dlg.show_details()
    assert details is not None
    assert not details.approve_btn.isEnabled() and "hai người" in details.note.text()
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert not details.approve() and "hai người" in shown[0]
    with r.db.read() as s:
        assert exports.get(s, eid).status == "pending"


def test_requester_runs_the_approved_request_from_the_register(
        qtbot: QtBot, recorded: Recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from controlroom.evidence import drives

    monkeypatch.setattr(drives, "is_removable_path", lambda p: str(p).startswith(
        str(tmp_path)))
    r = recorded
    eid = r.approved(T0, T0 + timedelta(seconds=15))
    other = CustodyDialog(r.db, r.leader, r.home)
    qtbot.addWidget(other)
    other.register.selectRow(0)
    assert not other.execute_btn.isEnabled()  # only its requester runs it
    dlg = CustodyDialog(r.db, r.officer, r.home)
    qtbot.addWidget(dlg)
    dlg.register.selectRow(0)
    assert dlg.execute_btn.isEnabled()
    run = dlg.execute_selected()
    assert run is not None and run.request_id == eid
    assert run.request_ref.text() == "CV 15/CAX-ĐTHS" and not run.request_ref.isEnabled()
    assert "Trần Thị Hằng" in run.approved_label.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    run.add_target(usb, "USB")
    run.start_btn.click()
    qtbot.waitUntil(lambda: run.export_result is not None, timeout=120_000)
    with r.db.read() as s:
        assert exports.get(s, eid).status == "completed"
    assert len(list(usb.iterdir())) == 1
    run.reject()  # closing the extraction refreshes the register
    qtbot.waitUntil(lambda: dlg.register.item(0, 1).text() == "completed", timeout=5000)
    dlg.register.selectRow(0)
    assert not dlg.execute_btn.isEnabled()  # once


def test_statuses_in_vietnamese(qtbot: QtBot, recorded: Recorded, vi: None) -> None:
    r = recorded
    with r.db.session() as s:
        exports.create_request(s, r.officer, exports.ExportRequest(
            (r.camera.id,), T0, T0 + timedelta(seconds=5), "CV 1", "Lý do"))
    dlg = CustodyDialog(r.db, r.leader, r.home)
    qtbot.addWidget(dlg)
    assert dlg.register.item(0, 1).text() == "chờ duyệt"
    dlg.register.selectRow(0)
    details = dlg.show_details()
    assert details is not None and "chờ duyệt" in details.text.toPlainText()
