"""Attach a snapshot to an incident: recent incidents with an accent-insensitive search.

Typing filters the list ("ha noi" finds "Hà Nội"); Up/Down/PgUp/PgDn in the search box move
the selection; Enter attaches the selected incident, Esc cancels. When the snapshot is
already attached, that incident is selected and it can be detached. The change itself is
`records.snapshots.attach_snapshot` (audited).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.records import snapshots
from controlroom.records.db import Database
from controlroom.records.snapshots import IncidentChoice
from controlroom.records.users import Identity
from controlroom.textutil import fold
from controlroom.timeutil import format_local
from controlroom.ui import app as uiapp

LIST_LIMIT = 200  # incidents offered; the search filters these
SUMMARY_CHARS = 160  # a summary is shown on one line, elided; the full text is the tooltip
_NAV_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The summary on one line, cut with an ellipsis (the view elides it further)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _incident_id(item: QTreeWidgetItem) -> int:
    return int(item.data(0, Qt.ItemDataRole.UserRole))


class AttachSnapshotDialog(QDialog):
    """Pick an incident for snapshot `snapshot_id`; accepting writes the attachment."""

    def __init__(self, db: Database, identity: Identity, snapshot_id: int,
                 parent: QWidget | None = None,
                 incidents: list[IncidentChoice] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachSnapshotDialog")
        self.db, self.identity, self.snapshot_id = db, identity, snapshot_id
        self.incidents = (incidents if incidents is not None
                          else snapshots.recent_incidents(db, LIST_LIMIT))
        self.current_incident = snapshots.snapshot_incident(db, snapshot_id)
        self.attached_incident: IncidentChoice | None = None  # set when accepted
        self.detached = False
        self.setMinimumWidth(640)

        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("incidentSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list = QTreeWidget()
        self.list.setObjectName("incidentList")
        self.list.setColumnCount(3)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemDoubleClicked.connect(lambda _i, _c: self.accept())
        self.list.currentItemChanged.connect(lambda _a, _b: self._update_buttons())
        self.empty = QLabel()  # no incidents at all, or none matching the search
        self.empty.setObjectName("incidentEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMinimumHeight(80)
        self.empty.hide()

        self._keys: dict[int, str] = {}  # incident id -> folded text searched
        for inc in self.incidents:
            when = format_local(inc.occurred_at, seconds=False)
            item = QTreeWidgetItem([inc.code, when, one_line(inc.summary)])
            item.setData(0, Qt.ItemDataRole.UserRole, inc.id)
            item.setToolTip(2, inc.summary[:2000])
            self.list.addTopLevelItem(item)
            self._keys[inc.id] = fold(f"{inc.code} {when} {inc.summary}")
        self.list.resizeColumnToContents(0)
        self.list.resizeColumnToContents(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.detach_button = QPushButton()
        self.detach_button.setObjectName("detachButton")
        self.detach_button.setAutoDefault(False)
        self.buttons.addButton(self.detach_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.detach_button.setVisible(self.current_incident is not None)  # after addButton
        self.detach_button.clicked.connect(self.detach)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._filter("")
        if self.current_incident is not None:
            self.select_incident(self.current_incident)
        self.search.setFocus()

    # --- text -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attach snapshot to incident"))
        self.list.setHeaderLabels([self.tr("Code"), self.tr("Time"), self.tr("Summary")])
        self.search.setPlaceholderText(self.tr("Search code, time or summary"))
        self.ok_button.setText(self.tr("Attach"))
        self.detach_button.setText(self.tr("Detach"))
        self._update_prompt()
        self._update_empty()

    def changeEvent(self, event: QEvent) -> None:
        if uiapp.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _update_prompt(self) -> None:
        code = next((i.code for i in self.incidents if i.id == self.current_incident), None)
        if self.current_incident is None:
            text = self.tr("Choose the incident this snapshot belongs to.")
        elif code is not None:
            text = self.tr("This snapshot is attached to incident %1.").replace("%1", code)
        else:
            text = self.tr("This snapshot is attached to an older incident.")
        self.prompt.setText(text)

    def _update_empty(self) -> None:
        if not self.incidents:
            self.empty.setText(self.tr("No incidents yet. Record the incident first, "
                                       "then attach the snapshot to it."))
        else:
            self.empty.setText(self.tr("No incident matches “%1”.")
                               .replace("%1", self.search.text().strip()))

    # --- list -----------------------------------------------------------------------------

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.list.topLevelItem(n) for n in range(self.list.topLevelItemCount()))
        return [i for i in items if i is not None]

    def visible_ids(self) -> list[int]:
        return [_incident_id(i) for i in self._items() if not i.isHidden()]

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return _incident_id(item)

    def select_incident(self, incident_id: int) -> bool:
        for item in self._items():
            if _incident_id(item) == incident_id and not item.isHidden():
                self.list.setCurrentItem(item)
                return True
        return False

    def _filter(self, text: str) -> None:
        terms = fold(text).split()
        first: QTreeWidgetItem | None = None
        for item in self._items():
            key = self._keys[_incident_id(item)]
            shown = all(t in key for t in terms)
            item.setHidden(not shown)
            if shown and first is None:
                first = item
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first is not None:
            self.list.setCurrentItem(first)
        matches = first is not None
        self.list.setVisible(matches)
        self.empty.setVisible(not matches)
        self.search.setEnabled(bool(self.incidents))
        self._update_empty()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.ok_button.setEnabled(self.selected_id() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow and page keys typed in the search box move through the list."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in _NAV_KEYS):
            if not self.list.isHidden():
                QCoreApplication.sendEvent(self.list, event)
            return True
        return super().eventFilter(watched, event)

    # --- outcome ----------------------------------------------------------------------------

    def accept(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            return
        try:
            snapshots.attach_snapshot(self.db, self.identity, self.snapshot_id, chosen)
        except UserError as e:
            uiapp.show_error(self, e)
            return
        self.attached_incident = next(i for i in self.incidents if i.id == chosen)
        super().accept()

    def detach(self) -> None:
        try:
            snapshots.attach_snapshot(self.db, self.identity, self.snapshot_id, None)
        except UserError as e:
            uiapp.show_error(self, e)
            return
        self.detached = True
        super().accept()
