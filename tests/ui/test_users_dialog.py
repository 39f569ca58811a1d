"""Users dialog: list, add, disable/enable, reset password; own password change."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.errors import AuthError, PermissionDenied
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.records.users import Identity
from controlroom.ui.users_dialog import AddUserDialog, PasswordDialog, UsersDialog

PW = "matkhau-2026"


def _user(db: Database, name: str, role: str, full_name: str = "") -> Identity:
    with db.session() as s:
        users.create(s, users.SYSTEM, name, PW, role, full_name=full_name)
    return users.sign_in(db, name, PW)


def _table(dlg: UsersDialog) -> list[list[str]]:
    t = dlg.table
    return [[t.item(r, c).text() for c in range(t.columnCount())]  # type: ignore[union-attr]
            for r in range(t.rowCount())]


def test_lists_users_with_vietnamese_roles(qtbot: QtBot, sqlite_db: Database,
                                           vi: None) -> None:
    admin = _user(sqlite_db, "quantri", "admin", "Nguyễn Văn Quảng")
    _user(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    dlg = UsersDialog(sqlite_db, admin)
    qtbot.addWidget(dlg)
    rows = _table(dlg)
    assert [r[0] for r in rows] == ["canbo1", "quantri"]
    assert rows[0][1] == "Lê Đức Thắng"
    assert rows[0][4] == "Cán bộ trực ban" and rows[1][4] == "Quản trị viên"
    assert rows[0][5] == "Đang hoạt động"
    assert dlg.table.horizontalHeaderItem(1).text() == "Họ và tên"  # type: ignore[union-attr]


def test_add_user_validates_and_audits(qtbot: QtBot, db: Database, vi: None) -> None:
    admin = _user(db, "quantri", "admin")
    dlg = AddUserDialog(db, admin)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.username, "canbo2")
    dlg.full_name.setText("Phạm Thị Thu Hà")  # QTest.keyClicks aborts on non-ASCII
    dlg.rank.setText("Thiếu úy")
    dlg.role.setCurrentIndex(dlg.role.findData("leader"))
    qtbot.keyClicks(dlg.password, "ngan")
    qtbot.keyClicks(dlg.repeat, "ngan")
    assert dlg.save() is False
    assert dlg.error.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    dlg.password.setText("mat-khau-moi-1")
    dlg.repeat.setText("mat-khau-moi-2")
    assert dlg.save() is False
    assert dlg.error.text() == "Hai lần nhập mật khẩu không khớp."
    dlg.repeat.setText("mat-khau-moi-1")
    assert dlg.save() is True
    with db.read() as s:
        u = users.get(s, "canbo2")
        assert (u.full_name, u.rank, u.role) == ("Phạm Thị Thu Hà", "Thiếu úy", "leader")
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "user.add")
                        .order_by(AuditEntry.id.desc())) == "quantri"
    assert users.sign_in(db, "canbo2", "mat-khau-moi-1").role == "leader"


def test_disable_enable_and_not_oneself(qtbot: QtBot, sqlite_db: Database, vi: None) -> None:
    admin = _user(sqlite_db, "quantri", "admin")
    _user(sqlite_db, "canbo1", "officer")
    dlg = UsersDialog(sqlite_db, admin)
    qtbot.addWidget(dlg)
    dlg.select("canbo1")
    assert dlg.disable_button.text() == "Vô hiệu hóa"
    assert dlg.toggle_disabled()
    assert _table(dlg)[0][5] == "Đã vô hiệu hóa"
    assert dlg.disable_button.text() == "Kích hoạt lại"
    with pytest.raises(AuthError):
        users.sign_in(sqlite_db, "canbo1", PW)
    assert dlg.toggle_disabled()
    assert users.sign_in(sqlite_db, "canbo1", PW).username == "canbo1"
    dlg.select("quantri")
    assert dlg.toggle_disabled() is False
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "userErrorBox"
             and w.isVisible()]
    assert boxes and boxes[-1].text() == "Không thể tự vô hiệu hóa tài khoản của mình."
    for b in boxes:
        b.close()


def test_reset_and_own_password(qtbot: QtBot, sqlite_db: Database, vi: None) -> None:
    admin = _user(sqlite_db, "quantri", "admin")
    officer = _user(sqlite_db, "canbo1", "officer")
    reset = PasswordDialog(sqlite_db, admin, "canbo1")
    qtbot.addWidget(reset)
    reset.password.setText("dat-lai-2026")
    reset.repeat.setText("dat-lai-2026")
    assert reset.save()
    assert users.sign_in(sqlite_db, "canbo1", "dat-lai-2026").username == "canbo1"

    own = PasswordDialog(sqlite_db, officer, "canbo1", ask_current=True)
    qtbot.addWidget(own)
    own.current.setText("khong-dung")
    own.password.setText("cua-toi-2026")
    own.repeat.setText("cua-toi-2026")
    assert own.save() is False
    assert own.error.text() == "Sai tên đăng nhập hoặc mật khẩu."
    own.current.setText("dat-lai-2026")
    assert own.save()
    assert users.sign_in(sqlite_db, "canbo1", "cua-toi-2026").username == "canbo1"


def test_officers_cannot_manage_users(qtbot: QtBot, sqlite_db: Database, vi: None) -> None:
    officer = _user(sqlite_db, "canbo1", "officer")
    with pytest.raises(PermissionDenied):
        UsersDialog(sqlite_db, officer)
    other = PasswordDialog(sqlite_db, officer, "quantri")
    qtbot.addWidget(other)
    _user(sqlite_db, "quantri", "admin")
    other.password.setText("doi-nguoi-khac")
    other.repeat.setText("doi-nguoi-khac")
    assert other.save() is False
    assert other.error.text() == "Việc này cần quyền Quản trị viên."
