"""The tip register in the window: the "Tips" menu, the register (deadlines with reminder
and overdue marks, search without diacritics), the new-tip form, hand-off and extension
dialogs, and the reveal dialog.

The informant's identity is masked everywhere; only the reveal dialog shows it, after
`records.tips.reveal` has committed its audit entry (leader role and a reason needed; a
refusal is audited too). The identity is kept in the dialog's labels only while it is
open and cleared when it closes.

A leader can erase an identity for good (with a written reason, after a confirmation);
an admin can rotate the vault's key-encryption key from the Tips menu (the rewrapping
runs on a worker thread; `records.tip_vault.rotate` writes the audit entry).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.i18n import lang_index, language
from controlroom.paths import DataHome
from controlroom.records import incidents, tip_vault, tips
from controlroom.records.db import Database
from controlroom.records.tip_vault import Informant
from controlroom.records.tips import Filter
from controlroom.records.users import Identity
from controlroom.timeutil import DEFAULT_TZ, format_local, to_local, utcnow
from controlroom.ui.incidents import category_choices, fill_categories
from controlroom.ui.widgets.datetime_edit import DateTimeEdit
from controlroom.ui.widgets.dialog import (
    button_row,
    dialog_buttons,
    fit_to_texts,
    warn_refused,
    wrapped_label,
)

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

log = logging.getLogger(__name__)

OVERDUE = QColor("#b3261e")
SOON = QColor("#9a6700")


class TipForm(QDialog):
    """Register a tip. The identity fields are optional (anonymous tips)."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 zone: str = DEFAULT_TZ, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tipForm")
        self.db, self.identity, self.home, self.zone = db, identity, home, zone
        self.created_number: str | None = None
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        self.received = DateTimeEdit(utcnow(), zone=zone, seconds=False)
        self.received.setObjectName("received")
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.area = QComboBox()
        self.area.setObjectName("area")
        self.area.setEditable(True)
        self.content = QPlainTextEdit()
        self.content.setObjectName("content")
        with db.read() as s:
            self._cats = category_choices(s)
            for a in incidents.areas(s):
                self.area.addItem(a)
        self.area.setCurrentText("")
        self.name = QLineEdit()
        self.name.setObjectName("informantName")
        self.phone = QLineEdit()
        self.phone.setObjectName("informantPhone")
        self.address = QLineEdit()
        self.address.setObjectName("informantAddress")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("informantId")
        self.who = QGroupBox()
        who_form = QFormLayout(self.who)
        self._who_labels = [QLabel() for _ in range(4)]
        for label, edit in zip(self._who_labels, (self.name, self.phone, self.address,
                                                  self.id_number), strict=True):
            who_form.addRow(label, edit)
        self.form = QFormLayout()
        self._labels = [QLabel() for _ in range(5)]
        for label, w in zip(self._labels, (self.channel, self.received, self.category,
                                           self.area, self.content), strict=True):
            self.form.addRow(label, w)
        self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Save
                                      | QDialogButtonBox.StandardButton.Cancel)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.who)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        i = lang_index()
        self.setWindowTitle(self.tr("New tip"))
        for label, text in zip(self._labels, (self.tr("Channel:"), self.tr("Received:"),
                                              self.tr("Category:"),
                                              self.tr("Village / residential group:"),
                                              self.tr("Content:")), strict=True):
            label.setText(text)
        self.who.setTitle(self.tr("Informant (optional, encrypted, shown only to a leader "
                                  "who gives a reason)"))
        for label, text in zip(self._who_labels, (self.tr("Name:"), self.tr("Phone:"),
                                                  self.tr("Address:"), self.tr("ID number:")),
                               strict=True):
            label.setText(text)
        cur = self.channel.currentData()
        self.channel.clear()
        for key in tips.CHANNELS:
            self.channel.addItem(tips.CHANNEL_NAMES[key][i], key)
        self.channel.setCurrentIndex(max(0, self.channel.findData(cur)))
        fill_categories(self.category, self._cats, self.category.currentData() or "khac")

    def save(self) -> str:
        with self.db.session() as s:
            tip = tips.add(s, self.identity, self.home, channel=str(self.channel.currentData()),
                           content=self.content.toPlainText(),
                           received_at=self.received.value(),
                           category=str(self.category.currentData()),
                           area=self.area.currentText(),
                           informant=Informant(self.name.text(), self.phone.text(),
                                               self.address.text(), self.id_number.text()))
            self.created_number = tip.number
        for w in (self.name, self.phone, self.address, self.id_number):
            w.clear()
        return self.created_number

    def accept(self) -> None:
        try:
            self.save()
        except UserError as e:
            warn_refused(self, e)
            return
        super().accept()


