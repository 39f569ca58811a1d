"""H.265 end to end in the GUI: the recorder's relay of an H.265 + G.711 camera plays in a
tile through libVLC, and playback of H.265 segments seeks and steps to the very frame
PyAV decodes from the file."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import av
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.setup import initialise
from controlroom.ui.playback import CameraPane, PlaybackWindow
from controlroom.ui.tile import CameraInfo, CameraStatus, Tile
from controlroom.video.control import RecorderClient
from controlroom.video.segment_list import frame_times, keyframes
from controlroom.video.simulator import Simulator
from tests.ui.test_playback import FONT, FRAG, T0, add_camera, decoded_frame, diff, snap
from tests.ui.test_tile import close_tile, grey, spread, wait_live
from tests.video.recording_support import RecorderProcess, wait_for
from tests.video.recording_support import add_camera as add_sim_camera

pytestmark = pytest.mark.gui


class _Relay:
    def __init__(self, client: RecorderClient) -> None:
        self.client = client

    def live_url(self, camera_id: int, stream: str) -> str:
        return str(self.client.live_url(camera_id, stream))

    def status(self) -> dict[int, CameraStatus]:
        return {}


def test_tile_plays_the_relayed_hevc_main_stream(qtbot: QtBot, sqlite_db: Database,
                                                 home: DataHome, tmp_path: Path) -> None:
    with Simulator(1, codec="h265", audio="pcma") as sim:
        cam = add_sim_camera(sqlite_db, home, sim, 1)
        client = RecorderClient(home)
        with RecorderProcess(home) as rec:
            wait_for(lambda: (client.camera_status(cam, "main") or {}).get("recording"),
                     60, "recording", rec)
            url = client.live_url(cam, "main")
            with av.open(url, timeout=15) as c:  # the relay itself: HEVC in MPEG-TS
                assert c.streams.video[0].codec_context.name == "hevc"
                frame = next(iter(c.decode(video=0)))
                assert (frame.width, frame.height) == (1280, 720)
            tile = Tile(0)
            qtbot.addWidget(tile)
            tile.resize(480, 320)
            tile.set_source(_Relay(client))
            tile.show()
            qtbot.waitExposed(tile)
            tile.set_camera(CameraInfo(cam, "Cổng chợ (H.265)", "CAM01"), stream="main")
            wait_live(qtbot, tile, 15000)
            assert tile.player is not None
            qtbot.waitUntil(lambda: tile.player is not None
                            and tile.player.video_info() is not None, timeout=10000)
            info = tile.player.video_info()
            assert info is not None and (info.width, info.height) == (1280, 720)
            qtbot.wait(500)
            shot = tmp_path / "hevc.png"
            assert tile.player.snapshot(shot)
            assert spread(grey(shot)) > 60, "libVLC drew nothing from the HEVC relay"
            close_tile(tile)
            rec.stop()


@pytest.fixture(scope="module", params=["libx265", "libx264"])
def hevc_files(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two 10-second H.265 + AAC fMP4 segments, GOP 1 s, clock burnt in; no B-frames,
    like cameras (with them ffmpeg's file starts its pictures two frames late, and the
    file's timestamps, not the player, would be what the comparison measures)."""
    d = tmp_path_factory.mktemp("hevc")
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i",
         "sine=frequency=800:sample_rate=16000", "-t", "20", "-vf",
         f"drawtext=fontfile={FONT}:text='%{{pts\\:hms}}':fontsize=60:fontcolor=white:"
         "box=1:boxcolor=black:x=10:y=10", "-c:v", request.param, "-preset", "ultrafast",
         *(["-x265-params", "keyint=25:min-keyint=25:scenecut=0:bframes=0:log-level=error"]
           if request.param == "libx265" else ["-g", "25", "-bf", "0"]),
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "segment", "-segment_time", "10",
         "-segment_format", "mp4", "-segment_format_options", FRAG, str(d / "h%d.mp4")],
        check=True, timeout=300)
    return [d / "h0.mp4", d / "h1.mp4"]


