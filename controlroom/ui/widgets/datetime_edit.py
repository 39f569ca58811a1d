"""One date-time field for every form: the officer types "30/11/2026 08:35" and it works.

Qt's QDateTimeEdit sends typed digits to whichever section holds the cursor (often the
seconds after a click), so a time typed as it is written on paper ends up garbled. This
is a plain line edit instead: the first character typed replaces the whole value,
wherever the cursor is (arrow keys, Backspace or a selection switch to editing in place),
and the text is read with `timeutil.parse_time` after a light normalisation, so
`30/11/2026 08:35`, `30/11/2026 8:35`, `30-11-2026 08.35`, `30/11/2026` (midnight),
`301120260835` and ISO 8601 are all accepted. The value is local time in the post's zone
and read back as aware UTC. A calendar button picks the date and keeps the time. An
unreadable text is shown in red with the reason as tooltip; `value()` then raises the
bilingual InvalidInput.

    edit = DateTimeEdit(utcnow(), zone=window.time_zone)
    edit.value_changed.connect(...)   # emitted with the UTC datetime when it is valid
    start = edit.value()              # aware UTC or InvalidInput
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLineEdit,
    QMenu,
    QStyle,
    QWidget,
    QWidgetAction,
)

from controlroom.errors import UserError
from controlroom.timeutil import DEFAULT_TZ, as_utc, format_local, parse_time, to_local, tz

_LOOSE = re.compile(
    r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
    r"(?:\s*[ T,]\s*(\d{1,2})(?:\s*[:hH.]\s*(\d{1,2}))?(?:\s*[:.]\s*(\d{1,2}))?)?\s*$")
_DIGITS = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*(\d{2})?(\d{2})?(\d{2})?\s*$")


def normalise(text: str) -> str:
    """`30-11-2026 8h35` → `30/11/2026 08:35`; other text is returned unchanged."""
    m = _LOOSE.match(text) or _DIGITS.match(text)
    if not m:
        return text
    d, mo, y, h, mi, s = m.groups()
    out = f"{int(d):02d}/{int(mo):02d}/{y}"
    if h is not None:
        out += f" {int(h):02d}:{int(mi or 0):02d}"
        if s is not None:
            out += f":{int(s):02d}"
    return out


def parse_local(text: str, zone: str = DEFAULT_TZ) -> datetime:
    """Typed text → aware UTC datetime, or InvalidInput naming the text."""
    return parse_time(normalise(text), zone)


class DateTimeEdit(QLineEdit):
    """A date and time typed as dd/MM/yyyy HH:mm[:ss], local to `zone`."""

    value_changed = Signal(object)  # aware UTC datetime, whenever a valid value changes

    def __init__(self, value: datetime | None = None, zone: str = DEFAULT_TZ,
                 seconds: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.seconds = seconds
        self._last: datetime | None = None
        self._error: UserError | None = None
        self._fresh = True  # the next character typed replaces the whole value
        self.setPlaceholderText("dd/mm/yyyy hh:mm" + (":ss" if seconds else ""))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/0000 00:00:00") + 48)
        self._calendar_action = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView), "",
            self)
        self._calendar_action.setObjectName("calendarAction")
        self.addAction(self._calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self._calendar_action.triggered.connect(self.show_calendar)
        self.textChanged.connect(self._on_text)
        self.editingFinished.connect(self._tidy)
        self._retranslate()
        if value is not None:
            self.set_value(value)

    # -- value ---------------------------------------------------------------------------
    def set_value(self, value: datetime) -> None:
        self.setText(format_local(as_utc(value), self.zone, seconds=self.seconds))
        self._fresh = True

    def value(self) -> datetime:
        """The value as aware UTC; InvalidInput (bilingual) when the text cannot be read."""
        return parse_local(self.text(), self.zone)

    def is_valid(self) -> bool:
        return self._error is None

    def error(self) -> UserError | None:
        return self._error

    def _on_text(self, text: str) -> None:
        try:
            value = parse_local(text, self.zone)
        except UserError as e:
            self._error = e
            self.setStyleSheet("QLineEdit { border: 1px solid #d32f2f; background: #fdecea; }")
            self.setToolTip(str(e))
            return
        self._error = None
        self.setStyleSheet("")
        self._retranslate()
        if value != self._last:
            self._last = value
            self.value_changed.emit(value)

    def _tidy(self) -> None:
        """After editing, show the value in the one format (8:35 → 08:35:00)."""
        if self._error is None and self.text().strip():
            text = format_local(self.value(), self.zone, seconds=self.seconds)
            if text != self.text():
                self.setText(text)

    # -- typing replaces the whole value ------------------------------------------------------
    # Like a spreadsheet cell: the first character typed after the field gets focus (or gets
    # a value) replaces the whole value, wherever a click put the cursor. Arrow keys,
    # Backspace, Delete or a selection switch to editing the text in place.
    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's naming
        super().focusInEvent(event)
        self._fresh = True
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                              Qt.FocusReason.ShortcutFocusReason):
            QTimer.singleShot(0, self, self.selectAll)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's naming
        text = event.text()
        typed = bool(text) and text.isprintable() and not (
            event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.AltModifier))
        if typed and self._fresh and not self.isReadOnly():
            self.selectAll()  # the typed character replaces everything
        if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return,
                               Qt.Key.Key_Enter, Qt.Key.Key_Shift, Qt.Key.Key_Control,
                               Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            self._fresh = False
        super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's naming
        super().mouseMoveEvent(event)
        if self.hasSelectedText():  # a drag-selection: the officer edits a part
            self._fresh = False

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseDoubleClickEvent(event)
        self._fresh = False

    # -- calendar ------------------------------------------------------------------------
    def show_calendar(self) -> QCalendarWidget:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar = QCalendarWidget(menu)
        calendar.setObjectName("dateTimeCalendar")
        calendar.setGridVisible(True)
        current = self._current_local()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def picked(date: QDate) -> None:
            now = self._current_local()
            local = now.replace(year=date.year(), month=date.month(), day=date.day())
            self.set_value(local.astimezone(tz("UTC")))
            menu.close()

        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        return calendar

    def _current_local(self) -> datetime:
        try:
            return to_local(self.value(), self.zone)
        except UserError:
            return to_local(self._last or datetime.now(tz(self.zone)), self.zone)

    # -- language ------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self._calendar_action.setToolTip(self.tr("Choose the date on a calendar"))
        if self._error is None:
            self.setToolTip(self.tr("Type the date and time as dd/mm/yyyy hh:mm, e.g. "
                                    "30/11/2026 08:35"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's naming
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self._error is not None:
                self.setToolTip(str(self._error))
        super().changeEvent(event)

