"""Playback of recorded segments: up to four cameras in step, a timeline, marks for
extraction.

How it keeps time: one master clock (`PlaybackClock`) runs at the chosen speed. The first
camera that is actually playing *is* the clock's reference (the clock re-anchors to its
picture time); every other camera is re-seeked when it drifts more than `MAX_DRIFT_S`
from it. Cameras without recording at the clock show "No recording"; when no camera has
recording the clock skips to the next recorded moment.

How it seeks: recordings are fragmented MP4 split on keyframes, and libVLC's MP4 demuxer
seeks to the exact sample, which before a keyframe decodes as grey garbage. So every
seek goes to the keyframe at or before the target (looked up once per file with PyAV);
the clock then shows the true time of the picture (precision: one GOP, like a
stream-copy export).

Frame step: libVLC's `next_frame` is unreliable on a paused player (ignored after
`:start-paused` or a seek; when it works the picture shown lags by a varying number of
frames), and it cannot seek to a non-keyframe of these files. So a step decodes the next
(or, stepping back, the previous) picture with PyAV and shows it over the player
(`_Still`); play resumes the player from the stepped time (its keyframe). Each pane's
`video.framestep.FrameStepper` keeps its decoder open and the pictures it decoded last, so
a held key decodes one picture per step forward and a GOP once per GOP stepped back into
(not a GOP per step). A step back from a file's first picture shows the previous file's
last one (over the paused player of the later file: `shown_segment()`); a step forward
from a file's last picture opens the next file at its start. Keys: Right or "." forward,
Left or "," back (as VMS clients and video players do).

Across segments: one libVLC player per segment file; the next one is started when the
clock reaches its start and swapped in at its first frame (the old one stops on the
worker pool, its window alive until then).

Every playback session is audited (`playback.view`: who, cameras, range watched).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import InvalidInput, UserError
from controlroom.paths import DataHome
from controlroom.records import audit
from controlroom.records.db import Database
from controlroom.records.users import Identity
from controlroom.timeutil import DEFAULT_TZ, format_local, utcnow
from controlroom.ui.tile import CameraInfo, EventPump, VideoSurface, _Bridge
from controlroom.ui.timeline import Row, Timeline
from controlroom.ui.widgets.datetime_edit import DateTimeEdit
from controlroom.video.framestep import FrameStepper
from controlroom.video.player import (
    FILE_OPTIONS,
    SILENT,
    Player,
    PlayerEvent,
    playback_sound,
)
from controlroom.video.segment_list import (
    SegmentList,
    SegmentRef,
    keyframe_at_or_before,
    last_frame_time,
    live_coverage,
    next_frame_time,
    opening_time,
    previous_frame_time,
)

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MAX_CAMERAS = 4
CAMERA_LIST_MIN, CAMERA_LIST_MAX = 200, 320
MAX_DRIFT_S = 0.5
TICK_MS = 200
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
STREAM = "main"
# How far past the end of a file still being written the clock may run before the pane
# says "no recording" (the recorder writes a fragment per keyframe).
LIVE_SLACK_S = 5.0
# A player that reached the end of a file that has since grown by more than this is
# opened again where the clock is.
REOPEN_MARGIN_S = 1.0
SPANS_REFRESH_MS = 5000
PLAY_KEYS = ("Space",)
NEXT_FRAME_KEYS = ("Right", ".")
PREVIOUS_FRAME_KEYS = ("Left", ",")


# --- one camera --------------------------------------------------------------------------------

class _Still(QWidget):
    """A picture decoded outside libVLC (frame step), drawn letterboxed over the pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(32, 24)
        self.image = QImage()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if not self.image.isNull():
            img = self.image.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)
            painter.drawImage((self.width() - img.width()) // 2,
                              (self.height() - img.height()) // 2, img)
        painter.end()


class CameraPane(QWidget):
    """One camera's picture in the playback window, and the segments around the clock."""

    def __init__(self, db: Database, home: DataHome, camera: CameraInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.home, self.camera = db, home, camera
        self.index = SegmentList(db, home.recordings, camera.id, STREAM)
        self.ended = False  # the player reached the end of what the file held when read
        self.seg: SegmentRef | None = None
        self.player: Player | None = None
        self.surface: VideoSurface | None = None
        self.has_picture = False
        self.sound = False  # the pane whose camera is heard at 1× (issue 14)
        self.rate = 1.0
        self._seek_time: datetime | None = None
        self._pending: tuple[SegmentRef, Player, VideoSurface] | None = None
        self._retired: list[tuple[Player, VideoSurface]] = []
        EventPump.get()
        self._bridge = _Bridge(self)
        self._bridge.player_event.connect(self._on_event)
        self._bridge.stopped.connect(self._on_stopped)
        self.title = QLabel(camera.name)
        self.title.setStyleSheet("background: #1b1e23; color: #e6e8eb; padding: 1px 4px;")
        self._idle = VideoSurface()
        self._still = _Still()
        self._still.hide()
        self._still_seg: SegmentRef | None = None  # the file of the stepped picture
        self.frames = FrameStepper()  # decoded pictures around the stepped one
        self._box = QVBoxLayout()
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.addWidget(self._idle)
        self._box.addWidget(self._still)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(1, 1, 1, 1)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        lay.addLayout(self._box, 1)

    # --- index -------------------------------------------------------------------------------

    def segment_at(self, t: datetime) -> SegmentRef | None:
        return self.index.at(t)

    def next_start_after(self, t: datetime) -> datetime | None:
        return self.index.next_start_after(t)

    # --- players -----------------------------------------------------------------------------

    def picture_time(self) -> datetime | None:
        """UTC time of the picture on screen (None without a playing segment)."""
        if self.stepped and self._seek_time is not None:
            return self._seek_time  # the stepped picture's own time
        if self.player is None or self.seg is None or not self.has_picture:
            return None
        ms = self.player.time_ms()
        if self.player.state() != "playing" and self._seek_time is not None:
            return self._seek_time  # libVLC does not update its time while paused
        if ms < 0:
            return None
        return self.seg.start + timedelta(milliseconds=ms)

    def freeze(self) -> None:
        """Remember where the picture stopped (called on pause)."""
        if self.player is not None and self.seg is not None:
            ms = self.player.time_ms()
            if ms >= 0:
                self._seek_time = self.seg.start + timedelta(milliseconds=ms)

    def is_playing(self) -> bool:
        return self.player is not None and self.has_picture and self.player.state() == "playing"

    def show_to(self, t: datetime, playing: bool, rate: float) -> None:
        """Put the picture at `t`: seek in the current file or open the right one."""
        self.hide_still()
        seg = self.segment_at(t)
        if seg is None:
            self.close_player(self.tr("No recording at this time"))
            return
        offset = keyframe_at_or_before(seg.path, (t - seg.start).total_seconds())
        self._seek_time = seg.start + timedelta(seconds=offset)
        # A paused libVLC player does not reliably show the picture after set_time: paused,
        # the file is opened again at the keyframe (swapped in at its first picture).
        if playing and self.seg is not None and seg.id == self.seg.id \
                and self.player is not None:
            self.player.set_time_ms(int(offset * 1000))
            return
        if playing and self._pending is not None and self._pending[0].id == seg.id:
            self._pending[1].set_time_ms(int(offset * 1000))
            return
        self._open(seg, offset, playing, rate)

    @property
    def stepped(self) -> bool:
        """A stepped picture (decoded with PyAV) is shown over the player."""
        return not self._still.isHidden()

    def shown_segment(self) -> SegmentRef | None:
        """The file of the picture on screen: a step back can show the previous file's
        last picture over the (paused) player of the next one."""
        return self._still_seg if self.stepped and self._still_seg is not None else self.seg

    def step(self, back: bool = False) -> bool:
        """Show the picture after (before, `back`) the one on screen; the player stays
        paused behind it. Back from a file's first picture: the previous file's last one.
        False at the end (beginning) of the recording or without a picture."""
        seg = self.shown_segment()
        if seg is None or self.player is None:
            return False
        now = self.picture_time() or self._seek_time
        if now is None:
            return False
        offset = (now - seg.start).total_seconds()
        if back:
            t = previous_frame_time(seg.path, offset)
            if t is None:  # the file's first picture: the previous file's last one
                prev = self.index.before(seg.start)
                if prev is None or not prev.path.exists():
                    return False
                seg, t = prev, last_frame_time(prev.path)
        else:
            t = next_frame_time(seg.path, offset)
        pic = self.frames.picture(seg.path, t) if t is not None else None
        if t is None or pic is None:
            return False
        img = QImage(pic.rgb, pic.width, pic.height, pic.width * 3,
                     QImage.Format.Format_RGB888).copy()  # owns its pixels
        self._still.image = img
        self._still_seg = seg
        self._seek_time = seg.start + timedelta(seconds=t)
        if self.surface is not None:
            self.surface.hide()
        self._still.show()
        self._still.update()
        if back:
            self._look_back(seg)
        return True

    def _look_back(self, seg: SegmentRef) -> None:
        """Have the GOP before the decoded pictures decoded ahead (a held key goes on
        without a pause at each keyframe), in this file or the previous one."""
        start = self.frames.run_start()
        if start is None or start[0] != seg.path:
            return
        t = previous_frame_time(seg.path, start[1])
        if t is not None:
            self.frames.prefetch(seg.path, t)
            return
        prev = self.index.before(seg.start)
        if prev is not None and prev.path.exists() \
                and (last := last_frame_time(prev.path)) is not None:
            self.frames.prefetch(prev.path, last)

    def hide_still(self) -> None:
        self.frames.close()  # the decoded pictures are for stepping only
        self._still_seg = None
        if self.stepped:
            self._still.hide()
            self._still.image = QImage()
            if self.surface is not None and self.player is not None:
                self.surface.show()

    def snapshot(self, path: Path) -> bool:
        """Write the picture on screen to `path` (the stepped one when shown)."""
        if self.stepped:
            path.parent.mkdir(parents=True, exist_ok=True)
            return self._still.image.save(str(path))
        return self.player is not None and self.player.snapshot(path)

    def reopen(self, t: datetime, rate: float) -> None:
        """Open the current file again at `t`: it grew after libVLC read to its end."""
        seg = self.segment_at(t)
        if seg is None:
            return
        self.ended = False
        offset = keyframe_at_or_before(seg.path, (t - seg.start).total_seconds())
        self._open(seg, offset, True, rate)

    def live_edge(self, t: datetime) -> datetime | None:
        """Where the file being written ends, when `t` is just past it (playback caught up
        with the recorder); None otherwise."""
        if self.seg is None or not self.seg.open:
            return None
        now = self.index.get(self.seg.id)
        if now is None or not now.open:
            return None
        return now.end if 0 <= (t - now.end).total_seconds() < LIVE_SLACK_S else None

    def _open(self, seg: SegmentRef, offset: float, playing: bool, rate: float) -> None:
        if not seg.path.exists():
            self.close_player(self.tr("Recording file missing: %1").replace("%1", seg.path.name))
            return
        if self._pending is not None:
            self._retire(self._pending[1], self._pending[2])
            self._pending = None
        surface = VideoSurface()
        surface.hide()
        self._box.addWidget(surface)
        bridge = self._bridge
        player = Player(lambda pl, ev: bridge.post("player_event", pl, ev.value))
        player.set_window(int(surface.winId()))
        # A start-time of 0 is no start-time for libVLC, and :start-paused then pauses
        # before the first picture is shown; 1 ms still lands on the keyframe at 0.
        opts = FILE_OPTIONS + (f":start-time={max(offset, 0.001):.3f}",)
        self.rate = rate
        if not self.sound:
            opts += SILENT
        if not playing:
            opts += (":start-paused",)
        if self.player is None:
            self._make_current(seg, player, surface)
        else:
            self._pending = (seg, player, surface)
        player.play(str(seg.path), opts)
        if rate != 1.0:
            player.set_rate(rate)

    def _make_current(self, seg: SegmentRef, player: Player, surface: VideoSurface) -> None:
        self.hide_still()
        if self.player is not None and self.surface is not None:
            self._retire(self.player, self.surface)
        self.seg, self.player, self.surface = seg, player, surface
        self.has_picture = False
        self.ended = False
        self._idle.hide()
        surface.show()

    def close_player(self, message: str = "") -> None:
        self.hide_still()
        if self._pending is not None:
            self._retire(self._pending[1], self._pending[2])
            self._pending = None
        if self.player is not None and self.surface is not None:
            self._retire(self.player, self.surface)
        self.player = self.surface = self.seg = None
        self.has_picture = False
        self._idle.message = message
        self._idle.show()
        self._idle.update()

    def _retire(self, player: Player, surface: VideoSurface) -> None:
        self._retired.append((player, surface))
        bridge = self._bridge
        player.release_async().add_done_callback(lambda _f: bridge.post("stopped", player))
        if surface is not self.surface:
            surface.hide()

    def _on_stopped(self, player: Player) -> None:
        for item in list(self._retired):
            if item[0] is player:
                self._retired.remove(item)
                item[1].hide()
                self._box.removeWidget(item[1])
                item[1].deleteLater()

    def _on_event(self, player: Player, kind: str) -> None:
        if kind == PlayerEvent.END.value and player is self.player:
            self.ended = True  # read to the end of the file as it was; it may have grown
            return
        if kind != PlayerEvent.VIDEO.value:
            return
        if self._pending is not None and player is self._pending[1]:
            seg, p, s = self._pending
            self._pending = None
            self._make_current(seg, p, s)
            self.has_picture = True
        elif player is self.player:
            self.has_picture = True
        self.apply_sound()

    def apply_sound(self) -> None:
        """Sound at 1× on the sound pane only (video/player.playback_sound)."""
        if self.player is not None and self.sound:
            self.player.set_mute(not playback_sound(self.rate, True))

    def for_each_player(self, fn: Callable[[Player], None]) -> None:
        for p in (self.player, self._pending[1] if self._pending else None):
            if p is not None:
                fn(p)

    def shutdown(self) -> list[Any]:
        self.frames.close()
        futs = []
        for p in (self.player, self._pending[1] if self._pending else None):
            if p is not None:
                futs.append(p.release_async())
        futs += [p.release_async() for p, _s in self._retired]
        self.player = None
        self._pending = None
        return futs


# --- the clock and the controller --------------------------------------------------------------

class PlaybackController(QObject):
    """Keeps the panes on one clock."""

    position_changed = Signal(object)
    state_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panes: list[CameraPane] = []
        self.position = utcnow()  # the window puts it on the newest footage
        self.playing = False
        self.rate = 1.0
        self._anchor_pos = self.position
        self._anchor_mono = time.monotonic()
        self.watched: tuple[datetime, datetime] | None = None
        self.resyncs = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def _anchor(self, pos: datetime) -> None:
        self.position = pos
        self._anchor_pos = pos
        self._anchor_mono = time.monotonic()

    def _note_watched(self) -> None:
        p = self.position
        if self.watched is None:
            self.watched = (p, p)
        else:
            self.watched = (min(self.watched[0], p), max(self.watched[1], p))

    def master(self) -> CameraPane | None:
        for pane in self.panes:
            if pane.is_playing():
                return pane
        return None

    def seek(self, t: datetime) -> None:
        self._anchor(t)
        for pane in self.panes:
            pane.show_to(t, self.playing, self.rate)
        self.position_changed.emit(self.position)

    def play(self) -> None:
        if self.playing:
            return
        self.playing = True
        self._anchor(self.position)
        if not any(p.segment_at(self.position) for p in self.panes):
            self._skip_gap()
        for pane in self.panes:
            if pane.player is None:
                pane.show_to(self.position, True, self.rate)
            elif pane.stepped:  # back from the stepped picture to its keyframe, playing
                pane.show_to(self.position, True, self.rate)
                pane.for_each_player(self._resume_player)
            else:
                pane.for_each_player(self._resume_player)
        self._note_watched()
        self.state_changed.emit()

    def _resume_player(self, player: Player) -> None:
        player.set_rate(self.rate)
        player.resume()

    def pause(self) -> None:
        if not self.playing:
            return
        self.playing = False
        m = self.master()
        for pane in self.panes:
            pane.for_each_player(lambda pl: pl.pause(True))
            pane.freeze()
        t = m.picture_time() if m else None
        self._anchor(t or self.position)
        self.state_changed.emit()
        self.position_changed.emit(self.position)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_rate(self, rate: float) -> None:
        self._anchor(self.position)
        self.rate = rate
        for pane in self.panes:
            pane.for_each_player(lambda pl: pl.set_rate(rate))
            pane.rate = rate
            pane.apply_sound()
        self.state_changed.emit()

    def step(self) -> None:
        """One frame forward on every camera (pauses first)."""
        self.pause()
        moved = [pane for pane in self.panes if pane.step()]
        times = [t for pane in moved if (t := pane.picture_time()) is not None]
        if not times:  # past every file's last picture: the next file's first one
            starts = [t for p in self.panes
                      if (s := p.shown_segment()) is not None
                      and (t := p.next_start_after(s.start))]
            if starts:
                self.seek(min(starts))
                return
        self._anchor(times[0] if times else self.position + timedelta(milliseconds=40))
        self.position_changed.emit(self.position)

    def step_back(self) -> None:
        """One frame back on every camera (pauses first); from a file's first picture to
        the previous file's last one. Nothing moves at the start of the recording."""
        self.pause()
        moved = [pane for pane in self.panes if pane.step(back=True)]
        times = [t for pane in moved if (t := pane.picture_time()) is not None]
        if times:
            self._anchor(times[0])
            self.position_changed.emit(self.position)

    def _skip_gap(self) -> bool:
        starts = [t for p in self.panes if (t := p.next_start_after(self.position))]
        if not starts:
            return False
        self.seek(min(starts))
        return True

    def tick(self) -> None:
        if not self.playing or not self.panes:
            return
        now = time.monotonic()
        pos = self._anchor_pos + timedelta(seconds=(now - self._anchor_mono) * self.rate)
        master = self.master()
        mt = master.picture_time() if master else None
        if mt is not None:
            pos = mt
            self._anchor_pos, self._anchor_mono = mt, now
        self.position = pos
        any_recording = False
        live_edge: datetime | None = None
        for pane in self.panes:
            seg = pane.segment_at(pos)
            if seg is None:
                edge = pane.live_edge(pos)
                if edge is not None:  # caught up with the recorder: wait for more
                    any_recording = True
                    live_edge = edge if live_edge is None else min(edge, live_edge)
                    continue
                if pane.player is not None:
                    pane.close_player(QCoreApplication.translate(
                        "CameraPane", "No recording at this time"))
                continue
            any_recording = True
            if pane.seg is None or pane.seg.id != seg.id:
                if pane._pending is None or pane._pending[0].id != seg.id:
                    pane.show_to(pos, True, self.rate)
                continue
            if pane.ended and pane._pending is None \
                    and (seg.end - pos).total_seconds() > REOPEN_MARGIN_S:
                pane.reopen(pos, self.rate)  # the file grew after libVLC reached its end
                continue
            if pane is master:
                continue
            pt = pane.picture_time()
            if pt is not None and abs((pt - pos).total_seconds()) > MAX_DRIFT_S * self.rate:
                self.resyncs += 1
                pane.show_to(pos, True, self.rate)
        if live_edge is not None and not any(p.is_playing() for p in self.panes):
            self._anchor(live_edge)
            self.position = live_edge
        if not any_recording and not self._skip_gap():
            self.pause()
        self._note_watched()
        self.position_changed.emit(self.position)


# --- the window --------------------------------------------------------------------------------

def open_extraction(window: QWidget | None, camera_ids: list[int], start: datetime,
                    end: datetime) -> bool:
    """Hand the marked range to the evidence engineer's extraction dialog."""
    import importlib
    try:
        extraction: Any = importlib.import_module("controlroom.ui.extraction")
    except ImportError:
        extraction = None
    fn = getattr(extraction, "open_extraction_dialog", None)
    if fn is not None:
        fn(window, camera_ids, start, end)
        return True
    method = getattr(window, "open_extraction", None)
    if callable(method):
        method(camera_ids, start, end)
        return True
    return False


class PlaybackWindow(QWidget):
    """The playback workspace (its own window, so the live grid keeps running)."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None, zone: str = DEFAULT_TZ,
                 extraction: Callable[[list[int], datetime, datetime], Any] | None = None
                 ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("playbackWindow")
        self.db, self.identity, self.home, self.zone = db, identity, home, zone
        self._extraction = extraction
        self.controller = PlaybackController(self)
        self.controller.position_changed.connect(self._on_position)
        self.controller.state_changed.connect(self._on_state)
        self.mark_in: datetime | None = None
        self.mark_out: datetime | None = None
        self._audited: tuple[int, ...] = ()

        from controlroom.ui.live import load_cameras
        self.cameras = {c.id: c for c in load_cameras(db)}
        self.camera_list = QListWidget()
        for cam in self.cameras.values():
            item = QListWidgetItem(f"{cam.name}" + (f" · {cam.location}" if cam.location else ""))
            item.setData(Qt.ItemDataRole.UserRole, cam.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.camera_list.addItem(item)
        self.camera_list.setObjectName("playbackCameras")
        self.camera_list.itemChanged.connect(self._on_camera_checked)
        self.camera_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        fm = self.camera_list.fontMetrics()
        longest = max((fm.horizontalAdvance(self.camera_list.item(i).text())
                       for i in range(self.camera_list.count())), default=0)
        # check box + margins + scroll bar; names stay readable, the video keeps the rest
        self.camera_list.setMinimumWidth(max(CAMERA_LIST_MIN, min(longest + 64,
                                                                  CAMERA_LIST_MAX)))

        # The shared date-time field: "30/11/2026 08:35", "30-11-2026 8h35", "301120260835"…
        self.time_edit = DateTimeEdit(zone=self.zone)
        self.time_edit.setObjectName("goToTime")
        self.time_edit.returnPressed.connect(self._go_to_typed)
        self.go_btn = QPushButton()
        self.go_btn.clicked.connect(self._go_to_typed)
        self.play_btn = QPushButton()
        self.play_btn.clicked.connect(self.controller.toggle)
        self.back_btn = QPushButton()
        self.back_btn.setObjectName("previousFrame")
        self.back_btn.clicked.connect(self.controller.step_back)
        self.step_btn = QPushButton()
        self.step_btn.setObjectName("nextFrame")
        self.step_btn.clicked.connect(self.controller.step)
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}x", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(
            lambda _i: self.controller.set_rate(float(self.speed.currentData())))
        self.in_btn = QPushButton()
        self.in_btn.clicked.connect(self.set_mark_in)
        self.out_btn = QPushButton()
        self.out_btn.clicked.connect(self.set_mark_out)
        self.extract_btn = QPushButton()
        self.extract_btn.clicked.connect(self.extract)
        self.position_label = QLabel()
        self.position_label.setObjectName("playbackPosition")
        self.position_label.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.message = QLabel()
        self.message.setObjectName("playbackMessage")
        self.message.setStyleSheet("color: #d29922;")
        # Texts that change while cameras are ticked live on their own line and never ask
        # for width, so the buttons above them do not move.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.video = QWidget()
        self.video.setStyleSheet("background: #0b0c0e;")
        self.video_grid = QGridLayout(self.video)
        self.video_grid.setContentsMargins(0, 0, 0, 0)
        self.video_grid.setSpacing(2)
        self.timeline = Timeline(zone=zone)
        self.timeline.seek_requested.connect(self.seek)
        self.timeline.range_changed.connect(lambda _a, _b: self._refresh_spans())

        self.toolbar = QWidget()
        self.toolbar.setObjectName("playbackToolbar")
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.time_edit, self.go_btn, self.play_btn, self.back_btn, self.step_btn,
                  self.speed,
                  self.in_btn, self.out_btn, self.extract_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        status = QHBoxLayout()
        status.addWidget(self.position_label)
        status.addSpacing(12)
        status.addWidget(self.message, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.toolbar)
        rl.addLayout(status)
        rl.addWidget(self.video, 1)
        rl.addWidget(self.timeline)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.camera_list)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.splitter)
        self._spans_timer = QTimer(self)
        self._spans_timer.setInterval(SPANS_REFRESH_MS)
        self._spans_timer.timeout.connect(self._refresh_spans)
        self._spans_timer.start()
        self._auto_position = True  # until the officer moves the clock
        # Frame step as in VMS clients and players: arrows, or "," and "." (mpv, YouTube).
        for keys, fn in ((PLAY_KEYS, self.controller.toggle),
                         (NEXT_FRAME_KEYS, self.controller.step),
                         (PREVIOUS_FRAME_KEYS, self.controller.step_back),
                         (("I",), self.set_mark_in), (("O",), self.set_mark_out)):
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _c=False, f=fn: f())
            self.addAction(act)
        self._fit_screen()
        self.retranslate()
        self._open_at(opening_time(db, home.recordings, list(self.cameras), STREAM))

    def _fit_screen(self) -> None:
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        w, h = 1280, 800
        if avail is not None:
            w, h = min(w, avail.width()), min(h, avail.height() - 40)
        self.resize(w, h)
        self.splitter.setSizes([self.camera_list.minimumWidth(),
                                w - self.camera_list.minimumWidth()])

    def _open_at(self, t: datetime | None) -> None:
        """Put the clock on the newest footage (or now, before anything was recorded)."""
        t = t or utcnow()
        self.controller.position = t
        self.timeline.center_on(t)
        self._on_position(t)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Playback"))
        self.go_btn.setText(self.tr("Go"))
        self.go_btn.setToolTip(self.tr("Jump to the time typed (dd/MM/yyyy HH:mm:ss)"))
        self.step_btn.setText(self.tr("Next frame"))
        self.step_btn.setToolTip(self.tr("Show the next picture, paused (Right arrow or .)"))
        self.back_btn.setText(self.tr("Previous frame"))
        self.back_btn.setToolTip(self.tr(
            "Show the previous picture, paused (Left arrow or ,); from a file's first "
            "picture to the previous file's last one"))
        self.in_btn.setText(self.tr("Mark in"))
        self.out_btn.setText(self.tr("Mark out"))
        self.extract_btn.setText(self.tr("Extract…"))
        fm = self.play_btn.fontMetrics()
        self.play_btn.setMinimumWidth(max(fm.horizontalAdvance(self.tr("Play")),
                                          fm.horizontalAdvance(self.tr("Pause"))) + 32)
        self._on_state()

    # --- cameras -------------------------------------------------------------------------------

    def checked_ids(self) -> list[int]:
        out = []
        for i in range(self.camera_list.count()):
            item = self.camera_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _on_camera_checked(self, item: QListWidgetItem) -> None:
        ids = self.checked_ids()
        if len(ids) > MAX_CAMERAS:
            self.camera_list.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.camera_list.blockSignals(False)
            self.message.setText(self.tr("At most %1 cameras play together.")
                                 .replace("%1", str(MAX_CAMERAS)))
            return
        self.set_cameras(ids)

    def set_cameras(self, ids: list[int]) -> None:
        """Play these cameras (at most four) on the common clock."""
        ids = ids[:MAX_CAMERAS]
        self.camera_list.blockSignals(True)
        for i in range(self.camera_list.count()):
            item = self.camera_list.item(i)
            cid = int(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(Qt.CheckState.Checked if cid in ids
                               else Qt.CheckState.Unchecked)
        self.camera_list.blockSignals(False)
        self._audit_close()
        keep = {p.camera.id: p for p in self.controller.panes if p.camera.id in ids}
        for pane in self.controller.panes:
            if pane.camera.id not in keep:
                pane.close_player()
                for f in pane.shutdown():
                    f.add_done_callback(lambda _f, p=pane: None)
                self.video_grid.removeWidget(pane)
                pane.hide()
                pane.deleteLater()
        panes = [keep.get(cid) or CameraPane(self.db, self.home, self.cameras[cid])
                 for cid in ids if cid in self.cameras]
        cols = 1 if len(panes) <= 1 else 2
        for i, pane in enumerate(panes):
            self.video_grid.addWidget(pane, i // cols, i % cols)
            pane.show()
        self.controller.panes = panes
        for i, pane in enumerate(panes):
            pane.sound = i == 0
        self.timeline.set_rows([Row(p.camera.id, p.camera.name) for p in panes])
        if panes and self._auto_position and not self.controller.playing:
            t = opening_time(self.db, self.home.recordings, [p.camera.id for p in panes],
                             STREAM)
            if t is not None:
                self._open_at(t)
        self._refresh_spans()
        if panes:
            self._audit_open()
            self.controller.seek(self.controller.position)

    # --- time ---------------------------------------------------------------------------------

    def seek(self, t: datetime) -> None:
        self._auto_position = False
        self.controller.seek(t)
        self.timeline.set_playhead(self.controller.position)

    def _go_to_typed(self) -> None:
        try:
            t = self.time_edit.value()
        except InvalidInput as e:
            QMessageBox.warning(self, self.tr("Playback"), str(e))
            return
        self.timeline.center_on(t)
        self.seek(t)

    def _on_position(self, t: datetime) -> None:
        self.position_label.setText(format_local(t, self.zone))
        self.timeline.set_playhead(t)
        if not self.controller.panes:
            self.message.setText(self.tr("Tick up to four cameras on the left."))
        elif not any(p.seg for p in self.controller.panes):
            self.message.setText(self.tr("No recording at this time"))
        else:
            self.message.setText("")

    def _on_state(self) -> None:
        self.play_btn.setText(self.tr("Pause") if self.controller.playing else self.tr("Play"))

    def _refresh_spans(self) -> None:
        for row in self.timeline.rows:
            row.spans = live_coverage(self.db, self.home.recordings, row.camera_id,
                                      self.timeline.start, self.timeline.end, STREAM)
        self.timeline.update()

    # --- marks and extraction ------------------------------------------------------------------

    def set_mark_in(self) -> None:
        self.mark_in = self.controller.position
        if self.mark_out is not None and self.mark_out <= self.mark_in:
            self.mark_out = None
        self.timeline.set_marks(self.mark_in, self.mark_out)

    def set_mark_out(self) -> None:
        self.mark_out = self.controller.position
        if self.mark_in is not None and self.mark_in >= self.mark_out:
            self.mark_in = None
        self.timeline.set_marks(self.mark_in, self.mark_out)

    def extract(self) -> bool:
        ids = [p.camera.id for p in self.controller.panes]
        if not ids or self.mark_in is None or self.mark_out is None:
            QMessageBox.information(self, self.tr("Extract"), self.tr(
                "Choose cameras, then mark in and mark out the range to extract."))
            return False
        if self._extraction is not None:
            self._extraction(ids, self.mark_in, self.mark_out)
            return True
        if open_extraction(self.parentWidget(), ids, self.mark_in, self.mark_out):
            return True
        QMessageBox.information(self, self.tr("Extract"),
                                self.tr("Footage extraction is not available yet."))
        return False

    # --- audit and teardown -------------------------------------------------------------

    def _audit_open(self) -> None:
        ids = tuple(p.camera.id for p in self.controller.panes)
        self._audited = ids
        self.controller.watched = None
        self._write_audit(phase="open", cameras=list(ids),
                          at=self.controller.position.isoformat())

    def _audit_close(self) -> None:
        if not self._audited:
            return
        w = self.controller.watched
        self._write_audit(phase="close", cameras=list(self._audited),
                          start=w[0].isoformat() if w else None,
                          end=w[1].isoformat() if w else None)
        self._audited = ()

    def _write_audit(self, **detail: Any) -> None:
        try:
            with self.db.session() as s:
                audit.record(s, self.identity.username, "playback.view", "camera",
                             ",".join(str(c) for c in detail["cameras"]), **detail)
        except UserError as e:
            log.warning("cannot audit playback: %s", e.en)

    def shutdown(self) -> None:
        self._audit_close()
        for pane in self.controller.panes:
            for f in pane.shutdown():
                try:
                    f.result(timeout=5)
                except Exception:
                    log.exception("playback player did not stop")
        self.controller.panes = []

    def closeEvent(self, event: Any) -> None:
        if self.controller.playing:
            self.controller.pause()
        self.shutdown()
        super().closeEvent(event)


class PlaybackFeature(QObject):
    """Menu "playback" → "Xem lại…" (Ctrl+P); one playback window at a time."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.playback: PlaybackWindow | None = None
        self.action = window.add_action(
            "playback", lambda: self.tr("Playback…"), self.open, shortcut="Ctrl+P",
            object_name="playbackAction")

    def open(self) -> PlaybackWindow:
        w = self.playback
        if w is None or not w.isVisible():
            w = PlaybackWindow(self.window.db, self.window.identity, self.window.home,
                               self.window, zone=self.window.time_zone)
            self.playback = w
        w.show()
        w.raise_()
        w.activateWindow()
        return w

    def retranslate(self) -> None:
        if self.playback is not None:
            self.playback.retranslate()

    def close(self) -> None:
        if self.playback is not None:
            self.playback.shutdown()


def install(window: MainWindow) -> PlaybackFeature:
    return PlaybackFeature(window)
