"""The shift dock holds the roster's shift panel AND the tip deadlines: an overdue tip is
seen by the desk at 1366×768 whichever feature is installed first."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QSplitter, QTreeWidget
from pytestqt.qtbot import QtBot

from controlroom.paths import DataHome
from controlroom.records import roster, tips, users
from controlroom.records.db import Database
from controlroom.records.users import SYSTEM
from controlroom.timeutil import format_local, utcnow
from controlroom.ui.main_window import UI_FEATURES, MainWindow
from controlroom.ui.roster import ShiftPanel
from controlroom.ui.tips import TipDeadlines

PW = "matkhau-2026"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng"]


def _month(offset: int = 0) -> str:
    now = utcnow() + timedelta(hours=7)
    m = now.month - 1 + offset
    return f"{now.year + m // 12:04d}-{m % 12 + 1:02d}"


@pytest.mark.parametrize("order", ["real", "roster_first"])
def test_overdue_tip_shows_in_the_shift_dock_beside_the_shift_panel(
        qtbot: QtBot, sqlite_db: Database, home: DataHome, vi: None, order: str) -> None:
    db = sqlite_db
    with db.session() as s:
        for i, name in enumerate(NAMES):
            users.create(s, SYSTEM, f"cb{i}", PW, "leader" if i < 2 else "officer",
                         full_name=name)
            roster.add_officer(s, SYSTEM, name, posts="desk,leader" if i < 2 else "desk",
                               user=f"cb{i}", rank="Thượng úy")
    for month in (_month(), _month(1)):  # near a month end "now" may be in the next one
        with db.session() as s:
            roster.generate(s, SYSTEM, month, seconds=2)
    officer = users.sign_in(db, "cb2", PW)
    received = utcnow() - timedelta(hours=30)
    with db.session() as s:
        tips.add(s, officer, home, channel="phone", content="Báo có người lạ ở bãi sông",
                 received_at=received)  # hand-off (24 h) overdue
        tips.add(s, officer, home, channel="letter", content="Thư phản ánh tiếng ồn",
                 received_at=utcnow() - timedelta(hours=1))  # nothing due yet
    features = ("controlroom.ui.tips", "controlroom.ui.roster")
    assert UI_FEATURES.index(features[0]) < UI_FEATURES.index(features[1])  # the real order
    if order == "roster_first":
        features = features[::-1]
    w = MainWindow(db, officer, home, features=features)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)

    sections = w.shift_dock.widget()
    assert isinstance(sections, QSplitter) and sections.objectName() == "shiftDockSections"
    assert isinstance(sections.widget(0), ShiftPanel)  # the shift panel stays on top
    assert isinstance(sections.widget(1), TipDeadlines)
    panel = sections.widget(0)
    assert panel.isVisible() and panel.current.isVisible() and panel.current.text()
    tree = w.shift_dock.findChild(QTreeWidget, "tipDeadlineList")
    assert tree is not None and tree.isVisible()
    assert tree.topLevelItemCount() == 1
    item = tree.topLevelItem(0)
    assert item.text(0) == "TB-0001/2026"
    assert item.text(1) == tips.ALERT_NAMES["handoff_overdue"][0]
    due = received + timedelta(hours=24)  # the narrow column says "HH:MM dd/MM"
    assert item.toolTip(2) == format_local(due, seconds=False)
    assert item.text(2) == f"{item.toolTip(2)[-5:]} {item.toolTip(2)[:5]}"
    # really on screen: the row lies inside the list's viewport, which has room for it
    rect = tree.visualItemRect(item)
    assert rect.height() > 0 and tree.viewport().rect().contains(rect.topLeft())
    assert rect.bottom() <= tree.viewport().height()
    assert w.shift_dock.isVisible() and not w.shift_dock.isFloating()
    out = os.environ.get("CONTROLROOM_SCREENSHOTS")
    if out and order == "real":
        w.grab().save(str(Path(out) / "shift-dock-tip-deadlines-1366.png"))
    w.close()
