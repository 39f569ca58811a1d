"""Idle lock: locks after the (shortened) interval, blocks input but not the window,
unlocks only with the signed-in user's password; all of it audited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.ui.main_window import MainWindow

PW = "matkhau-2026"


def _window(qtbot: QtBot, db: Database, home: DataHome, idle_ms: int) -> MainWindow:
    with db.session() as s:
        users.create(s, users.SYSTEM, "canbo1", PW, "officer", full_name="Lê Đức Thắng")
    ident = users.sign_in(db, "canbo1", PW)
    w = MainWindow(db, ident, home, features=(), idle_lock_ms=idle_ms)
    qtbot.addWidget(w, before_close_func=lambda w: w.close(force=True))
    w.show()
    qtbot.waitExposed(w)
    return w


def _audit(db: Database) -> list[tuple[str, str]]:
    with db.read() as s:
        return [(a, d) for a, d in s.execute(
            select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id))]


def _unlock(qtbot: QtBot, w: MainWindow, pw: str) -> None:
    qtbot.keyClicks(w.idle_lock.panel.password, pw)
    qtbot.mouseClick(w.idle_lock.panel.unlock_button, Qt.MouseButton.LeftButton)


def test_locks_when_idle_and_unlocks_with_password(qtbot: QtBot, db: Database,
                                                   home: DataHome, vi: None) -> None:
    w = _window(qtbot, db, home, idle_ms=300)
    editor = QLineEdit()
    w.set_center(editor)
    lock = w.idle_lock
    qtbot.waitUntil(lambda: lock.locked, timeout=10_000)
    assert ("session.lock", '{"reason": "idle"}') in _audit(db)
    assert w.isVisible() and editor.isVisible()  # the view stays on screen
    assert not w.menuBar().isEnabled() and not w.camera_dock.isEnabled()
    assert lock.panel.isVisible() and lock.overlay.isVisible()
    assert lock.panel.title.text().startswith("Màn hình đã khóa")
    # Input to anything but the panel is swallowed.
    qtbot.keyClicks(editor, "abc")
    assert editor.text() == ""
    # Closing is refused while locked.
    w.close()
    assert w.isVisible()

    _unlock(qtbot, w, "sai-mat-khau")
    assert lock.locked
    assert lock.panel.message.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert lock.panel.password.text() == ""

    _unlock(qtbot, w, PW)
    assert not lock.locked
    assert w.menuBar().isEnabled() and w.camera_dock.isEnabled()
    assert not lock.panel.isVisible()
    actions = [a for a, _ in _audit(db)]
    assert actions[-3:] == ["auth.failed", "auth.login", "session.unlock"]
    qtbot.keyClicks(editor, "abc")
    assert editor.text() == "abc"


def test_ctrl_l_locks_at_once_and_closes_modal_dialogs(qtbot: QtBot, sqlite_db: Database,
                                                       home: DataHome, vi: None) -> None:
    w = _window(qtbot, sqlite_db, home, idle_ms=3_600_000)
    dialog = QDialog(w)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    w.activateWindow()
    w.lock_action.trigger()
    assert w.idle_lock.locked
    assert not dialog.isVisible()
    assert ("session.lock", '{"reason": "manual"}') in _audit(sqlite_db)
    _unlock(qtbot, w, PW)
    assert not w.idle_lock.locked
    # The real keyboard shortcut.
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow())
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.idle_lock.locked


def test_repeated_failures_lock_the_account(qtbot: QtBot, sqlite_db: Database,
                                            home: DataHome, vi: None) -> None:
    w = _window(qtbot, sqlite_db, home, idle_ms=3_600_000)
    w.idle_lock.lock()
    for _ in range(users.MAX_FAILURES):
        _unlock(qtbot, w, "sai-mat-khau")
    assert "bị khóa tạm thời" in w.idle_lock.panel.message.text()
    _unlock(qtbot, w, PW)
    assert w.idle_lock.locked


def test_sign_out_from_the_lock_closes_the_window(qtbot: QtBot, sqlite_db: Database,
                                                  home: DataHome, vi: None) -> None:
    w = _window(qtbot, sqlite_db, home, idle_ms=3_600_000)
    w.idle_lock.lock()
    qtbot.mouseClick(w.idle_lock.panel.sign_out_button, Qt.MouseButton.LeftButton)
    assert w.signed_out and not w.isVisible()
    assert _audit(sqlite_db)[-1] == ("session.end", '{"how": "sign_out"}')
