"""The session loop of `gui` and `demo`: sign-out returns to the sign-in dialog (it used to
end the demo and delete its data), signing in again opens a new window for the new
user, and Ctrl+C (SIGINT) ends the loop even while a dialog is open."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from controlroom.errors import ExitCode
from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.ui import desk
from controlroom.ui.main_window import MainWindow
from controlroom.ui.signin import SignInDialog

PW = "matkhau-2026"


@pytest.fixture
def people(sqlite_db: Database, vi: None) -> None:
    with sqlite_db.session() as s:
        users.create(s, users.SYSTEM, "canbo1", PW, "officer", full_name="Lê Đức Thắng")
        users.create(s, users.SYSTEM, "totruong", PW, "leader", full_name="Trần Thị Nhung")


def _later(steps: list[Callable[[], bool]]) -> None:
    """Run each step once it returns True (polled every 100 ms from the event loop)."""
    timer = QTimer(QApplication.instance())
    timer.setInterval(100)

    def tick() -> None:
        if steps and steps[0]():
            steps.pop(0)
        if not steps:
            timer.stop()

    timer.timeout.connect(tick)
    timer.start()


def _dialog() -> SignInDialog | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, SignInDialog) and w.isVisible():
            return w
    return None


def test_sign_out_returns_to_sign_in(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                     people: None) -> None:
    first = users.sign_in(sqlite_db, "canbo1", PW)
    windows: list[MainWindow] = []
    seen: list[str] = []

    def sign_out() -> bool:
        if not windows or not windows[0].isVisible():
            return False
        windows[0].sign_out()
        return True

    def sign_in_again() -> bool:
        dlg = _dialog()
        if dlg is None:
            return False
        seen.append(dlg.hint.text())
        dlg.username.setText("totruong")
        dlg.password.setText(PW)
        dlg.try_sign_in()
        return True

    def close_second() -> bool:
        if len(windows) < 2 or not windows[1].isVisible():
            return False
        windows[1].close()
        return True

    _later([sign_out, sign_in_again, close_second])
    rc = desk.run_desk(QApplication.instance(), sqlite_db, home, first,  # type: ignore[arg-type]
                       demo=True, on_window=windows.append, sign_in_hint="canbo1 / x")
    assert rc == ExitCode.OK
    assert [w.identity.username for w in windows] == ["canbo1", "totruong"]
    assert seen == ["canbo1 / x"]
    assert windows[0].signed_out and not windows[1].signed_out
    assert users.sign_in(sqlite_db, "canbo1", PW).username == "canbo1"  # data kept


def test_ctrl_c_ends_the_loop_even_in_the_sign_in_dialog(qtbot: QtBot, sqlite_db: Database,
                                                         home: DataHome, people: None) -> None:
    first = users.sign_in(sqlite_db, "canbo1", PW)
    windows: list[MainWindow] = []

    def sign_out() -> bool:
        if not windows or not windows[0].isVisible():
            return False
        windows[0].sign_out()
        return True

    def interrupt() -> bool:
        if _dialog() is None:
            return False
        os.kill(os.getpid(), signal.SIGINT)
        return True

    previous = signal.getsignal(signal.SIGINT)
    _later([sign_out, interrupt])
    rc = desk.run_desk(QApplication.instance(), sqlite_db, home, first,  # type: ignore[arg-type]
                       on_window=windows.append)
    assert rc == ExitCode.INTERRUPTED
    assert len(windows) == 1 and _dialog() is None
    assert signal.getsignal(signal.SIGINT) is previous  # handler restored


def test_ctrl_c_closes_the_main_window(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                       people: None) -> None:
    first = users.sign_in(sqlite_db, "canbo1", PW)
    windows: list[MainWindow] = []

    def interrupt() -> bool:
        if not windows or not windows[0].isVisible():
            return False
        windows[0].idle_lock.lock("manual")  # even a locked window
        os.kill(os.getpid(), signal.SIGINT)
        return True

    _later([interrupt])
    rc = desk.run_desk(QApplication.instance(), sqlite_db, home, first,  # type: ignore[arg-type]
                       on_window=windows.append)
    assert rc == ExitCode.INTERRUPTED
    from shiboken6 import isValid
    assert not isValid(windows[0]) or not windows[0].isVisible()
