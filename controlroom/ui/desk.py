"""The desk's session loop, shared by `controlroom gui` and `controlroom demo`.

Sign in → main window → (sign out → sign in again) … until the window is closed or the
sign-in dialog is dismissed. Ctrl+C in the terminal ends the loop cleanly: Qt's event
loop runs in C++ and would swallow SIGINT, so a Python handler is installed and a short
timer lets the interpreter run it; it closes every window and leaves the event loops,
and the caller's cleanup (demo: stop the simulator and the recorder) runs as usual.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from controlroom.errors import ExitCode
from controlroom.paths import DataHome
from controlroom.records import settings
from controlroom.records.db import Database
from controlroom.records.users import Identity
from controlroom.ui.main_window import MainWindow
from controlroom.ui.signin import SignInDialog


class Interrupt:
    """SIGINT (Ctrl+C) handling while Qt runs; restores the previous handler on close.

    The handler only raises a flag (it may run in the middle of any Python code, e.g. a
    window being built); a 200 ms timer, which also gives the interpreter a chance to run
    the handler at all, closes the dialogs and windows from the event loop."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.requested = False
        self._previous: Any = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, self._handle)
        self._timer = QTimer()
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        self.requested = True

    def _tick(self) -> None:
        if not self.requested:
            return
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()  # leaves its exec()
            elif isinstance(w, MainWindow) and w.isVisible():
                w.close(force=True)  # the last window closing leaves app.exec()

    def close(self) -> None:
        self._timer.stop()
        signal.signal(signal.SIGINT, self._previous)


def run_desk(app: QApplication, db: Database, home: DataHome,
             identity: Identity | None = None, *, demo: bool = False,
             on_window: Callable[[MainWindow], Any] | None = None,
             sign_in_hint: str = "") -> int:
    """Run sessions until the user quits; returns INTERRUPTED after Ctrl+C, else OK. `identity`
    skips the first sign-in (the demo signs its user in)."""
    interrupt = Interrupt(app)
    try:
        while not interrupt.requested:
            if identity is None:
                with db.read() as s:
                    post = str(settings.get(s, "post_name"))
                dialog = SignInDialog(db, home, post_name=post, hint=sign_in_hint)
                accepted = dialog.exec()
                identity = dialog.identity
                dialog.deleteLater()
                if not accepted or identity is None or interrupt.requested:
                    break
            window = MainWindow(db, identity, home, demo=demo)
            window.show_desk()
            if on_window is not None:
                on_window(window)
            if not interrupt.requested:  # (else the timer has no window left to close)
                app.exec()
            signed_out = window.signed_out
            window.close(force=True)  # e.g. after Ctrl+C while it was still open
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            if not signed_out:
                break
            identity = None
        return ExitCode.INTERRUPTED if interrupt.requested else ExitCode.OK
    finally:
        interrupt.close()
