"""Custody register (Sổ trích xuất dữ liệu), the leader's approval queue and the signing
key panel under Administration.

The register lists every export, including refused, failed and cancelled ones: who, when,
cameras, range, medium, request reference, status. A completed export's paper record can
be opened again from the post's own copy. Leaders approve or refuse pending requests
from the queue tab; approving from the queue then lets the officer run it (the run is in
the extraction worker). Administrators see the key fingerprint and can rotate the key.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.evidence import keys, rules
from controlroom.evidence.export import local_copy_dir
from controlroom.evidence.manifest import PDF
from controlroom.paths import DataHome
from controlroom.records import exports
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.records.users import Identity
from controlroom.timeutil import format_local

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

COLUMNS = 9


_W = TypeVar("_W", bound=QWidget)


def _named(w: _W, name: str) -> _W:
    w.setObjectName(name)
    return w


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
        row = QHBoxLayout()
        self.open_btn = QPushButton(self.tr("Open the paper record (PDF)"))
        self.open_btn.clicked.connect(self.open_record)
        self.approve_btn = QPushButton(self.tr("Approve"))
        self.approve_btn.setObjectName("approveButton")
        self.approve_btn.clicked.connect(self.approve_selected)
        self.refuse_btn = QPushButton(self.tr("Refuse…"))
        self.refuse_btn.clicked.connect(self.refuse_selected)
        leader = identity.at_least("leader")
        self.approve_btn.setVisible(leader)
        self.refuse_btn.setVisible(leader)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        for b in (self.open_btn, self.approve_btn, self.refuse_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(refresh)
        lay.addLayout(row)
        self.reload()

    def _table(self, name: str) -> QTableWidget:
        t = QTableWidget(0, COLUMNS)
        t.setObjectName(name)
        t.setHorizontalHeaderLabels([
            self.tr("Record no."), self.tr("Status"), self.tr("Requested"), self.tr("Officer"),
            self.tr("Approved by"), self.tr("Cameras"), self.tr("Range"), self.tr("Medium"),
            self.tr("Request reference")])
        t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        t.horizontalHeader().setStretchLastSection(True)
        return t

    def _status_text(self, status: str) -> str:
        return {"pending": self.tr("pending"), "approved": self.tr("approved"),
                "running": self.tr("running"), "completed": self.tr("completed"),
                "failed": self.tr("failed"), "refused": self.tr("refused"),
                "cancelled": self.tr("cancelled")}.get(status, status)

    def reload(self) -> None:
        with self.db.read() as s:
            codes = {c.id: c.code for c in s.query(Camera)}

            def rows(items: list[Any]) -> list[tuple[int, str, list[str]]]:
                out = []
                for e in items:
                    cams = ", ".join(codes.get(i, str(i)) for i in json.loads(e.cameras))
                    out.append((e.id, e.uid, [
                        e.record_number, self._status_text(e.status), format_local(e.created_at),
                        exports.user_name(s, e.officer_id), exports.user_name(s, e.approver_id),
                        cams, f"{format_local(e.start_utc)} – {format_local(e.end_utc)}",
                        e.medium, e.request_ref]))
                return out

            reg = rows(exports.list_exports(s))
            pend = rows(exports.pending(s))
        for table, data in ((self.register, reg), (self.queue, pend)):
            table.setRowCount(len(data))
            for r, (eid, uid, cells) in enumerate(data):
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, (eid, uid))
                    table.setItem(r, c, item)
            table.resizeColumnsToContents()
        self.tabs.setTabText(1, self.tr("Approval queue ({n})").replace("{n}", str(len(pend))))

    def _selected(self) -> tuple[int, str] | None:
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

    def approve_selected(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        try:
            with self.db.session() as s:
                rules.approve(s, self.identity, sel[0])
        except UserError as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))
        self.reload()

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
        self.label = _named(QLabel(), "fingerprint")
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
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def open_key(self) -> SigningKeyDialog:
        dlg = SigningKeyDialog(self.window.db, self.window.identity, self.window.home,
                               self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def retranslate(self) -> None:
        """Dialogs are made in the language of the moment; menu entries are the window's."""

    def close(self) -> None:
        """Nothing runs in the background."""


def install(window: MainWindow) -> CustodyFeature:
    return CustodyFeature(window)
