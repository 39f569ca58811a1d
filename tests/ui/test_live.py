"""The live view in the real main window: cameras from the registry, saved views per
user, Ctrl+S snapshot with its row and audit entry, Ctrl+Shift+S attaching it to an
incident, recorder status parsing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.errors import InvalidInput, NotFound
from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, Incident, SavedView, Snapshot
from controlroom.records.setup import initialise
from controlroom.records.snapshots import snapshot_incident
from controlroom.ui import live
from controlroom.ui.attach_snapshot import AttachSnapshotDialog
from controlroom.ui.live import list_views, parse_status, save_view
from tests.ui.fake_relay import FakeRelay

pytestmark = pytest.mark.gui
PW = "quantri-Mk2026"


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


def add_cameras(db: Database, n: int) -> list[int]:
    with db.session() as s:
        cams = [Camera(uid=str(uuid.uuid4()), name=f"Camera {i:02d}", code=f"C{i:02d}",
                       location="Thôn Đông" if i % 2 else "Thôn Tây",
                       sub_url=f"rtsp://10.0.0.{i}/sub") for i in range(1, n + 1)]
        s.add_all(cams)
        s.flush()
        return [c.id for c in cams]


@pytest.fixture
def desk(qtbot: QtBot, sqlite_db: Database, home: DataHome,
         clip_dir: Path) -> Iterator[tuple[object, live.LiveView, FakeRelay]]:
    from controlroom.ui.main_window import MainWindow
    initialise(sqlite_db, "admin", PW)
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    ids = add_cameras(sqlite_db, 5)
    with FakeRelay(clip_dir, ids) as relay:
        window = MainWindow(sqlite_db, ident, home, features=[])
        qtbot.addWidget(window)
        feature = live.install(window, source=relay)
        window.features["controlroom.ui.live"] = feature  # closed with the window
        view = feature.view
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        yield window, view, relay
        window.close(force=True)


def test_install_shows_registry_and_recorder_status(qtbot: QtBot, desk: tuple) -> None:
    window, view, relay = desk
    assert window.centralWidget() is view
    assert window.camera_dock.widget() is view.tree
    assert view.grid.layout_name == "3x3"  # five cameras
    names = [t.camera.name if t.camera else None for t in view.grid.visible_tiles()]
    assert names[:5] == [f"Camera {i:02d}" for i in range(1, 6)] and names[5] is None
    relay.set_offline(2, True)
    qtbot.waitUntil(lambda: view.tree.online_offline() == (4, 1), timeout=6000)
    qtbot.waitUntil(lambda: view.grid.tiles[1].state_key() == "offline", timeout=10000)
    qtbot.waitUntil(lambda: view.grid.tiles[0].state_key() == "live", timeout=10000)
    assert view.grid.tiles[0].recording_shown


def test_saved_views_are_per_user(qtbot: QtBot, desk: tuple, sqlite_db: Database) -> None:
    window, view, relay = desk
    view.layout_box.setCurrentIndex(view.layout_box.findData("2x2"))
    assert view.grid.layout_name == "2x2"
    view.grid.assign(view.grid.tiles[0], view.cameras[3])
    view.save_current_view("Chợ đêm")
    with sqlite_db.read() as s:
        row = s.scalars(select(SavedView)).one()
        assert (row.name, row.layout) == ("Chợ đêm", "2x2")
        assert json.loads(row.cameras)[:2] == [3, 2]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "view.save")).one()
        assert entry.actor == "admin"
    view.set_view("1", [5])
    assert view.grid.layout_name == "1"
    view.open_view("Chợ đêm")
    assert view.grid.layout_name == "2x2" and view.grid.tiles[0].camera.id == 3
    with pytest.raises(NotFound):
        view.open_view("không có")
    with pytest.raises(InvalidInput):
        save_view(sqlite_db, view.identity, "  ", "2x2", [1])
    other = users.Identity(id=999, username="khac", full_name="", role="officer")
    assert list_views(sqlite_db, other) == []


def _snapshot_first_tile(qtbot: QtBot, window: Any, view: Any) -> tuple[Any, int]:
    """Select the first tile, wait for its live picture and press Ctrl+S."""
    tile = view.grid.tiles[0]
    view.grid.select(tile)
    qtbot.waitUntil(lambda: tile.state_key() == "live", timeout=10000)
    qtbot.wait(300)
    with qtbot.waitSignal(view.snapshot_saved, timeout=8000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return tile, int(blocker.args[0])


def test_ctrl_s_saves_a_snapshot(qtbot: QtBot, desk: tuple, sqlite_db: Database,
                                 home: DataHome) -> None:
    window, view, relay = desk
    tile, sid = _snapshot_first_tile(qtbot, window, view)
    with sqlite_db.read() as s:
        snap = s.get(Snapshot, sid)
        assert snap is not None and snap.camera_id == tile.camera.id
        assert snap.taken_by == "admin"
        path = home.snapshots / snap.path
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "snapshot.take")).one()
        assert entry.object_id == str(sid)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.parent.name == "C01"
    # an empty tile has nothing to save, and says so
    view.set_view("2x2", [None])
    view.grid.select(view.grid.tiles[0])
    assert not view.snapshot_selected()


def test_ctrl_shift_s_attaches_the_last_snapshot(qtbot: QtBot, desk: tuple,
                                                 sqlite_db: Database) -> None:
    window, view, relay = desk
    with sqlite_db.session() as s:
        inc = Incident(code="VV-2026-017", occurred_at=datetime(2026, 11, 22, tzinfo=UTC),
                       summary="Trộm cắp tài sản ở Hà Nội")
        s.add(inc)
        s.flush()
        inc_id = inc.id
    act = view.attach_action
    assert act is not None and act.shortcut().toString() == "Ctrl+Shift+S"
    assert not act.isEnabled()  # no snapshot taken in this session yet
    tile, sid = _snapshot_first_tile(qtbot, window, view)
    assert act.isEnabled()
    seen: list[str] = []

    def answer() -> None:  # the dialog is modal: type a search and press Enter in it
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, AttachSnapshotDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dlg.windowTitle())
        qtbot.keyClicks(dlg.search, "ha noi")
        qtbot.keyClick(dlg.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(view.snapshot_attached, timeout=8000) as attached:
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    assert seen == ["Attach snapshot to incident"]
    assert attached.args == [sid, inc_id]
    assert snapshot_incident(sqlite_db, sid) == inc_id
    assert "VV-2026-017" in window.statusBar().currentMessage()


def test_parse_status_shapes() -> None:
    a = parse_status({"cameras": {"3": {"state": "offline",
                                        "since": "2026-11-22T01:02:03Z"}}})
    assert a[3].state == "offline" and a[3].since is not None and a[3].since.hour == 1
    # the recorder's shape: one entry per camera stream; the main stream decides
    b = parse_status({"cameras": [
        {"camera_id": 4, "stream": "sub", "state": "online", "recording": False},
        {"camera_id": 4, "stream": "main", "state": "recording", "recording": True,
         "since": "2026-11-22T01:00:00+00:00"},
        {"camera_id": 5, "stream": "sub", "state": "offline", "last_error": "timeout"},
        {"x": 1}]})
    assert sorted(b) == [4, 5]
    assert b[4].state == "recording" and b[4].recording and b[4].since is not None
    assert b[5].state == "offline" and b[5].detail == "timeout" and not b[5].recording
    assert parse_status("garbage") == {}


def _screen_grey(window: Any, tile: Any) -> bytes:
    """The screen's pixels (libVLC's native windows included) over the tile's picture."""
    from PySide6.QtGui import QImage

    surface = tile.surface
    top_left = surface.mapTo(window, surface.rect().topLeft())
    screen = window.screen()
    img = screen.grabWindow(window.winId(), top_left.x(), top_left.y(), surface.width(),
                            surface.height()).toImage()
    g = img.convertToFormat(QImage.Format.Format_Grayscale8).scaled(32, 24)
    row, raw = g.bytesPerLine(), bytes(g.constBits())
    return b"".join(raw[y * row: y * row + 32] for y in range(24))


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_locked_screen_keeps_the_live_picture(qtbot: QtBot, desk: tuple,
                                              size: tuple[int, int]) -> None:
    """The lock says recording and live view continue: the tiles keep showing moving
    pictures under it (the lock is about control, not about hiding the cameras). They
    were painted black by the dimming overlay."""
    window, view, _relay = desk
    window.resize(*size)
    tile = view.grid.tiles[3]  # second row, left: not under the unlock panel
    qtbot.waitUntil(lambda: tile.state_key() == "live", timeout=10000)
    qtbot.wait(800)
    before = _screen_grey(window, tile)
    assert max(before) - min(before) > 40, "no picture before locking"
    window.idle_lock.lock("manual")
    qtbot.wait(800)
    panel = window.idle_lock.panel
    assert not panel.geometry().intersects(
        tile.surface.geometry().translated(tile.surface.mapTo(window, tile.surface.pos())
                                           - tile.surface.pos()))
    during = _screen_grey(window, tile)
    assert max(during) - min(during) > 40, "the picture went black under the lock"
    qtbot.wait(1000)
    later = _screen_grey(window, tile)
    assert sum(abs(a - b) for a, b in zip(during, later, strict=True)) / len(later) > 0.5, \
        "the picture stopped moving under the lock"
    assert tile.player is not None and tile.state_key() == "live"
    assert "continue" in window.idle_lock.panel.title.text()
    window.idle_lock.unlock()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_snapshot_message_fits_and_names_local_time(qtbot: QtBot, desk: tuple,
                                                    sqlite_db: Database, home: DataHome,
                                                    size: tuple[int, int]) -> None:
    """The status message was cut ("…/snapshots/T") and the file name was in UTC."""
    from controlroom.timeutil import to_local

    window, view, relay = desk
    window.resize(*size)
    tile, sid = _snapshot_first_tile(qtbot, window, view)
    with sqlite_db.read() as s:
        snap = s.get(Snapshot, sid)
        assert snap is not None
        taken, rel = snap.ts, snap.path
    local = to_local(taken, window.time_zone)
    assert rel == f"C01/C01_{local:%Y-%m-%d_%H-%M-%S}.png", rel
    message = window.statusBar().currentMessage()
    assert message.endswith(f"snapshots/{rel}") and str(home.root) not in message
    bar = window.statusBar()
    permanent = sum(w.width() + 12 for w in (window.status_user, window.status_role,
                                             window.status_post, window.status_clock))
    free = bar.width() - permanent
    assert bar.fontMetrics().horizontalAdvance(message) < free, (message, free)
