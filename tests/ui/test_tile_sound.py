"""Live tiles are silent; the selected (or maximised) tile can be heard, through the
recorder's main-stream relay that carries the camera's sound."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.ui.tile import CameraInfo, Tile
from controlroom.video.control import RecorderClient
from controlroom.video.simulator import Simulator
from tests.ui.test_hevc import _Relay
from tests.ui.test_tile import close_tile, wait_live
from tests.video.recording_support import RecorderProcess, add_camera, wait_for

pytestmark = pytest.mark.gui


def test_selected_tile_can_be_unmuted(qtbot: QtBot, sqlite_db: Database,
                                      home: DataHome) -> None:
    with Simulator(1, audio="pcma") as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        client = RecorderClient(home)
        with RecorderProcess(home) as rec:
            wait_for(lambda: (client.camera_status(cam, "main") or {}).get("recording"),
                     60, "recording", rec)
            tile = Tile(0)
            qtbot.addWidget(tile)
            tile.resize(480, 320)
            tile.set_source(_Relay(client))
            tile.show()
            qtbot.waitExposed(tile)
            tile.set_camera(CameraInfo(cam, "Cổng chợ", "CAM01"), stream="sub")
            wait_live(qtbot, tile, 15000)
            assert not tile.sound and not tile._sound_btn.isVisible()  # silent by default
            tile.set_sound(True)  # not selected: refused
            assert not tile.sound
            tile.set_selected(True)
            assert tile._sound_btn.isVisible()
            qtbot.mouseClick(tile._sound_btn, Qt.MouseButton.LeftButton)
            assert tile.sound and tile.stream == "main"
            qtbot.waitUntil(lambda: tile.current_url.endswith("/main.ts")
                            and tile.player is not None
                            and tile.player.audio_track() >= 0, timeout=15000)
            assert tile.player is not None and not tile.player.muted()
            # Another tile selected: this one falls silent, back on its own stream.
            tile.set_selected(False)
            assert not tile.sound and tile.stream == "sub"
            qtbot.waitUntil(lambda: tile.current_url.endswith("/sub.ts"), timeout=15000)
            assert tile.player is not None and tile.player.audio_track() == -1
            close_tile(tile)
            rec.stop()
