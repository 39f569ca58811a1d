"""The patrol book, the meeting minutes and the camera maintenance book as dialogs.

Each dialog lists its book and has a form for a new entry; all writing goes through the
services in `records/` (patrols, meetings, maintenance), which validate and audit. Menu
entries: patrol book and meetings under Duty roster, the maintenance book under Camera.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from controlroom.errors import UserError
from controlroom.oserror import cannot_write
from controlroom.paths import DataHome
from controlroom.records import maintenance, meetings, patrols, settings
from controlroom.records.db import Database
from controlroom.records.models import MEETING_KINDS, PATROL_ROLES, Camera
from controlroom.records.users import Identity
from controlroom.timeutil import format_local, utcnow
from controlroom.ui.app import show_error
from controlroom.ui.widgets.datetime_edit import DateTimeEdit
from controlroom.ui.widgets.dialog import named, show_modeless

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow


def _table(columns: int, name: str) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


def _widths(t: QTableWidget, widths: dict[int, int]) -> None:
    """Long text columns get a fixed starting width (the user can drag them); the rest
    fit their contents."""
    h = t.horizontalHeader()
    for col, w in widths.items():
        h.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        t.setColumnWidth(col, w)


def _fill(t: QTableWidget, rows: list[list[str]], ids: list[int] | None = None) -> None:
    t.setRowCount(len(rows))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            item = QTableWidgetItem(v)
            if ids is not None and j == 0:
                item.setData(Qt.ItemDataRole.UserRole, ids[i])
            t.setItem(i, j, item)


def _selected_id(t: QTableWidget) -> int | None:
    row = t.currentRow()
    item = t.item(row, 0) if row >= 0 else None
    return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class _BookDialog(QDialog):
    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.identity, self.home = db, identity, home
        with db.read() as s:
            self.zone = str(settings.get(s, "time_zone"))
            self.post_name = str(settings.get(s, "post_name"))
        self.resize(980, 640)


# -- patrol book ---------------------------------------------------------------------------

class PatrolBookDialog(_BookDialog):
    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, identity, home, parent)
        self.setObjectName("patrolBookDialog")
        self.setWindowTitle(self.tr("Patrol book"))
        self.week_label = named(QLabel(), "patrolWeekLabel")
        self.table = _table(6, "patrolTable")
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Time"), self.tr("Team"),
                                              self.tr("Route / places"), self.tr("Findings"),
                                              self.tr("Team complete")])
        _widths(self.table, {2: 220, 3: 160, 4: 160})
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setWordWrap(True)
        now = utcnow()
        self.start = DateTimeEdit(now - timedelta(hours=3), zone=self.zone)
        self.start.setObjectName("patrolStart")
        self.end = DateTimeEdit(now, zone=self.zone)
        self.end.setObjectName("patrolEnd")
        self.leader = named(QLineEdit(), "patrolLeader")
        self.members = QTableWidget(4, 2)
        self.members.setObjectName("patrolMembers")
        self.members.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role")])
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.members.verticalHeader().setVisible(False)
        self.members.setMaximumHeight(170)
        for i, role in enumerate(("police", "village_head", "militia_head", "member")):
            self._member_row(i, role)
        add_member = named(QPushButton(self.tr("Add member")), "patrolAddMember")
        add_member.clicked.connect(self._add_member)
        self.route = named(QLineEdit(), "patrolRoute")
        self.findings = named(QPlainTextEdit(), "patrolFindings")
        self.incidents = named(QLineEdit(), "patrolIncidents")
        self.incidents.setPlaceholderText("0042/2026, 0043/2026")
        self.findings.setMaximumHeight(70)
        self.warning = named(QLabel(), "patrolWarning")
        self.warning.setStyleSheet("color: #b26a00;")
        self.warning.setWordWrap(True)
        save = named(QPushButton(self.tr("Record patrol")), "patrolSave")
        save.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(self.tr("Start"), self.start)
        form.addRow(self.tr("End"), self.end)
        form.addRow(self.tr("Leader (head or deputy)"), self.leader)
        form.addRow(self.tr("Team"), self.members)
        form.addRow("", add_member)
        form.addRow(self.tr("Route / places"), self.route)
        form.addRow(self.tr("Findings"), self.findings)
        form.addRow(self.tr("Linked incidents"), self.incidents)
        form.addRow(self.warning)
        form.addRow(save)
        box = QWidget()
        box.setLayout(form)
        box.setMaximumWidth(430)
        lay = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.week_label)
        left.addWidget(self.table)
        lay.addLayout(left, 3)
        lay.addWidget(box, 2)
        self.members.itemChanged.connect(lambda _i: self._update_warning())
        self.leader.textChanged.connect(lambda _t: self._update_warning())
        self.reload()
        self._update_warning()

    def _role_names(self) -> dict[str, str]:
        return {"leader": self.tr("Leader (head or deputy)"), "police": self.tr("Police officer"),
                "village_head": self.tr("Village head"),
                "militia_head": self.tr("Village militia head"), "member": self.tr("Member")}

    def _member_row(self, i: int, role: str) -> None:
        self.members.setItem(i, 0, QTableWidgetItem(""))
        combo = QComboBox()
        for key, name in self._role_names().items():
            combo.addItem(name, key)
        combo.setCurrentIndex(PATROL_ROLES.index(role))
        combo.currentIndexChanged.connect(lambda _i: self._update_warning())
        self.members.setCellWidget(i, 1, combo)

    def _add_member(self) -> None:
        n = self.members.rowCount()
        self.members.setRowCount(n + 1)
        self._member_row(n, "member")

    def member_list(self) -> list[tuple[str, str]]:
        out = []
        for i in range(self.members.rowCount()):
            item = self.members.item(i, 0)
            combo = self.members.cellWidget(i, 1)
            name = item.text().strip() if item else ""
            if name and isinstance(combo, QComboBox):
                out.append((name, str(combo.currentData())))
        return out

    def _update_warning(self) -> None:
        roles = [r for _, r in self.member_list()] + (["leader"] if self.leader.text().strip()
                                                      else [])
        missing = patrols.missing_roles(roles)
        names = self._role_names()
        self.warning.setText(self.tr("The team lacks: {0}.").format(
            ", ".join(names[r] for r in missing)) if missing else "")

    def reload(self) -> None:
        with self.db.read() as s:
            rows = patrols.in_range(s, utcnow() - timedelta(days=120),
                                    utcnow() + timedelta(days=1))[::-1]
            week = patrols.this_week(s, zone=self.zone)
            data = [[format_local(p.start_utc, self.zone, False)[:10],
                     format_local(p.start_utc, self.zone, False)[-5:] + "–"
                     + format_local(p.end_utc, self.zone, False)[-5:],
                     ", ".join(m.name for m in p.members), p.route, p.findings,
                     "✓" if not patrols.missing_roles([m.role for m in p.members]) else "!"]
                    for p in rows]
            ids = [p.id for p in rows]
        _fill(self.table, data, ids)
        self.week_label.setText(self.tr("This week: {0} of {1} patrols.").format(
            week.done, week.target))
        self.week_label.setStyleSheet("" if week.done >= week.target
                                      else "color: #b26a00; font-weight: bold;")

    def save(self) -> bool:
        try:
            p = patrols.PatrolInput(self.start.value(), self.end.value(), self.leader.text(),
                                    self.member_list(), self.route.text(),
                                    self.findings.toPlainText(),
                                    incident_refs=self.incidents.text().replace(",", " ")
                                    .split())
            with self.db.session() as s:
                patrols.add(s, self.identity, p)
        except UserError as e:
            show_error(self, e)
            return False
        self.route.clear()
        self.findings.clear()
        self.incidents.clear()
        self.reload()
        return True


# -- meeting minutes -----------------------------------------------------------------------

class MeetingBookDialog(_BookDialog):
    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, identity, home, parent)
        self.setObjectName("meetingBookDialog")
        self.setWindowTitle(self.tr("Meeting minutes"))
        self.reminder = named(QLabel(), "meetingReminder")
        self.reminder.setStyleSheet("color: #b26a00; font-weight: bold;")
        tabs = named(QTabWidget(), "meetingTabs")
        # list
        self.table = _table(5, "meetingTable")
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Type"), self.tr("Chair"),
                                              self.tr("Secretary"), self.tr("Decisions")])
        _widths(self.table, {2: 240, 3: 200})
        pdf = named(QPushButton(self.tr("Minutes as PDF…")), "meetingPdf")
        pdf.clicked.connect(self.save_pdf)
        listing = QWidget()
        lv = QVBoxLayout(listing)
        lv.addWidget(self.table)
        lv.addWidget(pdf, alignment=Qt.AlignmentFlag.AlignRight)
        tabs.addTab(listing, self.tr("Minutes"))
        # open decisions
        self.decisions = _table(5, "decisionTable")
        self.decisions.setHorizontalHeaderLabels([self.tr("Decision"), self.tr("Owner"),
                                                  self.tr("Due"), self.tr("Meeting"),
                                                  self.tr("Overdue")])
        _widths(self.decisions, {0: 380, 1: 180})
        done = named(QPushButton(self.tr("Mark done")), "decisionDone")
        done.clicked.connect(self.mark_done)
        dec = QWidget()
        dv = QVBoxLayout(dec)
        dv.addWidget(self.decisions)
        dv.addWidget(done, alignment=Qt.AlignmentFlag.AlignRight)
        tabs.addTab(dec, self.tr("Open decisions"))
        # new minutes
        self.held = DateTimeEdit(utcnow(), zone=self.zone)
        self.held.setObjectName("meetingDate")
        self.kind = named(QComboBox(), "meetingKind")
        for k, label in zip(MEETING_KINDS, (self.tr("Monthly"), self.tr("Quarterly"),
                                            self.tr("Extraordinary"), self.tr("Yearly review")),
                            strict=True):
            self.kind.addItem(label, k)
        self.chair = named(QLineEdit(), "meetingChair")
        self.secretary = named(QLineEdit(), "meetingSecretary")
        self.location = named(QLineEdit(), "meetingLocation")
        self.attendees = named(QPlainTextEdit(), "meetingAttendees")
        self.attendees.setPlaceholderText(self.tr("One name per line"))
        self.absentees = named(QPlainTextEdit(), "meetingAbsentees")
        self.absentees.setPlaceholderText(self.tr("Name: reason — one per line"))
        self.content = named(QPlainTextEdit(), "meetingContent")
        self.decision_text = named(QPlainTextEdit(), "meetingDecisions")
        self.decision_text.setPlaceholderText(
            self.tr("Decision | owner | due date — one per line"))
        for w in (self.attendees, self.absentees, self.decision_text):
            w.setMaximumHeight(60)
        save = named(QPushButton(self.tr("Record minutes")), "meetingSave")
        save.clicked.connect(self.save)
        form_w = QWidget()
        form = QFormLayout(form_w)
        form.addRow(self.tr("Date and time"), self.held)
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Chair"), self.chair)
        form.addRow(self.tr("Secretary"), self.secretary)
        form.addRow(self.tr("Place"), self.location)
        form.addRow(self.tr("Present"), self.attendees)
        form.addRow(self.tr("Absent"), self.absentees)
        form.addRow(self.tr("Content"), self.content)
        form.addRow(self.tr("Decisions"), self.decision_text)
        form.addRow(save)
        tabs.addTab(form_w, self.tr("New minutes"))
        self.tabs = tabs
        lay = QVBoxLayout(self)
        lay.addWidget(self.reminder)
        lay.addWidget(tabs)
        self.reload()

    def reload(self) -> None:
        now = utcnow()
        with self.db.read() as s:
            rows = meetings.in_range(s, now - timedelta(days=730), now + timedelta(days=60))[::-1]
            data = [[format_local(m.held_at, self.zone, False), self._kind_name(m.kind), m.chair,
                     m.secretary, str(len(m.decisions))] for m in rows]
            ids = [m.id for m in rows]
            opened = meetings.open_decisions(s)
            held = {m.id: m.held_at for m in rows}
            dec = [[d.text, d.owner, format_local(d.due_utc, self.zone, False)[:10],
                    format_local(held.get(d.meeting_id), self.zone, False)[:10],
                    "!" if d.due_utc is not None and d.due_utc < now else ""] for d in opened]
            dec_ids = [d.id for d in opened]
            days = int(settings.get(s, "meeting_reminder_days"))
            rem = meetings.monthly_reminder(s, now, self.zone, days)
        _fill(self.table, data, ids)
        _fill(self.decisions, dec, dec_ids)
        if rem is None or rem.held:
            self.reminder.setText("")
        elif rem.days_left == 0:
            self.reminder.setText(self.tr("The monthly meeting is due today ({0}).").format(
                rem.due.strftime("%d/%m/%Y")))
        else:
            self.reminder.setText(self.tr("Monthly meeting due on {0} (in {1} days).").format(
                rem.due.strftime("%d/%m/%Y"), rem.days_left))
        self.reminder.setVisible(bool(self.reminder.text()))

    def _kind_name(self, kind: str) -> str:
        return {"monthly": self.tr("Monthly"), "quarterly": self.tr("Quarterly"),
                "extraordinary": self.tr("Extraordinary"),
                "yearly": self.tr("Yearly review")}.get(kind, kind)

    def save(self) -> bool:
        try:
            absent = []
            for line in self.absentees.toPlainText().splitlines():
                name, _, reason = line.partition(":")
                absent.append((name, reason))
            m = meetings.MeetingInput(
                self.held.value(), str(self.kind.currentData()), self.chair.text(),
                self.secretary.text(), self.attendees.toPlainText().splitlines(), absent,
                self.content.toPlainText(), self.location.text(),
                [meetings.parse_decision(x, self.zone)
                 for x in self.decision_text.toPlainText().splitlines() if x.strip()])
            with self.db.session() as s:
                meetings.add(s, self.identity, m)
        except UserError as e:
            show_error(self, e)
            return False
        for w in (self.attendees, self.absentees, self.content, self.decision_text):
            w.clear()
        self.reload()
        self.tabs.setCurrentIndex(0)
        return True

    def mark_done(self) -> None:
        did = _selected_id(self.decisions)
        if did is None:
            return
        try:
            with self.db.session() as s:
                meetings.close_decision(s, self.identity, did)
        except UserError as e:
            show_error(self, e)
        self.reload()

    def save_pdf(self, path: str | None = None) -> Path | None:
        from controlroom.reporting.pdf import write_minutes

        mid = _selected_id(self.table)
        if mid is None:
            QMessageBox.information(self, self.windowTitle(), self.tr("Choose a meeting first."))
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save minutes"),
                                                  str(Path.home() / f"bien_ban_hop_{mid}.pdf"),
                                                  "PDF (*.pdf)")
        if not path:
            return None
        try:
            with self.db.read() as s:
                write_minutes(meetings.get(s, mid), self.post_name, Path(path))
        except UserError as e:
            show_error(self, e)
            return None
        except OSError as e:
            show_error(self, cannot_write(e))
            return None
        return Path(path)


# -- camera maintenance book ---------------------------------------------------------------

class MaintenanceDialog(_BookDialog):
    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, identity, home, parent)
        self.setObjectName("maintenanceDialog")
        self.setWindowTitle(self.tr("Camera maintenance book"))
        tabs = named(QTabWidget(), "maintenanceTabs")
        self.table = _table(8, "faultTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Camera"), self.tr("State"), self.tr("Reported"), self.tr("Fault"),
            self.tr("Cause"), self.tr("Action"), self.tr("Cost (VND)"), self.tr("Closed")])
        _widths(self.table, {0: 200, 3: 200, 4: 160, 5: 180})
        buttons = QHBoxLayout()
        for text, name, slot in (
                (self.tr("Suggest from outages"), "faultSuggest", self.suggest),
                (self.tr("Confirm"), "faultConfirm", self.confirm),
                (self.tr("Dismiss…"), "faultDismiss", self.dismiss),
                (self.tr("Close (repaired)…"), "faultClose", self.close_fault)):
            b = named(QPushButton(text), name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        faults = QWidget()
        fv = QVBoxLayout(faults)
        fv.addWidget(self.table)
        fv.addLayout(buttons)
        tabs.addTab(faults, self.tr("Faults"))
        # new fault
        self.camera = named(QComboBox(), "faultCamera")
        with db.read() as s:
            for cam in s.query(Camera).order_by(Camera.code):
                self.camera.addItem(f"{cam.code} — {cam.name}", cam.id)
        self.fault = named(QLineEdit(), "faultText")
        self.cause = named(QLineEdit(), "faultCause")
        self.reported_by = named(QLineEdit(identity.full_name or identity.username),
                                 "faultReportedBy")
        self.cost = named(QSpinBox(), "faultCost")
        self.cost.setRange(0, 2_000_000_000)
        self.cost.setSingleStep(50_000)
        self.cost.setGroupSeparatorShown(True)
        add = named(QPushButton(self.tr("Record fault")), "faultSave")
        add.clicked.connect(self.add_fault)
        form_w = QWidget()
        form = QFormLayout(form_w)
        form.addRow(self.tr("Camera"), self.camera)
        form.addRow(self.tr("Fault"), self.fault)
        form.addRow(self.tr("Cause"), self.cause)
        form.addRow(self.tr("Reported by"), self.reported_by)
        form.addRow(self.tr("Cost (VND)"), self.cost)
        form.addRow(add)
        tabs.addTab(form_w, self.tr("New fault"))
        # availability
        self.days = named(QComboBox(), "availabilityRange")
        for d in (7, 30, 90, 365):
            self.days.addItem(self.tr("Last {0} days").format(d), d)
        self.days.setCurrentIndex(1)
        self.days.currentIndexChanged.connect(lambda _i: self.reload_availability())
        self.availability = _table(5, "availabilityTable")
        self.availability.setHorizontalHeaderLabels([
            self.tr("Camera"), self.tr("Availability"), self.tr("Outages"),
            self.tr("Mean time to repair"), self.tr("Faults")])
        av = QWidget()
        avl = QVBoxLayout(av)
        avl.addWidget(self.days, alignment=Qt.AlignmentFlag.AlignLeft)
        avl.addWidget(self.availability)
        tabs.addTab(av, self.tr("Availability"))
        self.tabs = tabs
        QVBoxLayout(self).addWidget(tabs)
        self.reload()

    def _state_name(self, state: str) -> str:
        return {"suggested": self.tr("suggested"), "open": self.tr("open"),
                "closed": self.tr("closed"), "dismissed": self.tr("dismissed")}.get(state, state)

    def reload(self) -> None:
        with self.db.read() as s:
            rows = maintenance.listing(s)
            data = [[f"{f.camera.code} — {f.camera.name}", self._state_name(f.state),
                     format_local(f.reported_at, self.zone, False), f.fault, f.cause, f.action,
                     f"{f.cost_vnd:,}".replace(",", "."),
                     format_local(f.closed_at, self.zone, False)] for f in rows]
            ids = [f.id for f in rows]
        _fill(self.table, data, ids)
        for i, f_state in enumerate(r[1] for r in data):
            if f_state == self.tr("suggested"):
                for j in range(self.table.columnCount()):
                    item = self.table.item(i, j)
                    if item is not None:
                        item.setBackground(Qt.GlobalColor.yellow)
        self.reload_availability()

    def reload_availability(self) -> None:
        from controlroom.reporting.pdf import minutes

        now = utcnow()
        days = int(self.days.currentData() or 30)
        with self.db.read() as s:
            av = maintenance.availability(s, now - timedelta(days=days), now)
        _fill(self.availability, [
            [f"{a.code} — {a.name}",
             "—" if a.percent is None else f"{a.percent:.1f} %".replace(".", ","),
             str(a.outages), minutes(a.repair_s), str(a.faults)] for a in av])

    def _run(self, fn: Callable[[Session], object]) -> None:
        try:
            with self.db.session() as s:
                fn(s)
        except UserError as e:
            show_error(self, e)
        self.reload()

    def add_fault(self) -> None:
        cam = self.camera.currentData()
        if cam is None:
            return
        self._run(lambda s: maintenance.add(s, self.identity, int(cam), self.fault.text(),
                                            reported_by=self.reported_by.text(),
                                            cause=self.cause.text(),
                                            cost_vnd=self.cost.value()))
        self.fault.clear()
        self.cause.clear()
        self.tabs.setCurrentIndex(0)

    def suggest(self) -> None:
        self._run(lambda s: maintenance.suggest(s, self.identity))

    def confirm(self) -> None:
        fid = _selected_id(self.table)
        if fid is not None:
            self._run(lambda s: maintenance.confirm(s, self.identity, fid))

    def dismiss(self) -> None:
        fid = _selected_id(self.table)
        if fid is None:
            return
        why, ok = QInputDialog.getText(self, self.windowTitle(), self.tr("Why dismiss it?"))
        if ok:
            self._run(lambda s: maintenance.dismiss(s, self.identity, fid, why))

    def close_fault(self) -> None:
        fid = _selected_id(self.table)
        if fid is None:
            return
        action, ok = QInputDialog.getText(self, self.windowTitle(),
                                          self.tr("What was done to repair it?"))
        if ok:
            self._run(lambda s: maintenance.close(s, self.identity, fid, action))


class BooksFeature(QObject):
    """Patrol book and meeting minutes under Duty roster; maintenance under Camera."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.add_action("roster", lambda: self.tr("Patrol book…"), self.open_patrols,
                          object_name="patrolBookAction", separator_before=True)
        window.add_action("roster", lambda: self.tr("Meeting minutes…"), self.open_meetings,
                          object_name="meetingBookAction")
        window.add_action("camera", lambda: self.tr("Maintenance book…"),
                          self.open_maintenance, object_name="maintenanceAction",
                          separator_before=True)

    def _show(self, dlg: QDialog) -> None:
        show_modeless(dlg)

    def open_patrols(self) -> PatrolBookDialog:
        w = self.window
        dlg = PatrolBookDialog(w.db, w.identity, w.home, w)
        self._show(dlg)
        return dlg

    def open_meetings(self) -> MeetingBookDialog:
        w = self.window
        dlg = MeetingBookDialog(w.db, w.identity, w.home, w)
        self._show(dlg)
        return dlg

    def open_maintenance(self) -> MaintenanceDialog:
        w = self.window
        dlg = MaintenanceDialog(w.db, w.identity, w.home, w)
        self._show(dlg)
        return dlg

    def retranslate(self) -> None:
        """Dialogs are made in the language of the moment; menu entries are the window's."""

    def close(self) -> None:
        """Nothing runs in the background."""


def install(window: MainWindow) -> BooksFeature:
    return BooksFeature(window)
