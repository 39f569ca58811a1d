"""The live view: grid + toolbar in the centre, camera tree in the camera dock.

`install(window)` puts it into the main window. Pictures come from the recorder's live
relay (`controlroom.video.control.RecorderClient`); the recorder's status is polled on a
background thread every two seconds so an unreachable recorder never stalls the GUI.
Saved views are per user (`SavedView`); snapshots are PNG files under the data home's
`snapshots/`, each with a `Snapshot` row and an audit entry (`records.snapshots`); the last
one taken can then be attached to an incident (Ctrl+Shift+S, `ui.attach_snapshot`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from controlroom.errors import InvalidInput, NotFound, UserError
from controlroom.paths import DataHome
from controlroom.records import audit
from controlroom.records.db import Database
from controlroom.records.models import Camera, SavedView
from controlroom.records.snapshots import record_snapshot
from controlroom.records.users import Identity
from controlroom.textutil import safe_filename
from controlroom.timeutil import DEFAULT_TZ, as_utc, to_local, utcnow
from controlroom.ui.attach_snapshot import AttachSnapshotDialog
from controlroom.ui.camera_tree import CameraTree
from controlroom.ui.grid import LAYOUTS, Grid
from controlroom.ui.tile import CameraInfo, CameraStatus, EventPump, LiveSource, Tile

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

log = logging.getLogger(__name__)

STATUS_POLL_S = 2.0
RECORDER_RESTART_S = 60.0  # how often the GUI tries to (re)start a missing recorder
LAYOUT_ORDER = ("1", "2x2", "3x3", "4x4", "5x5", "1+5", "1+7")


# --- cameras and the recorder --------------------------------------------------------------

def load_cameras(db: Database) -> list[CameraInfo]:
    """Enabled cameras from the registry, by name."""
    with db.read() as s:
        rows = s.scalars(select(Camera).where(Camera.enabled.is_(True))
                         .order_by(Camera.name)).all()
        return [CameraInfo(c.id, c.name, c.code, c.location,
                           has_sub=bool(c.sub_url) or c.vendor in ("hikvision", "dahua"))
                for c in rows]


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        return None


def parse_status(doc: Any) -> dict[int, CameraStatus]:
    """The recorder's /status JSON → per-camera status.

    The recorder reports one entry per camera *stream* (`{"cameras": [{"camera_id",
    "stream", "state", "since", "recording", "last_error"}, …]}`); a camera's state is its
    main stream's (the one recorded), falling back to the sub stream, and it is recording
    when any of its streams is. A mapping `{id: {...}}` is accepted too."""
    cams = doc.get("cameras", doc) if isinstance(doc, dict) else doc
    items: list[tuple[Any, Any]]
    if isinstance(cams, dict):
        items = list(cams.items())
    elif isinstance(cams, list):
        items = [(c.get("camera_id", c.get("id")), c) for c in cams if isinstance(c, dict)]
    else:
        return {}
    chosen: dict[int, dict[str, Any]] = {}
    recording: dict[int, bool] = {}
    for key, c in items:
        try:
            cid = int(key)
        except (TypeError, ValueError):
            continue
        if not isinstance(c, dict):
            continue
        recording[cid] = recording.get(cid, False) or bool(c.get("recording")) or (
            c.get("state") == "recording")
        if cid not in chosen or c.get("stream", "main") == "main":
            chosen[cid] = c
    out: dict[int, CameraStatus] = {}
    for cid, c in chosen.items():
        state = str(c.get("state") or "unknown")
        if state in ("idle", "stopped"):
            state = "connecting"
        out[cid] = CameraStatus(state, _parse_time(c.get("since")), recording[cid],
                                str(c.get("last_error") or c.get("detail") or ""))
    return out


class RecorderSource:
    """LiveSource backed by the recorder process of this data home."""

    def __init__(self, home: DataHome) -> None:
        self.home = home
        self._client: Any = None
        self._next_start = 0.0

    def _get(self) -> Any:
        if self._client is None:
            from controlroom.video.control import RecorderClient
            self._client = RecorderClient(self.home)
        return self._client

    def live_url(self, camera_id: int, stream: str) -> str:
        return str(self._get().live_url(camera_id, stream))

    def status(self) -> dict[int, CameraStatus]:
        """Called on the poller thread. The GUI starts the recorder when none runs (it
        is its own process so that a GUI crash never stops recording)."""
        doc = self._get().status()
        if doc is None and time.monotonic() >= self._next_start:
            self._next_start = time.monotonic() + RECORDER_RESTART_S
            from controlroom.video.control import ensure_recorder_running

            ensure_recorder_running(self.home)
            doc = self._get().status()
        if doc is None:
            raise ConnectionError("recorder not running")
        return parse_status(doc)


class StatusPoller(QObject):
    """Polls `source.status()` on a daemon thread; results are emitted on the GUI thread
    (through the event pump)."""

    statuses = Signal(object)
    failed = Signal(str)

    def __init__(self, source: LiveSource, interval_s: float = STATUS_POLL_S) -> None:
        super().__init__()
        self.source = source
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="recorder-status", daemon=True)

    def start(self) -> None:
        self._pump = EventPump.get()  # created here, on the GUI thread
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._pump.post(self.statuses.emit, self.source.status())
            except Exception as e:  # recorder down: every camera's state is unknown
                why = str(e) if isinstance(e, UserError) else type(e).__name__
                self._pump.post(self.failed.emit, why)
            self._stop.wait(self.interval_s)


# --- saved views ----------------------------------------------------------------------------

def save_view(db: Database, identity: Identity, name: str, layout: str,
              slots: list[int | None]) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput("Tên khung nhìn không được để trống.", "The view needs a name.")
    if layout not in LAYOUTS:
        raise InvalidInput("Bố cục không hợp lệ: {l}.", "Unknown layout: {l}.", l=layout)
    with db.session() as s:
        view = s.scalars(select(SavedView).where(SavedView.user_id == identity.id,
                                                 SavedView.name == name)).first()
        if view is None:
            view = SavedView(user_id=identity.id, name=name)
            s.add(view)
        view.layout = layout
        view.cameras = json.dumps(slots)
        s.flush()
        audit.record(s, identity.username, "view.save", "saved_view", view.id, name=name,
                     layout=layout, cameras=slots)


def list_views(db: Database, identity: Identity) -> list[tuple[str, str, list[int | None]]]:
    with db.read() as s:
        rows = s.scalars(select(SavedView).where(SavedView.user_id == identity.id)
                         .order_by(SavedView.name)).all()
        return [(v.name, v.layout, list(json.loads(v.cameras or "[]"))) for v in rows]


def delete_view(db: Database, identity: Identity, name: str) -> None:
    with db.session() as s:
        view = s.scalars(select(SavedView).where(SavedView.user_id == identity.id,
                                                 SavedView.name == name)).first()
        if view is None:
            raise NotFound("Không có khung nhìn «{n}».", "No view named «{n}».", n=name)
        audit.record(s, identity.username, "view.delete", "saved_view", view.id, name=name)
        s.delete(view)


def snapshot_path(home: DataHome, camera: CameraInfo, ts: datetime,
                  zone: str = DEFAULT_TZ) -> Path:
    """snapshots/<code>/<code>_<local date>_<local time>.png, in the post's local time
    (the officer's clock); `_2`, `_3`… when two are taken in the same second."""
    folder = safe_filename(camera.code or camera.name, f"camera{camera.id}")
    stem = f"{folder}_{to_local(as_utc(ts), zone).strftime('%Y-%m-%d_%H-%M-%S')}"
    path, n = home.snapshots / folder / f"{stem}.png", 2
    while path.exists():
        path, n = home.snapshots / folder / f"{stem}_{n}.png", n + 1
    return path


def default_layout(n: int) -> str:
    for name, size in (("1", 1), ("2x2", 4), ("3x3", 9), ("4x4", 16)):
        if n <= size:
            return name
    return "5x5"


# --- the widget ---------------------------------------------------------------------------------

class LiveView(QWidget):
    """Toolbar over the grid."""

    snapshot_saved = Signal(int)  # Snapshot id
    snapshot_attached = Signal(int, object)  # Snapshot id, incident id or None (detached)

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 source: LiveSource, parent: QWidget | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveView")
        self.db, self.identity, self.home, self.source = db, identity, home, source
        self._notify = notify or (lambda _m: None)
        self.cameras: dict[int, CameraInfo] = {}
        self.grid = Grid(source)
        self.grid.camera_lookup = self.cameras.get
        self.tree = CameraTree()
        self.tree.camera_activated.connect(self._put_on_selected)
        self.recorder_reachable = True
        self.last_snapshot_id: int | None = None  # taken in this session
        self.attach_action: QAction | None = None  # the menu's, set by install()
        self._snapshot_times: dict[Path, datetime] = {}
        self._wired: set[Tile] = set()  # tiles whose snapshot signal is connected

        self.layout_box = QComboBox()
        for name in LAYOUT_ORDER:
            self.layout_box.addItem(name, name)
        self.layout_box.currentIndexChanged.connect(
            lambda _i: self.grid.set_layout(str(self.layout_box.currentData())))
        self.prev_btn = QToolButton()
        self.prev_btn.setText("◀")
        self.prev_btn.clicked.connect(self.grid.prev_page)
        self.page_label = QLabel()
        self.next_btn = QToolButton()
        self.next_btn.setText("▶")
        self.next_btn.clicked.connect(self.grid.next_page)
        self.tour_btn = QPushButton()
        self.tour_btn.setCheckable(True)
        self.tour_btn.toggled.connect(self._toggle_tour)
        self.tour_s = QSpinBox()
        self.tour_s.setRange(3, 600)
        self.tour_s.setValue(15)
        self.snap_btn = QPushButton()
        self.snap_btn.clicked.connect(self.snapshot_selected)
        self.recorder_label = QLabel()
        self.recorder_label.setStyleSheet("color: #f85149; font-weight: bold;")
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        self._layout_caption = QLabel()
        self._tour_caption = QLabel()
        for w in (self._layout_caption, self.layout_box, self.prev_btn, self.page_label,
                  self.next_btn, self.tour_btn, self._tour_caption, self.tour_s,
                  self.snap_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.recorder_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.grid, 1)

        self.grid.page_changed.connect(self._on_page)
        for t in self.grid.tiles:
            self._wire_tile(t)
        self.grid.view_changed.connect(self._wire_new_tiles)

        self.poller = StatusPoller(source)
        self.poller.statuses.connect(self._on_statuses)
        self.poller.failed.connect(self._on_status_failed)
        self.retranslate()
        self.reload_cameras()
        self.poller.start()

    # --- setup -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._layout_caption.setText(self.tr("Layout"))
        self.tour_btn.setText(self.tr("Tour"))
        self.tour_btn.setToolTip(self.tr("Turn the pages every few seconds"))
        self._tour_caption.setText(self.tr("every (s)"))
        self.snap_btn.setText(self.tr("Snapshot"))
        self.snap_btn.setToolTip(self.tr("Save the selected tile's picture (Ctrl+S)"))
        self.prev_btn.setToolTip(self.tr("Previous page (PgUp)"))
        self.next_btn.setToolTip(self.tr("Next page (PgDn)"))
        self._on_page(self.grid.page, self.grid.page_count)
        self.tree.retranslate()
        self.grid.refresh_labels()

    @property
    def zone(self) -> str:
        """The post's time zone: the main window's (it follows the settings)."""
        return str(getattr(self.window(), "time_zone", DEFAULT_TZ))

    def select_layout(self, name: str) -> None:
        self.layout_box.setCurrentIndex(self.layout_box.findData(name))

    def reload_cameras(self) -> None:
        """Re-read the registry; the grid shows every enabled camera unless a view is open."""
        cams = load_cameras(self.db)
        self.cameras.clear()
        self.cameras.update({c.id: c for c in cams})
        self.tree.set_cameras(cams)
        if not any(self.grid.slots):
            self.set_view(default_layout(len(cams)), [c.id for c in cams])
        else:
            self.grid.set_cameras([self.cameras.get(c.id) if c else None
                                   for c in self.grid.slots])

    def set_view(self, layout: str, ids: list[int | None]) -> None:
        self.layout_box.blockSignals(True)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(layout)))
        self.layout_box.blockSignals(False)
        self.grid.set_layout(layout)
        self.grid.set_cameras([self.cameras.get(i) if i is not None else None for i in ids])
        if self.grid.selected is None and self.grid.tiles:
            self.grid.select(self.grid.tiles[0])

    def _wire_new_tiles(self) -> None:
        for t in self.grid.tiles:
            self._wire_tile(t)

    def _wire_tile(self, tile: Tile) -> None:
        if tile in self._wired:
            return
        self._wired.add(tile)
        tile.snapshot_taken.connect(self._on_snapshot)

    # --- status ------------------------------------------------------------------------------

    def _on_statuses(self, statuses: dict[int, CameraStatus]) -> None:
        self.recorder_reachable = True
        self.recorder_label.setText("")
        self.grid.apply_statuses(statuses)
        self.tree.apply_statuses(statuses)

    def _on_status_failed(self, _why: str) -> None:
        self.recorder_reachable = False
        self.recorder_label.setText(self.tr("Recorder not reachable"))
        self.tree.apply_statuses({})

    def _on_page(self, page: int, count: int) -> None:
        self.page_label.setText(self.tr("Page %1/%2").replace("%1", str(page + 1))
                                .replace("%2", str(count)))
        self.prev_btn.setEnabled(count > 1)
        self.next_btn.setEnabled(count > 1)

    def _toggle_tour(self, on: bool) -> None:
        if on:
            self.grid.start_tour(self.tour_s.value())
        else:
            self.grid.stop_tour()

    def _put_on_selected(self, camera_id: int) -> None:
        tile = self.grid.selected or (self.grid.tiles[0] if self.grid.tiles else None)
        cam = self.cameras.get(camera_id)
        if tile is not None and cam is not None:
            self.grid.assign(tile, cam)

    # --- views -------------------------------------------------------------------------------

    def current_slots(self) -> list[int | None]:
        return [c.id if c else None for c in self.grid.slots]

    def save_current_view(self, name: str) -> None:
        save_view(self.db, self.identity, name, self.grid.layout_name, self.current_slots())

    def open_view(self, name: str) -> None:
        for vname, layout, ids in list_views(self.db, self.identity):
            if vname == name:
                self.set_view(layout, ids)
                return
        raise NotFound("Không có khung nhìn «{n}».", "No view named «{n}».", n=name)

    # --- snapshot -----------------------------------------------------------------------------

    def snapshot_selected(self) -> bool:
        tile = self.grid.selected
        now = utcnow()
        path = snapshot_path(self.home, tile.camera, now, self.zone) if (
            tile is not None and tile.camera is not None) else None
        if tile is None or path is None or not tile.take_snapshot(path):
            self._notify(self.tr("No live picture to save on the selected tile."))
            return False
        self._snapshot_times[path] = now
        return True

    def _on_snapshot(self, tile: Tile, path: Path, ok: bool) -> None:
        if not ok or tile.camera is None:
            self._notify(self.tr("The snapshot could not be saved."))
            return
        taken = self._snapshot_times.pop(path, None) or utcnow()
        try:
            sid = record_snapshot(self.db, self.home, self.identity, tile.camera.id, path,
                                  taken)
        except UserError as e:
            self._notify(str(e))
            return
        self.last_snapshot_id = sid
        # Short enough for the status bar: the path inside the data home, not the whole.
        try:
            shown = path.relative_to(self.home.root).as_posix()
        except ValueError:
            shown = path.name
        self._notify(self.tr("Snapshot saved: %1").replace("%1", shown))
        self.snapshot_saved.emit(sid)

    def attach_dialog(self) -> AttachSnapshotDialog | None:
        """The dialog attaching the last snapshot to an incident (not yet shown)."""
        if self.last_snapshot_id is None:
            self._notify(self.tr("Take a snapshot first (Ctrl+S)."))
            return None
        return AttachSnapshotDialog(self.db, self.identity, self.last_snapshot_id,
                                    self.window())

    def attach_last_snapshot(self) -> bool:
        """Ask which incident the last snapshot belongs to; True when it was changed."""
        try:
            dlg = self.attach_dialog()
        except UserError as e:  # e.g. the snapshot row is gone
            self._notify(str(e))
            return False
        if dlg is None:
            return False
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return False
            sid = dlg.snapshot_id
            if dlg.attached_incident is not None:
                self._notify(self.tr("Snapshot attached to incident %1.")
                             .replace("%1", dlg.attached_incident.code))
                self.snapshot_attached.emit(sid, dlg.attached_incident.id)
            else:
                self._notify(self.tr("Snapshot detached from its incident."))
                self.snapshot_attached.emit(sid, None)
            return True
        finally:
            dlg.deleteLater()

    def shutdown(self) -> None:
        self.poller.stop()
        for f in self.grid.shutdown():
            try:
                f.result(timeout=5)
            except Exception:
                log.exception("player did not stop")


