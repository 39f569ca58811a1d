"""Camera management dialog: list, add/edit form with credentials, roles, tests in a
worker thread against the real simulator."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import cameras
from controlroom.records.cameras import CameraSpec
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.records.users import Identity
from controlroom.ui import app as uiapp
from controlroom.ui.cameras_dialog import CameraForm, CamerasDialog, CamerasFeature
from controlroom.video.simulator import Simulator

ADMIN = Identity(1, "quantri", "Quản Trị", "admin")
LEADER = Identity(2, "totruong", "Tổ Trưởng", "leader")
OFFICER = Identity(3, "canbo1", "Cán Bộ", "officer")
PW = "Ui-cam-S3cret"


@pytest.fixture
def vi(qapp: object, home: DataHome) -> Iterator[None]:
    uiapp.translations.install("vi")
    yield
    uiapp.translations.install("vi")


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(cameras=1, auth=f"admin:{PW}", names=["Cổng chợ Tịnh Châu"]) as s:
        yield s


def _add(db: Database, home: DataHome, name: str, url: str, **kw: object) -> int:
    with db.session() as s:
        return cameras.add(s, ADMIN, CameraSpec(name, main_url=url, **kw),  # type: ignore[arg-type]
                           username="admin", password=PW, home=home).id


def _rows(dlg: CamerasDialog) -> list[list[str]]:
    t = dlg.table
    return [[t.item(r, c).text() for c in range(t.columnCount())]  # type: ignore[union-attr]
            for r in range(t.rowCount())]


def test_list_in_vietnamese_with_masked_urls(qtbot: QtBot, sqlite_db: Database,
                                            home: DataHome, vi: None) -> None:
    _add(sqlite_db, home, "Cổng chợ Tịnh Châu", "rtsp://10.0.0.5/live", location="Thôn 3")
    dlg = CamerasDialog(sqlite_db, ADMIN, home)
    qtbot.addWidget(dlg)
    rows = _rows(dlg)
    assert rows[0][:3] == ["CAM-001", "Cổng chợ Tịnh Châu", "Thôn 3"]
    assert rows[0][4] == "rtsp://admin:***@10.0.0.5/live"
    assert rows[0][6] == "đang bật"
    assert dlg.windowTitle() == "Camera"
    assert dlg.table.horizontalHeaderItem(1).text() == "Tên"  # type: ignore[union-attr]
    assert all(PW not in cell for row in rows for cell in row)


def test_add_form_saves_with_credentials_in_keyring(qtbot: QtBot, db: Database,
                                                    home: DataHome, vi: None) -> None:
    form = CameraForm(db, LEADER, home)
    qtbot.addWidget(form)
    form.name.setText("Ngã ba Đông Hòa")
    form.location.setText("Thôn Đông Hòa")
    form.gps.setText("15.1387, 108.8256")
    form.vendor.setCurrentIndex(form.vendor.findData("hikvision"))
    form.host.setText("192.168.1.70")
    form.channel.setValue(2)
    assert form.main_url.text() == "rtsp://192.168.1.70:554/Streaming/Channels/201"
    assert form.main_url.isReadOnly()
    form.username.setText("admin")
    form.password.setText(PW)
    assert form.save()
    with db.read() as s:
        cam = cameras.get(s, "Ngã ba Đông Hòa")
        assert cam.vendor == "hikvision" and cam.channel == 2 and cam.gps_lat == 15.1387
        assert cam.sub_url.endswith("/Channels/202")
        assert cameras.credentials(cam, home) == cameras.Credentials("admin", PW)
        assert all(PW not in e.detail for e in s.scalars(select(AuditEntry)))


def test_form_shows_errors_instead_of_saving(qtbot: QtBot, sqlite_db: Database,
                                             home: DataHome, vi: None) -> None:
    form = CameraForm(sqlite_db, ADMIN, home)
    qtbot.addWidget(form)
    form.name.setText("X")
    form.main_url.setText("http://10.0.0.1/a")
    assert not form.save()
    assert "rtsp://" in form.error.text() and not form.error.isHidden()
    form.main_url.setText("rtsp://10.0.0.1/a")
    form.gps.setText("abc")
    assert not form.save()
    assert "GPS" in form.error.text()


def test_edit_never_prefills_password_and_keeps_it(qtbot: QtBot, sqlite_db: Database,
                                                   home: DataHome, vi: None) -> None:
    cid = _add(sqlite_db, home, "Cam A", "rtsp://10.0.0.5/live")
    form = CameraForm(sqlite_db, ADMIN, home, cid)
    qtbot.addWidget(form)
    assert form.password.text() == ""
    assert form.username.text() == "admin"
    assert form.password.placeholderText() != ""
    form.location.setText("Tổ dân phố 2")
    assert form.save()
    with sqlite_db.read() as s:
        cam = cameras.get(s, cid)
        assert cam.location == "Tổ dân phố 2"
        assert cameras.credentials(cam, home) == cameras.Credentials("admin", PW)
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and json.loads(last.detail)["credentials_changed"] is False
    form = CameraForm(sqlite_db, ADMIN, home, cid)
    qtbot.addWidget(form)
    form.clear_credentials.setChecked(True)
    assert form.save()
    with sqlite_db.read() as s:
        assert not cameras.get(s, cid).has_credentials


def test_officer_views_only(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                            vi: None) -> None:
    cid = _add(sqlite_db, home, "Cam B", "rtsp://10.0.0.6/live")
    dlg = CamerasDialog(sqlite_db, OFFICER, home)
    qtbot.addWidget(dlg)
    assert dlg.add_button.isHidden() and dlg.remove_button.isHidden()
    assert dlg.toggle_button.isHidden() and not dlg.test_button.isHidden()
    assert dlg.edit_button.text() == "Chi tiết…"
    form = CameraForm(sqlite_db, OFFICER, home, cid)
    qtbot.addWidget(form)
    assert not form.name.isEnabled()
    assert form.buttons.button(QDialogButtonBox.StandardButton.Save).isHidden()


def test_toggle_and_remove(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                           vi: None) -> None:
    _add(sqlite_db, home, "Cam C", "rtsp://10.0.0.7/live")
    dlg = CamerasDialog(sqlite_db, ADMIN, home)
    qtbot.addWidget(dlg)
    dlg.toggle()
    assert _rows(dlg)[0][6] == "đã tắt"
    dlg.remove(confirm=False)
    assert dlg.table.rowCount() == 0


def test_test_button_probes_in_worker(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                      sim: Simulator, vi: None) -> None:
    with sqlite_db.session() as s:
        cameras.add(s, ADMIN, CameraSpec("Cổng chợ", main_url=sim.url(1, "main"),
                                         sub_url=sim.url(1, "sub")),
                    username="admin", password=PW, home=home)
        cameras.add(s, ADMIN, CameraSpec("Sai mật khẩu", main_url=sim.url(1, "main")),
                    username="admin", password="wrong", home=home)
    dlg = CamerasDialog(sqlite_db, OFFICER, home)
    qtbot.addWidget(dlg)
    dlg.table.selectRow(0)
    dlg.test()
    assert not dlg.test_button.isEnabled()  # returned at once; the probe runs elsewhere
    qtbot.waitUntil(lambda: dlg.test_button.isEnabled(), timeout=60000)
    text = dlg.result_label.text()
    assert "Luồng chính: Tốt — H264, 1280×720" in text
    assert "Luồng phụ: Tốt — H264, 640×360" in text
    assert "không có âm thanh" in text  # this camera has no microphone
    dlg.table.selectRow(1)
    dlg.test()
    qtbot.waitUntil(lambda: dlg.test_button.isEnabled(), timeout=60000)
    assert "401" in dlg.result_label.text() and "wrong" not in dlg.result_label.text()
    QThreadPool.globalInstance().waitForDone(10000)


def test_form_test_uses_stored_password(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                        sim: Simulator, vi: None) -> None:
    cid = _add(sqlite_db, home, "Cam D", sim.url(1, "sub"))
    form = CameraForm(sqlite_db, ADMIN, home, cid)
    qtbot.addWidget(form)
    form.test()
    qtbot.waitUntil(lambda: form.test_button.isEnabled(), timeout=60000)
    assert "640×360" in form.test_result.text()
    QThreadPool.globalInstance().waitForDone(10000)


def test_form_test_reports_the_audio_codec(qtbot: QtBot, sqlite_db: Database,
                                           home: DataHome, vi: None) -> None:
    with Simulator(1, codec="h265", audio="pcma") as s:
        form = CameraForm(sqlite_db, ADMIN, home)
        qtbot.addWidget(form)
        form.name.setText("Cổng chợ (H.265)")
        form.main_url.setText(s.url(1, "main"))
        form.test()
        qtbot.waitUntil(lambda: form.test_button.isEnabled(), timeout=60000)
        text = form.test_result.text()
    assert "HEVC, 1280×720" in text
    assert "âm thanh G.711 A-law 8 kHz (ghi thành AAC)" in text
    QThreadPool.globalInstance().waitForDone(10000)


def test_installs_menu_entry(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                             vi: None) -> None:
    from controlroom.ui.main_window import MainWindow

    w = MainWindow(sqlite_db, LEADER, home, features=("controlroom.ui.cameras_dialog",))
    qtbot.addWidget(w)
    texts = [a.text() for a in w.menus["camera"].actions()]
    assert "Quản lý camera…" in texts
    feature = w.features["controlroom.ui.cameras_dialog"]
    assert isinstance(feature, CamerasFeature)
    dlg = feature.open()
    assert isinstance(dlg, CamerasDialog)
    dlg.close()


def test_add_by_asking_the_camera_over_onvif(qtbot: QtBot, sqlite_db: Database,
                                             home: DataHome, vi: None) -> None:
    """Issue 14: address + credentials, the camera fills its own stream URLs; the model,
    serial, firmware and clock offset are stored with it."""
    from controlroom.records.models import Camera, CameraDevice

    with Simulator(1, auth=f"admin:{PW}", onvif=True, clock_offsets=[-73.0],
                   ptz=[True]) as s:
        form = CameraForm(sqlite_db, ADMIN, home)
        qtbot.addWidget(form)
        form.name.setText("Ngã tư chợ (PTZ)")
        form.username.setText("admin")
        form.password.setText(PW)
        form.ask_onvif(f"127.0.0.1:{s.onvif_port(1)}")
        qtbot.waitUntil(lambda: form.onvif_facts is not None
                        or "ONVIF" in form.test_result.text() and "…" not in
                        form.test_result.text(), timeout=20000)
        assert form.onvif_facts is not None, form.test_result.text()
        assert form.main_url.text() == s.url(1, "main")
        assert form.sub_url.text() == s.url(1, "sub")
        assert "SIM-PTZ-4MP" in form.test_result.text() and "-7" in form.test_result.text()
        assert form.save()
    with sqlite_db.read() as ss:
        cam = ss.scalars(select(Camera)).one()
        dev = ss.get(CameraDevice, cam.id)
        assert dev is not None and dev.ptz and dev.model == "SIM-PTZ-4MP"
        assert dev.clock_offset_s is not None and abs(dev.clock_offset_s + 73.0) < 1.0
        assert [a.action for a in ss.scalars(select(AuditEntry))][-2:] == [
            "camera.add", "camera.onvif"]
