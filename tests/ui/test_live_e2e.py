"""End to end, nothing stood in: the RTSP simulator, the real recorder process (its live
relay and its segment files) and the real GUI with libVLC.

- the live grid (built by `live.install` with the real `RecorderSource`) shows moving
  pictures, maximises onto the main stream and back, shows a camera that lost power as
  offline and recovers by itself when it comes back;
- the playback window opened on what the recorder wrote lands on the frame PyAV decodes
  from that segment file.

The simulator draws a solid colour with the camera's name and a wall clock (one-second
resolution) in the top-left corner, so "moving" and "the right frame" are judged on the
clock's digits: the rest of the picture never changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import av
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.setup import initialise
from controlroom.records.users import Identity
from controlroom.ui import live
from controlroom.ui.playback import PlaybackWindow, keyframe_at_or_before
from controlroom.ui.tile import Tile
from controlroom.video.control import stop_recorder
from controlroom.video.player import Player
from controlroom.video.simulator import Simulator
from tests.video.recording_support import RecorderProcess, add_camera, segments

pytestmark = [pytest.mark.gui, pytest.mark.slow]
PW = "quantri-Mk2026"
CAMERAS = 2
# The band at the top of the picture where the simulator writes the camera's name and
# its clock ("dd/mm/yyyy HH:MM:SS"; on the main stream it wraps onto a second line), as
# fractions of the picture: left, top, right, bottom.
CLOCK_BAND = (0.0, 0.0, 1.0, 0.3)
BAND_W, BAND_H = 256, 64
# A pixel of the band "changed" when its grey level moved by more than this; a clock
# that ticked changes dozens of them, decoding noise none or a few.
CHANGED = 48
TICKED = 10


@dataclass
class Site:
    sim: Simulator
    rec: RecorderProcess
    ids: list[int]  # camera id of simulator camera 1, 2, …
    identity: Identity


@pytest.fixture
def site(sqlite_db: Database, home: DataHome) -> Iterator[Site]:
    """Simulator cameras in the registry and the real recorder recording them (4-second
    segments). Stopped in that order: recorder (closes and indexes its segments), then
    any recorder the GUI may have started itself, then the simulator."""
    initialise(sqlite_db, "admin", PW)
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    with Simulator(cameras=CAMERAS) as sim:
        ids = [add_camera(sqlite_db, home, sim, i) for i in range(1, CAMERAS + 1)]
        rec = RecorderProcess(home, segment_seconds=4)
        try:
            rec.start()
            yield Site(sim, rec, ids, ident)
        finally:
            rec.stop()
            assert stop_recorder(home)


@pytest.fixture
def desk(qtbot: QtBot, sqlite_db: Database, home: DataHome,
         site: Site) -> Iterator[tuple[object, live.LiveView]]:
    """The main window with the live view installed as the application does it."""
    from controlroom.ui.main_window import MainWindow

    window = MainWindow(sqlite_db, site.identity, home, features=[])
    qtbot.addWidget(window)
    feature = live.install(window)  # the real RecorderSource
    window.features["controlroom.ui.live"] = feature  # closed with the window
    view = feature.view
    assert isinstance(view.source, live.RecorderSource)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    try:
        yield window, view
    finally:
        window.close(force=True)  # stops the players and the status poller
        view.poller._thread.join(10)  # no status poll (which may start a recorder) after


# --- pictures -----------------------------------------------------------------------------

def grey_rows(img: QImage, box: tuple[float, float, float, float], w: int, h: int) -> bytes:
    """The `box` (fractions of the picture) of `img` as w x h grey bytes."""
    assert not img.isNull()
    x0, y0 = int(box[0] * img.width()), int(box[1] * img.height())
    x1, y1 = int(box[2] * img.width()), int(box[3] * img.height())
    g = img.copy(x0, y0, x1 - x0, y1 - y0).convertToFormat(
        QImage.Format.Format_Grayscale8).scaled(w, h)
    row, raw = g.bytesPerLine(), bytes(g.constBits())
    return b"".join(raw[y * row: y * row + w] for y in range(h))


def clock_of(img: QImage) -> bytes:
    return grey_rows(img, CLOCK_BAND, BAND_W, BAND_H)


def changed(a: bytes, b: bytes) -> int:
    """How many pixels of two clock bands differ clearly."""
    return sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > CHANGED)


def diff(a: bytes, b: bytes) -> float:
    """Mean absolute pixel difference, 0..255."""
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def grab(qtbot: QtBot, source: Tile | Player | None, tmp: Path, name: str) -> QImage:
    """libVLC's snapshot of what a tile (its current player) or a player shows. A player
    reports its video output before the first picture is on it, so an early snapshot
    may fail: retried for a while."""
    path = tmp / name

    def taken() -> bool:
        player = source.player if isinstance(source, Tile) else source
        return player is not None and player.snapshot(path)

    qtbot.waitUntil(taken, timeout=5000)
    img = QImage(str(path))
    assert not img.isNull(), path
    return img


def assert_real_picture(img: QImage) -> None:
    """Not black, not flat: the simulator's coloured background with white clock text."""
    whole = grey_rows(img, (0, 0, 1, 1), 64, 36)
    assert max(whole) - min(whole) > 60, "picture is flat: nothing drawn"
    assert sum(whole) / len(whole) > 15, "picture is black"


