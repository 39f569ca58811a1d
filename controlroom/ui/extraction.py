"""The evidence extraction dialog (Trích xuất dữ liệu…).

The officer picks cameras and a range (or gets them from playback's mark in/out), sees
the recorded coverage and gaps before anything is written, fills in the request
(reference, agency, reason, witness, owner, medium, seal), gets a leader's approval on
the spot (the leader signs in inside the dialog) or sends the request to the leader's
queue, picks a removable drive (any folder for an administrator) and runs the export in a
worker thread with progress and Cancel. The end summary shows the SHA256SUMS hash and the
key fingerprint, and says "safe to remove" only after everything was flushed and renamed.
All logic is in controlroom.evidence / controlroom.records.exports.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from controlroom.errors import InvalidInput, UserError
from controlroom.evidence import drives, rules
from controlroom.evidence.export import ExportResult, Progress, plan_for, run_export
from controlroom.evidence.plan import ExportPlan
from controlroom.paths import DataHome
from controlroom.records import exports, settings, users
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.records.users import Identity
from controlroom.timeutil import DEFAULT_TZ, duration_text, format_local, utcnow
from controlroom.ui.widgets.datetime_edit import DateTimeEdit

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

DATE_FORMAT = "dd/MM/yyyy HH:mm:ss"


_W = TypeVar("_W", bound=QWidget)


def _named(w: _W, name: str) -> _W:
    w.setObjectName(name)
    return w


class ExportWorker(QThread):
    """Runs run_export off the GUI thread; reports through queued signals."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, cancelled

    def __init__(self, db: Database, actor: Identity, export_id: int, dest: Path,
                 home: DataHome, label: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.export_id, self.dest = db, actor, export_id, dest
        self.home, self.label = home, label
        self.cancel = threading.Event()

    def run(self) -> None:
        from controlroom.evidence.export import ExportCancelled

        try:
            res = run_export(self.db, self.actor, self.export_id, self.dest, self.home,
                             progress=self.progressed.emit, cancel=self.cancel,
                             medium_label=self.label)
        except ExportCancelled as e:
            self.failed.emit(str(e), True)
        except UserError as e:
            self.failed.emit(str(e), False)
        except Exception as e:  # never let a worker die silently
            self.failed.emit(f"{type(e).__name__}: {e}", False)
        else:
            self.succeeded.emit(res)


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


class ExtractionDialog(QDialog):
    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 camera_ids: list[int] | None = None, start: datetime | None = None,
                 end: datetime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("extractionDialog")
        self.db, self.identity, self.home = db, identity, home
        self.worker: ExportWorker | None = None
        self.export_result: ExportResult | None = None
        self.plan: ExportPlan | None = None
        self.export_id: int | None = None
        with db.read() as s:
            self.zone = str(settings.get(s, "time_zone")) or DEFAULT_TZ
            cams = [(c.id, c.name, c.code, c.owner_name) for c in
                    s.scalars(select(Camera).order_by(Camera.code))]
        self.setWindowTitle(self.tr("Evidence extraction"))
        self.resize(860, 820)
        root = QVBoxLayout(self)

        top = QHBoxLayout()
        cam_box = QGroupBox(self.tr("Cameras"))
        cl = QVBoxLayout(cam_box)
        self.cameras = QListWidget()
        self.cameras.setObjectName("cameraList")
        self._owners: dict[int, str] = {}
        for cid, name, code, owner in cams:
            item = QListWidgetItem(f"{code} — {name}")
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if camera_ids and cid in camera_ids
                               else Qt.CheckState.Unchecked)
            self.cameras.addItem(item)
            self._owners[cid] = owner
        cl.addWidget(self.cameras)
        top.addWidget(cam_box, 1)

        range_box = QGroupBox(self.tr("Time range"))
        rf = QFormLayout(range_box)
        now = utcnow()
        self.start_edit = self._dt_edit(start or now - timedelta(minutes=10))
        self.end_edit = self._dt_edit(end or now)
        self.start_edit.setObjectName("startEdit")
        self.end_edit.setObjectName("endEdit")
        rf.addRow(self.tr("From:"), self.start_edit)
        rf.addRow(self.tr("To:"), self.end_edit)
        self.coverage = QTextBrowser()
        self.coverage.setObjectName("coverage")
        self.coverage.setMinimumHeight(130)
        rf.addRow(self.coverage)
        top.addWidget(range_box, 2)
        root.addLayout(top)

        req_box = QGroupBox(self.tr("Request"))
        f = QFormLayout(req_box)
        self.request_ref = _named(QLineEdit(), "requestRef")
        self.agency = _named(QLineEdit(), "agency")
        self.reason = _named(QPlainTextEdit(), "reason")
        self.reason.setFixedHeight(54)
        self.incident = _named(QLineEdit(), "incident")
        self.witness = _named(QLineEdit(), "witness")
        self.owner = _named(QLineEdit(), "owner")
        self.medium = _named(QLineEdit(), "medium")
        self.seal = _named(QLineEdit(), "seal")
        f.addRow(self.tr("Request reference (official letter no.):"), self.request_ref)
        f.addRow(self.tr("Requesting agency:"), self.agency)
        f.addRow(self.tr("Reason:"), self.reason)
        f.addRow(self.tr("Linked incident code:"), self.incident)
        f.addRow(self.tr("Witness:"), self.witness)
        f.addRow(self.tr("Camera owner / manager:"), self.owner)
        f.addRow(self.tr("Storage medium:"), self.medium)
        f.addRow(self.tr("Seal number:"), self.seal)
        root.addWidget(req_box)

        appr_box = QGroupBox(self.tr("Leader's approval"))
        al = QVBoxLayout(appr_box)
        self.approve_now = _named(QRadioButton(), "approveNow")
        self.approve_queue = _named(QRadioButton(), "approveQueue")
        grp = QButtonGroup(self)
        grp.addButton(self.approve_now)
        grp.addButton(self.approve_queue)
        self.approve_now.setChecked(True)
        row = QHBoxLayout()
        self.leader_user = _named(QLineEdit(), "leaderUser")
        self.leader_pw = _named(QLineEdit(), "leaderPassword")
        self.leader_pw.setEchoMode(QLineEdit.EchoMode.Password)
        if identity.at_least("leader"):
            self.approve_now.setText(self.tr("I approve this extraction myself ({name})")
                                     .replace("{name}", identity.full_name or identity.username))
            self.leader_user.setText(identity.username)
            self.leader_user.setEnabled(False)
            self.leader_pw.setEnabled(False)
        else:
            self.approve_now.setText(self.tr("A leader signs in here now to approve"))
        self.approve_queue.setText(self.tr("Send to the leader's approval queue"))
        row.addWidget(QLabel(self.tr("Leader:")))
        row.addWidget(self.leader_user)
        row.addWidget(QLabel(self.tr("Password:")))
        row.addWidget(self.leader_pw)
        al.addWidget(self.approve_now)
        al.addLayout(row)
        al.addWidget(self.approve_queue)
        root.addWidget(appr_box)

        tgt_box = QGroupBox(self.tr("Target drive"))
        tl = QHBoxLayout(tgt_box)
        self.target = _named(QComboBox(), "target")
        self.target.setMinimumWidth(420)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh_drives)
        self.folder_btn = QPushButton(self.tr("Other folder…"))
        self.folder_btn.setVisible(identity.at_least("admin"))
        self.folder_btn.clicked.connect(self._choose_folder)
        tl.addWidget(self.target, 1)
        tl.addWidget(refresh)
        tl.addWidget(self.folder_btn)
        root.addWidget(tgt_box)

        self.progress = _named(QProgressBar(), "progress")
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.progress_label = _named(QLabel(), "progressLabel")
        self.summary = _named(QLabel(), "summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        root.addWidget(self.progress)
        root.addWidget(self.progress_label)
        root.addWidget(self.summary)

        self.buttons = QDialogButtonBox()
        self.start_btn = self.buttons.addButton(self.tr("Start extraction"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_btn.setObjectName("startButton")
        self.cancel_btn = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_btn.setText(self.tr("Cancel"))
        self.start_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self._cancel)
        root.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.update_coverage)
        self.cameras.itemChanged.connect(lambda *_: self._on_cameras_changed())
        self.start_edit.textChanged.connect(lambda *_: self._timer.start())
        self.end_edit.textChanged.connect(lambda *_: self._timer.start())
        self.refresh_drives()
        self._on_cameras_changed()
        self.update_coverage()

    # -- inputs -----------------------------------------------------------------------------
    def _dt_edit(self, value: datetime) -> DateTimeEdit:
        return DateTimeEdit(value, zone=self.zone)

    def _read_dt(self, e: DateTimeEdit) -> datetime:
        return e.value()  # InvalidInput (shown to the user) when the text is unreadable

    def selected_cameras(self) -> list[int]:
        out = []
        for i in range(self.cameras.count()):
            item = self.cameras.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _on_cameras_changed(self) -> None:
        owners = [self._owners.get(c, "") for c in self.selected_cameras()]
        owners = [o for o in dict.fromkeys(owners) if o]
        if owners and not self.owner.isModified():
            self.owner.setText("; ".join(owners))
        self._timer.start()

    def refresh_drives(self) -> None:
        current = self.target.currentData()
        self.target.clear()
        for d in drives.list_drives():
            if d.writable:
                self.target.addItem(drives.describe(d), (str(d.mountpoint), d.label))
        if self.target.count() == 0:
            self.target.addItem(self.tr("No removable drive found — insert a USB drive"), None)
        if current:
            i = self.target.findData(current)
            if i >= 0:
                self.target.setCurrentIndex(i)

    def add_folder_target(self, folder: Path) -> None:
        """An administrator's free choice of folder (also used by tests)."""
        self.identity.require("admin")
        data = (str(folder), folder.name)
        if self.target.count() == 1 and self.target.itemData(0) is None:
            self.target.clear()
        self.target.addItem(str(folder), data)
        self.target.setCurrentIndex(self.target.count() - 1)

    def _choose_folder(self) -> None:
        d = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"))
        if d:
            self.add_folder_target(Path(d))

    # -- coverage ---------------------------------------------------------------------------
    def update_coverage(self) -> None:
        cams = self.selected_cameras()
        self.plan = None
        if not cams:
            self.coverage.setPlainText(self.tr("Choose at least one camera."))
            return
        try:
            start, end = self._read_dt(self.start_edit), self._read_dt(self.end_edit)
            plan = plan_for(self.db, self.home, cams, start, end)
        except UserError as e:
            self.coverage.setPlainText(str(e))
            return
        self.plan = plan
        lines = []
        for c in plan.cameras:
            total = (c.requested_end - c.requested_start).total_seconds()
            lines.append(self.tr("{code}: {rec} recorded of {total}, {n} file(s)")
                         .replace("{code}", c.code)
                         .replace("{rec}", duration_text(c.recorded_seconds))
                         .replace("{total}", duration_text(total))
                         .replace("{n}", str(len(c.segments))))
            for g in c.gaps:
                lines.append("    " + self.tr("gap {a} – {b}")
                             .replace("{a}", format_local(g.start, self.zone))
                             .replace("{b}", format_local(g.end, self.zone)))
        lines.append(self.tr("Estimated size: {size}").replace(
            "{size}", _mb(plan.estimated_bytes)))
        self.coverage.setPlainText("\n".join(lines))

    # -- running ----------------------------------------------------------------------------
    def _request(self) -> exports.ExportRequest:
        return exports.ExportRequest(
            tuple(self.selected_cameras()), self._read_dt(self.start_edit),
            self._read_dt(self.end_edit), self.request_ref.text(), self.reason.toPlainText(),
            agency=self.agency.text(), incident_code=self.incident.text(),
            witness=self.witness.text(), camera_owner=self.owner.text(),
            medium=self.medium.text(), seal_number=self.seal.text())

    def start(self) -> None:
        try:
            self._start()
        except UserError as e:
            QMessageBox.warning(self, self.tr("Evidence extraction"), str(e))

    def _start(self) -> None:
        req = self._request()
        queue = self.approve_queue.isChecked()
        target = self.target.currentData()
        if not queue:
            if target is None:
                raise InvalidInput("Chưa chọn ổ đích (cắm USB rồi bấm Làm mới).",
                                   "No target drive (insert a USB drive, then Refresh).")
            plan = plan_for(self.db, self.home, list(req.camera_ids), req.start_utc,
                            req.end_utc)
            from controlroom.evidence.export import check_target

            check_target(Path(target[0]), plan.estimated_bytes)
        leader: Identity | None = None
        if not queue:
            if self.identity.at_least("leader"):
                leader = self.identity
            else:
                leader = users.sign_in(self.db, self.leader_user.text(), self.leader_pw.text())
                self.leader_pw.clear()
        with self.db.session() as s:
            exp = exports.create_request(s, self.identity, req)
            self.export_id = exp.id
            number = exp.record_number
            if leader is not None:
                rules.approve(s, leader, exp.id)
        if queue:
            self.summary.setText(self.tr("Request {n} was sent to the leader's approval queue.")
                                 .replace("{n}", number))
            self.start_btn.setEnabled(False)
            return
        assert self.export_id is not None and target is not None
        self._run(self.export_id, Path(target[0]), target[1])

    def _run(self, export_id: int, dest: Path, label: str) -> None:
        self.start_btn.setEnabled(False)
        self.progress.setVisible(True)
        self.summary.clear()
        self.worker = ExportWorker(self.db, self.identity, export_id, dest, self.home, label,
                                   self)
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.worker.start()

    def _on_progress(self, p: Progress) -> None:
        self.progress.setValue(int(1000 * p.done / max(p.total, 1)))
        phase = {"master": self.tr("copying originals"), "video": self.tr("cutting clips"),
                 "record": self.tr("writing record and signature"),
                 "verify": self.tr("reading back and checking"),
                 "finish": self.tr("finishing")}.get(p.phase, p.phase)
        left = duration_text(p.eta_s) if p.eta_s is not None else "?"
        self.progress_label.setText(
            self.tr("{phase}: {done} of {total}, {speed}/s, about {left} left")
            .replace("{phase}", phase).replace("{done}", _mb(p.done))
            .replace("{total}", _mb(p.total)).replace("{speed}", _mb(p.speed))
            .replace("{left}", left))

    def _on_done(self, res: ExportResult) -> None:
        self.export_result = res
        self.progress.setValue(1000)
        self.cancel_btn.setText(self.tr("Close"))
        text = (self.tr("Extraction complete: {folder}").replace("{folder}", str(res.folder))
                + "\n" + self.tr("SHA256SUMS hash: {h}").replace("{h}", res.sums_sha256)
                + "\n" + self.tr("Check code on the paper record: {h}")
                .replace("{h}", res.manifest_sha256)
                + "\n" + self.tr("Key fingerprint: {k}").replace("{k}", res.fingerprint_display))
        if res.demo:
            text += "\n" + self.tr("DEMO KEY — not valid as evidence.")
        text += "\n\n" + self.tr("Safe to remove the USB drive.")
        self.summary.setText(text)

    def _on_failed(self, message: str, cancelled: bool) -> None:
        self.progress.setVisible(False)
        self.summary.setText(message)
        self.cancel_btn.setText(self.tr("Close"))
        if not cancelled:
            QMessageBox.critical(self, self.tr("Evidence extraction"), message)

    def _cancel(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancel.set()
            self.progress_label.setText(self.tr("Cancelling…"))
            return
        self.reject()

    def closeEvent(self, event: Any) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancel.set()
            self.worker.wait()
        super().closeEvent(event)

    def done(self, r: int) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancel.set()
            self.worker.wait()
        super().done(r)


def open_extraction_dialog(window: Any, camera_ids: list[int], start_utc: datetime,
                           end_utc: datetime) -> ExtractionDialog:
    """Entry point for playback's mark in/out (and the menu)."""
    dlg = ExtractionDialog(window.db, window.identity, window.home, camera_ids, start_utc,
                           end_utc, window if isinstance(window, QWidget) else None)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.show()
    return dlg


class ExtractionFeature(QObject):
    """"Trích xuất dữ liệu…" (Ctrl+E) in the Export menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = window.add_action(
            "export", lambda: self.tr("Extract evidence data…"), self.open,
            shortcut="Ctrl+E", object_name="extractionAction")

    def open(self) -> ExtractionDialog:
        now = utcnow()
        return open_extraction_dialog(self.window, [], now - timedelta(minutes=10), now)

    def retranslate(self) -> None:
        """Dialogs are made in the language of the moment; only the menu entry stays."""

    def close(self) -> None:
        """Open dialogs are children of the window and stop their worker when closed."""


def install(window: MainWindow) -> ExtractionFeature:
    return ExtractionFeature(window)
