"""Duty roster, shift dock, handover book and the leader's review queue.

Everything here arranges widgets over `records.roster` and `records.handover`: the month
grid (officers × days; click or keyboard to edit a day, drag one cell onto another to
swap), per-officer balances, the shift dock (current and next shift, check-in, late and
missing flags, handover state), the handover page and the review queue.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from controlroom.errors import InvalidInput, UserError
from controlroom.i18n import language
from controlroom.records import handover as ho
from controlroom.records import roster, roster_output
from controlroom.records import roster_calendar as cal
from controlroom.records import roster_check as chk
from controlroom.records.db import Database
from controlroom.records.models import User
from controlroom.records.users import Identity
from controlroom.timeutil import format_local, utcnow
from controlroom.ui.app import show_error

if TYPE_CHECKING:
    from controlroom.paths import DataHome
    from controlroom.ui.main_window import MainWindow

SHIFT_COLOURS = {"day": "#FFF3C4", "morning": "#FFF3C4", "evening": "#FFD9A8",
                 "night": "#C9DAF8"}
WEEKEND = "#E4E4E4"
HOLIDAY = "#F4B6B6"
UNCOVERED = "#FF8A8A"


_W = TypeVar("_W", bound=QWidget)


def _named(w: _W, name: str) -> _W:
    w.setObjectName(name)
    return w


def _lang() -> str:
    return language()


class GridTable(QTableWidget):
    """The month grid; a cell dropped onto another asks to swap the two."""

    swap_requested = Signal(int, int, int, int)  # from row, col, to row, col
    edit_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cellDoubleClicked.connect(self.edit_requested)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's naming
        src = self.currentIndex()
        dst = self.indexAt(event.position().toPoint())
        event.ignore()
        if src.isValid() and dst.isValid() and (src.row(), src.column()) != (dst.row(),
                                                                              dst.column()):
            self.swap_requested.emit(src.row(), src.column(), dst.row(), dst.column())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) \
                and self.currentRow() >= 0:
            self.edit_requested.emit(self.currentRow(), self.currentColumn())
            return
        super().keyPressEvent(event)


class AssignDialog(QDialog):
    """Edit one day: pick a slot and an officer; conflicts show at once."""

    def __init__(self, db: Database, identity: Identity, month: str, day: date,
                 officer_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.db, self.identity, self.month, self.day = db, identity, month, day
        self.slot = _named(QComboBox(), "slotCombo")
        self.officer = _named(QComboBox(), "officerCombo")
        self.reason = _named(QLineEdit(), "reasonEdit")
        self.conflicts = _named(QLabel(), "conflictLabel")
        self.conflicts.setWordWrap(True)
        self.conflicts.setStyleSheet("color: #b00020;")
        self.apply_btn = _named(QPushButton(), "applyButton")
        self.cancel_btn = _named(QPushButton(), "cancelButton")
        with db.read() as s:
            m = roster.get_month(s, month)
            self.published = m.status == "published"
            t = roster.month_template(m)
            for r in roster.assignments(s, m):
                if r.day == day:
                    who = roster._name(s, r.officer_id) or "—"
                    self.slot.addItem(f"{roster.shift_label(t, r.shift_key, _lang())} · "
                                      f"{roster.post_label(r.post, _lang())}: {who}",
                                      (r.id, r.officer_id))
            self.officer.addItem("—", None)
            for o in roster.list_officers(s, active_only=True):
                self.officer.addItem(o.full_name, o.id)
        for i in range(self.slot.count()):
            if self.slot.itemData(i)[1] == officer_id and officer_id is not None:
                self.slot.setCurrentIndex(i)
                break
        self.reason_label = QLabel()
        lay = QVBoxLayout(self)
        self.title = QLabel()
        lay.addWidget(self.title)
        lay.addWidget(self.slot)
        lay.addWidget(self.officer)
        lay.addWidget(self.reason_label)
        lay.addWidget(self.reason)
        lay.addWidget(self.conflicts)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.apply_btn)
        row.addWidget(self.cancel_btn)
        lay.addLayout(row)
        self.slot.currentIndexChanged.connect(self._slot_changed)
        self.officer.currentIndexChanged.connect(self.update_conflicts)
        self.apply_btn.clicked.connect(self.apply)
        self.cancel_btn.clicked.connect(self.reject)
        self.found: list[chk.Violation] = []
        self.retranslate()
        self._slot_changed()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit the roster"))
        self.title.setText(self.tr("Day %1").replace("%1", f"{self.day:%d/%m/%Y}"))
        self.reason_label.setText(self.tr("Reason (required once the month is published):"))
        self.apply_btn.setText(self.tr("Apply"))
        self.cancel_btn.setText(self.tr("Cancel"))

    def _slot_changed(self) -> None:
        data = self.slot.currentData()
        if data is None:
            return
        idx = self.officer.findData(data[1])
        self.officer.setCurrentIndex(max(idx, 0))
        self.update_conflicts()

    def update_conflicts(self) -> None:
        data, oid = self.slot.currentData(), self.officer.currentData()
        self.found = []
        if data is not None and oid is not None and oid != data[1]:
            with self.db.read() as s:
                self.found = list(roster.conflicts_if(s, data[0], oid))
        vi = _lang() == "vi"
        self.conflicts.setText("\n".join("⚠ " + (v.vi if vi else v.en) for v in self.found))
        self.apply_btn.setText(self.tr("Apply anyway") if self.found else self.tr("Apply"))

    def apply(self) -> None:
        data = self.slot.currentData()
        if data is None:
            return
        name = self.officer.currentText() if self.officer.currentData() is not None else None
        try:
            with self.db.session() as s:
                roster.set_assignment(s, self.identity, data[0], name,
                                      reason=self.reason.text().strip(),
                                      force=bool(self.found))
        except UserError as e:
            show_error(self, e)
            return
        self.accept()


class LeaveDialog(QDialog):
    """Record leave, a business trip or sickness for an officer (then Repair re-plans)."""

    def __init__(self, db: Database, identity: Identity, first: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leaveDialog")
        self.db, self.identity = db, identity
        self.officer = _named(QComboBox(), "leaveOfficer")
        with db.read() as s:
            for o in roster.list_officers(s, active_only=True):
                self.officer.addItem(o.full_name)
        self.kind = _named(QComboBox(), "leaveKind")
        for key, (vi, en) in roster.LEAVE_NAMES.items():
            self.kind.addItem(vi if _lang() == "vi" else en, key)
        q = QDate(first.year, first.month, first.day)
        self.first = _named(QDateEdit(q), "leaveFirst")
        self.last = _named(QDateEdit(q), "leaveLast")
        for e in (self.first, self.last):
            e.setDisplayFormat("dd/MM/yyyy")
            e.setCalendarPopup(True)
        self.reason = _named(QLineEdit(), "leaveReason")
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(5)]
        for label, w in zip(self.labels, (self.officer, self.kind, self.first, self.last,
                                          self.reason), strict=True):
            self.form.addRow(label, w)
        self.save_btn = _named(QPushButton(), "saveButton")
        self.cancel_btn = _named(QPushButton(), "cancelButton")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_btn)
        row.addWidget(self.cancel_btn)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addLayout(row)
        self.save_btn.clicked.connect(self.save)
        self.cancel_btn.clicked.connect(self.reject)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Leave and absence"))
        for label, text in zip(self.labels, (self.tr("Officer:"), self.tr("Kind:"),
                                             self.tr("From:"), self.tr("To:"),
                                             self.tr("Reason:")), strict=True):
            label.setText(text)
        self.save_btn.setText(self.tr("Save"))
        self.cancel_btn.setText(self.tr("Cancel"))

    def save(self) -> bool:
        a, b = self.first.date(), self.last.date()
        try:
            with self.db.session() as s:
                roster.add_leave(s, self.identity, self.officer.currentText(),
                                 date(a.year(), a.month(), a.day()),
                                 date(b.year(), b.month(), b.day()),
                                 self.reason.text().strip(), self.kind.currentData())
        except UserError as e:
            show_error(self, e)
            return False
        self.accept()
        return True


def _date_edit(name: str) -> QDateEdit:
    d = _named(QDateEdit(), name)
    d.setCalendarPopup(True)
    d.setDisplayFormat("dd/MM/yyyy")
    return d


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class RequestsPage(QWidget):
    """Personal requests of the month shown: "please not on 12/3 night", "I'd like 20/3
    day", each with a weight 1–10 the solver weighs against fairness."""

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("requestsPage")
        self.db, self.identity = db, identity
        self.table = _named(QTableWidget(), "requestTable")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.officer = _named(QComboBox(), "requestOfficer")
        self.day = _date_edit("requestDay")
        self.shift = _named(QComboBox(), "requestShift")
        self.want = _named(QComboBox(), "requestWant")
        self.weight = _named(QSpinBox(), "requestWeight")
        self.weight.setRange(1, 10)
        self.weight.setValue(3)
        self.note = _named(QLineEdit(), "requestNote")
        self.add_btn = _named(QPushButton(), "addRequestButton")
        self.remove_btn = _named(QPushButton(), "removeRequestButton")
        self.weight_label = QLabel()
        form = QHBoxLayout()
        for w in (self.officer, self.day, self.shift, self.want, self.weight_label,
                  self.weight, self.note, self.add_btn, self.remove_btn):
            form.addWidget(w)
        form.setStretch(6, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(form)
        self.add_btn.clicked.connect(lambda: self.add())
        self.remove_btn.clicked.connect(lambda: self.remove())
        self.template: cal.Template | None = None
        self.days: list[date] = []
        self.ids: list[int] = []

    def retranslate(self) -> None:
        self.want.clear()
        self.want.addItem(self.tr("Please not on this shift"), False)
        self.want.addItem(self.tr("I'd like this shift"), True)
        self.weight_label.setText(self.tr("Weight"))
        self.weight.setToolTip(self.tr("1 = a small wish … 10 = very important"))
        self.note.setPlaceholderText(self.tr("Reason (optional)"))
        self.add_btn.setText(self.tr("Add request"))
        self.remove_btn.setText(self.tr("Withdraw"))

    def set_month(self, days: list[date], template: cal.Template) -> None:
        self.days, self.template = days, template
        self.day.setDateRange(_qdate(days[0]), _qdate(days[-1]))
        self.shift.clear()
        for sd in template.shifts:
            self.shift.addItem(sd.name_vi if _lang() == "vi" else sd.name_en, sd.key)
        self.reload()

    def reload(self) -> None:
        if not self.days:
            return
        with self.db.read() as s:
            mine = roster.officer_for_user(s, self.identity.id)
            people = [(o.id, o.full_name) for o in roster.list_officers(s, active_only=True)
                      if self.identity.at_least("leader") or (mine and o.id == mine.id)]
            names = {o.id: o.full_name for o in roster.list_officers(s)}
            rows = [(r.id, names.get(r.officer_id, "?"), r.day, r.shift_key, r.want, r.weight,
                     r.note) for r in roster.requests_between(s, self.days[0], self.days[-1])]
        current = self.officer.currentData()
        self.officer.clear()
        for _oid, name in people:
            self.officer.addItem(name, name)
        if current is not None and self.officer.findData(current) >= 0:
            self.officer.setCurrentIndex(self.officer.findData(current))
        for w in (self.add_btn, self.remove_btn):
            w.setEnabled(bool(people))
        heads = [self.tr("Officer"), self.tr("Date"), self.tr("Shift"), self.tr("Wish"),
                 self.tr("Weight"), self.tr("Reason")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows))
        self.ids = [r[0] for r in rows]
        for i, (_rid, name, day, key, want, weight, note) in enumerate(rows):
            wish = self.tr("I'd like this shift") if want else self.tr("Please not on this shift")
            vals = (name, f"{day:%d/%m/%Y}", roster.shift_label(self.template, key, _lang()),
                    wish, str(weight), note)
            for j, v in enumerate(vals):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def add(self) -> bool:
        name = self.officer.currentData()
        if name is None:
            return False
        try:
            with self.db.session() as s:
                roster.add_request(s, self.identity, name, _pydate(self.day.date()),
                                   self.shift.currentData(), bool(self.want.currentData()),
                                   self.weight.value(), self.note.text())
        except UserError as e:
            show_error(self, e)
            return False
        self.note.clear()
        self.reload()
        return True

    def remove(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.ids):
            return
        try:
            with self.db.session() as s:
                roster.remove_request(s, self.identity, self.ids[row])
        except UserError as e:
            show_error(self, e)
        self.reload()