@pytest.fixture
def hevc_pb(qtbot: QtBot, sqlite_db: Database, home: DataHome,
            hevc_files: list[Path]) -> Iterator[tuple[PlaybackWindow, int]]:
    initialise(sqlite_db, "admin", "quantri-Mk2026")
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    cid = add_camera(sqlite_db, home, "H01", hevc_files)
    w = PlaybackWindow(sqlite_db, ident, home, extraction=lambda c, a, b: None)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w, cid
    w.close()


def _seek_to_keyframe(qtbot: QtBot, w: PlaybackWindow, cid: int, path: Path) -> tuple:
    """Seek to 3.4 s; the player must show exactly the keyframe at or before it. The
    file's own timeline counts: ffmpeg shifted the pictures by the AAC priming (64 ms),
    so that keyframe is at 3.064 s."""
    w.set_cameras([cid])
    pane = w.controller.panes[0]
    kf = max(k for k in keyframes(path) if k <= 3.4)
    assert 3.0 <= kf < 3.1
    w.seek(T0 + timedelta(seconds=3.4))
    qtbot.waitUntil(lambda: pane.has_picture, timeout=10000)
    qtbot.wait(500)
    return pane, kf


def test_hevc_playback_seek_equals_pyav(qtbot: QtBot, hevc_pb: tuple, tmp_path: Path,
                                        hevc_files: list[Path]) -> None:
    w, cid = hevc_pb
    pane, kf = _seek_to_keyframe(qtbot, w, cid, hevc_files[0])
    got = snap(pane, tmp_path, "seek.png")
    right, wrong = decoded_frame(hevc_files[0], kf), decoded_frame(hevc_files[0], kf + 3)
    assert diff(got, right) < 6 < diff(got, wrong), (diff(got, right), diff(got, wrong))
    # Into the next segment.
    w.seek(T0 + timedelta(seconds=15.5))
    qtbot.waitUntil(lambda: pane.seg is not None and pane.seg.start == T0 + timedelta(
        seconds=10) and pane.has_picture, timeout=10000)
    qtbot.wait(500)
    got = snap(pane, tmp_path, "next.png")
    kf1 = max(k for k in keyframes(hevc_files[1]) if k <= 5.5)
    assert diff(got, decoded_frame(hevc_files[1], kf1)) < 6


def test_frame_step_after_seek_equals_pyav(qtbot: QtBot, hevc_pb: tuple, tmp_path: Path,
                                           hevc_files: list[Path]) -> None:
    w, cid = hevc_pb
    pane, kf = _seek_to_keyframe(qtbot, w, cid, hevc_files[0])
    for n in (1, 2, 3):
        w.controller.step()
        qtbot.wait(100)
        got = snap(pane, tmp_path, f"step{n}.png")
        here = diff(got, decoded_frame(hevc_files[0], kf + n / 25))
        # Neighbouring pictures differ little (only the burnt-in clock): the stepped one
        # is PyAV's own picture, nearer to it than to the keyframe or the one before.
        assert here < 1 and here < diff(got, decoded_frame(hevc_files[0], kf)), n
        assert here < diff(got, decoded_frame(hevc_files[0], kf + (n - 1) / 25)), n
        # The clock (what marks and the time box use) is the stepped picture's time.
        assert abs((w.controller.position - T0).total_seconds() - (kf + n / 25)) < 0.005
    # Play goes on from there with libVLC's picture again.
    w.controller.play()
    qtbot.waitUntil(lambda: pane.is_playing(), timeout=10000)
    assert not pane.stepped
    w.controller.pause()


def test_frame_step_goes_on_into_the_next_file(qtbot: QtBot, hevc_pb: tuple,
                                                hevc_files: list[Path]) -> None:
    w, cid = hevc_pb
    w.set_cameras([cid])
    pane = w.controller.panes[0]
    last = frame_times(hevc_files[0])[-1]
    w.seek(T0 + timedelta(seconds=9.5))  # its last keyframe, 9.064 s
    qtbot.waitUntil(lambda: pane.has_picture, timeout=10000)
    while pane.seg is not None and pane.seg.start == T0 and (
            pane.picture_time() or T0) < T0 + timedelta(seconds=last - 1e-3):
        w.controller.step()  # from the keyframe to the file's last picture
    assert pane.picture_time() == T0 + timedelta(seconds=last)
    w.controller.step()
    qtbot.waitUntil(lambda: pane.seg is not None and pane.has_picture
                    and pane.seg.start == T0 + timedelta(seconds=10), timeout=10000)
    assert w.controller.position == T0 + timedelta(seconds=10)


