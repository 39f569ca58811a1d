"""The camera list in the left dock: cameras grouped by location (thôn / tổ dân phố), a
status dot per camera, online/offline counts, accent-insensitive filter, and drag a camera
onto a tile (or double-click it to put it on the selected tile)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from controlroom.textutil import fold
from controlroom.ui.tile import CameraInfo, CameraStatus, camera_mime

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_COLOURS = {"recording": "#3fb950", "online": "#3fb950", "connecting": "#d29922",
                 "offline": "#f85149", "auth_failed": "#f85149", "disabled": "#6e7681",
                 "unknown": "#6e7681"}
ONLINE = ("online", "recording")


def status_icon(state: str) -> QIcon:
    pm = QPixmap(QSize(12, 12))
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(STATE_COLOURS.get(state, STATE_COLOURS["unknown"])))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(1, 1, 10, 10)
    p.end()
    return QIcon(pm)


class _Tree(QTreeWidget):
    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        ids = [int(i.data(0, ID_ROLE)) for i in items if i.data(0, ID_ROLE) is not None]
        return camera_mime(ids)

    def mimeTypes(self) -> list[str]:
        from controlroom.ui.tile import CAMERA_MIME
        return [CAMERA_MIME]


class CameraTree(QWidget):
    """Cameras by location with live status."""

    camera_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraTree")
        self.cameras: list[CameraInfo] = []
        self.statuses: dict[int, CameraStatus] = {}
        self._items: dict[int, QTreeWidgetItem] = {}
        self._icons = {k: status_icon(k) for k in STATE_COLOURS}
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.counts = QLabel()
        self.counts.setObjectName("cameraCounts")
        self.tree = _Tree()
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.itemActivated.connect(self._on_activated)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.counts)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(self.tr("Find a camera…"))
        self._update_counts()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is not None and group.data(0, Qt.ItemDataRole.UserRole) == "":
                group.setText(0, self.tr("No location"))

    def set_cameras(self, cameras: list[CameraInfo]) -> None:
        self.cameras = list(cameras)
        self.tree.clear()
        self._items.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for cam in sorted(cameras, key=lambda c: (fold(c.location), fold(c.name))):
            group = groups.get(cam.location)
            if group is None:
                group = QTreeWidgetItem([cam.location or self.tr("No location")])
                group.setData(0, Qt.ItemDataRole.UserRole, cam.location)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                groups[cam.location] = group
            item = QTreeWidgetItem([cam.name])
            item.setData(0, ID_ROLE, cam.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            group.addChild(item)
            self._items[cam.id] = item
        self.tree.expandAll()
        self.apply_statuses(self.statuses)
        self._apply_filter(self.filter.text())

    def apply_statuses(self, statuses: dict[int, CameraStatus]) -> None:
        self.statuses = statuses
        for cid, item in self._items.items():
            st = statuses.get(cid)
            state = st.state if st else "unknown"
            item.setIcon(0, self._icons.get(state, self._icons["unknown"]))
            item.setToolTip(0, self._state_text(state))
        self._update_counts()

    def _state_text(self, state: str) -> str:
        return {
            "recording": self.tr("Recording"),
            "online": self.tr("Online"),
            "connecting": self.tr("Connecting…"),
            "offline": self.tr("Offline"),
            "auth_failed": self.tr("Authentication failed"),
            "disabled": self.tr("Disabled"),
        }.get(state, self.tr("Status unknown (recorder not running?)"))

    def online_offline(self) -> tuple[int, int]:
        online = sum(1 for c in self.cameras
                     if (st := self.statuses.get(c.id)) and st.state in ONLINE)
        offline = sum(1 for c in self.cameras
                      if (st := self.statuses.get(c.id)) and st.state in ("offline",
                                                                           "auth_failed"))
        return online, offline

    def _update_counts(self) -> None:
        online, offline = self.online_offline()
        self.counts.setText(self.tr("%1 online · %2 offline · %3 cameras")
                            .replace("%1", str(online)).replace("%2", str(offline))
                            .replace("%3", str(len(self.cameras))))

    def _apply_filter(self, text: str) -> None:
        needle = fold(text.strip())
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            group_match = needle in fold(group.text(0))
            visible = 0
            for j in range(group.childCount()):
                child = group.child(j)
                if child is None:
                    continue
                show = not needle or group_match or needle in fold(child.text(0))
                child.setHidden(not show)
                visible += show
            group.setHidden(visible == 0)

    def _on_activated(self, item: QTreeWidgetItem, _col: int) -> None:
        cid = item.data(0, ID_ROLE)
        if cid is not None:
            self.camera_activated.emit(int(cid))