class HolidaysPage(QWidget):
    """The year's holidays (the law's, from the `holidays` package, and the post's own);
    leaders add a day, change its name or weight, or strike a day off."""

    changed = Signal()

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("holidaysPage")
        self.db, self.identity = db, identity
        self.table = _named(QTableWidget(), "holidayTable")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._picked)
        self.day = _date_edit("holidayDay")
        self.name = _named(QLineEdit(), "holidayName")
        self.weight = _named(QSpinBox(), "holidayWeight")
        self.weight.setRange(1, 5)
        self.weight.setValue(cal.HOLIDAY_WEIGHT)
        self.weight_label = QLabel()
        self.save_btn = _named(QPushButton(), "saveHolidayButton")
        self.remove_btn = _named(QPushButton(), "removeHolidayButton")
        form = QHBoxLayout()
        for w in (self.day, self.name, self.weight_label, self.weight, self.save_btn,
                  self.remove_btn):
            form.addWidget(w)
        form.setStretch(1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(form)
        for w in (self.day, self.name, self.weight, self.save_btn, self.remove_btn):
            w.setEnabled(identity.at_least("leader"))
        self.save_btn.clicked.connect(lambda: self.save())
        self.remove_btn.clicked.connect(lambda: self.save(removed=True))
        self.year = date.today().year
        self.rows: list[tuple[date, str, int, str]] = []

    def retranslate(self) -> None:
        self.name.setPlaceholderText(self.tr("Name, e.g. Nghỉ bù Quốc khánh"))
        self.weight_label.setText(self.tr("Weight"))
        self.weight.setToolTip(self.tr("How much a shift on this day counts in the holiday "
                                       "balance (Tết: 3)"))
        self.save_btn.setText(self.tr("Add or change the day"))
        self.remove_btn.setText(self.tr("Not a holiday"))
        self.reload()

    def set_year(self, year: int, first: date) -> None:
        if self.day.date().year() != year:
            self.day.setDate(_qdate(first))
        self.year = year
        self.reload()

    def reload(self) -> None:
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        with self.db.read() as s:
            hol = roster.holidays(s, first, last)
            struck = [o.day for o in roster.holiday_overrides(s, first, last) if o.removed]
        src = {"law": self.tr("law"), "post": self.tr("the post")}
        self.rows = [(d, h.name, h.weight, src.get(h.source, h.source))
                     for d, h in sorted(hol.items())]
        self.rows += [(d, "", 0, self.tr("struck off by the post")) for d in struck]
        self.rows.sort()
        heads = [self.tr("Date"), self.tr("Holiday"), self.tr("Weight"), self.tr("Source")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(self.rows))
        for i, (d, name, weight, source) in enumerate(self.rows):
            for j, v in enumerate((f"{d:%d/%m/%Y}", name, str(weight) if weight else "—",
                                   source)):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def _picked(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            d, name, weight, _src = self.rows[row]
            self.day.setDate(_qdate(d))
            self.name.setText(name)
            if weight:
                self.weight.setValue(weight)

    def save(self, removed: bool = False) -> bool:
        day = _pydate(self.day.date())
        if not removed and not self.name.text().strip():
            show_error(self, InvalidInput("Cần tên ngày nghỉ.", "The holiday needs a name."))
            return False
        try:
            with self.db.session() as s:
                roster.set_holiday(s, self.identity, day, self.name.text().strip(),
                                   self.weight.value(), removed=removed)
        except UserError as e:
            show_error(self, e)
            return False
        if day.year != self.year:
            self.year = day.year
        self.reload()
        self.changed.emit()
        return True


TEMPLATE_COLUMNS = ("key", "name_vi", "name_en", "start", "hours", "night",
                    *cal.POSTS.keys())


class TemplatesPage(QWidget):
    """Shift templates: the built-in 2×12 and 3×8 and the post's own; each shift has a start,
    a length, whether it is a night shift, and how many officers each post needs."""

    changed = Signal()

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("templatesPage")
        self.db, self.identity = db, identity
        self.list = _named(QListWidget(), "templateList")
        self.list.setMaximumWidth(280)
        self.key = _named(QLineEdit(), "templateKey")
        self.name = _named(QLineEdit(), "templateName")
        self.day_start = _named(QLineEdit(), "templateDayStart")
        self.day_start.setInputMask("99:99")
        self.shifts = _named(QTableWidget(0, len(TEMPLATE_COLUMNS)), "templateShifts")
        self.add_row_btn = _named(QPushButton(), "addShiftRow")
        self.remove_row_btn = _named(QPushButton(), "removeShiftRow")
        self.save_btn = _named(QPushButton(), "saveTemplateButton")
        self.form = QFormLayout()
        self.key_label, self.name_label, self.start_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.key_label, self.key)
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.start_label, self.day_start)
        buttons = QHBoxLayout()
        for b in (self.add_row_btn, self.remove_row_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_btn)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.shifts)
        right.addLayout(buttons)
        lay = QHBoxLayout(self)
        lay.addWidget(self.list)
        lay.addLayout(right, 1)
        leader = identity.at_least("leader")
        for w in (self.key, self.name, self.day_start, self.add_row_btn, self.remove_row_btn,
                  self.save_btn):
            w.setEnabled(leader)
        if not leader:
            self.shifts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.currentRowChanged.connect(self._show)
        self.add_row_btn.clicked.connect(lambda: self.add_row())
        self.remove_row_btn.clicked.connect(
            lambda: self.shifts.removeRow(self.shifts.currentRow()))
        self.save_btn.clicked.connect(lambda: self.save())
        self.templates: list[cal.Template] = []

    def retranslate(self) -> None:
        self.key_label.setText(self.tr("Code"))
        self.name_label.setText(self.tr("Name"))
        self.start_label.setText(self.tr("A day starts at"))
        self.add_row_btn.setText(self.tr("Add shift"))
        self.remove_row_btn.setText(self.tr("Remove shift"))
        self.save_btn.setText(self.tr("Save template"))
        heads = [self.tr("Code"), self.tr("Name (Vietnamese)"), self.tr("Name (English)"),
                 self.tr("Start"), self.tr("Hours"), self.tr("Night")]
        heads += [roster.post_label(p, _lang()) for p in cal.POSTS]
        self.shifts.setHorizontalHeaderLabels(heads)
        self.reload()

    def reload(self, select_key: str | None = None) -> None:
        with self.db.read() as s:
            self.templates = roster.list_templates(s)
        keep = select_key or (self.templates[self.list.currentRow()].key
                              if 0 <= self.list.currentRow() < self.list.count() else None)
        self.list.blockSignals(True)
        self.list.clear()
        for t in self.templates:
            QListWidgetItem(f"{t.key} — {t.name}", self.list)
        self.list.blockSignals(False)
        keys = [t.key for t in self.templates]
        self.list.setCurrentRow(keys.index(keep) if keep in keys else 0)
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.templates):
            return
        t = self.templates[row]
        self.key.setText(t.key)
        self.name.setText(t.name)
        self.day_start.setText(t.day_start)
        self.shifts.setRowCount(0)
        for sd in t.shifts:
            self.add_row(sd)

    def add_row(self, sd: cal.ShiftDef | None = None) -> None:
        r = self.shifts.rowCount()
        self.shifts.insertRow(r)
        vals = (["", "", "", "07:00", "8", "", *("1" if p == "desk" else "0" for p in cal.POSTS)]
                if sd is None else
                [sd.key, sd.name_vi, sd.name_en, sd.start, f"{sd.hours:g}", "",
                 *(str(sd.posts.get(p, 0)) for p in cal.POSTS)])
        for c, v in enumerate(vals):
            item = QTableWidgetItem(v)
            if TEMPLATE_COLUMNS[c] == "night":
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked if sd is not None and sd.night
                                   else Qt.CheckState.Unchecked)
            self.shifts.setItem(r, c, item)
        self.shifts.resizeColumnsToContents()

    def current(self) -> cal.Template:
        """The template as edited (validated by `records.roster_calendar`)."""
        shifts = []
        for r in range(self.shifts.rowCount()):
            cell = {c: (self.shifts.item(r, i).text().strip()  # type: ignore[union-attr]
                        if self.shifts.item(r, i) else "")
                    for i, c in enumerate(TEMPLATE_COLUMNS)}
            night_item = self.shifts.item(r, TEMPLATE_COLUMNS.index("night"))
            try:
                hours = float(cell["hours"].replace(",", "."))
                posts = {p: int(cell[p] or 0) for p in cal.POSTS}
            except ValueError:
                raise InvalidInput("Số giờ và số người phải là số.",
                                "Hours and officer counts must be numbers.") from None
            shifts.append({"key": cell["key"], "name_vi": cell["name_vi"] or cell["key"],
                           "name_en": cell["name_en"] or cell["key"], "start": cell["start"],
                           "hours": hours,
                           "night": night_item is not None
                           and night_item.checkState() == Qt.CheckState.Checked,
                           "posts": {p: n for p, n in posts.items() if n}})
        if not self.key.text().strip():
            raise InvalidInput("Mẫu ca cần một mã.", "The template needs a code.")
        return cal.template_from_json({"key": self.key.text().strip(),
                                       "name": self.name.text().strip(),
                                       "day_start": self.day_start.text(), "shifts": shifts})

    def save(self) -> bool:
        try:
            t = self.current()
            if t.key in cal.BUILTIN_TEMPLATES and t != cal.BUILTIN_TEMPLATES[t.key]:
                raise InvalidInput("Mẫu «{k}» có sẵn; hãy lưu dưới một mã mới.",
                                "«{k}» is built in; save under a new code.", k=t.key)
            with self.db.session() as s:
                roster.save_template(s, self.identity, t)
        except UserError as e:
            show_error(self, e)
            return False
        self.reload(t.key)
        self.changed.emit()
        return True


