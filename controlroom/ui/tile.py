"""One tile of the live grid: a camera's picture, its name, location and state.

A tile owns *sessions*: a native child widget plus the libVLC player drawing into it.
Switching streams (sub → main when maximised) starts a new session behind the current
one and swaps only when the new one has drawn its first frame, so the picture never goes
black. A retired session's widget stays alive until its player has stopped on the worker
pool (libVLC would otherwise draw into a destroyed window).

The state the officer sees comes from two places: the recorder's status (offline, auth
failed, recording) and the player itself (connecting, live, stalled). A tile that loses
its picture retries by itself with a short backoff and recovers without anyone touching it.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from controlroom.timeutil import to_local, utcnow
from controlroom.video.player import LIVE_OPTIONS, LIVE_SOUND_OPTIONS, Player, PlayerEvent

log = logging.getLogger(__name__)

CAMERA_MIME = "application/x-controlroom-camera-ids"

# Seconds between retries of a lost stream (then stays at the last value).
RETRY_BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 10.0)
# A live picture whose decoded-frame count has not moved for this long has stalled.
STALL_S = 6.0
# How often the GUI thread picks up news from libVLC threads.
PUMP_MS = 25


ICON_PX = 12
COMPACT_PX = 220  # a tile narrower than this (5x5 on a 1366 screen) drops its number
STATE_COLOURS = {"live": "#3fb950", "connecting": "#d29922", "offline": "#f85149",
                 "auth_failed": "#f85149", "empty": "#8a8f98"}
_icons: dict[str, QPixmap] = {}


def _state_icon(key: str) -> QPixmap:
    """A coloured dot (an exclamation mark in it when the password is refused)."""
    if key not in _icons:
        pm = QPixmap(ICON_PX, ICON_PX)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(STATE_COLOURS[key]))
        if key == "connecting":  # a ring: not there yet
            p.setPen(QPen(QColor(STATE_COLOURS[key]), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QRectF(1.5, 1.5, ICON_PX - 3, ICON_PX - 3))
        else:
            p.drawEllipse(QRectF(0.5, 0.5, ICON_PX - 1, ICON_PX - 1))
        if key in ("auth_failed", "offline"):
            p.setPen(QPen(QColor("white"), 2))
            mid = ICON_PX / 2
            if key == "auth_failed":
                p.drawLine(QPointF(mid, 3), QPointF(mid, ICON_PX - 5.5))
                p.drawPoint(QPointF(mid, ICON_PX - 3))
            else:  # a cross: no picture
                p.drawLine(QPointF(3.5, 3.5), QPointF(ICON_PX - 3.5, ICON_PX - 3.5))
                p.drawLine(QPointF(ICON_PX - 3.5, 3.5), QPointF(3.5, ICON_PX - 3.5))
        p.end()
        _icons[key] = pm
    return _icons[key]


def _speaker_icon(on: bool) -> QPixmap:
    """A light speaker for the dark tile header: waves when heard, a slash when silent."""
    pm = QPixmap(ICON_PX, ICON_PX)
    pm.fill(QColor(0, 0, 0, 0))
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = ICON_PX / 16
    light = QColor("#e6e8eb")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(light)
    p.drawPolygon([QPointF(2 * s, 6 * s), QPointF(5 * s, 6 * s), QPointF(9 * s, 2.5 * s),
                   QPointF(9 * s, 13.5 * s), QPointF(5 * s, 10 * s), QPointF(2 * s, 10 * s)])
    pen = QPen(light if on else QColor("#f85149"), 1.5 * s)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if on:
        p.drawArc(QRectF(8 * s, 5 * s, 4 * s, 6 * s), -60 * 16, 120 * 16)
        p.drawArc(QRectF(8 * s, 3 * s, 7 * s, 10 * s), -60 * 16, 120 * 16)
    else:
        p.drawLine(QPointF(11 * s, 5 * s), QPointF(15 * s, 11 * s))
        p.drawLine(QPointF(15 * s, 5 * s), QPointF(11 * s, 11 * s))
    p.end()
    return pm


def _rec_icon() -> QPixmap:
    """The recording mark: a red dot in a white ring."""
    if "rec" not in _icons:
        pm = QPixmap(ICON_PX, ICON_PX)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#e6e8eb"), 1.2))
        p.setBrush(QColor("#f85149"))
        p.drawEllipse(QRectF(0.8, 0.8, ICON_PX - 1.6, ICON_PX - 1.6))
        p.end()
        _icons["rec"] = pm
    return _icons["rec"]


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" instead of widening the tile (a
    long Vietnamese place name must never push the grid off the screen)."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's naming
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's naming
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)


@dataclass(frozen=True)
class CameraInfo:
    """What a tile needs to know about a camera (read once from the registry)."""

    id: int
    name: str
    code: str = ""
    location: str = ""
    has_sub: bool = True


@dataclass(frozen=True)
class CameraStatus:
    """The recorder's view of one camera: state is one of models.HEALTH_STATES."""

    state: str
    since: datetime | None = None
    recording: bool = False
    detail: str = ""


