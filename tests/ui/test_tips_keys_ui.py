"""The tip vault's key in the window: an admin rotates the informant-identity key from the
Tips menu (explained, run off the GUI thread, result or translated error shown, audited);
nobody else sees the action. A leader erases an informant's identity from the register
with a reason and a confirmation; officers have no such button, refusals are audited.
Real SQLite file, the tests' file keyring, real dialogs driven through QTimer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import audit, tips, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, TipInformant
from controlroom.records.tip_vault import Informant
from controlroom.records.users import Identity
from controlroom.ui import app as uiapp
from controlroom.ui.main_window import MainWindow
from controlroom.ui.tips import (
    EraseInformantDialog,
    RevealDialog,
    RotateKeyDialog,
    TipRegister,
    TipsFeature,
)

PW = "matkhau-2026"
WHO = Informant("Hoàng Thị Bí Mật", "0987654321", "Xóm Bãi, thôn Đông", "001190012345")
ROTATE = "rotateTipKeyAction"


def _identity(db: Database, name: str, role: str) -> Identity:
    with db.session() as s:
        users.create(s, users.SYSTEM, name, PW, role, full_name=name)
    return users.sign_in(db, name, PW)


def _tip(db: Database, home: DataHome, who: Informant = WHO) -> str:
    officer = users.Identity(0, "canbo1", "Cán bộ", "officer")
    with db.session() as s:
        return tips.add(s, officer, home, channel="phone", content="Tố giác điểm đánh bạc",
                        informant=who).number


def _key_version(db: Database, number: str) -> int:
    with db.read() as s:
        row = s.get(TipInformant, tips.get(s, number).id)
        assert row is not None
        return int(row.key_version)


def _window(qtbot: QtBot, db: Database, home: DataHome, who: Identity) -> MainWindow:
    w = MainWindow(db, who, home, features=("controlroom.ui.tips",))
    qtbot.addWidget(w)
    return w


def _tips_action(w: MainWindow, name: str) -> QAction | None:
    return next((a for a in w.menus["tips"].actions() if a.objectName() == name), None)


def _when_modal(kind: type, then: Callable[[QWidget], None]) -> None:
    """Run `then` on the next modal widget of `kind` (polls; the dialog is exec()ed)."""
    def poll() -> None:
        top = QApplication.activeModalWidget()
        if isinstance(top, kind):
            then(top)
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(20, poll)


def _after(cond: Callable[[], bool], then: Callable[[], None]) -> None:
    def poll() -> None:
        if cond():
            then()
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(20, poll)


def _close_button(dlg: QWidget) -> QWidget:
    box = dlg.findChild(QDialogButtonBox)
    assert box is not None
    close = box.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None
    return close


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Call the returned function to take the OS keyring away (as tests/evidence does)."""
    import keyring.core

    def take() -> None:
        monkeypatch.delenv("CONTROLROOM_KEYRING")
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        keyring.core.init_backend()

    yield take
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keyring.core.init_backend()