# --- main window integration -------------------------------------------------------------------

def _views_menu(window: MainWindow, view: LiveView, menu: QMenu) -> None:
    menu.clear()
    views = list_views(view.db, view.identity)
    if not views:
        a = menu.addAction(QCoreApplication.translate("LiveView", "(no saved views)"))
        a.setEnabled(False)
    for name, _layout, _ids in views:
        act = menu.addAction(name)
        act.triggered.connect(partial(_guard, window, partial(view.open_view, name)))


def _guard(window: QWidget, fn: Callable[[], Any]) -> None:
    try:
        fn()
    except UserError as e:
        QMessageBox.warning(window, QCoreApplication.translate("LiveView", "Live view"), str(e))


def _ask_save(window: MainWindow, view: LiveView) -> None:
    name, ok = QInputDialog.getText(window, QCoreApplication.translate("LiveView", "Save view"),
                                    QCoreApplication.translate("LiveView", "View name:"))
    if ok:
        _guard(window, lambda: view.save_current_view(name))


class LiveFeature(QObject):
    """The live view in the main window: centre, camera dock and the Camera menu."""

    def __init__(self, window: MainWindow, source: LiveSource | None = None) -> None:
        super().__init__(window)
        src = source or RecorderSource(window.home)
        self.window = window

        def notify(msg: str) -> None:
            window.statusBar().showMessage(msg, 8000)

        view = LiveView(window.db, window.identity, window.home, src, notify=notify)
        self.view = view
        window.set_center(view)
        window.camera_dock.setWidget(view.tree)
        layouts = window.add_submenu("camera", lambda: self.tr("Layout"),
                                     object_name="layoutMenu")
        for name in LAYOUT_ORDER:
            act = layouts.addAction(name)
            act.triggered.connect(partial(view.select_layout, name))
        window.add_action("camera", lambda: self.tr("Snapshot"), view.snapshot_selected,
                          shortcut="Ctrl+S", object_name="snapshotAction")
        attach = window.add_action("camera", lambda: self.tr("Attach last snapshot to incident…"),
                                   view.attach_last_snapshot, shortcut="Ctrl+Shift+S",
                                   object_name="attachSnapshotAction")
        attach.setEnabled(view.last_snapshot_id is not None)  # once a snapshot was taken
        view.snapshot_saved.connect(lambda _sid: attach.setEnabled(True))
        view.attach_action = attach
        window.add_action("camera", lambda: self.tr("Next page"), view.grid.next_page,
                          object_name="nextPageAction")
        window.add_action("camera", lambda: self.tr("Previous page"), view.grid.prev_page,
                          object_name="previousPageAction")
        window.add_action("camera", lambda: self.tr("Save view…"),
                          lambda: _ask_save(window, view), object_name="saveViewAction")
        views_menu = window.add_submenu("camera", lambda: self.tr("Open view"),
                                        object_name="openViewMenu")
        views_menu.aboutToShow.connect(lambda: _views_menu(window, view, views_menu))
        window.add_action("camera", lambda: self.tr("Reload camera list"), view.reload_cameras,
                          object_name="reloadCamerasAction")
        view.grid.setFocus()

    def retranslate(self) -> None:
        self.view.retranslate()

    def close(self) -> None:
        self.view.shutdown()


def install(window: MainWindow, source: LiveSource | None = None) -> LiveFeature:
    """Put the live view into `window`: centre, camera dock, camera menu."""
    return LiveFeature(window, source)
