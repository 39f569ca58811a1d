"""Main window: Vietnamese menus, status bar, role gating, feature plug-in, geometry."""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import settings, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.records.users import Identity
from controlroom.timeutil import as_utc, utcnow
from controlroom.ui import app as uiapp
from controlroom.ui.feature import MissingFeatureError
from controlroom.ui.main_window import MENU_KEYS, MainWindow

PW = "matkhau-2026"


def _identity(db: Database, name: str, role: str, full_name: str) -> Identity:
    with db.session() as s:
        users.create(s, users.SYSTEM, name, PW, role, full_name=full_name)
    return users.sign_in(db, name, PW)


def _window(qtbot: QtBot, db: Database, home: DataHome, ident: Identity,
            **kw: object) -> MainWindow:
    w = MainWindow(db, ident, home, features=kw.pop("features", ()), **kw)  # type: ignore[arg-type]
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _titles(w: MainWindow) -> list[str]:
    return [w.menus[k].title().replace("&", "") for k in MENU_KEYS]


def test_vietnamese_menus_docks_and_status_bar(qtbot: QtBot, sqlite_db: Database,
                                               home: DataHome, vi: None) -> None:
    with sqlite_db.session() as s:
        settings.set_value(s, users.SYSTEM, "post_name", "Công an xã Tịnh Châu")
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    w = _window(qtbot, sqlite_db, home, ident)
    assert _titles(w) == ["Camera", "Xem lại", "Trích xuất", "Lịch trực", "Sổ vụ việc",
                          "Tin báo", "Báo cáo", "Quản trị"]
    assert [a.text() for a in w.menuBar().actions()][:2] == ["&Camera", "&Xem lại"]
    assert w.camera_dock.windowTitle() == "Camera"
    assert w.shift_dock.windowTitle() == "Ca trực"
    assert w.incident_dock.windowTitle() == "Vụ việc"
    assert w.status_user.text() == "Lê Đức Thắng"
    assert w.status_role.text() == "Cán bộ trực ban"
    assert w.status_post.text() == "Công an xã Tịnh Châu"
    assert not w.status_demo.isVisible()
    assert "Công an xã Tịnh Châu" in w.windowTitle()
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d):(\d\d)", w.status_clock.text())
    assert m, w.status_clock.text()
    shown = datetime.strptime(w.status_clock.text(), "%d/%m/%Y %H:%M:%S")
    hcm_now = (as_utc(utcnow()) + timedelta(hours=7)).replace(tzinfo=None)
    assert abs((hcm_now - shown).total_seconds()) < 120  # shown in UTC+7, not UTC


def test_demo_marker_and_english(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                 vi: None) -> None:
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    w = _window(qtbot, sqlite_db, home, ident, demo=True)
    assert w.status_demo.isVisible() and w.status_demo.text() == "DEMO"
    assert "DEMO" in w.windowTitle()
    w.switch_language("en")
    qtbot.waitUntil(lambda: w.menus["playback"].title() == "&Playback")
    assert _titles(w)[-1] == "Administration"
    assert w.status_role.text() == "Duty officer"
    assert uiapp.saved_language(home) == "en"


def test_officer_gets_no_admin_actions(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                       vi: None) -> None:
    officer = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    w = _window(qtbot, sqlite_db, home, officer)
    names = {a.objectName() for a in w.menus["admin"].actions()}
    assert "settingsAction" not in names and "usersAction" not in names
    assert {"lockAction", "aboutAction", "changePasswordAction"} <= names
    from controlroom.errors import PermissionDenied
    with pytest.raises(PermissionDenied):
        w.open_settings()
    admin = _identity(sqlite_db, "quantri", "admin", "Nguyễn Văn Quảng")
    w2 = _window(qtbot, sqlite_db, home, admin)
    names2 = {a.objectName() for a in w2.menus["admin"].actions()}
    assert {"settingsAction", "usersAction"} <= names2


@pytest.fixture
def feature_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "features"
    d.mkdir()
    sys.path.insert(0, str(d))
    yield d
    sys.path.remove(str(d))
    for name in ("crt_feature_ok", "crt_feature_broken_dep", "crt_feature_usererror",
                 "crt_feature_legacy"):
        sys.modules.pop(name, None)


