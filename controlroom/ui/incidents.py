"""The incident book in the window: the "Incident log" menu, the book (filters, search
without diacritics, sort, pages, CSV), one incident (status, timeline, attachments,
playback, extraction, PDF), the new-incident form, and the incident dock (today's and
open incidents).

Creating from a live tile or from playback uses the live and playback features' public
state (the selected tile and its snapshot; the marks in/out) and
`records.incidents.create`, which links the cameras, holds the marked range and attaches
the snapshot in one transaction. Nothing here writes to the database directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from controlroom.errors import UserError
from controlroom.i18n import lang_index, language
from controlroom.paths import DataHome
from controlroom.records import incidents
from controlroom.records.db import Database
from controlroom.records.incidents import Filter, MarkedRange
from controlroom.records.models import Camera
from controlroom.records.users import Identity
from controlroom.timeutil import DEFAULT_TZ, as_utc, format_local, tz, utcnow
from controlroom.ui.widgets.datetime_edit import DateTimeEdit
from controlroom.ui.widgets.dialog import (
    button_row,
    dialog_buttons,
    show_modeless,
    warn_refused,
    wrapped_label,
)

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

DOCK_REFRESH_MS = 30_000
COUNT_CAP = 1000  # the book counts matches up to here, then says "more than 1000"
_HTML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _esc(text: str) -> str:
    return (text or "").translate(_HTML_ESCAPE)


Category = tuple[str, str, str]  # key, Vietnamese name, English name ("" when none)


def category_choices(s: Session) -> list[Category]:
    """Every incident category, in the book's order (incident and tip forms, filters)."""
    return [(c.key, c.name_vi, c.name_en) for c in incidents.categories(s)]


def category_label(vi: str, en: str) -> str:
    """A category's name in the desk's language (the Vietnamese one when it has no
    English name)."""
    return vi if lang_index() == 0 else en or vi


def fill_categories(box: QComboBox, cats: list[Category], current: object = None) -> None:
    """(Re)fill a category box in the desk's language, keeping `current` selected."""
    box.clear()
    for key, vi, en in cats:
        box.addItem(category_label(vi, en), key)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))


def _cameras(db: Database) -> list[tuple[int, str]]:
    with db.read() as s:
        return [(int(i), n) for i, n in s.execute(select(Camera.id, Camera.name)
                                                  .order_by(Camera.name))]


