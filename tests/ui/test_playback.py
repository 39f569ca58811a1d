"""Playback of real fragmented-MP4 segments with real libVLC: seeks land on the right
picture (compared with the frame PyAV decodes from the file), playback crosses segment
boundaries, two cameras stay in step, marks reach extraction, sessions are audited."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import av
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, Segment
from controlroom.records.setup import initialise
from controlroom.ui.playback import CameraPane, PlaybackWindow
from controlroom.ui.widgets.datetime_edit import DateTimeEdit
from controlroom.video.segment_list import keyframes

pytestmark = pytest.mark.gui
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
T0 = datetime(2026, 11, 21, 1, 0, 0, tzinfo=UTC)
FRAG = "movflags=+frag_keyframe+empty_moov+default_base_moof"


@pytest.fixture(scope="module")
def segment_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two 10-second fMP4 segments of one 20-second recording, GOP 1 s, clock burnt in."""
    d = tmp_path_factory.mktemp("segs")
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         "testsrc2=size=640x360:rate=25", "-t", "20", "-vf",
         f"drawtext=fontfile={FONT}:text='%{{pts\\:hms}}':fontsize=60:fontcolor=white:"
         "box=1:boxcolor=black:x=10:y=10", "-c:v", "libx264", "-preset", "ultrafast",
         "-g", "25", "-pix_fmt", "yuv420p", "-f", "segment", "-segment_time", "10",
         "-segment_format", "mp4", "-segment_format_options", FRAG, str(d / "s%d.mp4")],
        check=True, timeout=120)
    return [d / "s0.mp4", d / "s1.mp4"]


def add_camera(db: Database, home: DataHome, code: str, files: list[Path]) -> int:
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name=f"Camera {code}", code=code, location="Thôn")
        s.add(cam)
        s.flush()
        for i, f in enumerate(files):
            rel = f"{code}/2026-11-21/{code}-main-{i}.mp4"
            dest = home.recordings / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, dest)
            s.add(Segment(camera_id=cam.id, stream="main", start_utc=T0 + timedelta(seconds=10 * i),
                          end_utc=T0 + timedelta(seconds=10 * i + 10), duration_s=10,
                          bytes=dest.stat().st_size, codec="h264", width=640, height=360,
                          path=rel, state="closed"))
        return int(cam.id)


@pytest.fixture
def pb(qtbot: QtBot, sqlite_db: Database, home: DataHome,
       segment_files: list[Path]) -> Iterator[tuple[PlaybackWindow, list[int], list]]:
    initialise(sqlite_db, "admin", "quantri-Mk2026")
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    ids = [add_camera(sqlite_db, home, "C01", segment_files),
           add_camera(sqlite_db, home, "C02", segment_files)]
    extracted: list = []
    w = PlaybackWindow(sqlite_db, ident, home,
                       extraction=lambda c, a, b: extracted.append((c, a, b)))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w, ids, extracted
    w.close()


def grey_qimage(img: QImage) -> bytes:
    g = img.convertToFormat(QImage.Format.Format_Grayscale8).scaled(64, 36)
    row = g.bytesPerLine()
    raw = bytes(g.constBits())
    return b"".join(raw[y * row: y * row + 64] for y in range(36))


def decoded_frame(path: Path, at_s: float) -> bytes:
    """The frame PyAV shows at `at_s` in the file, as 64x36 grey (through a PPM file, so
    no QImage ever borrows a Python buffer)."""
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        for frame in c.decode(stream):
            if frame.time is not None and frame.time >= at_s - 0.02:
                rgb = frame.reformat(format="rgb24")
                plane = rgb.planes[0]
                raw = bytes(plane)
                rows = b"".join(raw[y * plane.line_size: y * plane.line_size + rgb.width * 3]
                                for y in range(rgb.height))
                img = QImage.fromData(f"P6 {rgb.width} {rgb.height} 255\n".encode() + rows,
                                      "PPM")
                assert not img.isNull()
                return grey_qimage(img)
    raise AssertionError("no frame")


def diff(a: bytes, b: bytes) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def snap(pane: CameraPane, tmp: Path, name: str) -> bytes:
    assert pane.player is not None
    path = tmp / name
    assert pane.snapshot(path)  # what is on screen: libVLC's picture or a stepped one
    return grey_qimage(QImage(str(path)))


def test_keyframe_index(segment_files: list[Path]) -> None:
    kfs = keyframes(segment_files[0])
    assert kfs[:3] == (0.0, 1.0, 2.0) and len(kfs) == 10