def assert_moving(qtbot: QtBot, tile: Tile, tmp: Path, tag: str) -> QImage:
    """Two grabs about a second apart show a different clock (the simulator's clock ticks
    once a second; a grab can land just before and just after a tick, so up to three
    tries)."""
    first = grab(qtbot, tile, tmp, f"{tag}-0.png")
    assert_real_picture(first)
    a = clock_of(first)
    seen = []
    for i in range(1, 4):
        qtbot.wait(1100)
        img = grab(qtbot, tile, tmp, f"{tag}-{i}.png")
        assert_real_picture(img)
        seen.append(changed(a, clock_of(img)))
        if seen[-1] >= TICKED:
            return img
    raise AssertionError(f"{tag}: the picture did not move ({seen})")


def decoded_image(path: Path, at_s: float) -> QImage:
    """The frame PyAV decodes at `at_s` (s from the file's start) in a segment file."""
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        base = stream.start_time or 0
        tb = float(stream.time_base or 0)
        for frame in c.decode(stream):
            t = (frame.pts - base) * tb if frame.pts is not None else None
            if t is not None and t >= at_s - 0.02:
                rgb = frame.reformat(format="rgb24")
                plane = rgb.planes[0]
                raw = bytes(plane)
                rows = b"".join(raw[y * plane.line_size: y * plane.line_size + rgb.width * 3]
                                for y in range(rgb.height))
                img = QImage.fromData(f"P6 {rgb.width} {rgb.height} 255\n".encode() + rows,
                                      "PPM")  # type: ignore[arg-type]
                assert not img.isNull()
                return img
    raise AssertionError(f"no frame at {at_s} s in {path}")


# --- the live grid ----------------------------------------------------------------------------

def test_live_grid_on_the_real_recorder(qtbot: QtBot, desk: tuple, site: Site,
                                        tmp_path: Path) -> None:
    window, view = desk
    tiles = view.grid.visible_tiles()
    assert [t.camera.id if t.camera else None for t in tiles[:CAMERAS]] == site.ids
    qtbot.waitUntil(lambda: all(t.state_key() == "live" for t in tiles[:CAMERAS]),
                    timeout=20000)
    tile, other = tiles[0], tiles[1]
    assert tile.current_url.endswith(f"/live/{site.ids[0]}/sub.ts")
    assert tile.current_url.startswith(f"http://127.0.0.1:{site.rec.port()}/")

    # (1) moving pictures, from the recorder's relay of the sub stream
    assert_moving(qtbot, tile, tmp_path, "sub")
    info = tile.player.video_info() if tile.player else None
    assert info is not None and (info.width, info.height) == (640, 360)
    # the recorder's status reaches the tiles: recording, REC shown
    qtbot.waitUntil(lambda: tile.recording_shown, timeout=10000)

    # (2) maximise (Enter on the selected tile) → main stream; Esc → back to sub
    view.grid.select(tile)
    view.grid.setFocus()
    with qtbot.waitSignal(tile.first_frame, timeout=15000,
                          check_params_cb=lambda _t, s: s == "main"):
        qtbot.keyClick(view.grid, Qt.Key.Key_Return)
        assert view.grid.maximised is tile
    assert tile.current_url.endswith(f"/live/{site.ids[0]}/main.ts")
    assert other.isHidden()
    qtbot.waitUntil(lambda: tile.player is not None and tile.player.video_info() is not None,
                    timeout=5000)
    info = tile.player.video_info() if tile.player else None
    assert info is not None and (info.width, info.height) == (1280, 720)
    assert_moving(qtbot, tile, tmp_path, "main")
    with qtbot.waitSignal(tile.first_frame, timeout=15000,
                          check_params_cb=lambda _t, s: s == "sub"):
        qtbot.keyClick(view.grid, Qt.Key.Key_Escape)
        assert view.grid.maximised is None
    assert tile.current_url.endswith(f"/live/{site.ids[0]}/sub.ts")
    assert not other.isHidden() and tile.state_key() == "live"

    # (3) camera 2 loses power: offline on its tile; back: live again by itself
    site.sim.set_offline(2, True)
    qtbot.waitUntil(lambda: other.state_key() == "offline", timeout=30000)
    assert other.state_text().startswith("Offline since ")
    assert not other.recording_shown
    assert tile.state_key() == "live"  # the other camera is untouched
    site.sim.set_offline(2, False)
    qtbot.waitUntil(lambda: other.state_key() == "live", timeout=40000)
    assert_moving(qtbot, other, tmp_path, "back")
    qtbot.waitUntil(lambda: other.recording_shown, timeout=10000)