@pytest.mark.usefixtures("vi")
def test_admin_rotates_the_key_from_the_tips_menu(qtbot: QtBot, sqlite_db: Database,
                                                  home: DataHome) -> None:
    db = sqlite_db
    leader = _identity(db, "totruong", "leader")
    admin = _identity(db, "quantri", "admin")
    n1, n2 = _tip(db, home), _tip(db, home, Informant("Trần Văn Đức", "0911000222"))
    assert tips.reveal(db, leader, home, n1, "trước khi đổi khóa") == WHO
    old = _key_version(db, n1)
    w = _window(qtbot, db, home, admin)
    action = _tips_action(w, ROTATE)
    assert action is not None
    assert action.text() == "Đổi khóa mã hóa danh tính người báo tin…"
    seen: dict[str, object] = {}

    def drive(dlg: QWidget) -> None:
        assert isinstance(dlg, RotateKeyDialog)
        seen["title"] = dlg.windowTitle()
        seen["explain"] = dlg.explain.text()
        seen["state"] = dlg.state.text()
        seen["size"] = (dlg.width(), dlg.height())
        QTest.mouseClick(dlg.rotate_btn, Qt.MouseButton.LeftButton)
        # busy: a bar, buttons off, Esc / Close / the window's X do nothing until done
        seen["busy"] = (dlg.busy, dlg.progress.isVisibleTo(dlg), dlg.rotate_btn.isEnabled(),
                        _close_button(dlg).isEnabled())
        seen["busy_status"] = dlg.status.text()
        dlg.reject()
        dlg.close()
        seen["still_open"] = dlg.isVisible()

        def finished() -> None:
            seen["status"] = dlg.status.text()
            seen["after"] = (dlg.progress.isVisibleTo(dlg), dlg.rotate_btn.isEnabled(),
                             dlg.state.text())
            QTest.mouseClick(_close_button(dlg), Qt.MouseButton.LeftButton)

        _after(lambda: not dlg.busy, finished)

    _when_modal(RotateKeyDialog, drive)
    action.trigger()  # exec() returns when the test's timer closes the dialog

    assert seen["title"] == "Đổi khóa mã hóa danh tính người báo tin"
    explain = str(seen["explain"])
    assert "kho khóa của hệ điều hành" in explain and "vẫn giữ trong kho khóa" in explain
    assert "Hoàng" not in explain
    assert seen["state"] == f"Khóa hiện tại: phiên bản {old}. Số danh tính đang lưu: 2."
    width, height = seen["size"]  # type: ignore[misc]
    assert width <= 1366 and height <= 768
    assert seen["busy"] == (True, True, False, False)
    assert "Đang đổi khóa" in str(seen["busy_status"]) and seen["still_open"] is True
    new = old + 1
    assert seen["status"] == (f"Xong: khóa hiện là phiên bản {new}; khóa dữ liệu của 2 danh "
                              "tính đang lưu đã được bọc lại bằng khóa mới. Việc đổi khóa đã "
                              "được ghi vào nhật ký kiểm toán.")
    assert seen["after"] == (False, False, f"Khóa hiện tại: phiên bản {new}. Số danh tính "
                                           f"đang lưu: 2. Các phiên bản đã ngừng dùng: {old}.")
    assert "phiên bản 2" in w.statusBar().currentMessage()
    assert _key_version(db, n1) == _key_version(db, n2) == new
    # the identity revealed before still decrypts to the same text
    assert tips.reveal(db, leader, home, n1, "sau khi đổi khóa") == WHO
    assert tips.reveal(db, leader, home, n2, "sau khi đổi khóa") == Informant(
        "Trần Văn Đức", "0911000222")
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "tip_key.rotate")).one()
        assert entry.actor == "quantri" and entry.object_id == str(new)
        assert json.loads(entry.detail) == {"rewrapped": 2, "retired": [old]}
        assert "Hoàng" not in entry.detail
        assert audit.verify(s).ok
    w.close()