def test_seek_lands_on_the_right_picture(qtbot: QtBot, pb: tuple, tmp_path: Path,
                                         segment_files: list[Path]) -> None:
    w, ids, _ = pb
    w.set_cameras(ids[:1])
    pane = w.controller.panes[0]
    w.seek(T0 + timedelta(seconds=3.4))  # keyframe at 3.0
    qtbot.waitUntil(lambda: pane.has_picture, timeout=8000)
    qtbot.wait(500)
    assert pane.seg is not None and pane.seg.start == T0
    got = snap(pane, tmp_path, "a.png")
    right, wrong = decoded_frame(segment_files[0], 3.0), decoded_frame(segment_files[0], 6.0)
    assert diff(got, right) < 6 < diff(got, wrong), (diff(got, right), diff(got, wrong))
    pt = pane.picture_time()
    assert pt is not None and abs((pt - (T0 + timedelta(seconds=3))).total_seconds()) < 0.1
    # a seek into the next segment opens that file at its keyframe
    w.seek(T0 + timedelta(seconds=15.5))
    qtbot.waitUntil(lambda: pane.seg is not None and pane.seg.start == T0 + timedelta(
        seconds=10) and pane.has_picture, timeout=8000)
    qtbot.wait(500)
    got = snap(pane, tmp_path, "b.png")
    right = decoded_frame(segment_files[1], 5.0)
    assert diff(got, right) < 6, diff(got, right)
    assert w.position_label.text() == "21/11/2026 08:00:15"


def test_plays_across_segments_and_keeps_cameras_in_step(qtbot: QtBot, pb: tuple) -> None:
    w, ids, _ = pb
    w.set_cameras(ids)
    w.seek(T0 + timedelta(seconds=8))
    w.speed.setCurrentIndex(w.speed.findData(2.0))
    w.controller.play()
    assert w.play_btn.text() == "Pause"
    boundary = T0 + timedelta(seconds=10.5)
    qtbot.waitUntil(lambda: w.controller.position > boundary, timeout=10000)
    qtbot.waitUntil(lambda: all(p.seg is not None and p.seg.start == T0 + timedelta(seconds=10)
                                and p.has_picture for p in w.controller.panes), timeout=8000)
    qtbot.wait(800)
    times = [p.picture_time() for p in w.controller.panes]
    assert all(times)
    assert abs((times[0] - times[1]).total_seconds()) <= 0.5 * 2 + 0.2  # type: ignore[operator]
    w.controller.pause()
    assert w.play_btn.text() == "Play"
    # past the end of the recording playback stops by itself
    w.seek(T0 + timedelta(seconds=19))
    w.controller.play()
    qtbot.waitUntil(lambda: not w.controller.playing, timeout=10000)
    assert w.message.text() == "No recording at this time"


def test_gap_is_skipped_and_timeline_shows_coverage(qtbot: QtBot, pb: tuple) -> None:
    w, ids, _ = pb
    w.set_cameras(ids[:1])
    w.timeline.set_range(T0 - timedelta(minutes=1), T0 + timedelta(minutes=1))
    spans = w.timeline.rows[0].spans
    assert [s.kind for s in spans] == ["gap", "recorded", "gap"]
    assert spans[1].start == T0 and spans[1].end == T0 + timedelta(seconds=20)
    w.seek(T0 - timedelta(seconds=30))
    assert w.message.text() == "No recording at this time"
    w.controller.play()  # nothing here: jumps to the start of the recording
    qtbot.waitUntil(lambda: w.controller.panes[0].has_picture, timeout=8000)
    assert w.controller.position >= T0
    w.controller.pause()


def test_marks_go_to_extraction_and_sessions_are_audited(qtbot: QtBot, pb: tuple,
                                                         sqlite_db: Database) -> None:
    w, ids, extracted = pb
    w.set_cameras(ids)
    w.seek(T0 + timedelta(seconds=2))
    w.set_mark_in()
    w.seek(T0 + timedelta(seconds=12))
    w.set_mark_out()
    assert w.extract()
    cams, a, b = extracted[0]
    assert cams == ids and a == T0 + timedelta(seconds=2) and b == T0 + timedelta(seconds=12)
    w.time_edit.setText("21/11/2026 08:00:05")
    w._go_to_typed()
    assert w.controller.position == T0 + timedelta(seconds=5)
    w.set_cameras(ids[:1])
    with sqlite_db.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "playback.view")
                         .order_by(AuditEntry.id)).all()
        assert [r.object_id for r in rows] == [f"{ids[0]},{ids[1]}", f"{ids[0]},{ids[1]}",
                                               str(ids[0])]
        assert '"phase": "close"' in rows[1].detail and rows[1].actor == "admin"