def test_features_install_and_clean_up(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                       vi: None, feature_dir: Path) -> None:
    (feature_dir / "crt_feature_ok.py").write_text(textwrap.dedent("""
        from PySide6.QtWidgets import QLabel
        events = []
        def install(window):
            label = QLabel("grid")
            label.setObjectName("fakeGrid")
            window.set_center(label)
            window.menus["camera"].addAction("Lưới 3x3")
            window.closing.connect(lambda: events.append(("closing", label.isVisible())))
            class F:
                def retranslate(self):
                    pass
                def close(self):
                    events.append(("cleanup", True))
            return F()
    """))
    (feature_dir / "crt_feature_usererror.py").write_text(textwrap.dedent("""
        from controlroom.errors import UserError
        def install(window):
            raise UserError("Bộ ghi hình chưa chạy.", "The recorder is not running.")
    """))
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    with pytest.raises(MissingFeatureError):
        _window(qtbot, sqlite_db, home, ident, features=("crt_feature_missing_xyz",))
    # The old way (install glues things onto the window and returns nothing) is refused.
    (feature_dir / "crt_feature_legacy.py").write_text("def install(window):\n    pass\n")
    with pytest.raises(TypeError, match="not a Feature"):
        _window(qtbot, sqlite_db, home, ident, features=("crt_feature_legacy",))
    w = _window(qtbot, sqlite_db, home, ident,
                features=("crt_feature_ok", "crt_feature_usererror"))
    assert w.installed_features == ["crt_feature_ok"]
    assert w.statusBar().currentMessage() == "Bộ ghi hình chưa chạy."
    center = w.centralWidget()
    assert isinstance(center, QLabel) and center.objectName() == "fakeGrid"
    assert [a.text() for a in w.menus["camera"].actions()] == ["Lưới 3x3"]
    # Menus nobody filled say so instead of opening empty.
    assert [a.text() for a in w.menus["tips"].actions()] == ["(chưa có chức năng)"]
    import crt_feature_ok  # type: ignore[import-not-found]
    w.close()
    assert crt_feature_ok.events == [("closing", True), ("cleanup", True)]
    with sqlite_db.read() as s:
        last = s.execute(select(AuditEntry.action, AuditEntry.actor)
                         .order_by(AuditEntry.id.desc())).first()
    assert last is not None and tuple(last) == ("session.end", "canbo1")


def test_feature_with_missing_dependency_is_not_hidden(qtbot: QtBot, sqlite_db: Database,
                                                       home: DataHome, vi: None,
                                                       feature_dir: Path) -> None:
    (feature_dir / "crt_feature_broken_dep.py").write_text("import crt_no_such_dependency\n")
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    with pytest.raises(ModuleNotFoundError):
        _window(qtbot, sqlite_db, home, ident, features=("crt_feature_broken_dep",))


def test_geometry_is_remembered_in_the_data_home(qtbot: QtBot, sqlite_db: Database,
                                                 home: DataHome, vi: None) -> None:
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    fresh = _window(qtbot, sqlite_db, home, ident)
    fresh_size = (fresh.width(), fresh.height())
    fresh.close()
    (home.config / "ui.ini").unlink()
    w = _window(qtbot, sqlite_db, home, ident)
    w.resize(fresh_size[0] - 60, fresh_size[1] - 40)
    qtbot.waitUntil(lambda: (w.width(), w.height()) != fresh_size)
    changed = (w.width(), w.height())
    w.close()
    assert "geometry" in (home.config / "ui.ini").read_text()
    w2 = _window(qtbot, sqlite_db, home, ident)
    assert (w2.width(), w2.height()) == changed


