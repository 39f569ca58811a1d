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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
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
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from controlroom.errors import InvalidInput, UserError
from controlroom.evidence import drives, rules
from controlroom.evidence.drives import FsIdentity
from controlroom.evidence.export import (
    ExportResult,
    Progress,
    check_device,
    check_target,
    plan_for,
    run_export,
    target_identity,
)
from controlroom.evidence.plan import ExportPlan
from controlroom.oserror import describe
from controlroom.paths import DataHome
from controlroom.records import exports, settings, users
from controlroom.records.db import Database
from controlroom.records.models import Camera, Incident
from controlroom.records.users import Identity
from controlroom.timeutil import DEFAULT_TZ, duration_text, format_local, utcnow
from controlroom.ui import app as uiapp
from controlroom.ui.widgets.datetime_edit import DateTimeEdit
from controlroom.ui.widgets.dialog import named, show_modeless

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

DATE_FORMAT = "dd/MM/yyyy HH:mm:ss"
DIALOG_SIZE = (940, 700)  # fits 1366×768 with a task bar and the title bar
SUMMARY_LINES = 5


class ExportWorker(QThread):
    """Runs run_export off the GUI thread; reports through queued signals."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, cancelled

    def __init__(self, db: Database, actor: Identity, export_id: int, dest: Path,
                 home: DataHome, label: str, parent: QObject | None = None,
                 device: FsIdentity | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.export_id, self.dest = db, actor, export_id, dest
        self.home, self.label, self.device = home, label, device
        self.cancel = threading.Event()

    def run(self) -> None:
        from controlroom.evidence.export import ExportCancelled

        try:
            res = run_export(self.db, self.actor, self.export_id, self.dest, self.home,
                             progress=self.progressed.emit, cancel=self.cancel,
                             medium_label=self.label, device=self.device)
        except ExportCancelled as e:
            self.failed.emit(str(e), True)
        except UserError as e:
            self.failed.emit(str(e), False)
        except OSError as e:  # in words, never the C library's text
            self.failed.emit(str(describe(e)), False)
        except Exception as e:  # never let a worker die silently
            self.failed.emit(f"{type(e).__name__}: {e}", False)
        else:
            self.succeeded.emit(res)


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


@dataclass(frozen=True)
class Target:
    """A drive (or, for an administrator, a folder) as chosen: its file-system identity is
    taken at that moment, and the export writes only while it still holds."""

    path: Path
    label: str
    device: FsIdentity


def _incident_code(session: Any, incident_id: int | None) -> str:
    inc = session.get(Incident, incident_id) if incident_id is not None else None
    return inc.code if inc is not None else ""


class ExtractionDialog(QDialog):
    """New request (cameras, range, request, approval, drive) or, with `request_id`, the
    execution of a request a leader approved from the queue."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 camera_ids: list[int] | None = None, start: datetime | None = None,
                 end: datetime | None = None, parent: QWidget | None = None,
                 request_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("extractionDialog")
        self.db, self.identity, self.home = db, identity, home
        self.worker: ExportWorker | None = None
        self.export_result: ExportResult | None = None
        self.plan: ExportPlan | None = None
        self.export_id: int | None = None
        self.request_id = request_id  # executing an approved request
        # Every visible text as (setter, text of the moment): LanguageChange sets them again.
        self._texts: list[tuple[Callable[[str], None], Callable[[], str]]] = []
        self._req_shown: dict[str, Any] | None = None
        self._summary_text: Callable[[], str] | None = None
        self._progress_text: Callable[[], str] | None = None
        with db.read() as s:
            self.zone = str(settings.get(s, "time_zone")) or DEFAULT_TZ
            self.four_eyes = rules.four_eyes(s)
            cams = [(c.id, c.name, c.code, c.owner_name) for c in
                    s.scalars(select(Camera).order_by(Camera.code))]
            req: dict[str, Any] | None = None
            if request_id is not None:
                req = self._load_request(s, request_id)
                camera_ids, start, end = req["cameras"], req["start"], req["end"]
        self._text(self.setWindowTitle, self._title)

        form = QWidget()
        form.setObjectName("extractionForm")
        fl = QVBoxLayout(form)
        fl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        cam_box = QGroupBox()
        self._text(cam_box.setTitle, lambda: self.tr("Cameras"))
        cl = QVBoxLayout(cam_box)
        self.cameras = QListWidget()
        self.cameras.setObjectName("cameraList")
        self.cameras.setMinimumHeight(72)
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

        range_box = QGroupBox()
        self._text(range_box.setTitle, lambda: self.tr("Time range"))
        rf = QFormLayout(range_box)
        now = utcnow()
        self.start_edit = self._dt_edit(start or now - timedelta(minutes=10))
        self.end_edit = self._dt_edit(end or now)
        self.start_edit.setObjectName("startEdit")
        self.end_edit.setObjectName("endEdit")
        rf.addRow(self._label(lambda: self.tr("From:")), self.start_edit)
        rf.addRow(self._label(lambda: self.tr("To:")), self.end_edit)
        self.coverage = QTextBrowser()
        self.coverage.setObjectName("coverage")
        self.coverage.setMinimumHeight(56)
        rf.addRow(self.coverage)
        top.addWidget(range_box, 2)
        fl.addLayout(top, 1)

        req_box = QGroupBox()
        self._text(req_box.setTitle, lambda: self.tr("Request"))
        g = QGridLayout(req_box)
        self.request_ref = named(QLineEdit(), "requestRef")
        self.agency = named(QLineEdit(), "agency")
        self.reason = named(QPlainTextEdit(), "reason")
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 2 + 14)
        self.incident = named(QLineEdit(), "incident")
        self.witness = named(QLineEdit(), "witness")
        self.owner = named(QLineEdit(), "owner")
        self.medium = named(QLineEdit(), "medium")
        self.seal = named(QLineEdit(), "seal")
        for edit, field in ((self.request_ref, "request_ref"), (self.agency, "agency"),
                            (self.witness, "witness"), (self.owner, "camera_owner"),
                            (self.medium, "medium"), (self.seal, "seal_number")):
            edit.setMaxLength(exports.LIMITS[field])
        pairs: list[tuple[Callable[[], str], QWidget]] = [
            (lambda: self.tr("Request reference (official letter no.):"), self.request_ref),
            (lambda: self.tr("Requesting agency:"), self.agency),
            (lambda: self.tr("Linked incident code:"), self.incident),
            (lambda: self.tr("Witness:"), self.witness),
            (lambda: self.tr("Camera owner / manager:"), self.owner),
            (lambda: self.tr("Storage medium:"), self.medium),
            (lambda: self.tr("Seal number:"), self.seal)]
        g.addWidget(self._label(pairs[0][0]), 0, 0)
        g.addWidget(pairs[0][1], 0, 1, 1, 3)
        g.addWidget(self._label(lambda: self.tr("Reason:")), 1, 0, Qt.AlignmentFlag.AlignTop)
        g.addWidget(self.reason, 1, 1, 1, 3)
        for i, (label, field_edit) in enumerate(pairs[1:]):
            row, col = 2 + i // 2, (i % 2) * 2
            g.addWidget(self._label(label), row, col)
            g.addWidget(field_edit, row, col + 1)
        g.setColumnStretch(1, 1)
        g.setColumnStretch(3, 1)
        fl.addWidget(req_box)
        self._inputs: list[QWidget] = [cam_box, range_box, req_box]

        appr_box = QGroupBox()
        self._text(appr_box.setTitle, lambda: self.tr("Leader's approval"))
        self.appr_box = appr_box
        al = QVBoxLayout(appr_box)
        self.approve_now = named(QRadioButton(), "approveNow")
        self.approve_queue = named(QRadioButton(), "approveQueue")
        grp = QButtonGroup(self)
        grp.addButton(self.approve_now)
        grp.addButton(self.approve_queue)
        self.approve_now.setChecked(True)
        self.leader_user = named(QLineEdit(), "leaderUser")
        self.leader_pw = named(QLineEdit(), "leaderPassword")
        self.leader_pw.setEchoMode(QLineEdit.EchoMode.Password)
        self._self_approval = identity.at_least("leader") and not self.four_eyes
        if self._self_approval:
            me = identity.full_name or identity.username
            self._text(self.approve_now.setText,
                       lambda: self.tr("I approve this extraction myself ({name})")
                       .replace("{name}", me))
            self.leader_user.setText(identity.username)
            self.leader_user.setEnabled(False)
            self.leader_pw.setEnabled(False)
        else:
            self._text(self.approve_now.setText,
                       lambda: self.tr("A leader signs in here now to approve"))
        if identity.at_least("leader") and self.four_eyes:
            self._text(self.approve_now.setToolTip, lambda: self.tr(
                "Four-eyes rule: a request is approved by a leader other than its requester."))
        self._text(self.approve_queue.setText,
                   lambda: self.tr("Send to the leader's approval queue"))
        appr_row = QHBoxLayout()
        appr_row.addWidget(self.approve_now)
        appr_row.addWidget(self._label(lambda: self.tr("Leader:")))
        appr_row.addWidget(self.leader_user, 1)
        appr_row.addWidget(self._label(lambda: self.tr("Password:")))
        appr_row.addWidget(self.leader_pw, 1)
        al.addLayout(appr_row)
        al.addWidget(self.approve_queue)
        self.approved_label = named(QLabel(), "approvedLabel")
        self.approved_label.setWordWrap(True)
        self.approved_label.setVisible(False)
        al.addWidget(self.approved_label)
        fl.addWidget(appr_box)

        tgt_box = QGroupBox()
        self._text(tgt_box.setTitle, lambda: self.tr("Target drive"))
        tl = QHBoxLayout(tgt_box)
        self.target = named(QComboBox(), "target")
        self.target.setMinimumWidth(300)
        refresh = QPushButton()
        self._text(refresh.setText, lambda: self.tr("Refresh"))
        refresh.clicked.connect(self.refresh_drives)
        self.folder_btn = QPushButton()
        self._text(self.folder_btn.setText, lambda: self.tr("Other folder…"))
        self.folder_btn.setVisible(identity.at_least("admin"))
        self.folder_btn.clicked.connect(self._choose_folder)
        tl.addWidget(self.target, 1)
        tl.addWidget(refresh)
        tl.addWidget(self.folder_btn)
        fl.addWidget(tgt_box)
        self._inputs += [appr_box, tgt_box]

        self.form_area = QScrollArea()
        self.form_area.setObjectName("extractionScroll")
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setWidget(form)

        # What happens (progress, result, failure) has a fixed place under the form, so
        # the dialog never grows while running and the result is never off-screen.
        status = QWidget()
        status.setObjectName("extractionStatus")
        sl = QVBoxLayout(status)
        sl.setContentsMargins(0, 0, 0, 0)
        self.progress = named(QProgressBar(), "progress")
        self.progress.setRange(0, 1000)
        keep = self.progress.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(keep)
        self.progress.setVisible(False)
        self.progress_label = named(QLabel(), "progressLabel")
        self.summary = named(QLabel(), "summary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_area = QScrollArea()
        self.summary_area.setObjectName("summaryArea")
        self.summary_area.setWidgetResizable(True)
        self.summary_area.setWidget(self.summary)
        self.summary_area.setFixedHeight(SUMMARY_LINES * self.fontMetrics().lineSpacing() + 12)
        prow = QHBoxLayout()
        prow.addWidget(self.progress, 2)
        prow.addWidget(self.progress_label, 3)
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)
        sl.addLayout(prow)
        sl.addWidget(self.summary_area)

        self.buttons = QDialogButtonBox()
        self.start_btn = self.buttons.addButton(self.tr("Start extraction"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self._start_again = False
        self.start_btn.setObjectName("startButton")
        self.cancel_btn = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._cancel_means_close = False
        self.start_btn.clicked.connect(self.start)
        self.cancel_btn.clicked.connect(self._cancel)
        root = QVBoxLayout(self)
        root.addWidget(self.form_area, 1)
        root.addWidget(status)
        root.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.update_coverage)
        self.cameras.itemChanged.connect(lambda *_: self._on_cameras_changed())
        self.start_edit.textChanged.connect(lambda *_: self._timer.start())
        self.end_edit.textChanged.connect(lambda *_: self._timer.start())
        self.refresh_drives()
        if req is not None:
            self._show_request(req)
        self._on_cameras_changed()
        self.update_coverage()
        self._fit_screen()

    # -- language ---------------------------------------------------------------------------
    def _text(self, setter: Callable[[str], None], text: Callable[[], str]) -> None:
        """Set a visible text now and again whenever the language changes."""
        setter(text())
        self._texts.append((setter, text))

    def _label(self, text: Callable[[], str]) -> QLabel:
        label = QLabel()
        self._text(label.setText, text)
        return label

    def _title(self) -> str:
        if self._req_shown is not None and self.request_id is not None:
            return self.tr("Evidence extraction — request {n}").replace(
                "{n}", self._req_shown["number"])
        return self.tr("Evidence extraction")

    def _set_summary(self, text: Callable[[], str] | None) -> None:
        self._summary_text = text
        self.summary.setText(text() if text is not None else "")

    def _set_progress(self, text: Callable[[], str] | None) -> None:
        self._progress_text = text
        self.progress_label.setText(text() if text is not None else "")

    def retranslate(self) -> None:
        for setter, text in self._texts:
            setter(text())
        self.setWindowTitle(self._title())
        self.start_btn.setText(self.tr("Start again") if self._start_again
                               else self.tr("Start extraction"))
        running = self.worker is not None and self.worker.isRunning()
        self.cancel_btn.setText(self.tr("Close") if self._cancel_means_close and not running
                                else self.tr("Cancel"))
        if self._req_shown is not None and self.approved_label.isVisibleTo(self):
            self._show_approved(self._req_shown)
        if self.target.count() == 1 and self.target.itemData(0) is None:
            self.target.setItemText(0, self.tr("No removable drive found — insert a USB drive"))
        if self._summary_text is not None:
            self.summary.setText(self._summary_text())
        if self._progress_text is not None:
            self.progress_label.setText(self._progress_text())
        self.update_coverage()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's naming
        if uiapp.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fit_screen(self, avail: QRect | None = None) -> None:
        """Never taller or wider than the screen (1366×768 is the usual office screen);
        what does not fit scrolls inside the form, buttons and result stay in view."""
        screen = self.screen()
        if avail is None and screen is not None:
            avail = screen.availableGeometry()
        w, h = DIALOG_SIZE
        if avail is not None:
            w, h = min(w, avail.width() - 16), min(h, avail.height() - 48)
            self.setMaximumSize(avail.width(), avail.height())
        self.resize(w, h)

    def _load_request(self, s: Any, export_id: int) -> dict[str, Any]:
        e = exports.get(s, export_id)
        return {"cameras": exports.camera_ids(e), "start": e.start_utc, "end": e.end_utc,
                "request_ref": e.request_ref, "agency": e.agency, "reason": e.reason,
                "witness": e.witness, "camera_owner": e.camera_owner, "medium": e.medium,
                "seal_number": e.seal_number, "incident": _incident_code(s, e.incident_id),
                "leader": exports.user_name(s, e.approver_id),
                "when": format_local(e.approved_at, self.zone), "number": e.record_number}

    def _show_request(self, req: dict[str, Any]) -> None:
        """Execution of an approved request: everything as approved, only the drive to
        choose."""
        self.request_ref.setText(req["request_ref"])
        self.agency.setText(req["agency"])
        self.reason.setPlainText(req["reason"])
        self.incident.setText(req["incident"])
        self.witness.setText(req["witness"])
        self.owner.setText(req["camera_owner"])
        self.owner.setModified(True)
        self.medium.setText(req["medium"])
        self.seal.setText(req["seal_number"])
        self._req_shown = req
        self.setWindowTitle(self._title())
        for w in self._inputs[:3]:
            w.setEnabled(False)
        for w in (self.approve_now, self.approve_queue, self.leader_user, self.leader_pw):
            w.setVisible(False)
        for lbl in self.appr_box.findChildren(QLabel):
            if lbl is not self.approved_label:
                lbl.setVisible(False)
        self._show_approved(req)
        self.approved_label.setVisible(True)

    def _show_approved(self, req: dict[str, Any]) -> None:
        self.approved_label.setText(self.tr("Request {n} approved by {leader} on {when}.")
                                    .replace("{n}", req["number"])
                                    .replace("{leader}", req["leader"])
                                    .replace("{when}", req["when"]))

    def _leave_request_mode(self) -> None:
        """After a failed run the request is used up; starting again makes a new request
        with the same details, which needs an approval again."""
        if self.request_id is None:
            return
        self.request_id = None
        self.setWindowTitle(self.tr("Evidence extraction"))
        for w in self._inputs[:3]:
            w.setEnabled(True)
        for w in (self.approve_now, self.approve_queue, self.leader_user, self.leader_pw):
            w.setVisible(True)
        for lbl in self.appr_box.findChildren(QLabel):
            lbl.setVisible(lbl is not self.approved_label)
        self.approve_queue.setChecked(True)

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

    def add_target(self, path: Path, label: str, text: str | None = None) -> None:
        """Offer a target; its file system is remembered now (written only while it holds)."""
        try:
            device = target_identity(path)
        except UserError:
            return
        if self.target.count() == 1 and self.target.itemData(0) is None:
            self.target.clear()
        self.target.addItem(text or f"{label} ({path})", Target(path, label, device))
        self.target.setCurrentIndex(self.target.count() - 1)

    def refresh_drives(self) -> None:
        current = self.target.currentData()
        self.target.clear()
        for d in drives.list_drives():
            if d.writable:
                self.add_target(d.mountpoint, d.label, drives.describe(d))
        if self.target.count() == 0:
            self.target.addItem(self.tr("No removable drive found — insert a USB drive"), None)
        if isinstance(current, Target):
            for i in range(self.target.count()):
                data = self.target.itemData(i)
                if isinstance(data, Target) and data.path == current.path:
                    self.target.setCurrentIndex(i)

    def add_folder_target(self, folder: Path) -> None:
        """An administrator's free choice of folder (also used by tests)."""
        self.identity.require("admin")
        self.add_target(folder, folder.name, str(folder))

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

    def _chosen_target(self) -> Target:
        target = self.target.currentData()
        if not isinstance(target, Target):
            raise InvalidInput("Chưa chọn ổ đích (cắm USB rồi bấm Làm mới).",
                               "No target drive (insert a USB drive, then Refresh).")
        check_device(target.device, target.path)  # still the drive chosen in the list
        rules.check_destination(self.identity, target.path)
        return target

    def _start(self) -> None:
        if self.request_id is not None:
            chosen = self._chosen_target()
            with self.db.read() as s:
                exp = exports.get(s, self.request_id)
                rules.check_runner(s, exp, self.identity)
                plan = plan_for(self.db, self.home, exports.camera_ids(exp), exp.start_utc,
                                exp.end_utc)
            check_target(chosen.path, plan.estimated_bytes)
            self.export_id = self.request_id
            self._run(self.request_id, chosen)
            return
        req = self._request()
        queue = self.approve_queue.isChecked()
        target: Target | None = None
        if not queue:
            target = self._chosen_target()
            plan = plan_for(self.db, self.home, list(req.camera_ids), req.start_utc,
                            req.end_utc)
            check_target(target.path, plan.estimated_bytes)
        leader: Identity | None = None
        if not queue:
            if self._self_approval:
                leader = self.identity
            else:
                pw = self.leader_pw.text()
                self.leader_pw.clear()
                leader = users.sign_in(self.db, self.leader_user.text(), pw)
        with self.db.session() as s:
            exp = exports.create_request(s, self.identity, req)
            export_id = exp.id
            number = exp.record_number
            if leader is not None:
                rules.approve(s, leader, exp.id)
        self.export_id = export_id
        if queue:
            self._set_summary(lambda: self.tr(
                "Request {n} was sent to the leader's approval queue. "
                "Once approved, run it from the custody register.").replace("{n}", number))
            self.start_btn.setEnabled(False)
            self._cancel_means_close = True
            self.cancel_btn.setText(self.tr("Close"))
            return
        assert target is not None
        self._run(export_id, target)

    def _set_running(self, running: bool) -> None:
        for w in self._inputs:
            w.setEnabled(not running)
        if not running and self.request_id is not None:
            for w in self._inputs[:3]:
                w.setEnabled(False)
        self.start_btn.setEnabled(not running)
        self.progress.setVisible(running)
        self._cancel_means_close = not running
        self.cancel_btn.setText(self.tr("Cancel") if running else self.tr("Close"))

    def _run(self, export_id: int, target: Target) -> None:
        self._set_running(True)
        self._set_summary(None)
        self._set_progress(None)
        self.progress.setValue(0)
        self.worker = ExportWorker(self.db, self.identity, export_id, target.path, self.home,
                                   target.label, self, device=target.device)
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
        self._progress_text = None  # the next report comes in the new language
        self.progress_label.setText(
            self.tr("{phase}: {done} of {total}, {speed}/s, about {left} left")
            .replace("{phase}", phase).replace("{done}", _mb(p.done))
            .replace("{total}", _mb(p.total)).replace("{speed}", _mb(p.speed))
            .replace("{left}", left))

    def _on_done(self, res: ExportResult) -> None:
        self.export_result = res
        self._set_running(False)
        self.progress.setVisible(True)
        self.progress.setValue(1000)
        self.start_btn.setEnabled(False)
        for w in self._inputs:
            w.setEnabled(False)
        self._set_progress(lambda: self.tr("Done."))
        self._set_summary(lambda: self._done_text(res))

    def _done_text(self, res: ExportResult) -> str:
        text = (self.tr("Extraction complete: {folder}").replace("{folder}", str(res.folder))
                + "\n" + self.tr("SHA256SUMS hash: {h}").replace("{h}", res.sums_sha256)
                + "\n" + self.tr("Check code on the paper record: {h}")
                .replace("{h}", res.manifest_sha256)
                + "\n" + self.tr("Key fingerprint: {k}").replace("{k}", res.fingerprint_display))
        if res.demo:
            text += "\n" + self.tr("DEMO KEY — not valid as evidence.")
        return self.tr("Safe to remove the USB drive.") + "\n" + text

    def _on_failed(self, message: str, cancelled: bool) -> None:
        """Nothing complete was written; every field stays as typed so Start can be
        pressed again. A run refused at the door (drive no longer the one chosen…) leaves
        the request approved: Start again runs that same request. A run that had started
        used the request up: Start again makes a new one with the same details."""
        still: dict[str, Any] | None = None
        if self.export_id is not None:
            with self.db.read() as s:
                if exports.get(s, self.export_id).status == "approved":
                    still = self._load_request(s, self.export_id)
        kept = still is not None
        if still is not None:
            self.request_id = self.export_id
            self._show_request(still)
        else:
            self._leave_request_mode()

        def hint() -> str:  # set again on a language change
            if kept:
                return self.tr("The request is still approved: fix the cause (another "
                               "drive…) and press Start again.")
            return self.tr("The details are kept: fix the cause (another drive…) and press "
                           "Start again; this makes a new request, which needs a leader's "
                           "approval again.")
        self._set_running(False)
        self._start_again = True
        self.start_btn.setText(self.tr("Start again"))
        self._set_progress(lambda: self.tr("Cancelled.") if cancelled else self.tr("Failed."))
        self._set_summary(lambda: message + "\n" + hint())
        if not cancelled:
            QMessageBox.critical(self, self.tr("Evidence extraction"), message)

    def _cancel(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancel.set()
            self._set_progress(lambda: self.tr("Cancelling…"))
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
    return show_modeless(dlg)


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
        """The menu entry is the window's; open dialogs retranslate on LanguageChange."""

    def close(self) -> None:
        """Open dialogs are children of the window and stop their worker when closed."""


def install(window: MainWindow) -> ExtractionFeature:
    return ExtractionFeature(window)