class RosterDialog(QDialog):
    """The month grid with balances; generate, check, publish, print, export."""

    def __init__(self, db: Database, identity: Identity, month: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterDialog")
        self.db, self.identity = db, identity
        today = date.today()
        self.month = month or f"{today.year:04d}-{today.month:02d}"
        self.resize(1300, 700)
        self.prev_btn = _named(QPushButton("◀"), "prevMonth")
        self.next_btn = _named(QPushButton("▶"), "nextMonth")
        self.month_label = _named(QLabel(), "monthLabel")
        self.status_label = _named(QLabel(), "statusLabel")
        self.generate_btn = _named(QPushButton(), "generateButton")
        self.check_btn = _named(QPushButton(), "checkButton")
        self.publish_btn = _named(QPushButton(), "publishButton")
        self.repair_btn = _named(QPushButton(), "repairButton")
        self.pdf_btn = _named(QPushButton(), "pdfButton")
        self.csv_btn = _named(QPushButton(), "csvButton")
        self.book_btn = _named(QPushButton(), "handoverPdfButton")
        self.leave_btn = _named(QPushButton(), "leaveButton")
        self.seconds = _named(QSpinBox(), "secondsSpin")
        self.seconds.setRange(1, 120)
        self.seconds.setValue(10)
        self.seconds.setSuffix(" s")
        for b in (self.generate_btn, self.publish_btn, self.repair_btn, self.seconds,
                  self.leave_btn):
            b.setVisible(identity.at_least("leader"))
        top = QHBoxLayout()
        for w in (self.prev_btn, self.month_label, self.next_btn, self.status_label):
            top.addWidget(w)
        top.addStretch(1)
        # The tools get a row of their own: one row held month, status and nine tools and
        # was wider than a 1366-pixel screen with some fonts.
        tool_row = QHBoxLayout()
        tool_row.addStretch(1)
        tools: list[QWidget] = [self.leave_btn, self.seconds, self.generate_btn, self.check_btn,
                                self.repair_btn, self.publish_btn, self.pdf_btn, self.csv_btn,
                                self.book_btn]
        for tool in tools:
            tool_row.addWidget(tool)
        self.grid = GridTable()
        self.grid.setObjectName("rosterGrid")
        self.balance = _named(QTableWidget(), "balanceTable")
        self.balance.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems = _named(QListWidget(), "problemList")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.grid, "")
        self.tabs.addTab(self.balance, "")
        self.tabs.addTab(self.problems, "")
        self.requests = RequestsPage(db, identity)
        self.holidays = HolidaysPage(db, identity)
        self.templates = TemplatesPage(db, identity)
        self.tabs.addTab(self.requests, "")
        self.tabs.addTab(self.holidays, "")
        self.tabs.addTab(self.templates, "")
        self.holidays.changed.connect(self.reload)
        self.templates.changed.connect(self.reload)
        self.template_combo = _named(QComboBox(), "templateCombo")
        self.template_combo.setVisible(identity.at_least("leader"))
        self.template_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo.setMinimumContentsLength(12)
        for b in (self.prev_btn, self.next_btn):
            b.setMaximumWidth(44)
        tool_row.insertWidget(tool_row.indexOf(self.generate_btn), self.template_combo)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(tool_row)
        lay.addWidget(self.tabs)
        self.prev_btn.clicked.connect(lambda: self.shift_month(-1))
        self.next_btn.clicked.connect(lambda: self.shift_month(1))
        self.generate_btn.clicked.connect(self.generate)
        self.check_btn.clicked.connect(self.run_check)
        self.publish_btn.clicked.connect(self.publish)
        self.repair_btn.clicked.connect(self.repair)
        self.pdf_btn.clicked.connect(lambda: self.export("pdf"))
        self.csv_btn.clicked.connect(lambda: self.export("csv"))
        self.book_btn.clicked.connect(lambda: self.export("book"))
        self.leave_btn.clicked.connect(lambda: self.open_leave())
        self.grid.edit_requested.connect(self.edit_cell)
        self.grid.swap_requested.connect(self.swap_cells)
        self.row_officer: list[int | None] = []
        self.days: list[date] = []
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Duty roster"))
        self.generate_btn.setText(self.tr("Generate"))
        self.check_btn.setText(self.tr("Check"))
        self.publish_btn.setText(self.tr("Publish"))
        self.repair_btn.setText(self.tr("Repair…"))
        self.pdf_btn.setText(self.tr("PDF…"))
        self.csv_btn.setText(self.tr("CSV…"))
        self.book_btn.setText(self.tr("Handover book PDF…"))
        self.leave_btn.setText(self.tr("Leave…"))
        self.book_btn.setToolTip(self.tr("The handover book of the month shown, as PDF"))
        self.seconds.setToolTip(self.tr("Time the solver may take"))
        self.tabs.setTabText(0, self.tr("Month"))
        self.tabs.setTabText(1, self.tr("Balance"))
        self.tabs.setTabText(2, self.tr("Problems"))
        self.tabs.setTabText(3, self.tr("Requests"))
        self.tabs.setTabText(4, self.tr("Public holidays"))
        self.tabs.setTabText(5, self.tr("Shift templates"))
        self.template_combo.setToolTip(self.tr("Shift template used to generate the month"))
        self.requests.retranslate()
        self.holidays.retranslate()
        self.templates.retranslate()

    def open_leave(self) -> LeaveDialog:
        dlg = LeaveDialog(self.db, self.identity, max(date.today(), self.days[0]), self)
        dlg.finished.connect(lambda _r: self.reload())
        dlg.open()
        return dlg

    def shift_month(self, step: int) -> None:
        y, m = cal.parse_month(self.month)
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        self.month = f"{y:04d}-{m:02d}"
        self.reload()

    def reload(self) -> None:
        self.month_label.setText(f"<b>{self.month[5:]}/{self.month[:4]}</b>")
        self.days = cal.month_days(self.month)
        self.grid.clear()
        self.problems.clear()
        with self.db.read() as s:
            m = roster.find_month(s, self.month)
            officers = [(o.id, o.full_name) for o in roster.list_officers(s, active_only=True)]
            hol = roster.holidays(s, self.days[0], self.days[-1])
            rows = roster.assignments(s, m) if m else []
            t = roster.month_template(m) if m else None
            bal = roster.balances(s, self.month)
            status = m.status if m else ""
            slots = [(r.day, r.shift_key, r.post, r.officer_id) for r in rows]
            templates = roster.list_templates(s)
            default_t = roster.get_template(s)
        chosen = t or default_t
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for tt in templates:
            self.template_combo.addItem(tt.name, tt.key)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(chosen.key)))
        self.template_combo.blockSignals(False)
        self.requests.set_month(self.days, chosen)
        self.holidays.set_year(self.days[0].year, self.days[0])
        if not status:
            self.status_label.setText(self.tr("no roster yet"))
        elif status == "published":
            self.status_label.setText(self.tr("published"))
        else:
            self.status_label.setText(self.tr("draft"))
        self.publish_btn.setEnabled(status == "draft")
        self.repair_btn.setEnabled(status == "published")
        self.generate_btn.setEnabled(status != "published")
        self.grid.setColumnCount(len(self.days))
        self.row_officer = [oid for oid, _n in officers] + [None]
        self.grid.setRowCount(len(self.row_officer))
        self.grid.setVerticalHeaderLabels([n for _oid, n in officers]
                                          + [self.tr("Uncovered")])
        weekday = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"),
                   self.tr("Fri"), self.tr("Sat"), self.tr("Sun")]
        for c, d in enumerate(self.days):
            item = QTableWidgetItem(f"{d.day}\n{weekday[d.weekday()]}")
            if d in hol:
                item.setBackground(QBrush(QColor(HOLIDAY)))
                item.setToolTip(hol[d].name)
            elif d.weekday() >= 5:
                item.setBackground(QBrush(QColor(WEEKEND)))
            self.grid.setHorizontalHeaderItem(c, item)
        cells: dict[tuple[int, int], list[str]] = {}
        keys: dict[tuple[int, int], str] = {}
        missing: dict[int, list[str]] = {}
        tips: dict[tuple[date, int | None], list[str]] = {}
        for day, shift_key, post, officer_id in slots:
            c = (day - self.days[0]).days
            codes_of = roster_output.POST_CODES if _lang() == "vi" else roster_output.POST_CODES_EN
            code = roster_output.shift_code(t, shift_key, _lang()) if t else shift_key[:1]
            code += codes_of.get(post, "")
            tips.setdefault((day, officer_id), []).append(
                f"{roster.shift_label(t, shift_key, _lang())} · {roster.post_label(post, _lang())}")
            if officer_id is None:
                missing.setdefault(c, []).append(code)
            elif officer_id in self.row_officer:
                ri = self.row_officer.index(officer_id)
                cells.setdefault((ri, c), []).append(code)
                keys[(ri, c)] = shift_key
        for (ri, c), codes in cells.items():
            item = QTableWidgetItem(" ".join(codes))
            item.setToolTip("\n".join(tips.get((self.days[c], self.row_officer[ri]), [])))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setBackground(QBrush(QColor(SHIFT_COLOURS.get(keys[(ri, c)], "#E6E6E6"))))
            self.grid.setItem(ri, c, item)
        last = len(self.row_officer) - 1
        for c, codes in missing.items():
            item = QTableWidgetItem(" ".join(codes))
            item.setBackground(QBrush(QColor(UNCOVERED)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.setItem(last, c, item)
        for r_ in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount()):
                if self.grid.item(r_, c) is None:
                    self.grid.setItem(r_, c, QTableWidgetItem(""))
        self.grid.resizeColumnsToContents()
        heads = [self.tr("Officer"), self.tr("Hours"), self.tr("Nights"), self.tr("Weekends"),
                 self.tr("Holidays"), self.tr("Hours (year)"), self.tr("Nights (year)"),
                 self.tr("Weekends (year)"), self.tr("Holidays (year)")]
        self.balance.setColumnCount(len(heads))
        self.balance.setHorizontalHeaderLabels(heads)
        self.balance.setRowCount(len(bal))
        for i, b in enumerate(sorted(bal, key=lambda b: b.officer)):
            vals = [b.officer] + [str(b.month[k]) for k in roster.eng.METRICS] + \
                [str(b.year[k]) for k in roster.eng.METRICS]
            for j, v in enumerate(vals):
                self.balance.setItem(i, j, QTableWidgetItem(v))
        self.balance.resizeColumnsToContents()

    def generate(self) -> None:
        try:
            with self.db.session() as s:
                out = roster.generate(s, self.identity, self.month,
                                      seconds=float(self.seconds.value()),
                                      template=self.template_combo.currentData())
        except UserError as e:
            show_error(self, e)
            return
        self.reload()
        vi = _lang() == "vi"
        for _r, a, b in out.uncovered:
            QListWidgetItem(a if vi else b, self.problems)
        if out.uncovered:
            self.tabs.setCurrentWidget(self.problems)

    def run_check(self) -> list[str]:
        self.problems.clear()
        try:
            with self.db.read() as s:
                found = roster.check_month(s, self.month)
        except UserError as e:
            show_error(self, e)
            return []
        vi = _lang() == "vi"
        lines = [v.vi if vi else v.en for v in found]
        for line in lines or [self.tr("No problems: every seat covered, rest kept, "
                                      "no double booking.")]:
            QListWidgetItem(line, self.problems)
        self.tabs.setCurrentWidget(self.problems)
        return lines

    def publish(self) -> None:
        try:
            with self.db.session() as s:
                roster.publish(s, self.identity, self.month)
        except UserError as e:
            show_error(self, e)
        self.reload()

    def repair(self, apply: bool | None = None) -> int:
        """Propose the fewest changes after leave or sickness; show them, then apply."""
        try:
            with self.db.session() as s:
                out = roster.propose_repair(s, self.month, seconds=float(self.seconds.value()))
                vi = _lang() == "vi"
                t = roster.month_template(roster.get_month(s, self.month))
                lines = [f"{r.day:%d/%m} {roster.shift_label(t, r.shift_key, _lang())} "
                         f"{roster.post_label(r.post, _lang())}: {roster._name(s, o) or '—'} → "
                         f"{roster._name(s, n) or '—'}" for r, o, n in out.changes]
                lines += [a if vi else b for _r, a, b in out.uncovered]
                if not out.changes:
                    QMessageBox.information(self, self.tr("Repair"),
                                            self.tr("Nothing to change."))
                    return 0
                if apply is None:
                    box = QMessageBox(QMessageBox.Icon.Question, self.tr("Repair"),
                                      self.tr("Proposed changes:") + "\n" + "\n".join(lines),
                                      QMessageBox.StandardButton.Apply
                                      | QMessageBox.StandardButton.Cancel, self)
                    apply = box.exec() == QMessageBox.StandardButton.Apply
                if not apply:
                    return 0
                n = roster.apply_repair(s, self.identity, out, self.tr("Repair after leave"))
        except UserError as e:
            show_error(self, e)
            return 0
        self.reload()
        return n

    def export(self, kind: str, path: str | None = None) -> None:
        if path is None:
            flt = "CSV (*.csv)" if kind == "csv" else "PDF (*.pdf)"
            name = f"so-giao-ca-{self.month}.pdf" if kind == "book" else \
                f"lich-truc-{self.month}.{kind}"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save"), name, flt)
            if not path:
                return
        try:
            with self.db.read() as s:
                if kind == "book":
                    roster_output.write_handover_pdf(s, self.days[0], self.days[-1], Path(path))
                elif kind == "pdf":
                    roster_output.write_pdf(s, self.month, Path(path))
                else:
                    roster_output.write_csv(s, self.month, Path(path))
        except (UserError, OSError) as e:
            show_error(self, e)

    def _assignment_at(self, row: int, col: int) -> int | None:
        oid = self.row_officer[row] if 0 <= row < len(self.row_officer) else None
        if oid is None:
            return None
        with self.db.read() as s:
            m = roster.find_month(s, self.month)
            if m is None:
                return None
            for r in roster.assignments(s, m):
                if r.officer_id == oid and r.day == self.days[col]:
                    return r.id
        return None

    def edit_cell(self, row: int, col: int) -> AssignDialog | None:
        if not self.identity.at_least("leader"):
            return None
        with self.db.read() as s:
            if roster.find_month(s, self.month) is None:
                return None
        dlg = AssignDialog(self.db, self.identity, self.month, self.days[col],
                           self.row_officer[row], self)
        dlg.finished.connect(lambda _r: self.reload())
        dlg.open()
        return dlg

    def swap_cells(self, r1: int, c1: int, r2: int, c2: int,
                   approve_conflicts: bool | None = None) -> str:
        """Drag and drop: ask to swap the two officers' shifts. A leader's request is
        decided at once (conflicts shown first); an officer's waits in the queue."""
        a, b = self._assignment_at(r1, c1), self._assignment_at(r2, c2)
        if a is None or b is None:
            return ""
        try:
            with self.db.session() as s:
                found = roster.swap_conflicts(s, a, b)
                sw = roster.request_swap(s, self.identity, a, b, self.tr("Swap from the grid"))
                if not self.identity.at_least("leader"):
                    state = "pending"
                else:
                    if found:
                        vi = _lang() == "vi"
                        text = "\n".join(v.vi if vi else v.en for v in found)
                        ok = approve_conflicts if approve_conflicts is not None else \
                            QMessageBox.question(
                                self, self.tr("Swap"), self.tr("The swap breaks rules:") + "\n"
                                + text + "\n" + self.tr("Approve anyway?")) \
                            == QMessageBox.StandardButton.Yes
                        if not ok:
                            roster.decide_swap(s, self.identity, sw.id, False)
                            state = "rejected"
                        else:
                            roster.decide_swap(s, self.identity, sw.id, True, force=True)
                            state = "approved"
                    else:
                        roster.decide_swap(s, self.identity, sw.id, True)
                        state = "approved"
        except UserError as e:
            show_error(self, e)
            return ""
        self.reload()
        return state


class HandoverDialog(QDialog):
    """One page of the handover book: prefilled lines, note, submit, acknowledge, amend."""

    def __init__(self, db: Database, identity: Identity, home: DataHome, handover_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.db, self.identity, self.home, self.hid = db, identity, home, handover_id
        self.resize(760, 560)
        self.header = _named(QLabel(), "handoverHeader")
        self.header.setWordWrap(True)
        self.items = _named(QListWidget(), "handoverItems")
        self.note = _named(QPlainTextEdit(), "handoverNote")
        self.amend_list = _named(QListWidget(), "amendments")
        self.items_label, self.note_label, self.amend_label = QLabel(), QLabel(), QLabel()
        self.refresh_btn = _named(QPushButton(), "refreshButton")
        self.save_btn = _named(QPushButton(), "saveButton")
        self.submit_btn = _named(QPushButton(), "submitButton")
        self.ack_btn = _named(QPushButton(), "ackButton")
        self.amend_btn = _named(QPushButton(), "amendButton")
        self.close_btn = _named(QPushButton(), "closeButton")
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.items_label)
        lay.addWidget(self.items, 2)
        lay.addWidget(self.note_label)
        lay.addWidget(self.note, 2)
        lay.addWidget(self.amend_label)
        lay.addWidget(self.amend_list, 1)
        row = QHBoxLayout()
        for b in (self.refresh_btn, self.save_btn, self.submit_btn, self.ack_btn,
                  self.amend_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.close_btn)
        lay.addLayout(row)
        self.refresh_btn.clicked.connect(self.refresh)
        self.save_btn.clicked.connect(self.save)
        self.submit_btn.clicked.connect(self.submit)
        self.ack_btn.clicked.connect(self.acknowledge)
        self.amend_btn.clicked.connect(lambda: self.amend())
        self.close_btn.clicked.connect(self.accept)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Handover book"))
        self.items_label.setText(self.tr("During the shift:"))
        self.note_label.setText(self.tr("Handover note:"))
        self.amend_label.setText(self.tr("Amendments:"))
        self.refresh_btn.setText(self.tr("Refresh lines"))
        self.save_btn.setText(self.tr("Save"))
        self.submit_btn.setText(self.tr("Hand over"))
        self.ack_btn.setText(self.tr("Acknowledge"))
        self.amend_btn.setText(self.tr("Amend…"))
        self.close_btn.setText(self.tr("Close"))

    def reload(self) -> None:
        with self.db.read() as s:
            h = ho.get(s, self.hid)
            zone = roster.zone(s)
            amends = [(a.ts, a.author, a.text) for a in ho.amendments(s, h.id)]
            intact = ho.intact(h)
            name = ho.shift_name(s, h, _lang())
            s.expunge(h)
        status = {"draft": self.tr("draft"), "submitted": self.tr("handed over, waiting"),
                  "acknowledged": self.tr("acknowledged")}[h.status]
        review = {"pending": self.tr("waiting for the leader"),
                  "approved": self.tr("approved by the leader"),
                  "commented": self.tr("leader commented")}[h.review]
        text = (f"<b>{h.day:%d/%m/%Y} · {name}</b> "
                f"({format_local(h.start_utc, zone, False)} – "
                f"{format_local(h.end_utc, zone, False)})<br>"
                + self.tr("Outgoing: %1 · Incoming: %2").replace("%1", h.outgoing or "—")
                .replace("%2", h.incoming or "—")
                + "<br>" + self.tr("State: %1 · Review: %2").replace("%1", status)
                .replace("%2", review))
        if h.review_comment:
            text += "<br>" + self.tr("Leader's comment: %1").replace("%1", h.review_comment)
        if h.status == "acknowledged" and not intact:
            text += "<br><span style='color:#b00020'>" + \
                self.tr("The page was altered after it was acknowledged.") + "</span>"
        self.header.setText(text)
        self.status = h.status
        self.items.clear()
        vi = _lang() == "vi"
        for it in json.loads(h.items or "[]"):
            QListWidgetItem(it["vi"] if vi else it["en"], self.items)
        if not self.items.count():
            QListWidgetItem(self.tr("Nothing recorded during the shift."), self.items)
        self.note.setPlainText(h.note)
        frozen = h.status == "acknowledged"
        self.note.setReadOnly(frozen)
        self.refresh_btn.setEnabled(not frozen)
        self.save_btn.setEnabled(not frozen)
        self.submit_btn.setEnabled(h.status == "draft")
        self.ack_btn.setEnabled(h.status == "submitted")
        self.amend_btn.setEnabled(frozen)
        self.amend_list.clear()
        for ts, author, txt in amends:
            QListWidgetItem(f"{format_local(ts, zone, False)} {author}: {txt}", self.amend_list)

    def _do(self, fn: object) -> bool:
        try:
            fn()  # type: ignore[operator]
        except UserError as e:
            show_error(self, e)
            return False
        self.reload()
        return True

    def refresh(self) -> None:
        def run() -> None:
            with self.db.session() as s:
                ho.refresh(s, self.identity, self.hid)
        self._do(run)

    def save(self) -> None:
        def run() -> None:
            with self.db.session() as s:
                ho.save_note(s, self.identity, self.hid, self.note.toPlainText())
        self._do(run)

    def submit(self) -> None:
        def run() -> None:
            with self.db.session() as s:
                ho.submit(s, self.identity, self.hid, self.note.toPlainText())
        self._do(run)

    def acknowledge(self) -> None:
        self._do(lambda: ho.acknowledge_and_anchor(self.db, self.home, self.identity,
                                                   self.hid))

    def amend(self, text: str | None = None) -> None:
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, self.tr("Amend"),
                                                     self.tr("Dated amendment:"))
            if not ok:
                return

        def run() -> None:
            with self.db.session() as s:
                ho.amend(s, self.identity, self.hid, text or "")
        self._do(run)