# --- playback of what the recorder wrote -----------------------------------------------------

def test_playback_of_a_recorded_segment(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                        site: Site, tmp_path: Path) -> None:
    cam = site.ids[0]
    qtbot.waitUntil(lambda: any(s["duration"] and s["duration"] >= 3
                                for s in segments(sqlite_db, cam)), timeout=40000)
    seg = next(s for s in segments(sqlite_db, cam) if s["duration"] >= 3)
    path = home.recordings / seg["path"]
    assert path.exists() and seg["width"] == 1280

    w = PlaybackWindow(sqlite_db, site.identity, home)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    try:
        w.set_cameras([cam])
        pane = w.controller.panes[0]
        target = seg["start"] + timedelta(seconds=seg["duration"] - 0.8)
        w.seek(target)
        qtbot.waitUntil(lambda: pane.has_picture, timeout=10000)
        qtbot.wait(500)
        assert pane.seg is not None and pane.seg.start == seg["start"]
        kf = keyframe_at_or_before(path, (target - seg["start"]).total_seconds())
        assert kf >= 1.5, kf  # a keyframe inside the segment, not its first frame
        got = grab(qtbot, pane.player, tmp_path, "pb.png")
        assert_real_picture(got)
        assert (got.width(), got.height()) == (1280, 720)
        right = clock_of(decoded_image(path, kf))
        wrong = clock_of(decoded_image(path, 0.0))
        shown = clock_of(got)
        near, far = changed(shown, right), changed(shown, wrong)
        assert near < TICKED / 2 and far >= TICKED, (near, far)
        assert diff(shown, right) < 3, diff(shown, right)
        # the time the window shows is the recorder's index time of that picture
        pt = pane.picture_time()
        assert pt is not None
        assert abs((pt - (seg["start"] + timedelta(seconds=kf))).total_seconds()) < 0.2
    finally:
        w.close()


def test_playback_follows_the_live_recorder(qtbot: QtBot, sqlite_db: Database,
                                            home: DataHome, site: Site) -> None:
    """Opened while the recorder writes 4-second files: playback starts at the newest
    footage, and playing on crosses into files the recorder opened after the camera was
    ticked (issue 16: it used to keep the list it read at ticking time)."""
    cam = site.ids[0]
    qtbot.waitUntil(lambda: len(segments(sqlite_db, cam)) >= 2, timeout=40000)
    w = PlaybackWindow(sqlite_db, site.identity, home)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    try:
        w.set_cameras([cam])
        pane = w.controller.panes[0]
        first = w.controller.position
        newest = max(s["start"] for s in segments(sqlite_db, cam))
        assert first >= newest - timedelta(seconds=25)  # near the newest, not 5 min back
        w.controller.play()
        qtbot.waitUntil(lambda: pane.has_picture, timeout=10000)
        known = {s["start"] for s in segments(sqlite_db, cam)}
        # keep playing until the picture comes from a file that did not exist yet
        qtbot.waitUntil(lambda: pane.seg is not None and pane.seg.start not in known
                        and pane.has_picture, timeout=30000)
        assert w.controller.playing and w.message.text() == ""
        assert w.controller.position > first + timedelta(seconds=3)
    finally:
        w.controller.pause()
        w.close()