def _add_segment(db: Database, home: DataHome, camera_id: int, src: Path, start: datetime,
                 state: str, written_until: datetime) -> None:
    """What the recorder does while the window is open: a new one-minute file, indexed
    as "open" (end = start) until it is closed."""
    rel = f"C01/2026-11-21/C01-main-{start:%H%M%S}.mp4"
    dest = home.recordings / rel
    shutil.copy(src, dest)
    os.utime(dest, (written_until.timestamp(), written_until.timestamp()))
    with db.session() as s:
        s.add(Segment(camera_id=camera_id, stream="main", start_utc=start,
                      end_utc=start if state == "open" else written_until, duration_s=0,
                      bytes=dest.stat().st_size, codec="h264", width=640, height=360,
                      path=rel, state=state))


@pytest.fixture
def one(qtbot: QtBot, sqlite_db: Database, home: DataHome,
        segment_files: list[Path]) -> Iterator[tuple[PlaybackWindow, int]]:
    initialise(sqlite_db, "admin", "quantri-Mk2026")
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    cam = add_camera(sqlite_db, home, "C01", segment_files[:1])
    w = PlaybackWindow(sqlite_db, ident, home)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w, cam
    w.close()


def test_follows_new_and_open_segments_without_reticking(qtbot: QtBot, one: tuple,
                                                         sqlite_db: Database, home: DataHome,
                                                         segment_files: list[Path]) -> None:
    w, cam = one
    w.set_cameras([cam])
    pane = w.controller.panes[0]
    assert w.controller.position == T0  # the newest footage (10 s long), from its start
    # the recorder starts the next file and is still writing it
    _add_segment(sqlite_db, home, cam, segment_files[1], T0 + timedelta(seconds=10), "open",
                 T0 + timedelta(seconds=20))
    qtbot.wait(1200)  # the officer looks a little later
    w.seek(T0 + timedelta(seconds=15))
    qtbot.waitUntil(lambda: pane.seg is not None and pane.seg.start == T0 + timedelta(
        seconds=10) and pane.has_picture, timeout=8000)
    assert w.message.text() == ""
    # playing across the one-minute boundary continues into the open file
    w.seek(T0 + timedelta(seconds=8))
    w.speed.setCurrentIndex(w.speed.findData(2.0))
    w.controller.play()
    qtbot.waitUntil(lambda: w.controller.position > T0 + timedelta(seconds=11), timeout=10000)
    qtbot.waitUntil(lambda: pane.seg is not None and pane.seg.start == T0 + timedelta(
        seconds=10) and pane.has_picture, timeout=8000)
    assert w.controller.playing
    w.controller.pause()
    # the timeline counts the open file as recorded
    w.timeline.set_range(T0 - timedelta(minutes=1), T0 + timedelta(minutes=1))
    rec = [s for s in w.timeline.rows[0].spans if s.kind == "recorded"]
    assert [(s.start, s.end) for s in rec] == [(T0, T0 + timedelta(seconds=20))]


def test_opens_at_the_newest_footage(one: tuple) -> None:
    w, cam = one
    assert w.controller.position == T0  # not five minutes before now
    assert w.position_label.text() == "21/11/2026 08:00:00"
    assert w.timeline.start < T0 < w.timeline.end


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_camera_list_readable_and_toolbar_still(qtbot: QtBot, sqlite_db: Database,
                                                home: DataHome, segment_files: list[Path],
                                                size: tuple[int, int], lang: str) -> None:
    from controlroom.ui.app import translations

    translations.install(lang)
    initialise(sqlite_db, "admin", "quantri-Mk2026")
    with sqlite_db.read() as s:
        ident = users.identity(users.get(s, "admin"))
    ids = []
    for code, name in (("C01", "Bến đò Xuân Nộn"), ("C02", "Ngã tư Ủy ban nhân dân xã"),
                       ("C03", "Cổng chợ Đông")):
        cid = add_camera(sqlite_db, home, code, segment_files)
        with sqlite_db.session() as s:
            s.get(Camera, cid).name = name  # type: ignore[union-attr]
        ids.append(cid)
    w = PlaybackWindow(sqlite_db, ident, home)
    qtbot.addWidget(w)
    w.show()
    w.resize(*size)
    qtbot.waitExposed(w)
    qtbot.wait(100)
    lst = w.camera_list
    fm = lst.fontMetrics()
    for i in range(lst.count()):
        text = lst.item(i).text()
        assert fm.horizontalAdvance(text) + 24 <= lst.viewport().width(), (text, lst.width())
    buttons = [w.time_edit, w.go_btn, w.play_btn, w.back_btn, w.step_btn, w.speed, w.in_btn,
               w.out_btn, w.extract_btn]

    def places() -> list[tuple[int, int, int, int]]:
        out = []
        for b in buttons:
            r = b.geometry()
            p = b.mapTo(w, r.topLeft() - b.pos())
            out.append((p.x(), p.y(), r.width(), r.height()))
        return out

    before = places()
    assert all(x + wd <= w.width() for x, _y, wd, _h in before)  # all on screen
    for n in (1, 2, 3):
        w.set_cameras(ids[:n])
        qtbot.wait(50)
        assert places() == before, n
    w.controller.play()
    qtbot.wait(300)
    assert places() == before
    w.controller.pause()
    w.seek(T0 - timedelta(hours=2))  # "no recording" message
    qtbot.wait(50)
    assert places() == before
    w.close()


