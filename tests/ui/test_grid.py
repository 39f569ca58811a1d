"""The grid: layouts, pages, keys, drop, maximise on the main stream (real libVLC)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from controlroom.ui.grid import LAYOUTS, Grid
from controlroom.ui.tile import CameraInfo, camera_mime
from tests.ui.fake_relay import FakeRelay

pytestmark = pytest.mark.gui

CAMS = [CameraInfo(i, f"Camera {i}", f"C{i:02d}", "Thôn Đông" if i % 2 else "Thôn Tây")
        for i in range(1, 7)]


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture
def relay(clip_dir: Path) -> Iterator[FakeRelay]:
    with FakeRelay(clip_dir, [c.id for c in CAMS]) as r:
        yield r


@pytest.fixture
def grid(qtbot: QtBot, relay: FakeRelay) -> Iterator[Grid]:
    g = Grid(relay)
    qtbot.addWidget(g)
    g.resize(800, 600)
    g.show()
    qtbot.waitExposed(g)
    yield g
    for f in g.shutdown():
        f.result(timeout=10)


def test_layout_cells_cover_their_grid_exactly() -> None:
    for lay in LAYOUTS.values():
        covered = [(r + dr, c + dc) for r, c, rs, cs in lay.cells
                   for dr in range(rs) for dc in range(cs)]
        assert sorted(covered) == [(r, c) for r in range(lay.rows) for c in range(lay.cols)], \
            lay.name
    assert [len(LAYOUTS[n].cells) for n in ("1", "2x2", "3x3", "4x4", "5x5", "1+5", "1+7")] \
        == [1, 4, 9, 16, 25, 6, 8]


def test_pages_keys_and_tour(qtbot: QtBot, grid: Grid) -> None:
    grid.set_layout("2x2")
    grid.set_cameras(list(CAMS))
    assert grid.page_count == 2
    assert [t.camera.id if t.camera else None for t in grid.visible_tiles()] == [1, 2, 3, 4]
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert grid.page == 1
    assert [t.camera.id if t.camera else None for t in grid.visible_tiles()] == [5, 6, None,
                                                                                  None]
    assert grid.tiles[2].state_key() == "empty"
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)  # wraps round
    assert grid.page == 0
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    assert grid.page == 1
    qtbot.keyClick(grid, Qt.Key.Key_2)
    assert grid.selected is grid.tiles[1]
    qtbot.keyClick(grid, Qt.Key.Key_9)  # no ninth tile in 2x2: selection unchanged
    assert grid.selected is grid.tiles[1]
    grid.start_tour(3)
    assert grid.touring
    with qtbot.waitSignal(grid.page_changed, timeout=5000) as blocker:
        pass
    assert blocker.args == [0, 2]
    grid.stop_tour()
    # a bigger layout keeps the first camera of the page on screen
    grid.set_layout("3x3")
    assert grid.page_count == 1 and grid.visible_tiles()[0].camera == CAMS[0]
    grid.set_layout("1+5")
    assert len(grid.visible_tiles()) == 6 and all(t.isVisible() for t in grid.visible_tiles())
    assert not grid.tiles[6].isVisible() and grid.tiles[6].camera is None


def test_drop_a_camera_on_a_tile(qtbot: QtBot, grid: Grid) -> None:
    grid.camera_lookup = {c.id: c for c in CAMS}.get
    grid.set_cameras([CAMS[0]])
    target = grid.tiles[3]
    mime = camera_mime([5])
    ev = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dropEvent(ev)
    assert target.camera == CAMS[4]
    assert [c.id if c else None for c in grid.slots] == [1, None, None, 5]
    assert grid.selected is target
    # dropping the same camera elsewhere on the page moves it
    mime2 = camera_mime([5])  # the event does not own its mime data: keep it alive
    grid.tiles[0].dropEvent(QDropEvent(QPoint(1, 1), Qt.DropAction.CopyAction, mime2,
                                       Qt.MouseButton.LeftButton,
                                       Qt.KeyboardModifier.NoModifier))
    assert [c.id if c else None for c in grid.slots] == [5, None, None, None]


def test_maximise_switches_to_main_stream_and_back(qtbot: QtBot, grid: Grid) -> None:
    grid.set_layout("2x2")
    grid.set_cameras(CAMS[:4])
    tile = grid.tiles[1]
    qtbot.waitUntil(lambda: tile.state_key() == "live", timeout=10000)
    assert tile.current_url.endswith("/live/2/sub.ts")
    with qtbot.waitSignal(tile.first_frame, timeout=8000):
        qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton)
    assert grid.maximised is tile
    assert tile.current_url.endswith("/live/2/main.ts")
    assert not grid.tiles[0].isVisible() and tile.isVisible()
    assert tile.width() > 700
    qtbot.waitUntil(lambda: tile.player is not None and tile.player.video_info() is not None)
    info = tile.player.video_info() if tile.player else None
    assert info is not None and info.width == 640
    grid.setFocus()
    with qtbot.waitSignal(tile.first_frame, timeout=8000):
        qtbot.keyClick(grid, Qt.Key.Key_Escape)
    assert grid.maximised is None and grid.tiles[0].isVisible()
    assert tile.current_url.endswith("/live/2/sub.ts")
    # Enter maximises the selected tile too
    with qtbot.waitSignal(tile.first_frame, timeout=8000):
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert grid.maximised is tile


def test_statuses_reach_the_tiles(qtbot: QtBot, grid: Grid, relay: FakeRelay) -> None:
    grid.set_cameras(CAMS[:4])
    relay.set_offline(3, True)
    grid.apply_statuses(relay.status())
    assert grid.tiles[2].state_key() in ("offline", "connecting")
    qtbot.waitUntil(lambda: grid.tiles[2].state_key() == "offline", timeout=10000)
    qtbot.waitUntil(lambda: grid.tiles[0].state_key() == "live", timeout=10000)
    assert grid.tiles[0].recording_shown


@pytest.mark.parametrize("layout", ["1+5", "1+7"])
def test_big_tile_plays_the_main_stream(qtbot: QtBot, grid: Grid, layout: str) -> None:
    grid.set_layout("2x2")
    grid.set_cameras(list(CAMS))
    big = grid.tiles[0]
    qtbot.waitUntil(lambda: big.state_key() == "live", timeout=15000)
    grid.set_layout(layout)
    assert grid.stream_for(big) == "main"
    qtbot.waitUntil(lambda: big.current_url.endswith("/live/1/main.ts"), timeout=15000)
    assert big.state_key() == "live" and "[HD]" in big._title.text()
    small = grid.tiles[1]
    assert grid.stream_for(small) == "sub"
    qtbot.waitUntil(lambda: small.current_url.endswith("/sub.ts"), timeout=15000)
    # maximising a small tile and back keeps the big one on main, the small one on sub
    grid.maximise(small)
    grid.restore()
    assert small.stream == "sub" and big.stream == "main"
    grid.set_layout("3x3")
    assert big.stream == "sub"
