"""Sign-in dialog against the real user records (SQLite and PostgreSQL)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.ui import app as uiapp
from controlroom.ui.signin import SignInDialog

PW = "matkhau-2026"


def _user(db: Database, name: str = "canbo1", role: str = "officer",
          disabled: bool = False) -> None:
    with db.session() as s:
        users.create(s, users.SYSTEM, name, PW, role, full_name="Lê Đức Thắng")
        if disabled:
            users.get(s, name).disabled = True


def _dialog(qtbot: QtBot, db: Database, home: DataHome) -> SignInDialog:
    dlg = SignInDialog(db, home, post_name="Công an xã Tịnh Châu")
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _type(qtbot: QtBot, dlg: SignInDialog, name: str, pw: str) -> None:
    dlg.username.clear()
    qtbot.keyClicks(dlg.username, name)
    qtbot.keyClicks(dlg.password, pw)
    qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)


def _actions(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_success_accepts_with_identity(qtbot: QtBot, db: Database, home: DataHome,
                                       vi: None) -> None:
    _user(db)
    dlg = _dialog(qtbot, db, home)
    assert dlg.windowTitle() == "Đăng nhập"
    _type(qtbot, dlg, "canbo1", PW)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.identity is not None and dlg.identity.username == "canbo1"
    assert dlg.identity.role == "officer"
    assert dlg.password.text() == ""
    assert _actions(db)[-1] == "auth.login"


def test_wrong_password_shows_message_and_stays_open(qtbot: QtBot, db: Database,
                                                     home: DataHome, vi: None) -> None:
    _user(db)
    dlg = _dialog(qtbot, db, home)
    _type(qtbot, dlg, "canbo1", "sai-mat-khau")
    assert dlg.isVisible() and dlg.identity is None
    assert dlg.message.isVisible()
    assert dlg.message.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dlg.password.text() == ""
    assert _actions(db)[-1] == "auth.failed"


def test_lockout_after_five_failures_names_the_time(qtbot: QtBot, db: Database,
                                                    home: DataHome, vi: None) -> None:
    _user(db)
    dlg = _dialog(qtbot, db, home)
    for _ in range(users.MAX_FAILURES):
        _type(qtbot, dlg, "canbo1", "sai-mat-khau")
    locked_text = dlg.message.text()
    assert "bị khóa tạm thời" in locked_text
    with db.read() as s:
        until = users.get(s, "canbo1").locked_until
    assert until is not None
    from controlroom.timeutil import format_local
    assert format_local(until) in locked_text
    # The right password is refused while locked.
    _type(qtbot, dlg, "canbo1", PW)
    assert dlg.identity is None
    assert "bị khóa tạm thời" in dlg.message.text()
    assert "auth.locked" in _actions(db)


def test_disabled_account_is_refused(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                     vi: None) -> None:
    _user(sqlite_db, disabled=True)
    dlg = _dialog(qtbot, sqlite_db, home)
    _type(qtbot, dlg, "canbo1", PW)
    assert dlg.identity is None
    assert dlg.message.text() == "Tài khoản đã bị vô hiệu hóa."


def test_empty_fields_ask_for_input(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                    vi: None) -> None:
    dlg = _dialog(qtbot, sqlite_db, home)
    qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)
    assert dlg.message.text() == "Hãy nhập tên đăng nhập và mật khẩu."
    assert _actions(sqlite_db) == []


def test_language_switch_retranslates_and_persists(qtbot: QtBot, sqlite_db: Database,
                                                   home: DataHome, vi: None) -> None:
    _user(sqlite_db)
    dlg = _dialog(qtbot, sqlite_db, home)
    assert dlg.sign_in_button.text() == "Đăng nhập"
    dlg.language.setCurrentIndex(dlg.language.findData("en"))
    qtbot.waitUntil(lambda: dlg.windowTitle() == "Sign in")  # LanguageChange is posted
    assert dlg.quit_button.text() == "Quit"
    _type(qtbot, dlg, "canbo1", "wrong-password")
    assert dlg.message.text() == "Wrong user name or password."
    assert uiapp.saved_language(home) == "en"
    assert (home.config / "ui.ini").read_text().count("language=en") == 1


def test_every_box_has_its_label(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                 vi: None) -> None:
    """The user name, password and language boxes are labelled, left of the box, in the
    language of the moment (they were rows with empty labels)."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    dlg = _dialog(qtbot, sqlite_db, home)
    qtbot.waitExposed(dlg)

    def labels() -> list[str]:
        out = []
        for field in (dlg.username, dlg.password, dlg.language):
            label = dlg.form.labelForField(field)
            assert isinstance(label, QLabel) and label.isVisible()
            assert label.buddy() is field
            assert label.geometry().right() < field.geometry().left()
            shown = label.text().replace("&", "")
            assert label.fontMetrics().horizontalAdvance(shown) <= label.width()  # not cut
            out.append(label.text())
        return out

    assert isinstance(dlg.form, QFormLayout)
    assert labels() == ["&Tên đăng nhập:", "&Mật khẩu:", "&Ngôn ngữ:"]
    dlg.language.setCurrentIndex(dlg.language.findData("en"))
    qtbot.waitUntil(lambda: dlg.windowTitle() == "Sign in")
    dlg.layout().activate()  # the form lays the new words out on its next pass, as on screen
    assert labels() == ["&User name:", "&Password:", "&Language:"]
