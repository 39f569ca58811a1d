"""The shift dock at 1366×768 in both languages, in the application's font, with the
officers of the demo post: every line of the current shift (the on-call leader's too) is
shown whole, wrapped inside the dock, never cut off on the right or at the bottom."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.users import Identity
from controlroom.ui import app as uiapp
from controlroom.ui.main_window import MainWindow
from tests.ui import test_roster_ui
from tests.ui.test_roster_ui import _setup, _shot

# Long names as the demo post has them (the on-call leader's is the longest).
LONG_NAMES = ["Trần Thị Hồng Nhung", "Vũ Minh Tuấn", "Nguyễn Thị Phương Thảo",
              "Phạm Thị Thu Hà", "Đặng Quốc Việt", "Lê Đức Thắng"]


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[None]:
    """The font the application runs with (larger than the test default)."""
    before = qapp.font()
    qapp.setFont(uiapp._choose_font())
    yield
    qapp.setFont(before)


def _overflow(label: QLabel) -> int:
    """How many pixels of the label's text do not fit its width or height."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    if label.textFormat() == label.textFormat().PlainText:
        doc.setPlainText(label.text())
    else:
        doc.setHtml(label.text())
    rect = label.contentsRect()
    doc.setTextWidth(rect.width())
    wide = int(doc.idealWidth()) - rect.width()
    tall = label.heightForWidth(label.width()) - label.height()
    return max(wide, tall, 0)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_shift_dock_shows_the_whole_leader_line_at_1366(qtbot: QtBot, sqlite_db: Database,
                                                         home: DataHome, lang: str,
                                                         app_font: None,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(test_roster_ui, "NAMES", LONG_NAMES)
    _setup(sqlite_db)
    uiapp.set_language(home, lang)
    leader = Identity(0, "cb0", LONG_NAMES[0], "leader")
    w = MainWindow(sqlite_db, leader, home)  # every feature, as the application starts
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)
    panel = w.features["controlroom.ui.roster"].panel  # type: ignore[attr-defined]
    _shot(w, f"shift-dock-{lang}-1366.png")
    assert ("On-call leader" if lang == "en" else "Trực chỉ huy") in panel.current.text()
    for label in (panel.current, panel.next, panel.handover_state):
        assert label.wordWrap(), label.objectName()
        assert _overflow(label) == 0, (label.objectName(), label.text())
    w.close()
