"""Switching the language at run time leaves no word of the other language anywhere in the
main window: every feature of UI_FEATURES installed as the application does it, in a
real window at 1366×768 and 1920×1080 under Xvfb. The texts after a switch are exactly
those of a window started in that language."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records import settings, users
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.ui import app as uiapp
from controlroom.ui import live
from controlroom.ui.main_window import MainWindow
from controlroom.ui.tile import CameraStatus

PW = "matkhau-2026"
# Letters that only Vietnamese uses (the data of this test is plain ASCII).
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữự"
                        "ỳýỷỹỵ]", re.IGNORECASE)
# Words of the English catalogue sources that must not stay after switching to Vietnamese.
ENGLISH = re.compile(r"\b(Layout|Page|Tour|every|Snapshot|Search|Camera list|Manage|Export|"
                     r"Playback|Extract|Custody|Settings|Users|Sign out|Lock|About|Offline|"
                     r"Connecting|Live|Next|Previous|Save view|Open view|Reload|Shift|"
                     r"Incidents|Cameras|Administration)\b")


class StubSource:
    """A recorder that is reachable and reports every camera offline (no players)."""

    def live_url(self, camera_id: int, stream: str) -> str:
        return f"http://127.0.0.1:9/{camera_id}/{stream}"

    since = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)

    def status(self) -> dict[int, CameraStatus]:
        return {cid: CameraStatus("offline", self.since, False, "") for cid in range(1, 20)}


@pytest.fixture
def officer(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    with sqlite_db.session() as s:
        users.create(s, users.SYSTEM, "canbo1", PW, "leader", full_name="Le Duc Thang")
        users.create(s, users.SYSTEM, "quantri", PW, "admin", full_name="Admin")
        s.add_all([Camera(uid=str(uuid.uuid4()), name=f"Gate {i}", code=f"G{i}",
                          location="North", sub_url=f"rtsp://10.0.0.{i}/sub")
                   for i in range(1, 4)])
    admin = users.sign_in(sqlite_db, "quantri", PW)
    with sqlite_db.session() as s:
        settings.set_value(s, admin, "post_name", "Post 7")
    monkeypatch.setattr(live, "RecorderSource", lambda _home: StubSource())
    yield users.sign_in(sqlite_db, "canbo1", PW)


def visible_texts(w: MainWindow) -> list[str]:
    """Every text a user can see or hover in the window, its menus and docks."""
    out: list[str] = [w.windowTitle()]
    for child in w.findChildren(QWidget):
        if not child.isVisibleTo(w) or child.objectName() == "statusClock":
            continue
        if isinstance(child, (QLabel, QAbstractButton)):
            out.append(child.text())
        elif isinstance(child, QLineEdit):
            out += [child.text(), child.placeholderText()]
        elif isinstance(child, QGroupBox):
            out.append(child.title())
        elif isinstance(child, QComboBox):
            out += [child.itemText(i) for i in range(child.count())]
        elif isinstance(child, QDockWidget):
            out.append(child.windowTitle())
        out.append(child.toolTip())

    def menu_texts(menu: QMenu) -> None:
        out.append(menu.title())
        for a in menu.actions():
            out.extend([a.text(), a.toolTip()])
            if a.menu() is not None:
                menu_texts(a.menu())  # type: ignore[arg-type]

    for menu in w.menus.values():
        menu_texts(menu)
    for a in w.findChildren(QAction):
        out.append(a.text())
    # A language's own name is written in that language in both menus. Figures (clock,
    # free disk, "updated at") move between two looks: only the words are compared.
    return sorted(re.sub(r"\d", "0", t) for t in out if t and t != "Tiếng Việt")


def _open(qtbot: QtBot, db: Database, home: DataHome, ident: object,
          size: tuple[int, int]) -> MainWindow:
    w = MainWindow(db, ident, home)  # type: ignore[arg-type]
    qtbot.addWidget(w)
    w.showNormal()
    w.resize(*size)
    qtbot.waitExposed(w)
    # panels that load in the background (dashboard) first say "Loading…"
    loading = {"Loading…", "Đang tải…"}
    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(lambda: not loading & set(visible_texts(w)), timeout=10000)
    qtbot.wait(50)
    return w


def _settle(qtbot: QtBot, done: Callable[[], bool]) -> None:
    with contextlib.suppress(qtbot.TimeoutError):  # the assertion after shows the difference
        qtbot.waitUntil(done, timeout=3000)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_runtime_switch_matches_a_fresh_start(qtbot: QtBot, sqlite_db: Database,
                                              home: DataHome, officer: object,
                                              size: tuple[int, int]) -> None:
    uiapp.set_language(home, "en")
    fresh_en = _open(qtbot, sqlite_db, home, officer, size)
    english = visible_texts(fresh_en)
    fresh_en.close(force=True)
    assert not [t for t in english if VIETNAMESE.search(t)]

    uiapp.set_language(home, "vi")
    w = _open(qtbot, sqlite_db, home, officer, size)
    vietnamese = visible_texts(w)
    assert "Bố cục" in vietnamese and "Chụp ảnh" in vietnamese
    assert not [t for t in vietnamese if ENGLISH.search(t)]

    w.switch_language("en")
    _settle(qtbot, lambda: visible_texts(w) == english)
    assert visible_texts(w) == english
    assert not [t for t in visible_texts(w) if VIETNAMESE.search(t)]

    w.switch_language("vi")
    _settle(qtbot, lambda: visible_texts(w) == vietnamese)
    assert visible_texts(w) == vietnamese
    w.close(force=True)


def _texts_of(widget: QWidget) -> list[str]:
    out = [widget.windowTitle()]
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, (QLabel, QAbstractButton)):
            out.append(child.text())
        elif isinstance(child, QLineEdit):
            out.append(child.placeholderText())
        elif isinstance(child, QComboBox):
            out += [child.itemText(i) for i in range(child.count())]
        out.append(child.toolTip())
    return [t for t in out if t]


def test_qt_own_dialogs_speak_vietnamese(qtbot: QtBot, vi: None, tmp_path: object) -> None:
    """Qt ships no Vietnamese catalogue: the file chooser (Qt's own, not the desktop's),
    standard buttons and the text-field menu come from resources/i18n/vi/qtbase.ts."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox

    uiapp.create_application()
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    dlg = QFileDialog(None, "Chọn thư mục", str(tmp_path))
    dlg.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    texts = _texts_of(dlg)
    for header in dlg.findChildren(QHeaderView):
        model = header.model()
        if header.isVisibleTo(dlg) and model is not None:
            texts += [str(model.headerData(i, header.orientation()))
                      for i in range(header.count())]
    assert "&Chọn" in texts and "&Tìm trong:" in texts and "Hủy" in texts
    assert "Tên" in texts and "Kích thước" in texts
    english = {"&Choose", "Cancel", "Look in:", "Directory:", "Files of type:", "Name",
               "Size", "Type", "Date Modified", "Back", "Forward", "Detail View"}
    assert not english & set(texts), english & set(texts)
    dlg.reject()

    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Tiếp tục?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["&Có", "&Không", "Hủy", "Đồng ý"]

    edit = QLineEdit("chữ")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    assert menu is not None
    items = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    assert items[:3] == ["&Hoàn tác", "&Làm lại", "&Cắt"]
    assert "Chọn tất cả" in items and not {"Select All", "&Copy", "&Paste"} & set(items)
