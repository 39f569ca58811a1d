"""Custody register, approval queue and signing key panel in a real window."""

from __future__ import annotations

from datetime import timedelta

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
    dlg.approve_btn.click()
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