# -- the new-incident form --------------------------------------------------------------
class IncidentForm(QDialog):
    """A new incident. Pre-filled from a tile (camera, time, snapshot) or from playback
    (cameras and the marked range)."""

    def __init__(self, db: Database, identity: Identity, zone: str = DEFAULT_TZ,
                 parent: QWidget | None = None, *, occurred_at: datetime | None = None,
                 camera_ids: Sequence[int] = (), snapshot_id: int | None = None,
                 ranges: Sequence[MarkedRange] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("incidentForm")
        self.db, self.identity, self.zone = db, identity, zone
        self.snapshot_id, self.ranges = snapshot_id, list(ranges)
        self.created_code: str | None = None
        when = occurred_at or utcnow()
        # The shared field: "20/11/2026 08:30" typed anywhere in it just works.
        self.occurred = DateTimeEdit(when, zone=zone, seconds=False)
        self.occurred.setObjectName("occurred")
        self.detected = DateTimeEdit(utcnow(), zone=zone, seconds=False)
        self.detected.setObjectName("detected")
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.severity = QComboBox()
        self.severity.setObjectName("severity")
        self.area = QComboBox()
        self.area.setObjectName("area")
        self.area.setEditable(True)
        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.summary = QLineEdit()
        self.summary.setObjectName("summary")
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setMaximumHeight(90)
        self.cameras = QListWidget()
        self.cameras.setObjectName("cameras")
        self.cameras.setMaximumHeight(110)
        ranged = {r.camera_id for r in self.ranges}
        for cid, name in _cameras(db):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setCheckState(Qt.CheckState.Checked if cid in set(camera_ids) | ranged
                               else Qt.CheckState.Unchecked)
            self.cameras.addItem(item)
        with db.read() as s:
            self._cats = category_choices(s)
            for a in incidents.areas(s):
                self.area.addItem(a)
        self.area.setCurrentText("")
        self.extra = wrapped_label("extra")
        self.form = QFormLayout()
        self._labels = [QLabel() for _ in range(9)]
        for label, w in zip(self._labels, (self.occurred, self.detected, self.category,
                                           self.severity, self.area, self.location,
                                           self.summary, self.description, self.cameras),
                            strict=True):
            self.form.addRow(label, w)
        self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Save
                                      | QDialogButtonBox.StandardButton.Cancel)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.extra)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        i = lang_index()
        self.setWindowTitle(self.tr("New incident"))
        for label, text in zip(self._labels, (
                self.tr("Occurred:"), self.tr("Detected:"), self.tr("Category:"),
                self.tr("Severity:"), self.tr("Village / residential group:"),
                self.tr("Location:"), self.tr("Summary:"), self.tr("Description:"),
                self.tr("Cameras:")), strict=True):
            label.setText(text)
        fill_categories(self.category, self._cats, self.category.currentData())
        cur = self.severity.currentData() or "medium"
        self.severity.clear()
        for key in incidents.SEVERITIES:
            self.severity.addItem(incidents.SEVERITY_NAMES[key][i], key)
        self.severity.setCurrentIndex(self.severity.findData(cur))
        notes = []
        if self.snapshot_id is not None:
            notes.append(self.tr("The snapshot just taken will be attached."))
        if self.ranges:
            notes.append(self.tr("The marked range (%1 – %2) will be linked and kept from "
                                 "deletion (evidence hold).")
                         .replace("%1", format_local(self.ranges[0].start, self.zone))
                         .replace("%2", format_local(self.ranges[0].end, self.zone)))
        self.extra.setText(" ".join(notes))
        self.extra.setVisible(bool(notes))

    def checked_cameras(self) -> list[int]:
        return [int(self.cameras.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.cameras.count())
                if self.cameras.item(i).checkState() == Qt.CheckState.Checked]

    def save(self) -> str:
        """Create the incident (raises UserError); returns its code."""
        ranged = {r.camera_id for r in self.ranges}
        code = incidents.create(
            self.db, self.identity, occurred_at=self.occurred.value(),
            detected_at=max(self.detected.value(), self.occurred.value()),
            category=str(self.category.currentData()), summary=self.summary.text(),
            severity=str(self.severity.currentData()), area=self.area.currentText(),
            location=self.location.text(), description=self.description.toPlainText(),
            camera_ids=self.checked_cameras(), snapshot_id=self.snapshot_id,
            ranges=[r for r in self.ranges if r.camera_id in set(self.checked_cameras())
                    or r.camera_id in ranged])
        self.created_code = code
        return code

    def accept(self) -> None:
        try:
            self.save()
        except UserError as e:
            warn_refused(self, e)
            return
        super().accept()


