"""PTZ from the selected tile: press-and-hold arrows, the mouse wheel, the keyboard and
presets reach the simulated camera over ONVIF; every move is audited."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import cameras, users
from controlroom.records.cameras import CameraSpec
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.records.setup import initialise
from controlroom.ui.ptz import PtzFeature
from controlroom.ui.tile import CameraInfo, Tile
from controlroom.video import devices, onvif
from controlroom.video.simulator import Simulator

pytestmark = pytest.mark.gui
PW = "Ptz-Mk2026!"


class _Window(QMainWindow):
    def __init__(self, db: Database, identity: users.Identity, home: DataHome) -> None:
        super().__init__()
        self.db, self.identity, self.home = db, identity, home


@pytest.fixture
def setup(qtbot: QtBot, sqlite_db: Database, home: DataHome) -> Iterator[tuple]:
    initialise(sqlite_db, "admin", "quantri-Mk2026")
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    with Simulator(1, auth=f"admin:{PW}", onvif=True, ptz=[True]) as sim:
        facts = onvif.inspect("127.0.0.1", sim.onvif_port(1), "admin", PW)
        with sqlite_db.session() as s:
            cam = cameras.add(s, ident, CameraSpec(name="Ngã tư chợ", main_url=facts.main_url,
                                                   sub_url=facts.sub_url), "admin", PW, home)
            devices.save_facts(s, ident, cam, facts)
            cid = cam.id
        w = _Window(sqlite_db, ident, home)
        qtbot.addWidget(w)
        tile = Tile(0)
        w.setCentralWidget(tile)
        w.resize(640, 400)
        w.show()
        qtbot.waitExposed(w)
        tile.set_camera(CameraInfo(cid, "Ngã tư chợ", "CAM-001"))
        feature = PtzFeature(w)  # type: ignore[arg-type]
        yield sim, feature, tile, sqlite_db
        feature.close()


def _ops(sim: Simulator) -> list[str]:
    return [e["op"] for e in sim.ptz_state(1)["log"]]  # type: ignore[union-attr]


def test_arrows_wheel_keys_and_presets_reach_the_camera(qtbot: QtBot, setup: tuple) -> None:
    sim, feature, tile, db = setup
    panel = feature.panel
    feature.follow(tile)
    assert panel.isVisible() and panel.camera_id is not None
    # Press and hold an arrow.
    qtbot.mousePress(panel.buttons["right"], Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    qtbot.mouseRelease(panel.buttons["right"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _ops(sim)[-2:] == ["ContinuousMove", "Stop"], timeout=15000)
    # One wheel notch up: a zoom pulse.
    wheel = QWheelEvent(QPointF(50, 50), QPointF(50, 50), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(tile, wheel)
    qtbot.waitUntil(lambda: len(_ops(sim)) >= 4 and _ops(sim)[-1] == "Stop", timeout=15000)
    # The keyboard on the grid: arrow key down/up.
    grid = QWidget()
    feature.grid = grid  # type: ignore[assignment]
    grid.installEventFilter(feature)
    QApplication.sendEvent(grid, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Up,
                                           Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(grid, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Up,
                                           Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: len(_ops(sim)) >= 6 and _ops(sim)[-1] == "Stop", timeout=15000)
    # Presets: save, then go.
    panel.save_named("Cổng chợ")
    qtbot.waitUntil(lambda: panel.presets.count() == 1, timeout=15000)
    panel.goto_preset()
    qtbot.waitUntil(lambda: _ops(sim)[-1] == "GotoPreset", timeout=15000)
    log = sim.ptz_state(1)["log"]
    moves = [e["velocity"] for e in log if e["op"] == "ContinuousMove"]  # type: ignore[union-attr]
    assert moves == [[0.5, 0.0, 0.0], [0.0, 0.0, 0.5], [0.0, 0.5, 0.0]]

    def audited() -> list[dict]:
        with db.read() as s:
            return [json.loads(a.detail) for a in s.scalars(
                select(AuditEntry).where(AuditEntry.action == "camera.ptz")
                .order_by(AuditEntry.id))]

    qtbot.waitUntil(lambda: len(audited()) == 5, timeout=10000)  # written after the answer
    rows = audited()
    assert [(r["ptz_action"], r.get("direction")) for r in rows] == [
        ("move", "right"), ("move", "zoom_in"), ("move", "up"), ("set_preset", None),
        ("goto_preset", None)]
    # A camera without PTZ, or no selection: no panel.
    feature.follow(None)
    assert not panel.isVisible() and panel.camera_id is None
