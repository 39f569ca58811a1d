"""The shared date-time field: "30/11/2026 08:35" typed after a click anywhere in the
field (QDateTimeEdit sent the digits to the seconds) gives that local time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget, QFormLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from controlroom.errors import InvalidInput
from controlroom.ui.widgets.datetime_edit import DateTimeEdit, normalise, parse_local

WANTED = datetime(2026, 11, 30, 1, 35, tzinfo=UTC)  # 08:35 in Hà Nội


def _form(qtbot: QtBot, size: tuple[int, int]) -> tuple[QWidget, DateTimeEdit, DateTimeEdit]:
    w = QWidget()
    form = QFormLayout(w)
    start = DateTimeEdit(datetime(2026, 11, 29, 23, 10, 42, tzinfo=UTC))
    end = DateTimeEdit(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    form.addRow("Từ:", start)
    form.addRow("Đến:", end)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w, start, end


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_typing_a_time_after_a_click_just_works(qtbot: QtBot, size: tuple[int, int]) -> None:
    _w, start, end = _form(qtbot, size)
    seen: list[datetime] = []
    start.value_changed.connect(seen.append)
    # Click in the seconds (where QDateTimeEdit would have put the digits), then type.
    secs = start.fontMetrics().horizontalAdvance("29/11/2026 06:10:4")
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton,
                     pos=QPoint(secs + 4, start.height() // 2))
    qtbot.waitUntil(start.hasFocus)
    assert start.cursorPosition() > 14 and not start.hasSelectedText()
    qtbot.keyClicks(start, "30/11/2026 08:35")
    assert start.value() == WANTED and start.is_valid()
    assert seen[-1] == WANTED
    qtbot.keyClick(start, Qt.Key.Key_Tab)  # on to the next field: shown in the one format
    assert start.text() == "30/11/2026 08:35:00"
    qtbot.waitUntil(lambda: end.hasFocus() and end.selectedText() == end.text())
    qtbot.keyClicks(end, "30/11/2026 9:05")
    assert end.value() == datetime(2026, 11, 30, 2, 5, tzinfo=UTC)
    # Fixing one digit in place still works: End, Backspace, type.
    qtbot.keyClick(end, Qt.Key.Key_End)
    qtbot.keyClick(end, Qt.Key.Key_Backspace)
    qtbot.keyClicks(end, "7")
    assert end.value() == datetime(2026, 11, 30, 2, 7, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["30/11/2026 08:35", "30/11/2026 8:35", "30-11-2026 08.35",
                                   "30.11.2026 8h35", "301120260835", "2026-11-30T08:35",
                                   " 30/11/2026  08:35:00 "])
def test_forms_officers_write(typed: str) -> None:
    from controlroom.ui.widgets.datetime_edit import parse_local
    assert parse_local(typed) == WANTED, normalise(typed)


def test_unreadable_text_is_red_and_refused(qtbot: QtBot) -> None:
    _w, start, _end = _form(qtbot, (1366, 768))
    start.setText("31/02/2026 08:00")
    assert not start.is_valid() and "31/02/2026" in start.toolTip()
    with pytest.raises(InvalidInput):
        start.value()
    start.setText("28/02/2026 08:00")
    assert start.is_valid()


def test_calendar_picks_the_date_and_keeps_the_time(qtbot: QtBot) -> None:
    from PySide6.QtCore import QDate

    _w, start, _end = _form(qtbot, (1366, 768))
    start.setText("30/11/2026 08:35:00")
    calendar = start.show_calendar()
    assert isinstance(calendar, QCalendarWidget)
    calendar.clicked.emit(QDate(2026, 12, 2))
    assert start.text() == "02/12/2026 08:35:00"
    assert isinstance(start, QLineEdit)


@hsettings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789/-.:hH ,T", max_size=24), st.text(max_size=40)))
def test_whatever_is_typed_is_a_time_in_range_or_invalid_input(text: str) -> None:
    """The field's loose reading ends in the shared parser: same guarantee (issue 15)."""
    from controlroom.timeutil import MAX_YEAR, MIN_YEAR

    try:
        dt = parse_local(text)
    except InvalidInput:
        return
    assert dt.tzinfo is not None and MIN_YEAR - 1 <= dt.year <= MAX_YEAR + 1