class LiveSource(Protocol):
    """Where live pictures come from: the recorder's relay (or a test double).
    `status()` may block (HTTP), so it is only called off the GUI thread."""

    def live_url(self, camera_id: int, stream: str) -> str: ...

    def status(self) -> dict[int, CameraStatus]: ...


def even_picture_rect(width: int, height: int, src_w: int, src_h: int) -> QRect:
    """Where to put libVLC's window inside a `width`×`height` area so that the picture
    fills it exactly, keeps the source's shape and has an EVEN width.

    Why: on X11 without Xv (xcb_x11 vout) libVLC scales every frame with swscale into a
    picture of the letterboxed size it computes itself, and swscale turns an odd output
    width into full-resolution chroma interpolation on the slow C path — 3× the CPU per
    stream (measured: a 4×4 grid went from the bare-libVLC floor to +50 %). Giving libVLC
    a window of the picture's own shape with width even, and height rounded *up*, makes
    its fit come out at exactly that width."""
    if width < 2 or height < 2 or src_w <= 0 or src_h <= 0:
        return QRect(0, 0, max(width, 1), max(height, 1))
    w = min(width, height * src_w // src_h)
    w -= w % 2
    while w > 2:
        h = -(-w * src_h // src_w)  # ceil: libVLC's fit then takes the full (even) width
        if h <= height:
            return QRect((width - w) // 2, (height - h) // 2, w, h)
        w -= 2
    return QRect(0, 0, width, height)


class _Canvas(QWidget):
    """The native window libVLC draws into, inside a `VideoSurface`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's naming
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#101215"))
        p.end()


class VideoSurface(QWidget):
    """A native child window for libVLC to draw into; paints the tile's message when no
    picture is drawn (libVLC's own child window covers it while playing).

    For the live grid, libVLC draws into `video_window()`: a child canvas that is shown
    at the first frame and kept at the picture's shape with an even width (see
    `even_picture_rect`); the surface paints the bars around it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(32, 24)
        self.message = ""
        self._canvas: _Canvas | None = None
        self._picture: tuple[int, int] | None = None

    def video_window(self) -> int:
        """The native window id for `Player.set_window` (a hidden canvas until
        `show_picture`)."""
        if self._canvas is None:
            self._canvas = _Canvas(self)
            self._canvas.hide()
            self._canvas.setGeometry(self.rect())
        return int(self._canvas.winId())

    def show_picture(self, size: tuple[int, int] | None) -> None:
        """The first frame is there: show the canvas, shaped for a picture of `size`
        (None while unknown: fill the surface, libVLC letterboxes itself)."""
        self._picture = size
        if self._canvas is not None:
            self._place_canvas()
            self._canvas.show()

    @property
    def picture_size(self) -> tuple[int, int] | None:
        return self._picture

    def _place_canvas(self) -> None:
        if self._canvas is None:
            return
        if self._picture is None:
            self._canvas.setGeometry(self.rect())
        else:
            self._canvas.setGeometry(even_picture_rect(self.width(), self.height(),
                                                       *self._picture))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's naming
        super().resizeEvent(event)
        self._place_canvas()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#101215"))
        if self.message:
            p.setPen(QColor("#c9ced6"))
            p.drawText(self.rect().adjusted(6, 6, -6, -6),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
        p.end()


class _Session:
    """A player and the widget it draws into, for one camera stream."""

    def __init__(self, surface: VideoSurface, player: Player, stream: str, url: str) -> None:
        self.surface = surface
        self.player = player
        self.stream = stream
        self.url = url
        self.started = time.monotonic()
        self.first_frame_at: float | None = None
        self.frames = 0
        self.frames_changed_at = time.monotonic()


class EventPump(QObject):
    """Carries news from libVLC and worker threads to the GUI thread.

    Those threads only put a call on a plain queue; a GUI-thread timer runs the calls.
    No Qt object is touched off the GUI thread (emitting PySide signals from several
    libVLC threads at once corrupted reference counts in PySide6 6.12)."""

    _instance: EventPump | None = None

    def __init__(self) -> None:
        super().__init__()
        self._queue: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = (
            queue.SimpleQueue())
        self._timer = QTimer(self)
        self._timer.setInterval(PUMP_MS)
        self._timer.timeout.connect(self.drain)
        self._timer.start()

    @classmethod
    def get(cls) -> EventPump:
        """The pump (created on first use, which is on the GUI thread)."""
        if cls._instance is None:
            cls._instance = EventPump()
        return cls._instance

    def post(self, fn: Callable[..., Any], *args: Any) -> None:
        """Thread-safe: run `fn(*args)` on the GUI thread soon."""
        self._queue.put((fn, args))

    def drain(self) -> None:
        while True:
            try:
                fn, args = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                fn(*args)
            except RuntimeError as e:  # the widget was deleted meanwhile
                log.debug("dropped event for a deleted widget: %s", e)


class _Bridge(QObject):
    """Signals re-emitted on the GUI thread by the pump."""

    player_event = Signal(object, str)
    stopped = Signal(object)
    snapshot_done = Signal(object, bool)

    def post(self, signal: str, *args: Any) -> None:
        """Thread-safe."""
        EventPump.get().post(self._emit, signal, args)

    def _emit(self, signal: str, args: tuple[Any, ...]) -> None:
        getattr(self, signal).emit(*args)


class Tile(QFrame):
    """One cell of the grid."""

    clicked = Signal(object)
    double_clicked = Signal(object)
    camera_dropped = Signal(object, int)  # tile, camera id
    first_frame = Signal(object, str)  # tile, stream (for the maximise metric)
    snapshot_taken = Signal(object, object, bool)  # tile, path, ok

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(2)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.camera: CameraInfo | None = None
        self.status: CameraStatus | None = None
        self.stream = "sub"
        self.selected = False
        self.sound = False  # heard (issue 14: see set_sound)
        self.video_state = "idle"  # idle / connecting / live / lost
        self.lost_since: datetime | None = None
        self._current: _Session | None = None
        self._pending: _Session | None = None
        self._retired: list[_Session] = []
        self._retries = 0
        self._source: LiveSource | None = None
        EventPump.get()
        self._bridge = _Bridge(self)
        self._bridge.player_event.connect(self._on_player_event)
        self._bridge.stopped.connect(self._on_stopped)
        self._bridge.snapshot_done.connect(self._on_snapshot_done)

        self._title = ElidedLabel()
        self._title.setObjectName("tileTitle")
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        # The name wins the space: the state and the recording mark are icons (their words
        # are in the tooltip, and in the picture area whenever there is no picture).
        self._state = QLabel()
        self._state.setObjectName("tileState")
        self._state.setFixedSize(ICON_PX, ICON_PX)
        self._rec = QLabel()
        self._rec.setObjectName("tileRec")
        self._rec.setFixedSize(ICON_PX, ICON_PX)
        self.recording_shown = False
        header = QWidget()
        header.setObjectName("tileHeader")
        header.setStyleSheet("#tileHeader { background: #1b1e23; } QLabel { color: #e6e8eb; }")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(3, 1, 3, 1)
        hl.setSpacing(2)
        hl.addWidget(self._title, 1)
        self._init_sound(hl)
        hl.addWidget(self._state)
        hl.addWidget(self._rec)
        self._video_box = QWidget()
        self._video_layout = QVBoxLayout(self._video_box)
        self._video_layout.setContentsMargins(0, 0, 0, 0)
        self._idle_surface = VideoSurface()
        self._video_layout.addWidget(self._idle_surface)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(0)
        lay.addWidget(header)
        lay.addWidget(self._video_box, 1)

        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._retry)
        self._update_style()
        self.refresh_labels()

    # --- what to show -----------------------------------------------------------------------

    def set_source(self, source: LiveSource | None) -> None:
        self._source = source

    def set_camera(self, camera: CameraInfo | None, stream: str = "sub") -> None:
        """Show `camera` (None empties the tile). Same camera and stream: nothing to do."""
        if camera == self.camera and stream == self.stream and (
                camera is None or self._current or self._pending):
            return
        self._retry_timer.stop()
        self._retries = 0
        self.lost_since = None
        self.camera = camera
        self.stream = stream
        self.status = None
        self._retire(self._pending)
        self._pending = None
        self._retire(self._current)
        self._current = None
        self.video_state = "idle"
        if camera is not None:
            self._start()
        self.refresh_labels()

    def set_stream(self, stream: str) -> None:
        """Switch the same camera to another stream without a black frame."""
        if self.camera is None or stream == self.stream:
            return
        if stream != "main" and self.sound:
            self.sound = False  # only the main stream carries sound
            self._sound_stream = ""
            self._refresh_sound()
        self.stream = stream
        self._retry_timer.stop()
        self._retire(self._pending)
        self._pending = None
        self._start()

    def apply_status(self, status: CameraStatus | None) -> None:
        """News from the recorder. A camera coming back online is retried at once."""
        before = self.status.state if self.status else None
        self.status = status
        came_back = (status is not None and status.state in ("online", "recording")
                     and before in ("offline", "auth_failed", "connecting"))
        if came_back and self.video_state in ("lost", "connecting") and self.camera:
            self._retry_timer.stop()
            self._retries = 0
            self._retry()
        self.refresh_labels()

    @property
    def current_url(self) -> str:
        return self._current.url if self._current else ""

    @property
    def player(self) -> Player | None:
        return self._current.player if self._current else None

    @property
    def surface(self) -> VideoSurface:
        return self._current.surface if self._current else self._idle_surface

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        self._update_style()
        self._sound_follows_selection()

    # --- sessions -------------------------------------------------------------------------

    def _start(self) -> None:
        """Start a session for the current camera/stream; it becomes current at its first
        frame (or at once when there is nothing to show in the meantime)."""
        if self.camera is None or self._source is None:
            return
        stream = self.stream if (self.stream == "main" or self.camera.has_sub) else "main"
        try:
            url = self._source.live_url(self.camera.id, stream)
        except Exception as e:  # no recorder yet: show it, retry later
            log.info("no live url for camera %s: %s", self.camera.id, e)
            self._lost()
            return
        surface = VideoSurface()
        surface.hide()
        self._video_layout.addWidget(surface)
        bridge = self._bridge
        player = Player(lambda pl, ev: bridge.post("player_event", pl, ev.value))
        player.set_window(surface.video_window())
        session = _Session(surface, player, stream, url)
        if self._current is None:
            self._show(session)
            self._current = session
            if self.video_state != "lost":
                self.video_state = "connecting"
        else:
            self._pending = session
        player.play(url, LIVE_SOUND_OPTIONS if self.sound else LIVE_OPTIONS)
        self.refresh_labels()

    def _show(self, session: _Session) -> None:
        self._idle_surface.hide()
        session.surface.message = self._message()
        session.surface.show()

    def _retire(self, session: _Session | None) -> None:
        if session is None:
            return
        self._retired.append(session)
        fut = session.player.release_async()
        bridge = self._bridge
        fut.add_done_callback(lambda _f: bridge.post("stopped", session))
        if session is self._current:
            self._idle_surface.message = self._message()
            self._idle_surface.show()
            session.surface.hide()

    def _on_stopped(self, session: _Session) -> None:
        if session in self._retired:
            self._retired.remove(session)
        session.surface.hide()
        self._video_layout.removeWidget(session.surface)
        session.surface.deleteLater()

    def _session_of(self, player: Player) -> _Session | None:
        for s in (self._current, self._pending):
            if s is not None and s.player is player:
                return s
        return None

    def _on_player_event(self, player: Player, kind: str) -> None:
        session = self._session_of(player)
        if session is None:
            return  # a retired player's last words
        if kind == PlayerEvent.VIDEO.value and session.first_frame_at is None:
            session.first_frame_at = time.monotonic()
            session.frames_changed_at = session.first_frame_at
            self._fit_picture(session)
            if session is self._pending:
                old, self._current, self._pending = self._current, session, None
                self._show(session)
                self._retire(old)
            self.video_state = "live"
            self.lost_since = None
            self._retries = 0
            self.first_frame.emit(self, session.stream)
            self.refresh_labels()
        elif kind in (PlayerEvent.END.value, PlayerEvent.ERROR.value):
            if session is self._pending:
                self._pending = None
                self._retire(session)
                return
            self._lost()

    def check_stall(self) -> None:
        """Called by the grid every couple of seconds: a picture that stopped moving
        without any event (a half-open TCP connection) counts as lost."""
        s = self._current
        if s is None or self.video_state != "live":
            return
        frames = s.player.decoded_frames()
        now = time.monotonic()
        if frames != s.frames:
            s.frames, s.frames_changed_at = frames, now
        elif now - s.frames_changed_at > STALL_S:
            self._lost()

    def _fit_picture(self, session: _Session, tries: int = 20) -> None:
        """Shape the session's canvas for its picture (even width, see
        `even_picture_rect`). libVLC may not know the size yet when it reports the video
        output: the canvas then fills the surface and we ask again shortly."""
        if session is not self._current and session is not self._pending:
            return
        info = session.player.video_info()
        if info is not None:
            session.surface.show_picture((info.width, info.height))
            return
        if session.surface.picture_size is None:
            session.surface.show_picture(None)
        if tries > 0:
            QTimer.singleShot(100, self, lambda: self._fit_picture(session, tries - 1))

    def _lost(self) -> None:
        if self.video_state != "lost":
            self.lost_since = utcnow()
        self.video_state = "lost"
        self._retire(self._current)
        self._current = None
        self._retire(self._pending)
        self._pending = None
        delay = RETRY_BACKOFF_S[min(self._retries, len(RETRY_BACKOFF_S) - 1)]
        self._retries += 1
        self._retry_timer.start(int(delay * 1000))
        self.refresh_labels()

    def _retry(self) -> None:
        if self.camera is not None and self._current is None and self._pending is None:
            self._start()

    def shutdown(self) -> list[Future[None]]:
        """Stop everything (window closing); returns the stop futures to wait on."""
        self._retry_timer.stop()
        futures = []
        for s in (self._current, self._pending):
            if s is not None:
                futures.append(s.player.release_async())
        futures += [s.player.release_async() for s in self._retired]
        self._current = self._pending = None
        return futures

    # --- snapshot -------------------------------------------------------------------------

    def take_snapshot(self, path: Path) -> bool:
        """Write the current picture to `path` on the worker pool; `snapshot_taken` says
        how it went. False when there is no picture to take."""
        s = self._current
        if s is None or self.video_state != "live":
            return False
        bridge = self._bridge
        fut = s.player.engine.pool.submit(s.player.snapshot, path)
        fut.add_done_callback(
            lambda f: bridge.post("snapshot_done", path,
                                  f.exception() is None and bool(f.result())))
        return True

    def _on_snapshot_done(self, path: Path, ok: bool) -> None:
        self.snapshot_taken.emit(self, path, ok)

    # --- labels -------------------------------------------------------------------------------

    def state_key(self) -> str:
        """The state shown, as a stable key: empty, live, connecting, offline, auth_failed."""
        if self.camera is None:
            return "empty"
        rs = self.status.state if self.status else ""
        if rs == "auth_failed":
            return "auth_failed"
        if rs in ("offline", "disabled") and self.video_state != "live":
            return "offline"
        if self.video_state == "live":
            return "live"
        if self.video_state == "lost":
            return "offline"
        return "connecting"

    def _since_text(self) -> str:
        since = self.status.since if (self.status and self.status.state in (
            "offline", "auth_failed")) else None
        since = since or self.lost_since
        return to_local(since).strftime("%H:%M:%S") if since else "--:--:--"

    def state_text(self) -> str:
        key = self.state_key()
        if key == "live":
            return self.tr("Live")
        if key == "connecting":
            return self.tr("Connecting…")
        if key == "offline":
            return self.tr("Offline since %1").replace("%1", self._since_text())
        if key == "auth_failed":
            return self.tr("Authentication failed")
        return ""

    def _message(self) -> str:
        key = self.state_key()
        if key == "empty":
            return self.tr("Drag a camera here")
        if key == "live":
            return ""
        return self.state_text()

    def refresh_labels(self) -> None:
        cam = self.camera
        if cam is None:
            self._title.setText(self.tr("Tile %1").replace("%1", str(self.index + 1)))
        else:
            # The tile's number (keys 1-9 select it) only where there is room for it.
            title = cam.name if self.width() < COMPACT_PX else f"{self.index + 1} {cam.name}"
            if cam.location:
                title += f" · {cam.location}"
            if self.stream == "main":
                title += " [HD]"
            self._title.setText(title)
        key = self.state_key()
        state = self.state_text()
        self._state.setPixmap(_state_icon(key))
        self._state.setToolTip(state)
        self._state.setAccessibleName(state)
        self._state.setVisible(key != "empty")
        recording = bool(self.status and (self.status.recording
                                          or self.status.state == "recording"))
        self.recording_shown = recording
        self._rec.setPixmap(_rec_icon() if recording else QPixmap())
        rec_text = self.tr("The recorder is recording this camera") if recording else ""
        self._rec.setToolTip(rec_text)
        self._rec.setAccessibleName(rec_text)
        # One message for every surface (the body never shows another time than the
        # header's tooltip: a session's surface used to keep the time it was made with).
        message = self._message()
        for surface in self._surfaces():
            if surface.message != message:
                surface.message = message
                surface.update()
        self._refresh_sound()  # its tooltip follows a language switch too

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's naming
        super().resizeEvent(event)
        if (event.oldSize().width() < COMPACT_PX) != (event.size().width() < COMPACT_PX):
            self.refresh_labels()

    def _surfaces(self) -> list[VideoSurface]:
        out = [self._idle_surface]
        out += [s.surface for s in (self._current, self._pending) if s is not None]
        return out

    # --- sound (issue 14): silent by default; the selected or maximised tile can be heard --

    def _init_sound(self, header: QHBoxLayout) -> None:
        self._sound_stream = ""  # the stream to go back to when the sound is turned off
        self._sound_btn = QToolButton()
        self._sound_btn.setObjectName("tileSound")
        self._sound_btn.setAutoRaise(True)
        self._sound_btn.setFixedSize(ICON_PX + 4, ICON_PX + 4)
        self._sound_btn.clicked.connect(self.toggle_sound)
        self._sound_btn.hide()
        header.addWidget(self._sound_btn)
        self._refresh_sound()

    def toggle_sound(self) -> None:
        self.set_sound(not self.sound)

    def set_sound(self, on: bool) -> None:
        """Hear this tile's camera (only while it is selected; only its main stream's
        relay carries the sound, so a small tile switches to it meanwhile)."""
        on = bool(on) and self.selected and self.camera is not None
        if on == self.sound:
            return
        self.sound = on
        if on:
            self._sound_stream = self.stream
            if self.stream != "main":
                self.set_stream("main")  # a new session, with sound
            else:
                self._restart_session()
        else:
            back, self._sound_stream = self._sound_stream or self.stream, ""
            if self.player is not None:
                self.player.set_mute(True)  # silent at once; the new session has no audio
            if back != self.stream:
                self.set_stream(back)
            else:
                self._restart_session()
        self._refresh_sound()

    def _restart_session(self) -> None:
        if self.camera is None:
            return
        self._retry_timer.stop()
        self._retire(self._pending)
        self._pending = None
        self._start()

    def _sound_follows_selection(self) -> None:
        if not self.selected and self.sound:
            self.set_sound(False)
        self._refresh_sound()

    def _refresh_sound(self) -> None:
        btn = getattr(self, "_sound_btn", None)
        if btn is None:
            return
        btn.setIcon(QIcon(_speaker_icon(self.sound)))
        btn.setToolTip(self.tr("Sound off (M)") if self.sound else self.tr("Sound on (M)"))
        btn.setVisible(self.selected and self.camera is not None)

    def _update_style(self) -> None:
        colour = "#58a6ff" if self.selected else "#2d3139"
        self.setStyleSheet(f"#tile {{ border: 2px solid {colour}; background: #101215; }}")

    # --- mouse and drops ----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self)
        self._press_pos: QPoint | None = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.double_clicked.emit(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = camera_ids_from_mime(event.mimeData())
        if ids:
            self.camera_dropped.emit(self, ids[0])
            event.acceptProposedAction()


def camera_mime(ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(CAMERA_MIME, ",".join(str(i) for i in ids).encode("ascii"))
    return data


def camera_ids_from_mime(data: QMimeData) -> list[int]:
    raw = bytes(data.data(CAMERA_MIME).data()).decode("ascii", "replace")
    out = []
    for part in raw.split(","):
        if part.strip().isdigit():
            out.append(int(part))
    return out
