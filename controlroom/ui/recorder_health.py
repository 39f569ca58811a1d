"""The recorder's health in the status bar: its alarms (database refusing writes, disk
full, footage deleted before its retention period ended) in red, otherwise the days of
recording the disk still holds (`video.storage.recording_forecast`).

A worker thread asks the recorder's /status every few seconds and computes the forecast
every minute; the GUI thread only paints. The alarm texts come from the recorder in both
languages; the label shows the desk's.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from controlroom import i18n
from controlroom.video.storage import RecordingForecast, recording_forecast

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

log = logging.getLogger(__name__)

STATUS_POLL_S = 5.0
FORECAST_EVERY_S = 60.0
LOW_DAYS = 3.0  # fewer days of recording left than this: warn
ALARM_STYLE = ("QLabel { background: #c62828; color: white; font-weight: bold;"
               " padding: 1px 8px; border-radius: 3px; }")
WARN_STYLE = "QLabel { color: #e65100; font-weight: bold; padding: 1px 6px; }"


class RecorderHealthFeature(QObject):
    updated = Signal(object, object)  # alarms (list of dicts), forecast (or None)

    def __init__(self, window: MainWindow,
                 status_fn: Callable[[], dict[str, Any] | None] | None = None,
                 forecast_fn: Callable[[], RecordingForecast | None] | None = None,
                 poll_s: float = STATUS_POLL_S) -> None:
        super().__init__(window)
        self.label = QLabel()
        self.label.setObjectName("statusRecorderHealth")
        self.label.setContentsMargins(6, 0, 6, 0)
        window.statusBar().insertPermanentWidget(0, self.label)
        if status_fn is None:
            from controlroom.video.control import RecorderClient

            client = RecorderClient(window.home)
            status_fn = client.status
        self._status_fn = status_fn
        self._forecast_fn = forecast_fn or (lambda: recording_forecast(window.home, window.db))
        self.alarms: list[dict[str, str]] = []
        self.forecast: RecordingForecast | None = None
        self._stop = threading.Event()
        self._poll_s = poll_s
        self.updated.connect(self._show)
        try:  # the first figure at once (a statvfs and one query): a window opens complete
            self.forecast = self._forecast_fn()
        except Exception as e:
            log.warning("recording forecast failed: %s", e)
        self._thread = threading.Thread(target=self._run, name="recorder-health", daemon=True)
        self._thread.start()
        self.retranslate()

    # -- worker thread ----------------------------------------------------------------------
    def _run(self) -> None:
        forecast = self.forecast
        next_forecast = time.monotonic() + FORECAST_EVERY_S
        while not self._stop.is_set():
            alarms: list[dict[str, str]] = []
            try:
                doc = self._status_fn()
                if doc:
                    alarms = [a for a in doc.get("alarms", []) if isinstance(a, dict)]
            except Exception as e:  # recorder away: the live view says so
                log.debug("recorder status: %s", e)
            if time.monotonic() >= next_forecast:
                next_forecast = time.monotonic() + FORECAST_EVERY_S
                try:
                    forecast = self._forecast_fn()
                except Exception as e:
                    log.warning("recording forecast failed: %s", e)
            if self._stop.is_set():
                return
            try:
                self.updated.emit(alarms, forecast)
            except RuntimeError:  # the window (our parent) is gone without close()
                return
            self._stop.wait(self._poll_s)

    # -- GUI thread -------------------------------------------------------------------------
    def _show(self, alarms: list[dict[str, str]], forecast: RecordingForecast | None) -> None:
        self.alarms, self.forecast = alarms, forecast
        self.retranslate()

    def retranslate(self) -> None:
        lang = i18n.language()
        if self.alarms:
            texts = [str(a.get(lang) or a.get("en") or "") for a in self.alarms]
            first = self._headline(str(self.alarms[0].get("kind", ""))) or texts[0][:60]
            more = len(texts) - 1
            self.label.setText(first + (self.tr(" (+%n more)", "", more) if more else ""))
            self.label.setToolTip("\n".join(texts))
            self.label.setStyleSheet(ALARM_STYLE)
            self.label.setVisible(True)
            return
        f = self.forecast
        if f is None or f.days_left is None:
            self.label.setText(self.tr("Recording: free %1 GB").replace(
                "%1", f"{f.free_bytes / 1e9:.0f}") if f else "")
            self.label.setToolTip(self.tr("Not enough recent footage yet to say how many "
                                          "days the disk holds."))
            self.label.setStyleSheet("")
            self.label.setVisible(f is not None)
            return
        text = (self.tr("Recording: about %1 days left").replace("%1", str(int(f.days_left)))
                if f.days_left >= 2 else self.tr("Recording: less than two days left"))
        if f.short:
            text += self.tr(" (disk too small for %1 days of retention)").replace(
                "%1", str(f.retention_days))
        self.label.setText(text)
        tip = self.tr("Free %1 GB; recording about %2 GB a day; the disk holds about %3 "
                      "days of footage (retention: %4 days).")
        self.label.setToolTip(tip.replace("%1", f"{f.free_bytes / 1e9:.1f}")
                              .replace("%2", f"{(f.bytes_per_day or 0) / 1e9:.1f}")
                              .replace("%3", f"{f.capacity_days or 0:.0f}")
                              .replace("%4", str(f.retention_days)))
        self.label.setStyleSheet(WARN_STYLE if f.days_left < LOW_DAYS or f.short else "")
        self.label.setVisible(True)

    def _headline(self, kind: str) -> str:
        """Short enough for the status bar at 1366 px; the full text is the tooltip."""
        return {"database": self.tr("ALARM: the database refuses writes"),
                "disk_full": self.tr("ALARM: recordings disk full"),
                "retention_shortfall": self.tr("ALARM: footage deleted before its "
                                               "retention period ended")}.get(kind, "")

    def close(self) -> None:
        self._stop.set()


def install(window: MainWindow) -> RecorderHealthFeature:
    return RecorderHealthFeature(window)