def _fragments(data: bytes) -> list[int]:
    """Offsets where each top-level `moof` box starts (fragment boundaries)."""
    out, pos = [], 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        if data[pos + 4:pos + 8] == b"moof":
            out.append(pos)
        if size < 8:
            break
        pos += size
    return out


def test_plays_on_while_the_file_is_still_being_written(qtbot: QtBot, one: tuple,
                                                        sqlite_db: Database, home: DataHome,
                                                        segment_files: list[Path]) -> None:
    """libVLC reads a growing file to the end it had when opened; playback opens it again
    where the clock is and goes on instead of stopping at that old end."""
    w, cam = one
    data = segment_files[1].read_bytes()
    cut = _fragments(data)[4]  # about 4 s of a 10 s file are written so far
    start = T0 + timedelta(seconds=10)
    rel = f"C01/2026-11-21/C01-main-{start:%H%M%S}.mp4"
    path = home.recordings / rel
    path.write_bytes(data[:cut])
    os.utime(path, ((start + timedelta(seconds=4)).timestamp(),) * 2)
    with sqlite_db.session() as s:
        s.add(Segment(camera_id=cam, stream="main", start_utc=start, end_utc=start,
                      duration_s=0, bytes=cut, codec="h264", width=640, height=360, path=rel,
                      state="open"))
    w.set_cameras([cam])
    pane = w.controller.panes[0]
    w.seek(start + timedelta(seconds=1))
    w.controller.play()
    qtbot.waitUntil(lambda: pane.has_picture and pane.seg is not None
                    and pane.seg.start == start, timeout=8000)
    qtbot.wait(5000)  # libVLC has played everything written so far
    assert w.controller.position < start + timedelta(seconds=5.5)  # held at the live edge
    assert w.message.text() == ""
    assert pane.ended  # libVLC reached the end the file had when it was opened
    with path.open("ab") as f:  # the recorder writes the rest of the minute
        f.write(data[cut:])
    os.utime(path, ((start + timedelta(seconds=10)).timestamp(),) * 2)
    qtbot.waitUntil(lambda: w.controller.position > start + timedelta(seconds=7),
                    timeout=15000)
    qtbot.waitUntil(lambda: (pane.picture_time() or start) > start + timedelta(seconds=6),
                    timeout=8000)
    assert w.controller.playing and pane.seg is not None and pane.seg.start == start
    w.controller.pause()


def test_go_to_time_reads_dates_as_typed(qtbot: QtBot, pb: tuple) -> None:
    """The "go to time" box is the shared date-time field: a time typed as written on paper
    ("21-11-2026 8h00:05", "21112026080007") goes there with Enter or Go."""
    w, ids, _ = pb
    w.set_cameras(ids)
    assert isinstance(w.time_edit, DateTimeEdit)
    qtbot.keyClicks(w.time_edit, "21-11-2026 8h00:05")
    assert w.time_edit.is_valid()
    qtbot.keyClick(w.time_edit, Qt.Key.Key_Return)
    assert w.controller.position == T0 + timedelta(seconds=5)
    assert w.time_edit.text() == "21/11/2026 08:00:05"
    w.time_edit.clear()
    qtbot.keyClicks(w.time_edit, "21112026080007")
    qtbot.mouseClick(w.go_btn, Qt.MouseButton.LeftButton)
    assert w.controller.position == T0 + timedelta(seconds=7)
    w.time_edit.clear()
    qtbot.keyClicks(w.time_edit, "21/11/2026 08:00")
    qtbot.keyClick(w.time_edit, Qt.Key.Key_Return)
    assert w.controller.position == T0
