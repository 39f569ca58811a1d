"""Custody register (Sổ trích xuất dữ liệu), the leader's approval queue and the signing
key panel under Administration.

The register lists every export, including refused, failed and cancelled ones: who, when,
cameras, range, medium, request reference, status. A completed export's paper record can
be opened again from the post's own copy. Leaders approve or refuse pending requests
from the queue tab; approving from the queue then lets the officer run it (the run is in
the extraction worker). Administrators see the key fingerprint and can rotate the key.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.evidence import keys, rules
from controlroom.evidence.export import local_copy_dir
from controlroom.evidence.manifest import PDF
from controlroom.paths import DataHome
from controlroom.records import exports, settings
from controlroom.records.db import Database
from controlroom.records.models import Camera, Incident, User
from controlroom.records.users import Identity
from controlroom.timeutil import duration_text, format_local
from controlroom.ui.widgets.dialog import button_row, named, show_modeless

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

COLUMNS = 10
Row = tuple[int, str, str, int]  # export id, uid, status, requester id


def status_text(status: str) -> str:
    return {"pending": QCoreApplication.translate("CustodyDialog", "pending"),
            "approved": QCoreApplication.translate("CustodyDialog", "approved"),
            "running": QCoreApplication.translate("CustodyDialog", "running"),
            "completed": QCoreApplication.translate("CustodyDialog", "completed"),
            "failed": QCoreApplication.translate("CustodyDialog", "failed"),
            "refused": QCoreApplication.translate("CustodyDialog", "refused"),
            "cancelled": QCoreApplication.translate("CustodyDialog", "cancelled"),
            }.get(status, status)


class RequestDetails(QDialog):
    """The whole request as the leader decides on it (nothing hidden off to the right),
    with Approve / Refuse for a leader while it is pending."""

    def __init__(self, db: Database, identity: Identity, export_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestDetails")
        self.db, self.identity, self.export_id = db, identity, export_id
        self.decided = False
        with db.read() as s:
            exp = exports.get(s, export_id)
            status, number = exp.status, exp.record_number
            blocked = ""
            if identity.at_least("leader") and status == "pending":
                try:
                    rules.check_approver(s, exp, identity)
                except UserError as e:
                    blocked = str(e)
            html = self._html(s, exp)
        self.setWindowTitle(self.tr("Export request {n}").replace("{n}", number))
        lay = QVBoxLayout(self)
        self.text = named(QTextBrowser(), "requestText")
        self.text.setHtml(html)
        lay.addWidget(self.text, 1)
        self.note = named(QLabel(blocked), "requestNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b3261e;")
        self.note.setVisible(bool(blocked))
        lay.addWidget(self.note)
        self.approve_btn = named(QPushButton(self.tr("Approve this request")), "approveRequest")
        self.refuse_btn = named(QPushButton(self.tr("Refuse…")), "refuseRequest")
        close = QPushButton(self.tr("Close"))
        can_decide = identity.at_least("leader") and status == "pending"
        self.approve_btn.setVisible(can_decide)
        self.approve_btn.setEnabled(can_decide and not blocked)
        self.refuse_btn.setVisible(can_decide)
        self.approve_btn.clicked.connect(self.approve)
        self.refuse_btn.clicked.connect(lambda: self.refuse())
        close.clicked.connect(self.reject)
        lay.addLayout(button_row((self.approve_btn, self.refuse_btn), (close,)))
        self.resize(720, 560)

    def _html(self, s: Any, exp: Any) -> str:
        zone = str(settings.get(s, "time_zone"))
        cams = [s.get(Camera, i) for i in exports.camera_ids(exp)]
        officer = s.get(User, exp.officer_id)
        incident = s.get(Incident, exp.incident_id) if exp.incident_id else None

        def person(u: Any) -> str:
            if u is None:
                return ""
            return ", ".join(x for x in (u.full_name or u.username, u.rank, u.unit) if x)

        seconds = (exp.end_utc - exp.start_utc).total_seconds()
        rows = [
            (self.tr("Record no."), exp.record_number),
            (self.tr("Status"), status_text(exp.status)),
            (self.tr("Requested by"), person(officer)),
            (self.tr("Requested at"), format_local(exp.created_at, zone)),
            (self.tr("Cameras"), "<br>".join(
                html.escape(f"{c.code} — {c.name}" + (f" ({c.location})" if c.location else ""))
                for c in cams if c is not None)),
            (self.tr("Range"), f"{format_local(exp.start_utc, zone)} – "
                               f"{format_local(exp.end_utc, zone)} ({duration_text(seconds)})"),
            (self.tr("Request reference"), exp.request_ref),
            (self.tr("Requesting agency"), exp.agency),
            (self.tr("Reason"), exp.reason),
            (self.tr("Linked incident"),
             f"{incident.code} — {incident.summary}" if incident else ""),
            (self.tr("Witness"), exp.witness),
            (self.tr("Camera owner / manager"), exp.camera_owner),
            (self.tr("Storage medium"), exp.medium),
            (self.tr("Seal number"), exp.seal_number),
        ]
        if exp.approver_id is not None:
            rows.append((self.tr("Approved by") if exp.status != "refused"
                         else self.tr("Refused by"),
                         person(s.get(User, exp.approver_id))
                         + (f", {format_local(exp.approved_at, zone)}" if exp.approved_at
                            else "")))
        if exp.error:
            rows.append((self.tr("Note"), exp.error))
        body = "".join(
            f"<tr><th align='left' valign='top' style='padding-right:12px'>{html.escape(k)}"
            f"</th><td>{v if k == self.tr('Cameras') else html.escape(v or '—')}</td></tr>"
            for k, v in rows)
        return f"<table cellspacing='4'>{body}</table>"

    def approve(self) -> bool:
        try:
            with self.db.session() as s:
                rules.approve(s, self.identity, self.export_id)
        except UserError as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))
            return False
        self.decided = True
        self.accept()
        return True

    def refuse(self, why: str | None = None) -> bool:
        if not why:
            why, ok = QInputDialog.getText(self, self.tr("Refuse"),
                                           self.tr("Reason for the refusal:"))
            if not ok:
                return False
        try:
            with self.db.session() as s:
                exports.refuse(s, self.identity, self.export_id, why)
        except UserError as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))
            return False
        self.decided = True
        self.accept()
        return True


class CustodyDialog(QDialog):
    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custodyDialog")
        self.db, self.identity, self.home = db, identity, home
        self.setWindowTitle(self.tr("Evidence custody register"))
        self.resize(1100, 560)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.register = self._table("registerTable")
        self.queue = self._table("queueTable")
        self.tabs.addTab(self.register, self.tr("Register"))
        self.tabs.addTab(self.queue, self.tr("Approval queue"))
        lay.addWidget(self.tabs)
        self.open_btn = QPushButton(self.tr("Open the paper record (PDF)"))
        self.open_btn.clicked.connect(self.open_record)
        self.approve_btn = QPushButton(self.tr("Approve"))
        self.approve_btn.setObjectName("approveButton")
        self.approve_btn.clicked.connect(self.approve_selected)
        self.refuse_btn = QPushButton(self.tr("Refuse…"))
        self.refuse_btn.clicked.connect(lambda: self.refuse_selected())
        self.details_btn = named(QPushButton(self.tr("Details…")), "detailsButton")
        self.details_btn.clicked.connect(lambda: self.show_details())
        self.execute_btn = named(QPushButton(self.tr("Run the export…")), "executeButton")
        self.execute_btn.setToolTip(self.tr("Write an approved request of yours to a drive "
                                            "(once)."))
        self.execute_btn.clicked.connect(lambda: self.execute_selected())
        leader = identity.at_least("leader")
        self.approve_btn.setVisible(leader)
        self.refuse_btn.setVisible(leader)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        lay.addLayout(button_row((self.details_btn, self.execute_btn, self.open_btn,
                                  self.approve_btn, self.refuse_btn), (refresh,)))
        self.details: RequestDetails | None = None
        self.extraction: Any = None
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        for t in (self.register, self.queue):
            t.itemSelectionChanged.connect(self._update_buttons)
            t.itemDoubleClicked.connect(lambda _item: self.show_details())
        self.reload()

    def _table(self, name: str) -> QTableWidget:
        t = QTableWidget(0, COLUMNS)
        t.setObjectName(name)
        t.setHorizontalHeaderLabels([
            self.tr("Record no."), self.tr("Status"), self.tr("Requested"), self.tr("Officer"),
            self.tr("Approved by"), self.tr("Cameras"), self.tr("Range"), self.tr("Medium"),
            self.tr("Request reference"), self.tr("Reason")])
        t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        t.horizontalHeader().setStretchLastSection(True)
        return t

    def status_text(self, status: str) -> str:
        return status_text(status)

    def reload(self) -> None:
        with self.db.read() as s:
            codes = {c.id: c.code for c in s.query(Camera)}

            def rows(items: list[Any]) -> list[tuple[Row, list[str]]]:
                out = []
                for e in items:
                    cams = ", ".join(codes.get(i, str(i)) for i in json.loads(e.cameras))
                    out.append(((e.id, e.uid, e.status, e.officer_id), [
                        e.record_number, self.status_text(e.status), format_local(e.created_at),
                        exports.user_name(s, e.officer_id), exports.user_name(s, e.approver_id),
                        cams, f"{format_local(e.start_utc)} – {format_local(e.end_utc)}",
                        e.medium, e.request_ref, e.reason]))
                return out

            reg = rows(exports.list_exports(s))
            pend = rows(exports.pending(s))
        for table, data in ((self.register, reg), (self.queue, pend)):
            table.setRowCount(len(data))
            for r, (key, cells) in enumerate(data):
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(" ".join(text.split()) if c == COLUMNS - 1 else text)
                    item.setToolTip(text)
                    item.setData(Qt.ItemDataRole.UserRole, key)
                    table.setItem(r, c, item)
            table.resizeColumnsToContents()
            for c in (COLUMNS - 2, COLUMNS - 1):  # long texts: whole in Details…
                table.setColumnWidth(c, min(table.columnWidth(c), 260))
        self.tabs.setTabText(1, self.tr("Approval queue ({n})").replace("{n}", str(len(pend))))
        self._update_buttons()

    def _update_buttons(self) -> None:
        sel = self._selected()
        self.details_btn.setEnabled(sel is not None)
        self.execute_btn.setEnabled(sel is not None and sel[2] == "approved"
                                    and sel[3] == self.identity.id)
        self.approve_btn.setEnabled(sel is not None and sel[2] == "pending")
        self.refuse_btn.setEnabled(sel is not None and sel[2] in ("pending", "approved"))

    def show_details(self) -> RequestDetails | None:
        sel = self._selected()
        if sel is None:
            return None
        self.details = RequestDetails(self.db, self.identity, sel[0], self)
        self.details.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details.finished.connect(lambda _r: self.reload())
        self.details.open()
        return self.details

    def execute_selected(self) -> Any:
        """The requester runs an approved request (the extraction dialog, drive only)."""
        sel = self._selected()
        if sel is None:
            return None
        from controlroom.ui.extraction import ExtractionDialog

        try:
            with self.db.read() as s:
                rules.check_runner(s, exports.get(s, sel[0]), self.identity)
        except UserError as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))
            return None
        dlg = ExtractionDialog(self.db, self.identity, self.home, parent=self,
                               request_id=sel[0])
        dlg.finished.connect(lambda _r: self.reload())
        show_modeless(dlg)
        self.extraction = dlg
        return dlg

    def _selected(self) -> Row | None:
        table = self.tabs.currentWidget()
        assert isinstance(table, QTableWidget)
        items = table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def open_record(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        pdf = local_copy_dir(self.home, sel[1]) / PDF
        if not pdf.exists():
            QMessageBox.information(self, self.windowTitle(),
                                    self.tr("This export has no paper record (it did not "
                                            "complete)."))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))

    def approve_selected(self) -> RequestDetails | None:
        """Approval happens on the whole request: the details open with Approve."""
        return self.show_details()

    def refuse_selected(self, why: str | None = None) -> None:
        sel = self._selected()
        if sel is None:
            return
        if not why:
            why, ok = QInputDialog.getText(self, self.tr("Refuse"),
                                           self.tr("Reason for the refusal:"))
            if not ok:
                return
        try:
            with self.db.session() as s:
                exports.refuse(s, self.identity, sel[0], why)
        except UserError as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))
        self.reload()


class SigningKeyDialog(QDialog):
    """The post's key fingerprint (to compare with paper records) and rotation (admin)."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signingKeyDialog")
        self.db, self.identity, self.home = db, identity, home
        self.setWindowTitle(self.tr("Signing key"))
        lay = QVBoxLayout(self)
        self.label = named(QLabel(), "fingerprint")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setWordWrap(True)
        lay.addWidget(self.label)
        self.rotate_btn = QPushButton(self.tr("Rotate key…"))
        self.rotate_btn.setVisible(identity.at_least("admin"))
        self.rotate_btn.clicked.connect(self.rotate)
        lay.addWidget(self.rotate_btn)
        self.reload()

    def reload(self) -> None:
        with self.db.read() as s:
            rows = [(k.fingerprint, k.retired_at, k.demo) for k in keys.known_keys(s)]
        if not rows:
            self.label.setText(self.tr("No signing key yet; it is created at the first export."))
            return
        lines = []
        for fp, retired, demo in reversed(rows):
            state = self.tr("retired {t}").replace("{t}", format_local(retired)) if retired \
                else self.tr("current")
            lines.append(f"{keys.display_fingerprint(fp)}  ({state}{', DEMO' if demo else ''})")
        self.label.setText("\n".join(lines))

    def rotate(self, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(
                self, self.windowTitle(),
                self.tr("Create a new signing key? Older exports keep verifying with the old "
                        "public key.")) != QMessageBox.StandardButton.Yes:
            return
        try:
            keys.rotate_key(self.db, self.identity, self.home)
        except UserError as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))
        self.reload()


class CustodyFeature(QObject):
    """Custody register under Export; signing key under Administration (leaders)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.register_action = window.add_action(
            "export", lambda: self.tr("Custody register…"), self.open_register,
            object_name="custodyAction")
        self.key_action = None
        if window.identity.at_least("leader"):
            self.key_action = window.add_action(
                "admin", lambda: self.tr("Signing key…"), self.open_key,
                object_name="signingKeyAction")

    def open_register(self) -> CustodyDialog:
        dlg = CustodyDialog(self.window.db, self.window.identity, self.window.home, self.window)
        return show_modeless(dlg)

    def open_key(self) -> SigningKeyDialog:
        dlg = SigningKeyDialog(self.window.db, self.window.identity, self.window.home,
                               self.window)
        return show_modeless(dlg)

    def retranslate(self) -> None:
        """Dialogs are made in the language of the moment; menu entries are the window's."""

    def close(self) -> None:
        """Nothing runs in the background."""


def install(window: MainWindow) -> CustodyFeature:
    return CustodyFeature(window)