@pytest.mark.usefixtures("vi")
@pytest.mark.parametrize("role", ["officer", "leader"])
def test_only_an_admin_has_the_rotate_action(qtbot: QtBot, sqlite_db: Database,
                                             home: DataHome, role: str) -> None:
    db = sqlite_db
    n = _tip(db, home)
    who = _identity(db, "nguoidung", role)
    w = _window(qtbot, db, home, who)
    assert _tips_action(w, "tipRegisterAction") is not None
    assert _tips_action(w, ROTATE) is None
    assert w.findChild(QAction, ROTATE) is None
    # reached anyway (e.g. by code), the feature refuses with the translated role message
    feature = w.features["controlroom.ui.tips"]
    assert isinstance(feature, TipsFeature)
    seen: list[str] = []

    def dismiss(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    _when_modal(QMessageBox, dismiss)
    assert feature.rotate_key() is None
    assert seen == ["Việc này cần quyền Quản trị viên."]
    v = _key_version(db, n)
    # and the dialog itself, built by hand, gets the vault's refusal: nothing rotated
    dlg = RotateKeyDialog(db, who, home)
    qtbot.addWidget(dlg)
    assert dlg.start()
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.failed and dlg.new_version is None
    assert dlg.status.text() == ("Chưa đổi được khóa; các danh tính đang lưu không thay đổi. "
                                 "Việc này cần quyền Quản trị viên.")
    assert _key_version(db, n) == v
    w.close()


@pytest.mark.parametrize(("lang", "words"), [
    ("vi", ("Chưa đổi được khóa; các danh tính đang lưu không thay đổi.",
            "Không có kho khóa an toàn của hệ điều hành")),
    ("en", ("The key was not rotated; the stored identities are unchanged.",
            "No secure OS keyring is available")),
])
def test_rotation_without_a_keyring_shows_the_translated_error(
        qtbot: QtBot, sqlite_db: Database, home: DataHome,
        no_keyring: Callable[[], None], lang: str, words: tuple[str, str]) -> None:
    db = sqlite_db
    uiapp.set_language(home, lang)  # the window starts in the language of the data home
    n = _tip(db, home)
    old = _key_version(db, n)
    admin = _identity(db, "quantri", "admin")
    w = _window(qtbot, db, home, admin)
    action = _tips_action(w, ROTATE)
    assert action is not None
    no_keyring()
    seen: dict[str, object] = {}

    def drive(dlg: QWidget) -> None:
        assert isinstance(dlg, RotateKeyDialog)
        QTest.mouseClick(dlg.rotate_btn, Qt.MouseButton.LeftButton)

        def failed() -> None:
            seen["status"] = dlg.status.text()
            seen["state"] = (dlg.failed, dlg.new_version, dlg.rotate_btn.isEnabled(),
                             dlg.progress.isVisibleTo(dlg), "b3261e" in dlg.status.styleSheet())
            dlg.reject()

        _after(lambda: not dlg.busy, failed)

    _when_modal(RotateKeyDialog, drive)
    action.trigger()
    status = str(seen["status"])
    assert status.startswith(words[0]) and words[1] in status
    assert seen["state"] == (True, None, True, False, True)  # may be tried again
    assert w.statusBar().currentMessage() == ""
    assert _key_version(db, n) == old
    with db.read() as s:
        actions = set(s.scalars(select(AuditEntry.action)))
    assert "tip_key.rotate" not in actions
    w.close()


@pytest.mark.usefixtures("vi")
def test_rotate_action_follows_a_language_switch(qtbot: QtBot, sqlite_db: Database,
                                                 home: DataHome) -> None:
    admin = _identity(sqlite_db, "quantri", "admin")
    uiapp.set_language(home, "vi")
    w = _window(qtbot, sqlite_db, home, admin)
    action = _tips_action(w, ROTATE)
    assert action is not None and action.text().startswith("Đổi khóa")
    w.switch_language("en")  # the window retranslates on the LanguageChange event
    qtbot.waitUntil(lambda: action.text() == "Rotate informant-identity key…")
    w.switch_language("vi")
    qtbot.waitUntil(lambda: action.text() == "Đổi khóa mã hóa danh tính người báo tin…")
    w.close()


@pytest.mark.usefixtures("vi")
def test_leader_erases_an_informant_from_the_register(qtbot: QtBot, sqlite_db: Database,
                                                      home: DataHome) -> None:
    """Register → "Reveal informant…" → "Erase identity for good…" → reason → confirm."""
    db = sqlite_db
    officer = _identity(db, "canbo2", "officer")
    leader = _identity(db, "totruong", "leader")
    n = _tip(db, home)
    plain = TipRegister(db, officer, home)
    qtbot.addWidget(plain)
    plain.table.selectRow(0)
    officer_view = plain.reveal_dialog()
    assert isinstance(officer_view, RevealDialog)
    qtbot.addWidget(officer_view)
    assert not officer_view.erase_btn.isVisibleTo(officer_view)
    register = TipRegister(db, leader, home)
    qtbot.addWidget(register)
    register.table.selectRow(0)
    seen: list[str] = []
    outcome: dict[str, object] = {}

    def answer(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
        def click(box: QWidget) -> None:
            assert isinstance(box, QMessageBox) and box.objectName() == "eraseConfirm"
            seen.append(box.text())
            b = box.button(button)
            assert b is not None
            seen.append(b.text())
            b.click()
        return click

    def erase(dlg: QWidget) -> None:
        assert isinstance(dlg, EraseInformantDialog)
        seen.append(dlg.windowTitle())
        assert not dlg.erase_btn.isEnabled()  # no reason yet
        dlg.reason.setPlainText("Người báo tin đề nghị xóa; vụ việc đã kết thúc")
        assert dlg.erase_btn.isEnabled()
        _when_modal(QMessageBox, answer(QMessageBox.StandardButton.No))
        QTest.mouseClick(dlg.erase_btn, Qt.MouseButton.LeftButton)  # asked, answered No
        assert dlg.erased is None
        _when_modal(QMessageBox, answer(QMessageBox.StandardButton.Yes))
        QTest.mouseClick(dlg.erase_btn, Qt.MouseButton.LeftButton)
        seen.append(dlg.status.text())
        assert not dlg.erase_btn.isEnabled() and dlg.reason.isReadOnly()
        dlg.reject()

    def informant(dlg: QWidget) -> None:
        assert isinstance(dlg, RevealDialog)
        assert dlg.erase_btn.isVisibleTo(dlg)
        seen.append(dlg.erase_btn.text())
        dlg.reason.setPlainText("Đối chiếu trước khi xóa")
        assert dlg.reveal() and dlg.values[0].text() == WHO.name
        _when_modal(EraseInformantDialog, erase)
        QTest.mouseClick(dlg.erase_btn, Qt.MouseButton.LeftButton)
        # erased: nothing of the identity stays on screen
        outcome["after"] = ([v.text() for v in dlg.values], dlg.result_box.isVisibleTo(dlg),
                            dlg.erase_btn.isEnabled(), dlg.status.text(), dlg.erased)
        dlg.reject()

    _when_modal(RevealDialog, informant)
    register.reveal_selected()
    assert seen[0] == "Xóa vĩnh viễn danh tính…"
    assert seen[1] == f"Xóa danh tính người báo tin của tin báo {n}"
    assert seen[2] == seen[4] == (f"Xóa vĩnh viễn danh tính người báo tin của tin báo {n}? "
                                  "Không thể hoàn tác.")
    assert (seen[3], seen[5]) == ("&Không", "&Có")
    done = "Đã xóa danh tính người báo tin; việc xóa đã được ghi vào nhật ký kiểm toán."
    assert seen[6] == done
    assert outcome["after"] == (["", "", "", ""], False, False, done, True)
    assert tips.reveal(db, leader, home, n, "kiểm tra sau khi xóa") is None
    with db.read() as s:
        assert s.get(TipInformant, tips.get(s, n).id) is None
        entry = s.scalars(select(AuditEntry)
                          .where(AuditEntry.action == "tip.erase_informant")).one()
        assert entry.actor == "totruong" and entry.object_id == n
        assert json.loads(entry.detail) == {
            "reason": "Người báo tin đề nghị xóa; vụ việc đã kết thúc", "erased": True}
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.object_id == n)
                                 .order_by(AuditEntry.id)))
    assert actions == ["tip.add", "tip.reveal", "tip.erase_informant", "tip.reveal"]


@pytest.mark.usefixtures("vi")
def test_erase_refusals_are_shown_and_audited(qtbot: QtBot, sqlite_db: Database,
                                             home: DataHome) -> None:
    db = sqlite_db
    officer = _identity(db, "canbo2", "officer")
    leader = _identity(db, "totruong", "leader")
    n = _tip(db, home)
    dlg = EraseInformantDialog(db, officer, n)  # no button for an officer; built by hand
    qtbot.addWidget(dlg)
    dlg.reason.setPlainText("tự ý")
    assert dlg.erase() is False  # refused before any question is asked
    assert dlg.status.text() == "Việc này cần quyền Tổ trưởng / Chỉ huy."
    blank = EraseInformantDialog(db, leader, n)
    qtbot.addWidget(blank)
    assert blank.erase() is False
    assert blank.status.text() == "Xóa danh tính cần ghi lý do."
    with db.read() as s:
        refused = [json.loads(e.detail) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "tip.erase_informant_refused")
            .order_by(AuditEntry.id))]
        assert s.get(TipInformant, tips.get(s, n).id) is not None
    assert [r["why"] for r in refused] == ["role", "no_reason"]
    assert tips.reveal(db, leader, home, n, "vẫn còn") == WHO
