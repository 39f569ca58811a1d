"""The live grid: tiles in a layout, pages, tour, maximise, keyboard.

The grid holds a *view*: a layout name and an ordered list of camera slots (a camera or
an empty slot). When there are more slots than tiles the view has pages (PgUp/PgDn, or a
tour that turns them every N seconds). Tiles are created once and reused, so a page turn
only swaps streams; nothing is recreated on the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from controlroom.ui.tile import CameraInfo, CameraStatus, LiveSource, Tile


@dataclass(frozen=True)
class Layout:
    name: str
    rows: int
    cols: int
    cells: tuple[tuple[int, int, int, int], ...]  # row, col, row span, col span


def _square(n: int) -> Layout:
    return Layout(f"{n}x{n}" if n > 1 else "1", n, n,
                  tuple((r, c, 1, 1) for r in range(n) for c in range(n)))


LAYOUTS: dict[str, Layout] = {
    "1": _square(1),
    "2x2": _square(2),
    "3x3": _square(3),
    "4x4": _square(4),
    "5x5": _square(5),
    "1+5": Layout("1+5", 3, 3, ((0, 0, 2, 2), (0, 2, 1, 1), (1, 2, 1, 1), (2, 0, 1, 1),
                                (2, 1, 1, 1), (2, 2, 1, 1))),
    "1+7": Layout("1+7", 4, 4, ((0, 0, 3, 3), (0, 3, 1, 1), (1, 3, 1, 1), (2, 3, 1, 1),
                                (3, 0, 1, 1), (3, 1, 1, 1), (3, 2, 1, 1), (3, 3, 1, 1))),
}
MAX_TILES = max(len(lay.cells) for lay in LAYOUTS.values())
# How often tiles check that their picture still moves.
STALL_CHECK_MS = 2000


class Grid(QWidget):
    """The tiles and what they show."""

    selection_changed = Signal(object)  # Tile or None
    view_changed = Signal()  # the officer changed the cameras or the layout
    page_changed = Signal(int, int)  # page index, page count
    maximised_changed = Signal(object)  # Tile or None

    def __init__(self, source: LiveSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("#liveGrid { background: #0b0c0e; }")
        self._source = source
        self._layout_box = QGridLayout(self)
        self._layout_box.setContentsMargins(0, 0, 0, 0)
        self._layout_box.setSpacing(2)
        self.tiles: list[Tile] = []
        self.layout_name = "2x2"
        self.slots: list[CameraInfo | None] = []
        self.page = 0
        self.selected: Tile | None = None
        self.maximised: Tile | None = None
        self.statuses: dict[int, CameraStatus] = {}
        # Resolves a dropped camera id; the owner (live.py) sets it.
        self.camera_lookup: Callable[[int], CameraInfo | None] = lambda _id: None
        self._tour = QTimer(self)
        self._tour.timeout.connect(self.next_page)
        self._stall = QTimer(self)
        self._stall.setInterval(STALL_CHECK_MS)
        self._stall.timeout.connect(self._check_stalls)
        self._stall.start()
        self.set_layout("2x2")

    # --- the view -------------------------------------------------------------------------

    @property
    def layout_spec(self) -> Layout:
        return LAYOUTS[self.layout_name]

    @property
    def tiles_per_page(self) -> int:
        return len(self.layout_spec.cells)

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(len(self.slots) / self.tiles_per_page))

    def visible_tiles(self) -> list[Tile]:
        return self.tiles[: self.tiles_per_page]

    def set_source(self, source: LiveSource | None) -> None:
        self._source = source
        for t in self.tiles:
            t.set_source(source)

    def set_layout(self, name: str) -> None:
        if name not in LAYOUTS:
            raise KeyError(name)
        self.restore()
        first_slot = self.page * self.tiles_per_page if self.tiles else 0
        self.layout_name = name
        while len(self.tiles) < self.tiles_per_page:
            self._new_tile()
        box = self._layout_box
        for t in self.tiles:
            box.removeWidget(t)
        for i in range(box.rowCount()):
            box.setRowStretch(i, 0)
        for i in range(box.columnCount()):
            box.setColumnStretch(i, 0)
        spec = self.layout_spec
        for tile, (r, c, rs, cs) in zip(self.tiles, spec.cells, strict=False):
            box.addWidget(tile, r, c, rs, cs)
            tile.show()
        for r in range(spec.rows):
            box.setRowStretch(r, 1)
        for c in range(spec.cols):
            box.setColumnStretch(c, 1)
        for tile in self.tiles[self.tiles_per_page:]:
            tile.set_camera(None)
            tile.hide()
        self.page = min(first_slot // self.tiles_per_page, self.page_count - 1)
        self._fill_page()
        if self.selected is not None and self.selected.index >= self.tiles_per_page:
            self.select(self.tiles[0])
        self.view_changed.emit()

    def set_cameras(self, slots: list[CameraInfo | None]) -> None:
        """Replace the view's camera slots (all pages) and show the first page."""
        self.restore()
        self.slots = list(slots)
        self.page = 0
        self._fill_page()
        self.view_changed.emit()

    def assign(self, tile: Tile, camera: CameraInfo | None) -> None:
        """Put `camera` on `tile` (drag and drop); grows the view when needed."""
        slot = self.page * self.tiles_per_page + tile.index
        while len(self.slots) <= slot:
            self.slots.append(None)
        if camera is not None:  # a camera is shown once per page
            for i, other in enumerate(self.slots):
                if other is not None and other.id == camera.id and i != slot and (
                        i // self.tiles_per_page == self.page):
                    self.slots[i] = None
        self.slots[slot] = camera
        self._fill_page()
        self.view_changed.emit()

    def _fill_page(self) -> None:
        base = self.page * self.tiles_per_page
        for tile in self.visible_tiles():
            i = base + tile.index
            cam = self.slots[i] if i < len(self.slots) else None
            stream = self.stream_for(tile)
            if cam is not None and cam == tile.camera and tile.player is not None:
                tile.set_stream(stream)  # same camera, bigger or smaller: no black frame
            else:
                tile.set_camera(cam, stream)
            tile.apply_status(self.statuses.get(cam.id) if cam else None)
        self.page_changed.emit(self.page, self.page_count)

    def stream_for(self, tile: Tile) -> str:
        """The main (HD) stream for a tile that has room for it: maximised, the only tile,
        or the big tile of 1+5 / 1+7; the sub stream for the small tiles."""
        if tile is self.maximised:
            return "main"
        spec = self.layout_spec
        if tile.index >= len(spec.cells):
            return "sub"
        _r, _c, rs, cs = spec.cells[tile.index]
        return "main" if len(spec.cells) == 1 or rs > 1 or cs > 1 else "sub"

    def _new_tile(self) -> Tile:
        tile = Tile(len(self.tiles), self)
        tile.set_source(self._source)
        tile.clicked.connect(self.select)
        tile.double_clicked.connect(self.toggle_maximise)
        tile.camera_dropped.connect(self._on_drop)
        self.tiles.append(tile)
        return tile

    def _on_drop(self, tile: Tile, camera_id: int) -> None:
        cam = self.camera_lookup(camera_id)
        if cam is not None:
            self.assign(tile, cam)
            self.select(tile)

    # --- pages and tour ---------------------------------------------------------------------

    def set_page(self, page: int) -> None:
        page %= self.page_count
        if page != self.page:
            self.restore()
            self.page = page
            self._fill_page()

    def next_page(self) -> None:
        self.set_page(self.page + 1)

    def prev_page(self) -> None:
        self.set_page(self.page - 1)

    def start_tour(self, seconds: int) -> None:
        self._tour.start(max(3, seconds) * 1000)

    def stop_tour(self) -> None:
        self._tour.stop()

    @property
    def touring(self) -> bool:
        return self._tour.isActive()

    # --- selection and maximise ----------------------------------------------------------

    def select(self, tile: Tile | None) -> None:
        if self.selected is tile:
            return
        if self.selected is not None:
            self.selected.set_selected(False)
        self.selected = tile
        if tile is not None:
            tile.set_selected(True)
        self.selection_changed.emit(tile)

    def toggle_maximise(self, tile: Tile) -> None:
        if self.maximised is tile:
            self.restore()
        else:
            self.maximise(tile)

    def maximise(self, tile: Tile) -> None:
        """Give `tile` the whole grid and switch it to the camera's main stream."""
        if tile.camera is None:
            return
        self.restore()
        self.select(tile)
        self.maximised = tile
        for t in self.visible_tiles():
            if t is not tile:
                t.hide()
        spec = self.layout_spec
        self._layout_box.removeWidget(tile)
        self._layout_box.addWidget(tile, 0, 0, spec.rows, spec.cols)
        tile.set_stream("main")
        tile.refresh_labels()
        self.maximised_changed.emit(tile)

    def restore(self) -> None:
        """Back from a maximised tile to the grid, on the stream its cell calls for."""
        tile = self.maximised
        if tile is None:
            return
        self.maximised = None
        r, c, rs, cs = self.layout_spec.cells[tile.index]
        self._layout_box.removeWidget(tile)
        self._layout_box.addWidget(tile, r, c, rs, cs)
        for t in self.visible_tiles():
            t.show()
        tile.set_stream(self.stream_for(tile))
        tile.refresh_labels()
        self.maximised_changed.emit(None)

    # --- status -----------------------------------------------------------------------------

    def apply_statuses(self, statuses: dict[int, CameraStatus]) -> None:
        self.statuses = statuses
        for t in self.visible_tiles():
            if t.camera is not None:
                t.apply_status(statuses.get(t.camera.id))

    def _check_stalls(self) -> None:
        for t in self.visible_tiles():
            t.check_stall()

    def refresh_labels(self) -> None:
        for t in self.tiles:
            t.refresh_labels()

    # --- keyboard -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            n = int(key) - int(Qt.Key.Key_1)
            if n < self.tiles_per_page:
                self.select(self.tiles[n])
            return
        if key == Qt.Key.Key_PageDown:
            self.next_page()
        elif key == Qt.Key.Key_PageUp:
            self.prev_page()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F):
            if self.selected is not None:
                self.toggle_maximise(self.selected)
        elif key == Qt.Key.Key_Escape:
            self.restore()
        elif key == Qt.Key.Key_M:  # sound of the selected tile (issue 14)
            if self.selected is not None:
                self.selected.toggle_sound()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def shutdown(self) -> list[Future[None]]:
        self._tour.stop()
        self._stall.stop()
        futures: list[Future[None]] = []
        for t in self.tiles:
            futures += t.shutdown()
        return futures
