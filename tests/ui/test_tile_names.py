"""Tiles in the live view of a 1366×768 and a 1920×1080 desk: the camera's name wins the
header's width (the state is an icon, its words in the tooltip and the picture area);
5×5 shows names; an offline tile shows one time, the same in the header and the body."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.ui import live
from controlroom.ui.main_window import MainWindow
from controlroom.ui.tile import CameraStatus, ElidedLabel, Tile

PW = "matkhau-2026"
NAMES = ["Bến đò Tịnh Châu", "Cổng chợ Tịnh Châu", "Ngã ba Trường Thọ", "Trạm y tế xã",
         "Cầu Trà Khúc Nam", "Nhà văn hóa thôn Đông"]
SINCE = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)  # 08:02:03 in Hà Nội


class OfflineSource:
    """Reachable recorder, every camera offline since SINCE (no players start)."""

    def live_url(self, camera_id: int, stream: str) -> str:
        raise ConnectionError("offline")

    def status(self) -> dict[int, CameraStatus]:
        return {i: CameraStatus("offline", SINCE, False, "") for i in range(1, 30)}


@pytest.fixture
def window(qtbot: QtBot, sqlite_db: Database, home: DataHome, vi: None,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    with sqlite_db.session() as s:
        users.create(s, users.SYSTEM, "canbo1", PW, "officer", full_name="Lê Đức Thắng")
        s.add_all([Camera(uid=str(uuid.uuid4()), name=NAMES[i % len(NAMES)] + f" {i + 1}",
                          code=f"C{i + 1:02d}", location="Thôn Đông")
                   for i in range(25)])
    monkeypatch.setattr(live, "RecorderSource", lambda _home: OfflineSource())
    w = MainWindow(sqlite_db, users.sign_in(sqlite_db, "canbo1", PW), home)
    qtbot.addWidget(w)
    yield w
    w.close(force=True)


def _shown(label: ElidedLabel) -> str:
    """What the label paints (it elides on the right)."""
    from PySide6.QtCore import Qt
    return label.fontMetrics().elidedText(label.text(), Qt.TextElideMode.ElideRight,
                                          label.contentsRect().width())


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("layout", ["3x3", "5x5"])
def test_names_win_the_space(qtbot: QtBot, window: MainWindow, size: tuple[int, int],
                             layout: str) -> None:
    window.showNormal()
    window.resize(*size)
    qtbot.waitExposed(window)
    feature = window.features["controlroom.ui.live"]
    grid = feature.view.grid  # type: ignore[attr-defined]
    grid.set_layout(layout)
    qtbot.waitUntil(lambda: all(t.state_key() == "offline" for t in grid.visible_tiles()),
                    timeout=10000)
    qtbot.wait(100)
    for tile in grid.visible_tiles():
        assert isinstance(tile, Tile) and tile.camera is not None
        shown = _shown(tile._title)
        # the camera's name (its first word at least) is readable, not only "1 Bến …"
        first_words = " ".join(tile.camera.name.split()[:2])
        assert first_words in shown, (layout, size, shown)
        # the state and the recording mark are icons, their words in the tooltip
        assert tile._state.width() <= 16 and tile._rec.width() <= 16
        assert tile._state.toolTip() == "Mất tín hiệu từ 08:02:03"


def test_offline_tile_shows_one_time(qtbot: QtBot, window: MainWindow) -> None:
    window.showNormal()
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    grid = window.features["controlroom.ui.live"].view.grid  # type: ignore[attr-defined]
    grid.set_layout("2x2")
    tile = grid.tiles[0]
    qtbot.waitUntil(lambda: tile.state_key() == "offline", timeout=10000)
    qtbot.wait(2500)  # a failed retry or two: a new surface each time
    texts = {s.message for s in tile._surfaces() if s.isVisible()}
    assert texts == {tile._state.toolTip()} == {"Mất tín hiệu từ 08:02:03"}