class ReviewDialog(QDialog):
    """The leader's queue: handovers to review, late or missing officers, swaps."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.db, self.identity, self.home = db, identity, home
        self.resize(720, 460)
        self.queue = _named(QListWidget(), "reviewQueue")
        self.open_btn = _named(QPushButton(), "openButton")
        self.approve_btn = _named(QPushButton(), "approveButton")
        self.comment_btn = _named(QPushButton(), "commentButton")
        self.reject_btn = _named(QPushButton(), "rejectButton")
        self.close_btn = _named(QPushButton(), "closeButton")
        lay = QVBoxLayout(self)
        lay.addWidget(self.queue)
        row = QHBoxLayout()
        for b in (self.open_btn, self.approve_btn, self.comment_btn, self.reject_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.close_btn)
        lay.addLayout(row)
        self.open_btn.clicked.connect(self.open_selected)
        self.approve_btn.clicked.connect(lambda: self.decide(True))
        self.comment_btn.clicked.connect(lambda: self.decide(False))
        self.reject_btn.clicked.connect(lambda: self.decide(False, reject=True))
        self.queue.itemDoubleClicked.connect(lambda _i: self.open_selected())
        self.close_btn.clicked.connect(self.accept)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Leader's review queue"))
        self.open_btn.setText(self.tr("Open"))
        self.approve_btn.setText(self.tr("Approve"))
        self.comment_btn.setText(self.tr("Comment…"))
        self.reject_btn.setText(self.tr("Reject swap"))
        self.close_btn.setText(self.tr("Close"))

    def reload(self) -> None:
        self.queue.clear()
        with self.db.read() as s:
            items = ho.leader_queue(s)
        vi = _lang() == "vi"
        for q in items:
            it = QListWidgetItem(q.vi if vi else q.en, self.queue)
            it.setData(Qt.ItemDataRole.UserRole, (q.kind, q.ref))
            if q.kind in ("late", "missing", "unhanded"):
                it.setForeground(QBrush(QColor("#b00020")))
        if self.queue.count():
            self.queue.setCurrentRow(0)

    def _current(self) -> tuple[str, int] | None:
        it = self.queue.currentItem()
        return it.data(Qt.ItemDataRole.UserRole) if it else None

    def open_selected(self) -> HandoverDialog | None:
        cur = self._current()
        if cur is None or cur[0] != "handover":
            return None
        dlg = HandoverDialog(self.db, self.identity, self.home, cur[1], self)
        dlg.open()
        return dlg

    def decide(self, approve: bool, comment: str | None = None, reject: bool = False) -> None:
        cur = self._current()
        if cur is None:
            return
        kind, ref = cur
        try:
            with self.db.session() as s:
                if kind == "handover" and not reject:
                    if not approve and comment is None:
                        comment, ok = QInputDialog.getText(self, self.tr("Comment"),
                                                           self.tr("Comment:"))
                        if not ok:
                            return
                    ho.review(s, self.identity, ref, approve, comment or "")
                elif kind == "swap":
                    roster.decide_swap(s, self.identity, ref, approve and not reject,
                                       force=True)
        except UserError as e:
            show_error(self, e)
        self.reload()


class WrapLabel(QLabel):
    """A word-wrapped label that keeps the height its text needs at its width: dock and
    main-window layouts do not ask for height-for-width, so a squeezed dock would cut
    the last lines off (the on-call leader's line in English at 1366×768)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)

    def _fit(self) -> None:
        need = self.heightForWidth(self.width()) if self.text() else 0
        if need >= 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's naming
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's naming
        super().resizeEvent(event)
        self._fit()


def _keep_together(text: str) -> str:
    """A short state ("not checked in") wraps as one piece, never split over two lines."""
    return text.replace(" ", "\u00a0")


class ShiftPanel(QWidget):
    """The shift dock: current shift, who is on it, the next shift, handover state.

    The Check in / Check out buttons follow the signed-in officer's own state (`MyDesk`):
    Check in is enabled while their shift (running or starting within two hours) has no
    check-in, Check out while a check-in is open; `reload` (every minute, and after each
    action) re-reads it, so the next shift enables Check in again. `clock` gives "now"
    (UTC); tests pass their own."""

    desk_changed = Signal(bool, bool)
    """(can check in, can check out) after every reload: the menu actions follow."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__(parent)
        self.setObjectName("shiftPanel")
        self.db, self.identity, self.home = db, identity, home
        self.clock = clock
        self.desk = ho.MyDesk()
        self.current = _named(WrapLabel(), "currentShift")
        self.current.setTextFormat(Qt.TextFormat.RichText)
        self.next = _named(WrapLabel(), "nextShift")
        self.handover_state = _named(WrapLabel(), "handoverState")
        self.auto_notice = _named(WrapLabel(), "autoCheckInNotice")
        self.auto_notice.setVisible(False)
        self.auto_at: datetime | None = None
        self._zone = "Asia/Ho_Chi_Minh"
        self.checkin_btn = _named(QPushButton(), "checkInButton")
        self.checkout_btn = _named(QPushButton(), "checkOutButton")
        self.handover_btn = _named(QPushButton(), "handoverButton")
        self.queue_btn = _named(QPushButton(), "queueButton")
        self.queue_btn.setVisible(identity.at_least("leader"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.current)
        lay.addWidget(self.next)
        lay.addWidget(self.handover_state)
        lay.addWidget(self.auto_notice)
        for b in (self.checkin_btn, self.checkout_btn, self.handover_btn, self.queue_btn):
            lay.addWidget(b)
        lay.addStretch(1)
        self.checkin_btn.clicked.connect(self.check_in)
        self.checkout_btn.clicked.connect(self.check_out)
        self.handover_btn.clicked.connect(lambda: self.open_handover())
        self.queue_btn.clicked.connect(lambda: self.open_queue())
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.reload)
        self.timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        self.checkin_btn.setText(self.tr("Check in"))
        self.checkout_btn.setText(self.tr("Check out"))
        self.handover_btn.setText(self.tr("Handover book…"))
        self.queue_btn.setText(self.tr("Review queue…"))
        self.reload()

    def check_in_at_sign_in(self) -> datetime | None:
        """Sign-in is the desk officer's check-in: record it when the signed-in user is on
        the shift now (or about to start) and has not checked in yet."""
        try:
            with self.db.session() as s:
                ci = ho.check_in_at_sign_in(s, self.identity, self.clock())
                at = ci.check_in_at if ci is not None else None
                zone = roster.zone(s)
        except UserError as e:
            show_error(self, e)
            return None
        self._zone = zone
        if at is not None:
            self.auto_at = at
        self.reload()
        return at

    def _show_auto_notice(self) -> None:
        """The officer's own check-in of this shift (at sign-in or by the button) and
        check-out, with date and time; hidden while there is none."""
        d = self.desk
        if d.check_in is None:
            self.auto_notice.setVisible(False)
            self.auto_notice.setText("")
            return
        when = _keep_together(format_local(d.check_in, self._zone, False))
        auto = (self.auto_at is not None
                and abs((d.check_in - self.auto_at).total_seconds()) < 1)
        text = ("✓ " + self.tr("Checked in at sign-in, %1.") if auto
                else "✓ " + self.tr("Checked in at %1.")).replace("%1", when)
        if d.check_out is not None:
            text += " " + self.tr("Checked out at %1.").replace(
                "%1", _keep_together(format_local(d.check_out, self._zone, False)))
        self.auto_notice.setText(text)
        self.auto_notice.setVisible(True)

    def _show_desk_buttons(self) -> None:
        d = self.desk
        self.checkin_btn.setEnabled(d.can_check_in)
        self.checkout_btn.setEnabled(d.can_check_out)
        if d.check_in is not None:
            tip = self.tr("Checked in at %1.").replace(
                "%1", format_local(d.check_in, self._zone, False))
        elif not d.bookable:
            tip = self.tr("You have no shift now or in the next two hours.")
        else:
            tip = ""
        self.checkin_btn.setToolTip(tip)
        if d.check_out is not None and not d.can_check_out:
            tip = self.tr("Checked out at %1.").replace(
                "%1", format_local(d.check_out, self._zone, False))
        elif not d.can_check_out:
            tip = self.tr("Not checked in.")
        else:
            tip = ""
        self.checkout_btn.setToolTip(tip)
        self._show_auto_notice()
        self.desk_changed.emit(d.can_check_in, d.can_check_out)

    def _seat_line(self, x: ho.Seat, zone: str) -> str:
        post = roster.post_label(x.post, _lang())
        state = ""
        if x.check_in:
            state = _keep_together(
                self.tr("in %1").replace("%1", format_local(x.check_in, zone, False)[-5:]))
        if x.flag == "late":
            state += " <span style='color:#b00020'>" + _keep_together(self.tr("late")) + "</span>"
        elif x.flag == "missing":
            state += (" <span style='color:#b00020'>" + _keep_together(self.tr("not checked in"))
                      + "</span>")
        return f"{post}: <b>{x.officer or '—'}</b> {state}"

    def reload(self) -> None:
        now = self.clock()
        try:
            with self.db.read() as s:
                zone = roster.zone(s)
                self.desk = ho.my_desk(s, self.identity, now)
                cur, nxt = ho.shift_at(s, now), ho.next_shift(s, now)
                prev = ho.previous_shift(s, now)
                h_prev_status = None
                if prev is not None:
                    page = ho.page_of(s, prev.day, prev.shift_key)
                    h_prev_status = page.status if page else None
                queue = len(ho.leader_queue(s, now)) if self.identity.at_least("leader") else 0
        except UserError:
            return
        self._zone = zone
        self._show_desk_buttons()
        if cur is None:
            self.current.setText(self.tr("No shift on the roster now."))
        else:
            lines = [f"<b>{cur.name}</b> {format_local(cur.start, zone, False)[-5:]}–"
                     f"{format_local(cur.end, zone, False)[-5:]} ({cur.day:%d/%m})"]
            lines += [self._seat_line(x, zone) for x in cur.seats]
            self.current.setText(self.tr("Current shift") + ":<br>" + "<br>".join(lines))
        if nxt is None:
            self.next.setText("")
        else:
            who = ", ".join(f"{roster.post_label(x.post, _lang())}: {x.officer or '—'}"
                            for x in nxt.seats)
            self.next.setText(self.tr("Next shift") + f": {nxt.name} "
                              f"{format_local(nxt.start, zone, False)[-5:]} — {who}")
        if h_prev_status is None:
            state = self.tr("previous shift: not handed over") if prev else ""
        else:
            state = {"draft": self.tr("previous shift: handover being written"),
                     "submitted": self.tr("previous shift: handed over, to acknowledge"),
                     "acknowledged": self.tr("previous shift: handover acknowledged")
                     }[h_prev_status]
        self.handover_state.setText(state)
        self.queue_btn.setText(self.tr("Review queue…") + (f" ({queue})" if queue else ""))

    def check_in(self) -> None:
        try:
            with self.db.session() as s:
                ho.check_in(s, self.identity, when=self.clock())
        except UserError as e:
            show_error(self, e)
        self.reload()

    def check_out(self) -> None:
        try:
            with self.db.session() as s:
                ho.check_out(s, self.identity, when=self.clock())
        except UserError as e:
            show_error(self, e)
        self.reload()

    def open_handover(self, previous: bool | None = None) -> HandoverDialog | None:
        """The page to work on: the previous shift's while it waits to be acknowledged,
        otherwise the current shift's."""
        now = utcnow()
        try:
            with self.db.session() as s:
                prev = ho.previous_shift(s, now)
                h = None
                if prev is not None and previous is not False:
                    h = ho.page_of(s, prev.day, prev.shift_key, "submitted")
                if h is None:
                    h = ho.open_at(s, self.identity, now)
                hid = h.id
        except UserError as e:
            show_error(self, e)
            return None
        dlg = HandoverDialog(self.db, self.identity, self.home, hid, self)
        dlg.finished.connect(lambda _r: self.reload())
        dlg.open()
        return dlg

    def open_queue(self) -> ReviewDialog:
        dlg = ReviewDialog(self.db, self.identity, self.home, self)
        dlg.finished.connect(lambda _r: self.reload())
        dlg.open()
        return dlg


class OfficersDialog(QDialog):
    """The roster's officers: list, add, change posts, retire (leaders)."""

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("officersDialog")
        self.db, self.identity = db, identity
        self.resize(900, 480)
        self.table = _named(QTableWidget(), "officerTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.name = _named(QLineEdit(), "officerName")
        self.rank = _named(QLineEdit(), "officerRank")
        self.phone = _named(QLineEdit(), "officerPhone")
        self.user = _named(QComboBox(), "officerUser")
        self.posts = {key: _named(QCheckBox(), f"post_{key}") for key in cal.POSTS}
        self.add_btn = _named(QPushButton(), "addOfficerButton")
        self.retire_btn = _named(QPushButton(), "retireButton")
        self.close_btn = _named(QPushButton(), "closeButton")
        form = QHBoxLayout()
        for w in (self.name, self.rank, self.phone, self.user, *self.posts.values(),
                  self.add_btn):
            form.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.retire_btn)
        row.addStretch(1)
        row.addWidget(self.close_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addLayout(form)
        lay.addLayout(row)
        self.posts["desk"].setChecked(True)
        for w in (self.add_btn, self.retire_btn, self.name, self.rank, self.phone, self.user,
                  *self.posts.values()):
            w.setEnabled(identity.at_least("leader"))
        self.add_btn.clicked.connect(lambda: self.add())
        self.retire_btn.clicked.connect(lambda: self.retire())
        self.close_btn.clicked.connect(self.accept)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Roster officers"))
        self.name.setPlaceholderText(self.tr("Full name"))
        self.rank.setPlaceholderText(self.tr("Rank"))
        self.phone.setPlaceholderText(self.tr("Phone"))
        for key, box in self.posts.items():
            box.setText(roster.post_label(key, _lang()))
        self.add_btn.setText(self.tr("Add"))
        self.retire_btn.setText(self.tr("Take off the roster"))
        self.close_btn.setText(self.tr("Close"))

    def reload(self) -> None:
        with self.db.read() as s:
            rows = [(o.full_name, o.rank, o.phone, o.posts, o.active)
                    for o in roster.list_officers(s)]
            names = list(s.scalars(select(User.username).where(User.disabled.is_(False))
                                   .order_by(User.username)))
        heads = [self.tr("Officer"), self.tr("Rank"), self.tr("Phone"), self.tr("Posts"),
                 self.tr("Active")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows))
        for i, (name, rank, phone, posts, active) in enumerate(rows):
            label = ", ".join(roster.post_label(p, _lang()) for p in posts.split(",") if p)
            for j, v in enumerate((name, rank, phone, label, "✓" if active else "")):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()
        self.user.clear()
        self.user.addItem("—", None)
        for n in names:
            self.user.addItem(n, n)

    def add(self) -> bool:
        posts = [k for k, box in self.posts.items() if box.isChecked()]
        try:
            with self.db.session() as s:
                roster.add_officer(s, self.identity, self.name.text(), rank=self.rank.text(),
                                   phone=self.phone.text(), posts=posts,
                                   user=self.user.currentData())
        except UserError as e:
            show_error(self, e)
            return False
        self.name.clear()
        self.reload()
        return True

    def retire(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        item = self.table.item(row, 0)
        if item is None:
            return
        name = item.text()
        try:
            with self.db.session() as s:
                roster.edit_officer(s, self.identity, name, active=False)
        except UserError as e:
            show_error(self, e)
        self.reload()


class RosterFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = ShiftPanel(window.db, window.identity, window.home)
        window.add_dock_section(window.shift_dock, self.panel, order=0, stretch=3)
        window.add_action("roster", lambda: self.tr("Duty &roster…"), self.open_roster,
                          shortcut="Ctrl+Shift+R", object_name="rosterAction")
        window.add_action("roster", lambda: self.tr("&Handover book…"),
                          lambda: self.panel.open_handover(), object_name="handoverAction")
        check_in = window.add_action("roster", lambda: self.tr("Check &in"),
                                     self.panel.check_in, object_name="checkInAction",
                                     separator_before=True)
        check_out = window.add_action("roster", lambda: self.tr("Check &out"),
                                      self.panel.check_out, object_name="checkOutAction")

        def follow(can_in: bool, can_out: bool) -> None:
            check_in.setEnabled(can_in)
            check_out.setEnabled(can_out)

        self.panel.desk_changed.connect(follow)
        if self.panel.check_in_at_sign_in() is not None:  # reloads: the actions follow
            window.statusBar().showMessage(self.panel.auto_notice.text(), 15_000)
        window.add_action("roster", lambda: self.tr("&Officers…"), self.open_officers,
                          object_name="officersAction", separator_before=True)
        if window.identity.at_least("leader"):
            window.add_action("roster", lambda: self.tr("&Review queue…"),
                              lambda: self.panel.open_queue(), object_name="reviewAction",
                              separator_before=True)
        self.dialogs: list[QDialog] = []

    def open_officers(self) -> OfficersDialog:
        dlg = OfficersDialog(self.window.db, self.window.identity, self.window)
        dlg.open()
        return dlg

    def open_roster(self) -> RosterDialog:
        dlg = RosterDialog(self.window.db, self.window.identity, parent=self.window)
        dlg.finished.connect(lambda _r: self.panel.reload())
        dlg.open()
        return dlg

    def retranslate(self) -> None:
        self.panel.retranslate()

    def close(self) -> None:
        self.panel.timer.stop()


def install(window: MainWindow) -> RosterFeature:
    return RosterFeature(window)
