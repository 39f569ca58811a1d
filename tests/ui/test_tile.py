"""A tile with real libVLC drawing a real HTTP MPEG-TS relay into a real X window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from controlroom.ui.tile import CameraInfo, Tile, even_picture_rect
from tests.ui.fake_relay import FakeRelay

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture
def relay(clip_dir: Path) -> Iterator[FakeRelay]:
    with FakeRelay(clip_dir, [1, 2]) as r:
        yield r


def grey(path: Path) -> bytes:
    img = QImage(str(path))
    assert not img.isNull(), path
    small = img.convertToFormat(QImage.Format.Format_Grayscale8).scaled(64, 48)
    return bytes(small.constBits())[: 64 * 48]


def difference(a: bytes, b: bytes) -> float:
    """Mean absolute pixel difference, 0..255."""
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def spread(a: bytes) -> int:
    return max(a) - min(a)


def wait_live(qtbot: QtBot, tile: Tile, timeout: int = 8000) -> None:
    qtbot.waitUntil(lambda: tile.state_key() == "live", timeout=timeout)


def make_tile(qtbot: QtBot, relay: FakeRelay) -> Tile:
    tile = Tile(0)
    qtbot.addWidget(tile)
    tile.resize(480, 320)
    tile.set_source(relay)
    tile.show()
    qtbot.waitExposed(tile)
    return tile


def close_tile(tile: Tile) -> None:
    for f in tile.shutdown():
        f.result(timeout=10)


def test_tile_shows_a_moving_picture(qtbot: QtBot, relay: FakeRelay, tmp_path: Path) -> None:
    tile = make_tile(qtbot, relay)
    tile.set_camera(CameraInfo(1, "Cổng chợ", "C01", "Thôn Đông"))
    assert tile.state_key() == "connecting"
    assert "Cổng chợ" in tile._title.text() and "Thôn Đông" in tile._title.text()
    wait_live(qtbot, tile)
    assert tile.current_url.endswith("/live/1/sub.ts")
    player = tile.player
    assert player is not None
    qtbot.wait(300)
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    assert player.snapshot(a)
    qtbot.wait(1000)
    assert player.snapshot(b)
    ga, gb = grey(a), grey(b)
    assert spread(ga) > 60, "picture is flat: nothing drawn"
    assert difference(ga, gb) > 1.0, "picture did not move in a second"
    info = player.video_info()
    assert info is not None and (info.width, info.height) == (320, 240)
    # libVLC draws into a canvas of the picture's shape with an even width
    assert tile.surface.picture_size == (320, 240)
    canvas = tile.surface._canvas
    assert canvas is not None and canvas.isVisible() and canvas.width() % 2 == 0
    close_tile(tile)


@pytest.mark.parametrize("box", [(391, 199), (390, 200), (265, 300), (1597, 871), (33, 25)])
@pytest.mark.parametrize("src", [(320, 240), (640, 360), (704, 576)])
def test_picture_rect_is_even_wide_and_fits_like_libvlc(box: tuple[int, int],
                                                         src: tuple[int, int]) -> None:
    """An odd picture width sends libVLC's swscale down a 3x slower path (xcb_x11)."""
    r = even_picture_rect(*box, *src)
    assert r.width() % 2 == 0 and r.width() <= box[0] and r.height() <= box[1]
    assert r.x() >= 0 and r.y() >= 0
    # libVLC's own fit inside that window (vout_display_PlacePicture) keeps the width
    scaled_width = src[0] * r.height() // src[1]
    placed_width = r.width() if scaled_width > r.width() else scaled_width
    assert placed_width == r.width()
    # and wastes at most a couple of pixels of the box
    best = min(box[0], box[1] * src[0] // src[1])
    assert best - r.width() <= 3


def test_switch_to_main_stream_without_losing_the_picture(qtbot: QtBot,
                                                          relay: FakeRelay) -> None:
    tile = make_tile(qtbot, relay)
    tile.set_camera(CameraInfo(2, "Ngã ba", "C02"))
    wait_live(qtbot, tile)
    old_player = tile.player
    with qtbot.waitSignal(tile.first_frame, timeout=8000) as blocker:
        tile.set_stream("main")
        # until the main stream has a frame the sub stream stays on screen
        assert tile.player is old_player and tile.state_key() == "live"
    assert blocker.args[1] == "main"
    assert tile.current_url.endswith("/live/2/main.ts")
    assert tile.player is not old_player
    qtbot.waitUntil(lambda: tile.player is not None and tile.player.video_info() is not None)
    info = tile.player.video_info() if tile.player else None
    assert info is not None and (info.width, info.height) == (640, 360)
    assert "[HD]" in tile._title.text()
    # the old session's widget is destroyed only after its player stopped
    qtbot.waitUntil(lambda: not tile._retired, timeout=8000)
    close_tile(tile)


def test_offline_camera_shows_state_and_recovers(qtbot: QtBot, relay: FakeRelay) -> None:
    tile = make_tile(qtbot, relay)
    tile.set_camera(CameraInfo(1, "Cổng chợ"))
    wait_live(qtbot, tile)
    relay.set_offline(1, True)
    tile.apply_status(relay.status()[1])
    qtbot.waitUntil(lambda: tile.state_key() == "offline", timeout=10000)
    assert tile.state_text().startswith("Offline since ")
    assert tile.state_text()[-8:].count(":") == 2
    assert not tile.recording_shown
    qtbot.wait(1500)  # a couple of refused retries
    assert tile.state_key() == "offline"
    relay.set_offline(1, False)
    tile.apply_status(relay.status()[1])
    wait_live(qtbot, tile, timeout=12000)
    assert tile.recording_shown
    close_tile(tile)


def test_empty_tile_and_auth_failure(qtbot: QtBot, relay: FakeRelay) -> None:
    tile = make_tile(qtbot, relay)
    assert tile.state_key() == "empty"
    assert tile._idle_surface.message == "Drag a camera here"
    relay.auth_failed.add(2)
    tile.set_camera(CameraInfo(2, "Ngã ba"))
    tile.apply_status(relay.status()[2])
    assert tile.state_key() == "auth_failed"
    assert tile.state_text() == "Authentication failed"
    tile.set_camera(None)
    assert tile.state_key() == "empty" and tile.player is None
    qtbot.waitUntil(lambda: not tile._retired, timeout=8000)
    close_tile(tile)
