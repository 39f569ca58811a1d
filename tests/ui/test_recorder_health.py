"""The recorder's alarms and the days of recording left, in the status bar."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.ui.main_window import MainWindow
from controlroom.ui.recorder_health import RecorderHealthFeature
from controlroom.video.storage import RecordingForecast

GB = 1_000_000_000
ALARM = {"kind": "database", "vi": "Không ghi được cơ sở dữ liệu: vẫn ghi hình.",
         "en": "The database refuses writes: recording goes on."}


def _window(qtbot: QtBot, db: Database, home: DataHome) -> MainWindow:
    with db.session() as s:
        users.create(s, users.SYSTEM, "canbo", "matkhau-2026", "officer")
    w = MainWindow(db, users.sign_in(db, "canbo", "matkhau-2026"), home, features=())
    qtbot.addWidget(w)
    return w


def _forecast(days: float, short: bool = False) -> RecordingForecast:
    rate = 20 * GB
    return RecordingForecast(free_bytes=int(days * rate), total_bytes=2000 * GB,
                             usable_bytes=int(days * rate), footage_bytes=100 * GB,
                             bytes_per_day=rate, days_left=days,
                             capacity_days=3 if short else 60, retention_days=30)


def test_days_left_then_an_alarm_in_both_languages(qtbot: QtBot, sqlite_db: Database,
                                                    home: DataHome, vi: None) -> None:
    w = _window(qtbot, sqlite_db, home)
    status: dict[str, Any] = {"alarms": []}
    f = RecorderHealthFeature(w, status_fn=lambda: status, forecast_fn=lambda: _forecast(12.6),
                              poll_s=0.05)
    try:
        label = w.findChild(type(f.label), "statusRecorderHealth")
        assert label is f.label
        qtbot.waitUntil(lambda: f.label.text() == "Ghi hình: còn khoảng 12 ngày", timeout=5000)
        assert "20.0 GB" in f.label.toolTip() and f.label.styleSheet() == ""
        status["alarms"] = [ALARM, {"kind": "disk_full", "vi": "Ổ ghi hình đầy.",
                                    "en": "The recordings disk is full."}]
        qtbot.waitUntil(lambda: f.label.text().startswith("BÁO ĐỘNG: không ghi được cơ sở "
                                                          "dữ liệu"), timeout=5000)
        assert "(+1 cảnh báo khác)" in f.label.text() and "#c62828" in f.label.styleSheet()
        assert f.label.toolTip() == ALARM["vi"] + "\nỔ ghi hình đầy."
        from controlroom.ui.app import translations

        translations.install("en")
        f.retranslate()
        assert f.label.text() == "ALARM: the database refuses writes (+1 more)"
        status["alarms"] = []
        qtbot.waitUntil(lambda: f.label.text() == "Recording: about 12 days left", timeout=5000)
    finally:
        f.close()


def test_a_disk_too_small_for_the_retention_period_warns(qtbot: QtBot, sqlite_db: Database,
                                                         home: DataHome) -> None:
    w = _window(qtbot, sqlite_db, home)
    f = RecorderHealthFeature(w, status_fn=lambda: None,
                              forecast_fn=lambda: _forecast(2.2, short=True), poll_s=0.05)
    try:
        qtbot.waitUntil(lambda: f.label.text() == "Recording: about 2 days left (disk too "
                        "small for 30 days of retention)", timeout=5000)
        assert "#e65100" in f.label.styleSheet()
    finally:
        f.close()