def test_playback_sound_at_normal_speed_on_the_first_camera_only(
        qtbot: QtBot, sqlite_db: Database, home: DataHome, hevc_files: list[Path]) -> None:
    initialise(sqlite_db, "admin", "quantri-Mk2026")
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    ids = [add_camera(sqlite_db, home, code, hevc_files) for code in ("S01", "S02")]
    w = PlaybackWindow(sqlite_db, ident, home, extraction=lambda c, a, b: None)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.set_cameras(ids)
    panes = w.controller.panes
    assert len(panes) == 2
    w.seek(T0 + timedelta(seconds=2))
    w.controller.play()
    qtbot.waitUntil(lambda: all(p.has_picture for p in panes), timeout=10000)
    qtbot.wait(800)
    first, second = panes[0].player, panes[1].player
    assert first is not None and second is not None and panes[0].sound
    assert first.audio_track() >= 0  # the AAC track is played
    assert first.muted() is False
    assert second.audio_track() == -1  # opened silent: one camera is heard, not a mix
    w.controller.set_rate(2.0)
    qtbot.wait(300)
    assert first.muted() is True  # sped-up sound is not played
    w.controller.set_rate(1.0)
    qtbot.wait(300)
    assert first.muted() is False
    w.controller.pause()
    w.close()


def _stepped_is(w: PlaybackWindow, pane: CameraPane, tmp_path: Path, path: Path, at: float,
                neighbours: tuple[float, ...], name: str, seg_start: datetime = T0) -> None:
    """The picture on screen is PyAV's picture at `at` s in `path` (nearer to it than to
    its neighbours: pictures next to each other differ only in the burnt-in clock), and
    the clock is on its time."""
    got = snap(pane, tmp_path, name)
    here = diff(got, decoded_frame(path, at))
    assert here < 1, (name, here)
    for other in neighbours:
        assert here < diff(got, decoded_frame(path, other)), (name, other)
    assert abs((w.controller.position - seg_start).total_seconds() - at) < 0.005, name


def test_frame_step_back_equals_pyav_and_forward_returns(qtbot: QtBot, hevc_pb: tuple,
                                                          tmp_path: Path,
                                                          hevc_files: list[Path]) -> None:
    w, cid = hevc_pb
    path = hevc_files[0]
    pane, kf = _seek_to_keyframe(qtbot, w, cid, path)
    times = frame_times(path)
    i = times.index(kf)
    for n in (1, 2, 3):  # back over the keyframe into the GOP before it
        w.controller.step_back()
        qtbot.wait(50)
        assert pane.stepped
        _stepped_is(w, pane, tmp_path, path, times[i - n],
                    (times[i - n + 1], times[i - n - 1]), f"back{n}.png")
    for n in (1, 2, 3):  # forward again, to the very picture we started from
        w.controller.step()
        qtbot.wait(50)
        _stepped_is(w, pane, tmp_path, path, times[i - 3 + n],
                    (times[i - 4 + n], times[i - 2 + n]), f"fwd{n}.png")
    assert pane.picture_time() == T0 + timedelta(seconds=kf)
    # The GOP before the keyframe was decoded once: the steps forward went on decoding.
    assert pane.frames.opens == 1
    # The keys: Left and "," back, Right and "." forward (the camera list has the focus).
    w.activateWindow()
    w.camera_list.setFocus()
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=5000)
    for key, n in ((Qt.Key.Key_Left, -1), (Qt.Key.Key_Comma, -2), (Qt.Key.Key_Period, -1),
                   (Qt.Key.Key_Right, 0)):
        qtbot.keyClick(w.camera_list, key)
        assert pane.picture_time() == T0 + timedelta(seconds=times[i + n]), key
    assert w.back_btn.toolTip() and w.step_btn.toolTip()
    # Back from the file's first picture is a no-op at the recording's start.
    w.seek(T0)
    qtbot.waitUntil(lambda: pane.has_picture and not pane.stepped, timeout=10000)
    qtbot.wait(300)
    before = w.controller.position
    w.controller.step_back()
    assert not pane.stepped and w.controller.position == before
    w.controller.play()  # play goes on with libVLC's pictures
    qtbot.waitUntil(lambda: pane.is_playing(), timeout=10000)
    w.controller.pause()