# -- one incident ----------------------------------------------------------------------
class IncidentView(QDialog):
    """One incident: its record and timeline, status changes, notes, files, and one-click
    playback / extraction."""

    changed = Signal(str)

    def __init__(self, db: Database, identity: Identity, home: DataHome, code: str,
                 zone: str = DEFAULT_TZ, parent: QWidget | None = None,
                 feature: IncidentsFeature | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentView")
        self.db, self.identity, self.home, self.zone = db, identity, home, zone
        self.code, self.feature = code, feature
        self.body = QTextBrowser()
        self.body.setObjectName("incidentBody")
        self.status = QComboBox()
        self.status.setObjectName("statusBox")
        self.reason = QLineEdit()
        self.reason.setObjectName("statusReason")
        self.status_btn = QPushButton()
        self.status_btn.setObjectName("statusButton")
        self.status_btn.clicked.connect(self.apply_status)
        self.note = QLineEdit()
        self.note.setObjectName("noteEdit")
        self.note_btn = QPushButton()
        self.note_btn.setObjectName("noteButton")
        self.note_btn.clicked.connect(self.add_note)
        self.attach_btn = QPushButton()
        self.attach_btn.setObjectName("attachButton")
        self.attach_btn.clicked.connect(lambda: self.attach_file())
        self.person_btn = QPushButton()
        self.person_btn.setObjectName("personButton")
        self.person_btn.clicked.connect(lambda: self.add_person())
        self.playback_btn = QPushButton()
        self.playback_btn.setObjectName("playbackButton")
        self.playback_btn.clicked.connect(self.open_playback)
        self.extract_btn = QPushButton()
        self.extract_btn.setObjectName("extractButton")
        self.extract_btn.clicked.connect(self.open_extraction)
        self.pdf_btn = QPushButton()
        self.pdf_btn.setObjectName("pdfButton")
        self.pdf_btn.clicked.connect(self.save_pdf)
        row1 = QHBoxLayout()
        row1.addWidget(self.status)
        row1.addWidget(self.reason, 1)
        row1.addWidget(self.status_btn)
        row2 = QHBoxLayout()
        row2.addWidget(self.note, 1)
        row2.addWidget(self.note_btn)
        row3 = button_row((self.person_btn, self.attach_btn, self.playback_btn,
                           self.extract_btn, self.pdf_btn))
        lay = QVBoxLayout(self)
        lay.addWidget(self.body, 1)
        lay.addLayout(row1)
        lay.addLayout(row2)
        lay.addLayout(row3)
        self.resize(760, 620)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Incident %1").replace("%1", self.code))
        self.reason.setPlaceholderText(self.tr("Reason (needed to reopen)"))
        self.status_btn.setText(self.tr("Change status"))
        self.note.setPlaceholderText(self.tr("What was done (timeline note)"))
        self.note_btn.setText(self.tr("Add note"))
        self.attach_btn.setText(self.tr("Attach file…"))
        self.person_btn.setText(self.tr("Add person…"))
        self.playback_btn.setText(self.tr("Play back"))
        self.extract_btn.setText(self.tr("Extract evidence…"))
        self.pdf_btn.setText(self.tr("PDF…"))
        self.refresh()

    def refresh(self) -> None:
        i = lang_index()
        with self.db.read() as s:
            d = incidents.detail(s, self.code)
        inc = d.incident
        self.code = inc.code
        self._camera_ids = [c.camera_id for c, _ in d.cameras]
        self._occurred = inc.occurred_at
        self._ranges = [(c.start_utc, c.end_utc) for c, _ in d.cameras
                        if c.start_utc is not None and c.end_utc is not None]
        self.status.blockSignals(True)
        self.status.clear()
        for key in incidents.STATUSES:
            self.status.addItem(incidents.STATUS_NAMES[key][i], key)
        self.status.setCurrentIndex(self.status.findData(inc.status))
        self.status.blockSignals(False)
        rows = [
            (self.tr("Occurred"), format_local(inc.occurred_at, self.zone, seconds=False)),
            (self.tr("Detected"), format_local(inc.detected_at, self.zone, seconds=False)),
            (self.tr("Category"), d.category_name[i]),
            (self.tr("Severity"), incidents.SEVERITY_NAMES[inc.severity][i]),
            (self.tr("Village / residential group"), inc.area),
            (self.tr("Location"), inc.location),
            (self.tr("Status"), incidents.STATUS_NAMES[inc.status][i] + " — " + inc.status_by
             + " " + format_local(inc.status_at, self.zone, seconds=False)),
            (self.tr("Officer"), inc.officer),
            (self.tr("Cameras"), ", ".join(n for _, n in d.cameras)),
            (self.tr("Tips"), ", ".join(d.tip_numbers)),
        ]
        h_people, h_timeline, h_files = (self.tr("People involved"), self.tr("Timeline"),
                                         self.tr("Files"))
        w_snapshot, w_export = self.tr("Snapshot"), self.tr("Export")
        html = [f"<h2>{_esc(inc.code)} — {_esc(inc.summary)}</h2><table>"]
        html += [f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>" for k, v in rows if v]
        html.append("</table>")
        if inc.description:
            html.append(f"<p>{_esc(inc.description)}</p>")
        if d.people:
            html.append(f"<h3>{_esc(h_people)}</h3><ul>")
            html += [f"<li>{_esc(incidents.PERSON_ROLE_NAMES[p.role][i])}: {_esc(p.name)}</li>"
                     for p in d.people]
            html.append("</ul>")
        html.append(f"<h3>{_esc(h_timeline)}</h3><ul>")
        html += [f"<li>{format_local(at, self.zone, seconds=False)} — {_esc(by)}: "
                 f"{_esc(what)}</li>" for at, by, what in d.timeline(i)]
        html.append("</ul>")
        if d.attachments or d.snapshots or d.exports:
            html.append(f"<h3>{_esc(h_files)}</h3><ul>")
            html += [f"<li>{_esc(a.name)} <small>SHA-256 {a.sha256}</small></li>"
                     for a in d.attachments]
            html += [f"<li>{_esc(w_snapshot)}: {_esc(sn.path)}</li>"
                     for sn in d.snapshots]
            html += [f"<li>{_esc(w_export)}: {_esc(e.record_number or e.uid)}</li>"
                     for e in d.exports]
            html.append("</ul>")
        self.body.setHtml("".join(html))
        self.playback_btn.setEnabled(bool(self._camera_ids))

    def _run(self, fn: Any) -> bool:
        try:
            with self.db.session() as s:
                fn(s)
        except UserError as e:
            warn_refused(self, e)
            return False
        self.refresh()
        self.changed.emit(self.code)
        return True

    def apply_status(self) -> bool:
        status = str(self.status.currentData())
        ok = self._run(lambda s: incidents.set_status(s, self.identity, self.code, status,
                                                      self.reason.text()))
        if ok:
            self.reason.clear()
        return ok

    def add_note(self) -> bool:
        text = self.note.text()
        ok = self._run(lambda s: incidents.add_note(s, self.identity, self.code, text))
        if ok:
            self.note.clear()
        return ok

    def add_person(self, role: str | None = None, name: str | None = None) -> bool:
        i = lang_index()
        if role is None:
            labels = [incidents.PERSON_ROLE_NAMES[k][i] for k in incidents.PERSON_ROLES]
            choice, ok = QInputDialog.getItem(self, self.tr("Person involved"),
                                              self.tr("Role:"), labels, 0, False)
            if not ok:
                return False
            role = incidents.PERSON_ROLES[labels.index(choice)]
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Person involved"),
                                            self.tr("Full name:"))
            if not ok:
                return False
        who = incidents.PersonInput(role, name)
        return self._run(lambda s: incidents.add_person(s, self.identity, self.code, who))

    def attach_file(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach file"))
        if not path:
            return False
        return self._run(lambda s: incidents.attach_file(s, self.identity, self.home,
                                                         self.code, Path(path)))

    def open_playback(self) -> None:
        if self.feature is not None:
            self.feature.open_playback(self._camera_ids, self._occurred)

    def open_extraction(self) -> None:
        if self.feature is not None:
            start, end = (self._ranges[0] if self._ranges else
                          (self._occurred - timedelta(minutes=5),
                           self._occurred + timedelta(minutes=5)))
            self.feature.open_extraction(self._camera_ids, start, end, self.code)

    def save_pdf(self, path: str | None = None) -> Path | None:
        from controlroom.evidence.incident_pdf import write_incident_pdf

        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save PDF"), f"vu-viec-{self.code.replace('/', '-')}.pdf",
                "PDF (*.pdf)")
        if not path:
            return None
        try:
            return write_incident_pdf(self.db, self.home, self.code, Path(path))
        except UserError as e:
            warn_refused(self, e)
            return None


# -- the book --------------------------------------------------------------------------
class IncidentBook(QDialog):
    """The incident book: filters, accent-insensitive search, sort, pages, CSV."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 zone: str = DEFAULT_TZ, parent: QWidget | None = None,
                 feature: IncidentsFeature | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentBook")
        self.db, self.identity, self.home, self.zone = db, identity, home, zone
        self.feature = feature
        self.page = 0
        self.page_size = incidents.PAGE_SIZE
        self.total = 0
        self.search = QLineEdit()
        self.search.setObjectName("searchEdit")
        self.search.setClearButtonEnabled(True)
        self.use_dates = QCheckBox()
        self.use_dates.setObjectName("useDates")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_from.setObjectName("dateFrom")
        self.date_to = QDateEdit(today)
        self.date_to.setObjectName("dateTo")
        for d in (self.date_from, self.date_to):
            d.setDisplayFormat("dd/MM/yyyy")
            d.setCalendarPopup(True)
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.area = QComboBox()
        self.area.setObjectName("areaFilter")
        self.camera = QComboBox()
        self.camera.setObjectName("cameraFilter")
        self.officer = QLineEdit()
        self.officer.setObjectName("officerFilter")
        self.officer.setMinimumWidth(110)
        self.sort = QComboBox()
        self.sort.setObjectName("sortBox")
        with db.read() as s:
            self._cats = category_choices(s)
            self._areas = incidents.areas(s)
        self._cams = _cameras(db)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("incidentTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.prev_btn = QPushButton()
        self.prev_btn.setObjectName("prevPage")
        self.prev_btn.clicked.connect(lambda: self.go(self.page - 1))
        self.next_btn = QPushButton()
        self.next_btn.setObjectName("nextPage")
        self.next_btn.clicked.connect(lambda: self.go(self.page + 1))
        self.new_btn = QPushButton()
        self.new_btn.setObjectName("newIncident")
        self.new_btn.clicked.connect(self.new_incident)
        self.open_btn = QPushButton()
        self.open_btn.setObjectName("openIncident")
        self.open_btn.clicked.connect(self.open_selected)
        self.csv_btn = QPushButton()
        self.csv_btn.setObjectName("csvButton")
        self.csv_btn.clicked.connect(lambda: self.export_csv())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(lambda: self.go(0))
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.officer.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.category, self.status, self.area, self.camera, self.sort):
            box.currentIndexChanged.connect(lambda _i: self.go(0))
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(lambda _d: self.go(0) if self.use_dates.isChecked() else None)
        self.use_dates.toggled.connect(lambda _c: self.go(0))

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters2 = QHBoxLayout()
        for w in (self.category, self.status, self.area, self.camera, self.officer, self.sort):
            filters2.addWidget(w, 1)
        bottom = button_row((self.new_btn, self.open_btn, self.csv_btn),
                            (self.prev_btn, self.page_label, self.next_btn))
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addLayout(filters2)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        self.resize(1100, 640)
        self.retranslate()

    def _fill(self, box: QComboBox, items: list[tuple[Any, str]], first: str) -> None:
        cur = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(first, None)
        for data, text in items:
            box.addItem(text, data)
        box.setCurrentIndex(max(0, box.findData(cur)) if cur is not None else 0)
        box.blockSignals(False)

    def retranslate(self) -> None:
        i = lang_index()
        self.setWindowTitle(self.tr("Incident log"))
        self.search.setPlaceholderText(self.tr("Search (diacritics optional): e.g. trom cap"))
        self.use_dates.setText(self.tr("From – to:"))
        self.officer.setPlaceholderText(self.tr("Officer"))
        self._fill(self.category, [(k, category_label(vi, en)) for k, vi, en in self._cats],
                   self.tr("All categories"))
        self._fill(self.status, [("__open__", self.tr("Open (not resolved)"))]
                   + [(k, incidents.STATUS_NAMES[k][i]) for k in incidents.STATUSES],
                   self.tr("All statuses"))
        self._fill(self.area, [(a, a) for a in self._areas], self.tr("All villages"))
        self._fill(self.camera, [(cid, n) for cid, n in self._cams], self.tr("All cameras"))
        sorts = {"occurred_desc": self.tr("Newest first"), "occurred_asc": self.tr("Oldest first"),
                 "code_desc": self.tr("By number"), "status": self.tr("By status"),
                 "category": self.tr("By category")}
        cur = self.sort.currentData() or "occurred_desc"
        self.sort.blockSignals(True)
        self.sort.clear()
        for k, text in sorts.items():
            self.sort.addItem(text, k)
        self.sort.setCurrentIndex(self.sort.findData(cur))
        self.sort.blockSignals(False)
        self.table.setHorizontalHeaderLabels([
            self.tr("Number"), self.tr("Occurred"), self.tr("Category"), self.tr("Status"),
            self.tr("Village"), self.tr("Summary")])
        self.prev_btn.setText(self.tr("◀ Previous"))
        self.next_btn.setText(self.tr("Next ▶"))
        self.new_btn.setText(self.tr("New…"))
        self.open_btn.setText(self.tr("Open"))
        self.csv_btn.setText(self.tr("Export CSV…"))
        self.go(self.page)

    def current_filter(self) -> Filter:
        status = self.status.currentData()
        f = Filter(text=self.search.text(),
                   categories=[self.category.currentData()] if self.category.currentData()
                   else [],
                   statuses=[status] if status and status != "__open__" else [],
                   open_only=status == "__open__",
                   area=self.area.currentData() or "",
                   camera_id=self.camera.currentData(),
                   officer=self.officer.text().strip())
        if self.use_dates.isChecked():
            a, b = self.date_from.date(), self.date_to.date()
            f.start = as_utc(datetime(a.year(), a.month(), a.day(), tzinfo=tz(self.zone)))
            f.end = as_utc(datetime(b.year(), b.month(), b.day(), tzinfo=tz(self.zone))
                           + timedelta(days=1))
        return f

    def go(self, page: int) -> None:
        f = self.current_filter()
        sort = str(self.sort.currentData() or "occurred_desc")
        with self.db.read() as s:
            self.total = incidents.count(s, f, cap=COUNT_CAP + 1)
            many = self.total > COUNT_CAP  # pages beyond the count: "next" while pages fill
            pages = max(1, -(-self.total // self.page_size))
            self.page = max(0, page if many else min(page, pages - 1))
            rows = incidents.list_rows(s, f, sort, self.page * self.page_size, self.page_size)
            names = incidents.category_names(s)
        i = lang_index()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [row.code, format_local(row.occurred_at, self.zone, seconds=False),
                      names.get(row.category, (row.category,) * 2)[i],
                      incidents.STATUS_NAMES[row.status][i], row.area, row.summary]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.code)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if many:
            self.page_label.setText(self.tr("Page %1 (more than %2 incidents)")
                                    .replace("%1", str(self.page + 1))
                                    .replace("%2", str(COUNT_CAP)))
        else:
            self.page_label.setText(self.tr("Page %1 of %2 (%3 incidents)")
                                    .replace("%1", str(self.page + 1)).replace("%2", str(pages))
                                    .replace("%3", str(self.total)))
        self.prev_btn.setEnabled(self.page > 0)
        self.next_btn.setEnabled(len(rows) == self.page_size if many
                                 else self.page + 1 < pages)

    def selected_code(self) -> str | None:
        r = self.table.currentRow()
        if r < 0 or r >= len(self.rows):
            return None
        return self.rows[r].code

    def open_selected(self) -> IncidentView | None:
        code = self.selected_code()
        if code is None:
            return None
        view = IncidentView(self.db, self.identity, self.home, code, self.zone, self,
                            self.feature)
        view.changed.connect(lambda _c: self.go(self.page))
        return show_modeless(view)

    def new_incident(self) -> None:
        form = IncidentForm(self.db, self.identity, self.zone, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.go(0)
            if self.feature is not None:
                self.feature.changed.emit()

    def export_csv(self, path: str | None = None) -> int:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"),
                                                  "so-vu-viec.csv", "CSV (*.csv)")
        if not path:
            return 0
        with self.db.read() as s:
            return incidents.write_csv(s, Path(path), self.current_filter(),
                                       str(self.sort.currentData() or "occurred_desc"),
                                       language(), self.zone)


# -- the dock ---------------------------------------------------------------------------
class IncidentDock(QWidget):
    """Today's and open incidents; double-click opens one."""

    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, db: Database, zone: str = DEFAULT_TZ,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDockWidget")
        self.db, self.zone = db, zone
        self.tree = QTreeWidget()
        self.tree.setObjectName("incidentDockList")
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(3)
        self.tree.itemDoubleClicked.connect(
            lambda item, _c: self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.new_btn = QPushButton()
        self.new_btn.setObjectName("dockNewIncident")
        self.new_btn.clicked.connect(self.new_requested.emit)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.new_btn)
        self.timer = QTimer(self)
        self.timer.setInterval(DOCK_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Number"), self.tr("Time"), self.tr("Summary")])
        self.new_btn.setText(self.tr("New incident…"))
        self.refresh()

    def refresh(self) -> None:
        with self.db.read() as s:
            rows = incidents.dock_rows(s, utcnow(), self.zone)
        i = lang_index()
        self.tree.clear()
        for r in rows:
            local = as_utc(r.occurred_at).astimezone(tz(self.zone))
            item = QTreeWidgetItem([r.code, local.strftime("%d/%m %H:%M"), r.summary])
            item.setToolTip(1, format_local(r.occurred_at, self.zone, seconds=False))
            item.setData(0, Qt.ItemDataRole.UserRole, r.code)
            item.setToolTip(2, f"{incidents.STATUS_NAMES[r.status][i]} — {r.summary}")
            if r.status in incidents.OPEN_STATUSES:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)


# -- the feature -------------------------------------------------------------------------
class CategoriesDialog(QDialog):
    """The admin's list of categories: add, rename, delete (refused when in use)."""

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoriesDialog")
        self.db, self.identity = db, identity
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("categoryTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.save_btn = QPushButton()
        self.save_btn.clicked.connect(self.save_all)
        self.add_btn = QPushButton()
        self.add_btn.clicked.connect(lambda: self.table.insertRow(self.table.rowCount()))
        self.del_btn = QPushButton()
        self.del_btn.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        for b in (self.add_btn, self.del_btn, self.save_btn):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.resize(640, 480)
        self.load()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Incident categories"))
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Name (Vietnamese)"),
                                              self.tr("Name (English)")])
        self.add_btn.setText(self.tr("Add"))
        self.del_btn.setText(self.tr("Delete"))
        self.save_btn.setText(self.tr("Save"))

    def load(self) -> None:
        with self.db.session() as s:
            incidents.ensure_categories(s)
            cats = category_choices(s)
        self.table.setRowCount(len(cats))
        for r, values in enumerate(cats):
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))

    def _cell(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text().strip() if item else ""

    def save_all(self) -> bool:
        try:
            with self.db.session() as s:
                current = {c.key: (c.name_vi, c.name_en) for c in incidents.categories(s)}
                for r in range(self.table.rowCount()):
                    key, vi, en = (self._cell(r, c) for c in range(3))
                    if key and current.get(key) != (vi, en):
                        incidents.save_category(s, self.identity, key, vi, en)
        except UserError as e:
            warn_refused(self, e)
            return False
        self.load()
        return True

    def delete_selected(self) -> bool:
        r = self.table.currentRow()
        key = self._cell(r, 0) if r >= 0 else ""
        if not key:
            return False
        try:
            with self.db.session() as s:
                incidents.delete_category(s, self.identity, key)
        except UserError as e:
            warn_refused(self, e)
            return False
        self.load()
        return True


class IncidentsFeature(QObject):
    """The "Incident log" menu, the incident dock and creation from tile / playback."""

    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.book: IncidentBook | None = None
        window.add_action("incidents", lambda: self.tr("New incident…"), self.new_incident,
                          shortcut="Ctrl+N", object_name="newIncidentAction")
        window.add_action("incidents", lambda: self.tr("New incident from the selected tile"),
                          self.new_from_selected_tile, shortcut="Ctrl+I",
                          object_name="incidentFromTileAction")
        window.add_action("incidents", lambda: self.tr("New incident from the playback marks"),
                          self.new_from_playback, object_name="incidentFromPlaybackAction")
        window.add_action("incidents", lambda: self.tr("Incident log…"), self.open_book,
                          shortcut="Ctrl+L", object_name="incidentBookAction",
                          separator_before=True)
        if window.identity.at_least("admin"):
            window.add_action("incidents", lambda: self.tr("Incident categories…"),
                              self.open_categories, object_name="incidentCategoriesAction")
        self.dock = IncidentDock(window.db, window.time_zone)
        self.dock.open_requested.connect(self.open_incident)
        self.dock.new_requested.connect(self.new_incident)
        self.changed.connect(self.dock.refresh)
        window.incident_dock.setWidget(self.dock)

    # -- creation -------------------------------------------------------------------------
    def new_incident(self, **prefill: Any) -> str | None:
        form = IncidentForm(self.window.db, self.window.identity, self.window.time_zone,
                            self.window, **prefill)
        if form.exec() != QDialog.DialogCode.Accepted:
            return None
        self.changed.emit()
        self.window.statusBar().showMessage(
            self.tr("Incident %1 recorded.").replace("%1", form.created_code or ""), 8000)
        return form.created_code

    def form_from_tile(self, camera_id: int, at: datetime,
                       snapshot_id: int | None) -> IncidentForm:
        """The form pre-filled from a live tile (camera, time, snapshot); not shown."""
        return IncidentForm(self.window.db, self.window.identity, self.window.time_zone,
                            self.window, occurred_at=at, camera_ids=[camera_id],
                            snapshot_id=snapshot_id)

    def new_from_tile(self, camera_id: int, at: datetime,
                      snapshot_id: int | None) -> str | None:
        form = self.form_from_tile(camera_id, at, snapshot_id)
        if form.exec() != QDialog.DialogCode.Accepted:
            return None
        self.changed.emit()
        return form.created_code

    def new_from_selected_tile(self) -> str | None:
        live = self.window.features.get("controlroom.ui.live")
        view = getattr(live, "view", None)
        tile = getattr(getattr(view, "grid", None), "selected", None)
        camera = getattr(tile, "camera", None)
        if view is None or camera is None:
            self.window.statusBar().showMessage(self.tr("Select a live tile first."), 8000)
            return None
        before = view.last_snapshot_id
        at = utcnow()
        view.snapshot_selected()
        snap = view.last_snapshot_id if view.last_snapshot_id != before else None
        return self.new_from_tile(camera.id, at, snap)

    def new_from_playback(self) -> str | None:
        pb = self.window.features.get("controlroom.ui.playback")
        w = getattr(pb, "playback", None)
        if w is None or w.mark_in is None or w.mark_out is None:
            self.window.statusBar().showMessage(
                self.tr("Open playback and mark in and out first."), 8000)
            return None
        ids = [p.camera.id for p in w.controller.panes]
        ranges = [MarkedRange(cid, w.mark_in, w.mark_out) for cid in ids]
        return self.new_incident(occurred_at=w.mark_in, camera_ids=ids, ranges=ranges)

    # -- viewing --------------------------------------------------------------------------
    def open_book(self) -> IncidentBook:
        if self.book is None or not self.book.isVisible():
            self.book = IncidentBook(self.window.db, self.window.identity, self.window.home,
                                     self.window.time_zone, self.window, self)
        self.book.show()
        self.book.raise_()
        return self.book

    def open_incident(self, code: str) -> IncidentView:
        view = IncidentView(self.window.db, self.window.identity, self.window.home, code,
                            self.window.time_zone, self.window, self)
        view.changed.connect(lambda _c: self.changed.emit())
        return show_modeless(view)

    def open_categories(self) -> None:
        CategoriesDialog(self.window.db, self.window.identity, self.window).exec()

    def open_playback(self, camera_ids: list[int], at: datetime) -> None:
        pb = self.window.features.get("controlroom.ui.playback")
        if pb is None or not hasattr(pb, "open"):
            return
        w = pb.open()
        w.set_cameras(camera_ids)
        w.seek(at - timedelta(seconds=30))

    def open_extraction(self, camera_ids: list[int], start: datetime, end: datetime,
                        code: str) -> None:
        from controlroom.ui.extraction import open_extraction_dialog

        dlg = open_extraction_dialog(self.window, camera_ids, start, end)
        dlg.incident.setText(code)

    def retranslate(self) -> None:
        self.dock.retranslate()
        if self.book is not None:
            self.book.retranslate()

    def close(self) -> None:
        self.dock.timer.stop()


def install(window: MainWindow) -> IncidentsFeature:
    return IncidentsFeature(window)