def test_feature_protocol_retranslates_actions_and_closes(qtbot: QtBot, sqlite_db: Database,
                                                           home: DataHome, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """A feature's menu actions made with add_action follow a language switch; its
    retranslate() and close() are called by the window."""
    feature_dir = tmp_path / "features2"
    feature_dir.mkdir()
    monkeypatch.syspath_prepend(str(feature_dir))
    (feature_dir / "crt_feature_proto.py").write_text(textwrap.dedent("""
        from controlroom.ui import app as uiapp
        calls = []
        class F:
            def retranslate(self):
                calls.append(("retranslate", uiapp.translations.language))
            def close(self):
                calls.append(("close", None))
        def install(window):
            window.add_action(
                "tips",
                lambda: "Tin báo mới" if uiapp.translations.language == "vi" else "New tip",
                lambda: calls.append(("triggered", None)), shortcut="Ctrl+Shift+T",
                object_name="newTipAction")
            return F()
    """))
    uiapp.set_language(home, "vi")
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    w = _window(qtbot, sqlite_db, home, ident, features=("crt_feature_proto",))
    import crt_feature_proto  # type: ignore[import-not-found]
    from PySide6.QtGui import QAction
    action = w.findChild(QAction, "newTipAction")
    assert action is not None and action.text() == "Tin báo mới"
    action.trigger()
    uiapp.set_language(home, "en")
    qtbot.waitUntil(lambda: action.text() == "New tip")
    assert ("retranslate", "en") in crt_feature_proto.calls
    uiapp.set_language(home, "vi")
    qtbot.waitUntil(lambda: action.text() == "Tin báo mới")
    w.close()
    assert crt_feature_proto.calls[0] == ("triggered", None)
    assert crt_feature_proto.calls[-1] == ("close", None)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_closing_the_window_asks_and_says_recording_continues(
        qtbot: QtBot, sqlite_db: Database, home: DataHome, vi: None,
        size: tuple[int, int]) -> None:
    """The title-bar close (WM_DELETE_WINDOW, a spontaneous close) asks first and says the
    recorder keeps recording; programmatic closes (sign-out, Ctrl+C) do not ask."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    from tests.ui.x11 import wm_close

    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    w = _window(qtbot, sqlite_db, home, ident)
    w.resize(*size)
    seen: list[str] = []

    def answer(button: str) -> None:
        def click() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                if w.isVisible():
                    QTimer.singleShot(50, click)
                return
            seen.append(box.text())
            target = (box.findChild(QPushButton, "confirmCloseButton") if button == "close"
                      else box.button(QMessageBox.StandardButton.Cancel))
            assert target is not None
            seen.append(target.text())
            target.click()
        QTimer.singleShot(50, click)

    answer("cancel")
    wm_close(int(w.winId()))
    qtbot.waitUntil(lambda: len(seen) == 2)
    qtbot.wait(100)
    assert w.isVisible()
    assert "Trình ghi hình vẫn tiếp tục ghi" in seen[0] and "controlroom recorder stop" in seen[0]
    assert seen[1] == "Hủy"
    answer("close")
    wm_close(int(w.winId()))
    qtbot.waitUntil(lambda: not w.isVisible())
    assert seen[3] == "Đóng cửa sổ"


def test_demo_close_says_the_demo_ends(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                       vi: None) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    w = _window(qtbot, sqlite_db, home, ident, demo=True)
    texts: list[str] = []

    def cancel() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, cancel)
            return
        texts.append(box.text())
        box.reject()

    QTimer.singleShot(50, cancel)
    assert w.confirm_close() is False
    assert "Kết thúc bản demo?" in texts[0]
    assert w.close()  # a programmatic close does not ask


def test_demo_title_says_demo_once(qtbot: QtBot, sqlite_db: Database, home: DataHome,
                                   vi: None) -> None:
    from controlroom import demo as demo_data

    admin = _identity(sqlite_db, "quantri", "admin", "Nguyễn Văn Quảng")
    with sqlite_db.session() as s:
        settings.set_value(s, admin, "post_name", demo_data.DEMO_POST_NAME)
    w = _window(qtbot, sqlite_db, home, admin, demo=True)
    assert w.windowTitle().count("DEMO") == 1, w.windowTitle()
    assert w.windowTitle().endswith("Công an xã Tịnh Châu (DEMO)")
    with sqlite_db.session() as s:
        settings.set_value(s, admin, "post_name", "Công an phường 3")
    w.set_post_name("Công an phường 3")
    assert w.windowTitle().endswith("Công an phường 3 — DEMO")


def test_first_start_fills_the_screen_then_opens_where_left(
        qtbot: QtBot, sqlite_db: Database, home: DataHome, vi: None) -> None:
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")
    w = MainWindow(sqlite_db, ident, home, features=())
    qtbot.addWidget(w)
    w.show_desk()
    qtbot.waitExposed(w)
    screen = w.screen().availableGeometry()
    assert w.isMaximized()
    assert w.frameGeometry().width() >= screen.width() - 2
    assert w.frameGeometry().height() >= screen.height() - 2
    w.showNormal()
    size = (max(w.minimumSizeHint().width(), screen.width() - 100),
            max(w.minimumSizeHint().height(), screen.height() - 100))
    w.setGeometry(20, 20, *size)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == size)
    w.close()
    w2 = MainWindow(sqlite_db, ident, home, features=())
    qtbot.addWidget(w2)
    w2.show_desk()
    qtbot.waitExposed(w2)
    assert not w2.isMaximized() and (w2.width(), w2.height()) == size


def test_dock_section_splitter_sizes_are_remembered(qtbot: QtBot, sqlite_db: Database,
                                                    home: DataHome, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The boundary the officer drags between a dock's sections (shift panel above the tip
    deadlines) is where they left it in the next window, like the window's geometry."""
    from PySide6.QtWidgets import QSplitter

    feature_dir = tmp_path / "features3"
    feature_dir.mkdir()
    monkeypatch.syspath_prepend(str(feature_dir))
    (feature_dir / "crt_feature_sections.py").write_text(textwrap.dedent("""
        from PySide6.QtWidgets import QLabel
        class F:
            def retranslate(self):
                pass
            def close(self):
                pass
        def install(window):
            window.add_dock_section(window.shift_dock, QLabel("ca trực"), order=0, stretch=3)
            window.add_dock_section(window.shift_dock, QLabel("hạn tin báo"), order=50)
            return F()
    """))
    ident = _identity(sqlite_db, "canbo1", "officer", "Lê Đức Thắng")

    def window() -> tuple[MainWindow, QSplitter]:
        w = _window(qtbot, sqlite_db, home, ident, features=("crt_feature_sections",))
        w.resize(1366, 768)
        splitter = w.shift_dock.widget()
        assert isinstance(splitter, QSplitter)
        assert splitter.objectName() == "shiftDockSections"
        qtbot.waitUntil(lambda: sum(splitter.sizes()) > 200)
        return w, splitter

    first, splitter = window()
    default = splitter.sizes()
    total = sum(default)
    dragged = [total // 5, total - total // 5]  # far from the 3:1 default
    splitter.setSizes(dragged)
    dragged = splitter.sizes()
    assert abs(dragged[0] - default[0]) > 50
    first.close()
    assert "shiftDockSections" in (home.config / "ui.ini").read_text()
    second, splitter2 = window()
    qtbot.waitUntil(lambda: sum(splitter2.sizes()) == total)
    assert splitter2.sizes() == dragged
    second.close()