def test_frame_step_back_across_files_and_n_steps_decode_the_gop_once(
        qtbot: QtBot, hevc_pb: tuple, tmp_path: Path, hevc_files: list[Path]) -> None:
    w, cid = hevc_pb
    w.set_cameras([cid])
    pane = w.controller.panes[0]
    start1 = T0 + timedelta(seconds=10)
    w.seek(start1)  # the second file's first picture
    qtbot.waitUntil(lambda: pane.has_picture and pane.seg is not None
                    and pane.seg.start == start1, timeout=10000)
    qtbot.wait(300)
    first = frame_times(hevc_files[1])[0]
    assert pane.picture_time() == start1 + timedelta(seconds=first)
    times0 = frame_times(hevc_files[0])
    w.controller.step_back()  # the first file's last picture
    qtbot.wait(50)
    shown = pane.shown_segment()
    assert pane.stepped and shown is not None and shown.start == T0
    _stepped_is(w, pane, tmp_path, hevc_files[0], times0[-1], (times0[-2],), "last0.png")
    # N steps back inside that GOP: one decoder open in all.
    last_kf = max(k for k in keyframes(hevc_files[0]) if k <= times0[-1])
    in_gop = [t for t in times0 if t >= last_kf]
    for n in range(1, len(in_gop)):
        w.controller.step_back()
        assert pane.picture_time() == T0 + timedelta(seconds=times0[-1 - n]), n
    assert pane.picture_time() == T0 + timedelta(seconds=last_kf)
    assert pane.frames.opens == 1 and pane.frames.decoded == len(in_gop)
    _stepped_is(w, pane, tmp_path, hevc_files[0], last_kf, (times0[-len(in_gop) + 1],),
                "kf.png")
    # On back into the GOP before: decoded ahead on the worker while we stepped, taken
    # over by this step (nothing opened here), then forward again over the join.
    before_kf = times0[-len(in_gop) - 1]
    w.controller.step_back()
    assert pane.picture_time() == T0 + timedelta(seconds=before_kf)
    assert pane.frames.opens == 1 and pane.frames.ahead_opens >= 1
    _stepped_is(w, pane, tmp_path, hevc_files[0], before_kf, (last_kf,), "ahead.png")
    w.controller.step()
    assert pane.picture_time() == T0 + timedelta(seconds=last_kf)
    # N steps forward: still that one open, no picture decoded twice.
    for _n in range(1, len(in_gop)):
        w.controller.step()
    assert pane.picture_time() == T0 + timedelta(seconds=times0[-1])
    assert pane.frames.opens == 1 and pane.frames.decoded == len(in_gop)
    # On from the file's last picture: the next file's first one (played by libVLC).
    w.controller.step()
    qtbot.waitUntil(lambda: pane.has_picture and not pane.stepped and pane.seg is not None
                    and pane.seg.start == start1, timeout=10000)
    qtbot.wait(300)
    got = snap(pane, tmp_path, "first1.png")
    assert diff(got, decoded_frame(hevc_files[1], first)) < 6
    # Play from the previous file's last picture goes on from its keyframe there.
    w.controller.step_back()
    assert pane.stepped and pane.picture_time() == T0 + timedelta(seconds=times0[-1])
    w.controller.play()
    qtbot.waitUntil(lambda: pane.is_playing() and not pane.stepped, timeout=10000)
    w.controller.pause()