class RevealDialog(QDialog):
    """Reveal a tip's informant: the reason first, then (for a leader) the identity."""

    def __init__(self, db: Database, identity: Identity, home: DataHome, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revealDialog")
        self.db, self.identity, self.home, self.number = db, identity, home, number
        self.prompt = wrapped_label()
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("revealReason")
        self.reason.setMaximumHeight(80)
        self.reveal_btn = QPushButton()
        self.reveal_btn.setObjectName("revealButton")
        self.reveal_btn.clicked.connect(self.reveal)
        # erasing is a leader's act, like the reveal: the button is not there for officers
        self.erase_btn = QPushButton()
        self.erase_btn.setObjectName("eraseInformantOpen")
        self.erase_btn.setVisible(identity.at_least("leader"))
        self.erase_btn.clicked.connect(lambda _c=False: self.open_erase())
        self.erased: bool | None = None
        self.result_box = QGroupBox()
        self.result_box.setObjectName("revealResult")
        form = QFormLayout(self.result_box)
        self.values = [QLabel() for _ in range(4)]
        self._labels = [QLabel() for _ in range(4)]
        for label, v in zip(self._labels, self.values, strict=True):
            v.setObjectName("revealValue")
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, v)
        self.result_box.hide()
        self.status = wrapped_label("revealStatus")
        self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.prompt)
        lay.addWidget(self.reason)
        lay.addWidget(self.reveal_btn)
        lay.addWidget(self.status)
        lay.addWidget(self.result_box)
        lay.addLayout(button_row([self.erase_btn], [self.buttons]))
        # it grows when the identity box appears (it was squeezed into the first size)
        fit_to_texts(lay, (self.prompt, self.status), 480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Informant of tip %1").replace("%1", self.number))
        self.prompt.setText(self.tr(
            "The informant's identity is confidential (BLTTHS Art. 56). Only a leader may see "
            "it, and the reason is written to the audit log before it is shown."))
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.reveal_btn.setText(self.tr("Reveal identity"))
        self.erase_btn.setText(self.tr("Erase identity for good…"))
        self.result_box.setTitle(self.tr("Informant"))
        for label, text in zip(self._labels, (self.tr("Name:"), self.tr("Phone:"),
                                              self.tr("Address:"), self.tr("ID number:")),
                               strict=True):
            label.setText(text)

    def reveal(self) -> bool:
        try:
            who = tips.reveal(self.db, self.identity, self.home, self.number,
                              self.reason.toPlainText())
        except UserError as e:
            self.status.setText(str(e))
            return False
        if who is None:
            self.status.setText(self.tr("This tip is anonymous."))
            return True
        for v, text in zip(self.values, (who.name, who.phone, who.address, who.id_number),
                           strict=True):
            v.setText(text)
        self.status.setText(self.tr("Shown to %1; the reveal is in the audit log.")
                            .replace("%1", self.identity.username))
        self.result_box.show()
        self.reveal_btn.setEnabled(False)
        self.reason.setReadOnly(True)
        return True

    def erase_dialog(self) -> EraseInformantDialog:
        return EraseInformantDialog(self.db, self.identity, self.number, self)

    def open_erase(self) -> bool | None:
        """The erase dialog (modal); once erased, whatever this dialog shows is cleared."""
        dlg = self.erase_dialog()
        dlg.exec()
        dlg.deleteLater()
        if dlg.erased is not None:
            self.erased = dlg.erased
        if dlg.erased:
            for v in self.values:
                v.clear()
            self.result_box.hide()
            self.reveal_btn.setEnabled(False)
            self.erase_btn.setEnabled(False)
            self.status.setText(dlg.status.text())
        return dlg.erased

    def done(self, r: int) -> None:
        for v in self.values:
            v.clear()
        super().done(r)


class EraseInformantDialog(QDialog):
    """Erase a tip's informant identity for good: a leader, a written reason, then a
    confirmation. A refusal (role, no reason) is audited, as on the command line."""

    def __init__(self, db: Database, identity: Identity, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eraseInformantDialog")
        self.db, self.identity, self.number = db, identity, number
        self.erased: bool | None = None
        self.prompt = wrapped_label("erasePrompt")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("eraseReason")
        self.reason.setMaximumHeight(80)
        self.reason.textChanged.connect(self._update)
        self.erase_btn = QPushButton()
        self.erase_btn.setObjectName("eraseInformantButton")
        self.erase_btn.clicked.connect(lambda _c=False: self.erase())
        self.status = wrapped_label("eraseStatus")
        self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.prompt)
        lay.addWidget(self.reason)
        lay.addWidget(self.erase_btn)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        fit_to_texts(lay, (self.prompt, self.status), 480)  # grows with the status text
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Erase the informant of tip %1").replace("%1", self.number))
        self.prompt.setText(self.tr(
            "Erasing deletes the informant's identity from the database for good: it can no "
            "longer be revealed. Backups made earlier keep it, encrypted, until they are "
            "deleted. Only a leader may erase, and the reason is written to the audit log."))
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.erase_btn.setText(self.tr("Erase identity…"))

    def _update(self) -> None:
        self.erase_btn.setEnabled(self.erased is None and bool(self.reason.toPlainText().strip()))

    def confirm(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), self.tr(
            "Erase the informant's identity of tip %1 for good? This cannot be undone.")
            .replace("%1", self.number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("eraseConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def erase(self) -> bool:
        """Ask, then erase. A blank reason goes straight to the (audited) refusal."""
        reason = self.reason.toPlainText()
        if reason.strip() and self.identity.at_least("leader") and not self.confirm():
            return False
        try:  # refusals are audited by erase_informant itself
            done = tips.erase_informant(self.db, self.identity, self.number, reason)
        except UserError as e:
            self.status.setText(str(e))
            return False
        self.erased = done
        self.status.setText(self.tr("The informant's identity is erased; the erasure is in "
                                    "the audit log.") if done
                            else self.tr("The tip has no identity to erase."))
        self.reason.setReadOnly(True)
        self._update()
        return done


class TransferDialog(QDialog):
    """Hand-off record: to whom, when, reference number."""

    def __init__(self, number: str, zone: str = DEFAULT_TZ,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.zone = zone
        self.agency = QLineEdit()
        self.agency.setObjectName("agency")
        self.ref = QLineEdit()
        self.ref.setObjectName("ref")
        self.at = DateTimeEdit(utcnow(), zone=zone, seconds=False)
        form = QFormLayout()
        form.addRow(self.tr("To (agency):"), self.agency)
        form.addRow(self.tr("Reference number:"), self.ref)
        form.addRow(self.tr("When:"), self.at)
        buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Ok
                                 | QDialogButtonBox.StandardButton.Cancel)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.setWindowTitle(self.tr("Hand over tip %1").replace("%1", number))

    def when(self) -> datetime:
        return self.at.value()


class TipRegister(QDialog):
    """The register: deadlines with marks, search, filters; actions on the selected tip."""

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 zone: str = DEFAULT_TZ, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tipRegister")
        self.db, self.identity, self.home, self.zone = db, identity, home, zone
        self.rows: list[tips.Row] = []
        self.page = 0
        self.search = QLineEdit()
        self.search.setObjectName("tipSearch")
        self.search.setClearButtonEnabled(True)
        self.overdue = QCheckBox()
        self.overdue.setObjectName("overdueOnly")
        self.status = QComboBox()
        self.status.setObjectName("tipStatusFilter")
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("tipTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (("new", self.new_tip), ("transfer", self.transfer_selected),
                          ("extend", self.extend_selected), ("resolve", self.resolve_selected),
                          ("link", self.link_selected), ("reveal", self.reveal_selected),
                          ("csv", self.export_csv)):
            b = QPushButton()
            b.setObjectName(f"tip_{key}")
            b.clicked.connect(lambda _c=False, fn=slot: fn())
            self.buttons[key] = b
        self.prev_btn = QPushButton("◀")
        self.prev_btn.clicked.connect(lambda: self.go(self.page - 1))
        self.next_btn = QPushButton("▶")
        self.next_btn.clicked.connect(lambda: self.go(self.page + 1))
        self.page_label = QLabel()
        bar = button_row(self.buttons.values(), (self.prev_btn, self.page_label, self.next_btn))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(lambda: self.go(0))
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.overdue.toggled.connect(lambda _c: self.go(0))
        self.status.currentIndexChanged.connect(lambda _i: self.go(0))
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.status)
        top.addWidget(self.overdue)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addLayout(bar)
        self.resize(1150, 600)
        self.retranslate()

    def retranslate(self) -> None:
        i = lang_index()
        self.setWindowTitle(self.tr("Tip register"))
        self.search.setPlaceholderText(self.tr("Search the content (diacritics optional)"))
        self.overdue.setText(self.tr("Overdue only"))
        cur = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(self.tr("All statuses"), None)
        for key in tips.STATUSES:
            self.status.addItem(tips.STATUS_NAMES[key][i], key)
        self.status.setCurrentIndex(max(0, self.status.findData(cur)) if cur else 0)
        self.status.blockSignals(False)
        self.table.setHorizontalHeaderLabels([
            self.tr("Number"), self.tr("Received"), self.tr("Channel"), self.tr("Status"),
            self.tr("Hand-off due"), self.tr("Resolution due"), self.tr("Informant"),
            self.tr("Content")])
        for key, text in (("new", self.tr("New…")), ("transfer", self.tr("Hand over…")),
                          ("extend", self.tr("Extend…")), ("resolve", self.tr("Resolved")),
                          ("link", self.tr("Link incident…")),
                          ("reveal", self.tr("Reveal informant…")),
                          ("csv", self.tr("Export CSV…"))):
            self.buttons[key].setText(text)
        self.go(self.page)

    def current_filter(self) -> Filter:
        st = self.status.currentData()
        return Filter(text=self.search.text(), overdue=self.overdue.isChecked(),
                      statuses=[st] if st else [], now=utcnow())

    def go(self, page: int) -> None:
        f = self.current_filter()
        with self.db.read() as s:
            total = tips.count(s, f, cap=10_001)
            pages = max(1, -(-total // tips.PAGE_SIZE))
            self.page = max(0, min(page, pages - 1))
            self.rows = tips.list_rows(s, f, self.page * tips.PAGE_SIZE, tips.PAGE_SIZE)
        i = lang_index()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            who = self.tr("anonymous") if row.anonymous else tips.MASK
            values = [row.number, format_local(row.received_at, self.zone, seconds=False),
                      tips.CHANNEL_NAMES[row.channel][i], tips.STATUS_NAMES[row.status][i],
                      format_local(row.handoff_due, self.zone, seconds=False),
                      format_local(row.resolve_due, self.zone, seconds=False), who,
                      row.content]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                mark = None
                if c == 4:
                    mark = next((a for a in row.alerts if a.startswith("handoff")), None)
                elif c == 5:
                    mark = next((a for a in row.alerts if a.startswith("resolve")), None)
                if mark:
                    item.setForeground(QBrush(OVERDUE if mark.endswith("overdue") else SOON))
                    item.setToolTip(tips.ALERT_NAMES[mark][i])
                    item.setText(f"{v} ⚠")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.page_label.setText(f"{self.page + 1}/{pages} ({total})")
        self.prev_btn.setEnabled(self.page > 0)
        self.next_btn.setEnabled(self.page + 1 < pages)

    def selected_number(self) -> str | None:
        r = self.table.currentRow()
        return self.rows[r].number if 0 <= r < len(self.rows) else None

    def _write(self, fn: object) -> bool:
        try:
            with self.db.session() as s:
                fn(s)  # type: ignore[operator]
        except UserError as e:
            warn_refused(self, e)
            return False
        self.go(self.page)
        return True

    def new_tip(self) -> str | None:
        form = TipForm(self.db, self.identity, self.home, self.zone, self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return None
        self.go(0)
        return form.created_number

    def transfer_selected(self) -> bool:
        n = self.selected_number()
        if n is None:
            return False
        dlg = TransferDialog(n, self.zone, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return self._write(lambda s: tips.transfer(s, self.identity, n, dlg.agency.text(),
                                                   dlg.ref.text(), dlg.when()))

    def extend_selected(self) -> bool:
        n = self.selected_number()
        if n is None:
            return False
        days, ok = QInputDialog.getInt(self, self.tr("Extend"), self.tr("Days:"), 30, 1, 120)
        if not ok:
            return False
        basis, ok = QInputDialog.getText(self, self.tr("Extend"), self.tr("Legal basis:"))
        if not ok:
            return False
        return self._write(lambda s: tips.extend(s, self.identity, n, days, basis))

    def resolve_selected(self) -> bool:
        n = self.selected_number()
        return n is not None and self._write(lambda s: tips.resolve(s, self.identity, n))

    def link_selected(self) -> bool:
        n = self.selected_number()
        if n is None:
            return False
        code, ok = QInputDialog.getText(self, self.tr("Link incident"),
                                        self.tr("Incident number (e.g. 0042/2026):"))
        if not ok:
            return False
        return self._write(lambda s: tips.link_incident(s, self.identity, n, code))

    def reveal_dialog(self) -> RevealDialog | None:
        n = self.selected_number()
        if n is None:
            return None
        return RevealDialog(self.db, self.identity, self.home, n, self)

    def reveal_selected(self) -> None:
        dlg = self.reveal_dialog()
        if dlg is not None:
            dlg.exec()
            dlg.deleteLater()
    def export_csv(self, path: str | None = None) -> int:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export CSV"),
                                                  "so-tin-bao.csv", "CSV (*.csv)")
        if not path:
            return 0
        with self.db.read() as s:
            return tips.write_csv(s, Path(path), self.current_filter(), language(), self.zone)


class TipDeadlines(QWidget):
    """Tips with a reminder or an overdue mark (for the shift dock): the desk sees what
    must be handed over or resolved before it is late. Double-click opens the register."""

    def __init__(self, db: Database, zone: str = DEFAULT_TZ, parent: QWidget | None = None,
                 on_open: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tipDeadlines")
        self.db, self.zone = db, zone
        self.title = QLabel()
        self.title.setObjectName("tipDeadlinesTitle")
        self.tree = QTreeWidget()
        self.tree.setObjectName("tipDeadlineList")
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(3)
        # narrow dock: number and due whole, the mark elided if need be (full in tooltip)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        if on_open is not None:
            self.tree.itemDoubleClicked.connect(lambda _i, _c: on_open())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.title)
        lay.addWidget(self.tree, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Tip deadlines"))
        self.tree.setHeaderLabels([self.tr("Number"), self.tr("Mark"), self.tr("Due")])
        self.refresh()

    def refresh(self) -> None:
        with self.db.read() as s:
            rows = tips.deadline_alerts(s, utcnow())
        i = lang_index()
        self.tree.clear()
        for r in rows:
            for a in r.alerts:
                due = r.handoff_due if a.startswith("handoff") else r.resolve_due
                # the dock is narrow: "HH:MM dd/MM", the full date in the tooltip
                item = QTreeWidgetItem([r.number, tips.ALERT_NAMES[a][i],
                                        to_local(due, self.zone).strftime("%H:%M %d/%m")])
                item.setForeground(1, QBrush(OVERDUE if a.endswith("overdue") else SOON))
                item.setToolTip(0, r.content[:300])
                item.setToolTip(1, tips.ALERT_NAMES[a][i])
                item.setToolTip(2, format_local(due, self.zone, seconds=False))
                self.tree.addTopLevelItem(item)


class _RotateSignals(QObject):
    done = Signal(int, int)  # new version, identities rewrapped
    failed = Signal(object)  # the UserError, or None for an unexpected failure (logged)


class _Rotate(QRunnable):
    """`tip_vault.rotate` in one transaction, off the GUI thread (it rewraps every stored
    identity's data key)."""

    def __init__(self, db: Database, identity: Identity, home: DataHome) -> None:
        super().__init__()
        self.db, self.identity, self.home = db, identity, home
        self.signals = _RotateSignals()

    def run(self) -> None:
        try:
            with self.db.session() as s:
                version = tip_vault.rotate(s, self.identity, self.home)
                count = tip_vault.status(s).identities
        except UserError as e:
            self.signals.failed.emit(e)
            return
        except Exception:  # shown as a generic message; the traceback holds no identity
            log.exception("rotating the tip vault key failed")
            self.signals.failed.emit(None)
            return
        self.signals.done.emit(version, count)


class RotateKeyDialog(QDialog):
    """Rotate the key-encryption key of the informant-identity vault (admin): says what
    happens, runs the rotation on a worker thread with a busy bar, then shows the new key
    version or the error. It cannot be closed while the rotation runs."""

    rotated = Signal(int)

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotateTipKeyDialog")
        self.db, self.identity, self.home = db, identity, home
        self.new_version: int | None = None
        self.failed = False
        self._task: _Rotate | None = None
        self.explain = wrapped_label("rotateKeyExplain")
        self.state = wrapped_label("rotateKeyState")
        self.progress = QProgressBar()
        self.progress.setObjectName("rotateKeyProgress")
        self.progress.setRange(0, 0)  # busy: the rotation does not report steps
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = wrapped_label("rotateKeyStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rotate_btn = QPushButton()
        self.rotate_btn.setObjectName("rotateTipKeyButton")
        self.rotate_btn.clicked.connect(lambda _c=False: self.start())
        self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.explain)
        lay.addWidget(self.state)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addLayout(button_row([self.rotate_btn], [self.buttons]))
        # as tall as its texts need (the status grows on an error), well inside 1366×768
        fit_to_texts(lay, (self.explain, self.state, self.status), 600)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Rotate informant-identity key"))
        self.explain.setText(self.tr(
            "Informants' identities are encrypted, each under its own data key; the data "
            "keys are wrapped by a key-encryption key kept only in the operating system's "
            "keyring.\n\nRotating creates a new key-encryption key in the keyring and "
            "re-wraps every stored identity's data key under it, in one transaction: either "
            "all identities move to the new key or none do. No identity is decrypted or "
            "shown. The old key is retired but stays in the keyring so that older backups can "
            "still be read. The rotation is written to the audit log."))
        self.rotate_btn.setText(self.tr("Rotate key"))
        self.reload()

    def reload(self) -> None:
        with self.db.read() as s:
            st = tip_vault.status(s)
        if st.version is None:
            text = self.tr("No key yet (it is made when the first identity is stored). "
                           "Stored identities: %1.").replace("%1", str(st.identities))
        else:
            text = (self.tr("Current key: version %1. Stored identities: %2.")
                    .replace("%1", str(st.version)).replace("%2", str(st.identities)))
        if st.retired:
            text += " " + self.tr("Retired versions: %1.").replace(
                "%1", ", ".join(str(v) for v in st.retired))
        self.state.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.rotate_btn.setEnabled(not busy and self.new_version is None)
        self.buttons.setEnabled(not busy)

    def start(self) -> bool:
        """Start the rotation on a worker thread (False if one is running or done)."""
        if self.busy or self.new_version is not None:
            return False
        task = _Rotate(self.db, self.identity, self.home)
        task.signals.done.connect(self._done)
        task.signals.failed.connect(self._failed)
        self._task = task
        self.failed = False
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Rotating the key… do not close the program."))
        self._set_busy(True)
        QThreadPool.globalInstance().start(task)
        return True

    def _done(self, version: int, count: int) -> None:
        self._task = None
        self.new_version = version
        self.status.setText(self.tr("Done: the key is now version %1; %2 stored identities "
                                    "were re-wrapped under it. The rotation is in the audit "
                                    "log.").replace("%1", str(version)).replace("%2", str(count)))
        self._set_busy(False)
        self.reload()
        self.rotated.emit(version)

    def _failed(self, e: UserError | None) -> None:
        self._task = None
        self.failed = True
        reason = str(e) if e is not None else self.tr("unexpected error (details in the log)")
        self.status.setStyleSheet(f"color: {OVERDUE.name()};")
        self.status.setText(self.tr("The key was not rotated; the stored identities are "
                                    "unchanged. %1").replace("%1", reason))
        self._set_busy(False)
        self.reload()

    def reject(self) -> None:
        if not self.busy:  # Esc and Close wait for the rotation
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)


class TipsFeature(QObject):
    """The "Tips" menu: new tip, the register, key rotation (admins only); deadline marks
    in a section of the shift dock (below the shift panel when the roster is installed)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.register: TipRegister | None = None
        window.add_action("tips", lambda: self.tr("New tip…"), self.new_tip,
                          shortcut="Ctrl+T", object_name="newTipAction")
        window.add_action("tips", lambda: self.tr("Tip register…"), self.open_register,
                          object_name="tipRegisterAction")
        # admin-only, like the other admin actions: not in the menu for anyone else
        if window.identity.at_least("admin"):
            window.add_action("tips", lambda: self.tr("Rotate informant-identity key…"),
                              self.rotate_key, object_name="rotateTipKeyAction",
                              separator_before=True)
        # below whatever owns the shift dock (the roster's shift panel), or alone in it
        self.deadlines = TipDeadlines(window.db, window.time_zone, on_open=self.open_register)
        window.add_dock_section(window.shift_dock, self.deadlines, order=50, stretch=1)

    def new_tip(self) -> str | None:
        form = TipForm(self.window.db, self.window.identity, self.window.home,
                       self.window.time_zone, self.window)
        if form.exec() != QDialog.DialogCode.Accepted:
            return None
        if self.register is not None:
            self.register.go(0)
        self.window.statusBar().showMessage(
            self.tr("Tip %1 registered.").replace("%1", form.created_number or ""), 8000)
        return form.created_number

    def open_register(self) -> TipRegister:
        if self.register is None or not self.register.isVisible():
            self.register = TipRegister(self.window.db, self.window.identity, self.window.home,
                                        self.window.time_zone, self.window)
        self.register.show()
        self.register.raise_()
        return self.register

    def rotate_key(self) -> int | None:
        """The rotation dialog (modal); the new key version, or None if not rotated."""
        try:
            self.window.identity.require("admin")
        except UserError as e:
            warn_refused(self.window, e)
            return None
        dlg = RotateKeyDialog(self.window.db, self.window.identity, self.window.home,
                              self.window)
        dlg.exec()
        dlg.deleteLater()
        if dlg.new_version is not None:
            self.window.statusBar().showMessage(
                self.tr("Informant-identity key rotated to version %1.")
                .replace("%1", str(dlg.new_version)), 8000)
        return dlg.new_version

    def retranslate(self) -> None:
        if self.register is not None:
            self.register.retranslate()
        self.deadlines.retranslate()

    def close(self) -> None:
        self.deadlines.timer.stop()


def install(window: MainWindow) -> TipsFeature:
    return TipsFeature(window)
