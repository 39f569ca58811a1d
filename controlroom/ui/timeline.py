"""The playback timeline: one row per camera showing recorded ranges and gaps from the
segment index, a playhead, and the mark-in/mark-out range.

Wheel zooms around the mouse (one minute to one week), dragging pans, a click asks to
jump there. The widget only draws; the playback window feeds it spans for the visible
range (coverage() from the index) whenever the range changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from controlroom.records.recordings import Span
from controlroom.timeutil import DEFAULT_TZ, to_local, utcnow

MIN_SPAN = timedelta(minutes=1)
MAX_SPAN = timedelta(days=7)
# Tick steps in seconds, chosen so labels are ~100 px apart.
TICKS = (1, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400)
GAP_COLOURS = {"offline": "#8b2e2e", "auth_failed": "#8b5a2e", "recorder_stopped": "#5a4a7a",
               "disk_full": "#7a2e6a", "error": "#8b2e2e"}
RECORDED = QColor("#2f8f4e")
UNKNOWN_GAP = QColor("#3a3f47")
AXIS_H = 22
ROW_H = 22
LABEL_W = 120


@dataclass
class Row:
    camera_id: int
    name: str
    spans: list[Span] = field(default_factory=list)


class Timeline(QWidget):
    """Recorded ranges of up to a few cameras over a zoomable time axis."""

    seek_requested = Signal(object)  # aware UTC datetime
    range_changed = Signal(object, object)  # visible start, end (UTC)

    def __init__(self, parent: QWidget | None = None, zone: str = DEFAULT_TZ) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.zone = zone
        self.rows: list[Row] = []
        self.start = utcnow() - timedelta(hours=1)
        self.end = self.start + timedelta(hours=2)
        self.playhead: datetime | None = None
        self.mark_in: datetime | None = None
        self.mark_out: datetime | None = None
        self._press_x: float | None = None
        self._press_start: datetime | None = None
        self._dragged = False
        self._update_height()

    # --- model ----------------------------------------------------------------------------

    def set_rows(self, rows: list[Row]) -> None:
        self.rows = rows
        self._update_height()
        self.update()

    def set_spans(self, camera_id: int, spans: list[Span]) -> None:
        for r in self.rows:
            if r.camera_id == camera_id:
                r.spans = spans
        self.update()

    def set_range(self, start: datetime, end: datetime) -> None:
        """Show [start, end), clamped to one minute … one week."""
        span = end - start
        if span < MIN_SPAN:
            mid = start + span / 2
            start, end = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
        elif span > MAX_SPAN:
            mid = start + span / 2
            start, end = mid - MAX_SPAN / 2, mid + MAX_SPAN / 2
        if (start, end) != (self.start, self.end):
            self.start, self.end = start, end
            self.update()
            self.range_changed.emit(start, end)

    def center_on(self, t: datetime) -> None:
        half = (self.end - self.start) / 2
        self.set_range(t - half, t + half)

    def set_playhead(self, t: datetime | None) -> None:
        """Move the playhead; when it leaves the view, the view follows."""
        self.playhead = t
        if t is not None and not (self.start <= t <= self.end):
            self.center_on(t)
        self.update()

    def set_marks(self, mark_in: datetime | None, mark_out: datetime | None) -> None:
        self.mark_in, self.mark_out = mark_in, mark_out
        self.update()

    # --- geometry -------------------------------------------------------------------------------

    def _update_height(self) -> None:
        self.setFixedHeight(AXIS_H + ROW_H * max(1, len(self.rows)) + 4)

    def _track_width(self) -> float:
        return max(1.0, float(self.width() - LABEL_W))

    def x_of(self, t: datetime) -> float:
        total = (self.end - self.start).total_seconds()
        return LABEL_W + (t - self.start).total_seconds() / total * self._track_width()

    def time_at(self, x: float) -> datetime:
        total = (self.end - self.start).total_seconds()
        frac = (x - LABEL_W) / self._track_width()
        return self.start + timedelta(seconds=frac * total)

    def zoom(self, factor: float, around: datetime | None = None) -> None:
        """factor < 1 zooms in. `around` stays under the mouse."""
        around = around or (self.start + (self.end - self.start) / 2)
        self.set_range(around - (around - self.start) * factor,
                       around + (self.end - around) * factor)

    # --- painting ----------------------------------------------------------------------------

    def _tick_step(self) -> int:
        seconds = (self.end - self.start).total_seconds()
        per_px = seconds / self._track_width()
        for step in TICKS:
            if step / per_px >= 90:
                return step
        return TICKS[-1]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#16181c"))
        w, h = self.width(), self.height()
        p.setPen(QColor("#c9ced6"))
        step = self._tick_step()
        local_start = to_local(self.start, self.zone)
        offset = local_start.utcoffset() or timedelta(0)
        first = int((self.start + offset).timestamp()) // step * step + step
        fmt = "%d/%m %H:%M" if step >= 3600 else ("%H:%M" if step >= 60 else "%H:%M:%S")
        t_s = first
        end_s = (self.end + offset).timestamp()
        while t_s < end_s:
            t = datetime.fromtimestamp(t_s - offset.total_seconds(), self.start.tzinfo)
            x = self.x_of(t)
            p.setPen(QColor("#3a3f47"))
            p.drawLine(QPointF(x, AXIS_H - 6), QPointF(x, h))
            p.setPen(QColor("#c9ced6"))
            p.drawText(QPointF(x + 3, AXIS_H - 8), to_local(t, self.zone).strftime(fmt))
            t_s += step
        for i, row in enumerate(self.rows):
            y = AXIS_H + i * ROW_H
            p.setPen(QColor("#e6e8eb"))
            p.drawText(QRectF(4, y, LABEL_W - 8, ROW_H),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                       row.name)
            p.fillRect(QRectF(LABEL_W, y + 3, w - LABEL_W, ROW_H - 6), UNKNOWN_GAP)
            for span in row.spans:
                x0 = max(float(LABEL_W), self.x_of(span.start))
                x1 = min(float(w), self.x_of(span.end))
                if x1 <= x0:
                    continue
                colour = RECORDED if span.kind == "recorded" else QColor(
                    GAP_COLOURS.get(span.reason, UNKNOWN_GAP.name()))
                p.fillRect(QRectF(x0, y + 3, max(1.0, x1 - x0), ROW_H - 6), colour)
        if self.mark_in is not None:
            x0 = self.x_of(self.mark_in)
            x1 = self.x_of(self.mark_out) if self.mark_out is not None else x0 + 2
            p.fillRect(QRectF(x0, AXIS_H, max(2.0, x1 - x0), h - AXIS_H),
                       QColor(88, 166, 255, 70))
            p.setPen(QPen(QColor("#58a6ff"), 2))
            p.drawLine(QPointF(x0, AXIS_H), QPointF(x0, h))
            if self.mark_out is not None:
                p.drawLine(QPointF(x1, AXIS_H), QPointF(x1, h))
        if self.playhead is not None:
            x = self.x_of(self.playhead)
            p.setPen(QPen(QColor("#f0c000"), 2))
            p.drawLine(QPointF(x, 0), QPointF(x, h))
        p.end()

    # --- input ----------------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(0.8 ** steps, self.time_at(event.position().x()))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_x = event.position().x()
            self._press_start = self.start
            self._dragged = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_x is None or self._press_start is None:
            return
        dx = event.position().x() - self._press_x
        if abs(dx) > 4:
            self._dragged = True
        if self._dragged:
            per_px = (self.end - self.start).total_seconds() / self._track_width()
            new_start = self._press_start - timedelta(seconds=dx * per_px)
            self.set_range(new_start, new_start + (self.end - self.start))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press_x is not None and not self._dragged and event.position().x() >= LABEL_W:
            self.seek_requested.emit(self.time_at(event.position().x()))
        self._press_x = None
        self._dragged = False
