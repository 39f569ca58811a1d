"""PTZ from the live grid: on the selected tile of a PTZ camera, on-screen arrows and zoom
buttons (press and hold), the mouse wheel (zoom), the keyboard (arrow keys, + and −), and
presets (go to, save). Every move and preset is audited by `video/devices.ptz`.

The camera is asked over ONVIF (`video/onvif.py`), which takes a network round trip: the
requests run one after another on a worker thread (a stop never overtakes its move), and
the answer or the error comes back to the GUI thread as a signal. The panel is a native
child window so it stays above libVLC's native video window.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QInputDialog,
    QToolButton,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.records.models import CameraDevice
from controlroom.video import devices

if TYPE_CHECKING:
    from controlroom.ui.grid import Grid
    from controlroom.ui.main_window import MainWindow
    from controlroom.ui.tile import Tile

WHEEL_PULSE_MS = 400  # one wheel notch zooms this long
ARROWS = {Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right", Qt.Key.Key_Up: "up",
          Qt.Key.Key_Down: "down", Qt.Key.Key_Plus: "zoom_in", Qt.Key.Key_Equal: "zoom_in",
          Qt.Key.Key_Minus: "zoom_out"}


class PtzController(QObject):
    """Runs PTZ requests for the desk's identity off the GUI thread, in order."""

    done = Signal(str, object)  # action, result
    failed = Signal(str)  # message for the status bar

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.db, self.identity, self.home = window.db, window.identity, window.home
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ptz")
        self.requests: list[tuple[int, str, dict[str, Any]]] = []  # for tests and the log

    def has_ptz(self, camera_id: int) -> bool:
        with self.db.read() as s:
            dev = s.get(CameraDevice, camera_id)
            return bool(dev is not None and dev.ptz and dev.onvif_port)

    def request(self, camera_id: int, action: str, **kw: Any) -> None:
        self.requests.append((camera_id, action, kw))

        def run() -> None:
            try:
                result = devices.ptz(self.db, self.identity, camera_id, action, self.home, **kw)
            except UserError as e:
                self.failed.emit(str(e))
            except Exception as e:  # the network: never a traceback at the desk
                self.failed.emit(f"PTZ: {type(e).__name__}")
            else:
                self.done.emit(action, result)

        self.pool.submit(run)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


class PtzPanel(QWidget):
    """Arrows, zoom and presets over a tile's picture."""

    def __init__(self, ctl: PtzController) -> None:
        super().__init__()
        self.setObjectName("ptzPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)  # above libVLC's window
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            "#ptzPanel { background: #1b1e23; border: 1px solid #2d3139; }"
            " QToolButton { color: #e6e8eb; background: #2d3139; border: none;"
            " min-width: 22px; min-height: 20px; padding: 1px 4px; }"
            " QToolButton:pressed { background: #58a6ff; color: #101215; }"
            " QComboBox { min-width: 120px; }")
        self.ctl = ctl
        self.camera_id: int | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setSpacing(1)
        self.buttons: dict[str, QToolButton] = {}
        for direction, text, r, c in (("up", "▲", 0, 1), ("left", "◀", 1, 0),
                                      ("right", "▶", 1, 2), ("down", "▼", 2, 1),
                                      ("zoom_in", "+", 0, 3), ("zoom_out", "−", 2, 3)):
            b = QToolButton()
            b.setObjectName(f"ptz_{direction}")
            b.setText(text)
            b.setAutoRaise(True)
            b.pressed.connect(lambda d=direction: self.begin(d))
            b.released.connect(self.stop)
            grid.addWidget(b, r, c)
            self.buttons[direction] = b
        self.presets = QComboBox()
        self.presets.setObjectName("ptzPresets")
        self.go = QToolButton()
        self.go.setObjectName("ptzGo")
        self.go.clicked.connect(self.goto_preset)
        self.save = QToolButton()
        self.save.setObjectName("ptzSave")
        self.save.clicked.connect(self.save_preset)
        grid.addWidget(self.presets, 3, 0, 1, 3)
        grid.addWidget(self.go, 3, 3)
        grid.addWidget(self.save, 3, 4)
        ctl.done.connect(self._done)
        self.retranslate()

    def retranslate(self) -> None:
        self.go.setText(self.tr("Go"))
        self.go.setToolTip(self.tr("Go to the chosen preset"))
        self.save.setText(self.tr("Save"))
        self.save.setToolTip(self.tr("Save the current position as a preset"))
        for d, tip in (("up", self.tr("Tilt up (↑)")), ("down", self.tr("Tilt down (↓)")),
                       ("left", self.tr("Pan left (←)")), ("right", self.tr("Pan right (→)")),
                       ("zoom_in", self.tr("Zoom in (+, wheel)")),
                       ("zoom_out", self.tr("Zoom out (−, wheel)"))):
            self.buttons[d].setToolTip(tip)

    def attach(self, tile: Tile | None) -> None:
        self.hide()
        cam = tile.camera if tile is not None else None
        if tile is None or cam is None or not self.ctl.has_ptz(cam.id):
            self.camera_id = None
            self.setParent(None)
            return
        self.camera_id = cam.id
        self.setParent(tile)
        self.adjustSize()
        self.move_to_corner(tile)
        self.show()
        self.raise_()
        self.presets.clear()
        self.ctl.request(cam.id, "presets")

    def move_to_corner(self, tile: QWidget) -> None:
        self.setGeometry(tile.width() - self.sizeHint().width() - 6,
                         tile.height() - self.sizeHint().height() - 6,
                         self.sizeHint().width(), self.sizeHint().height())

    # requests
    def begin(self, direction: str) -> None:
        if self.camera_id is not None:
            self.ctl.request(self.camera_id, "move", direction=direction)

    def stop(self) -> None:
        if self.camera_id is not None:
            self.ctl.request(self.camera_id, "stop")

    def goto_preset(self) -> None:
        token = self.presets.currentData()
        if self.camera_id is not None and token:
            self.ctl.request(self.camera_id, "goto_preset", preset=str(token))

    def save_preset(self) -> None:
        if self.camera_id is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Save preset"),
                                        self.tr("Name of this position:"))
        if ok:
            self.save_named(name.strip())

    def save_named(self, name: str) -> None:
        if self.camera_id is not None:
            self.ctl.request(self.camera_id, "set_preset", name=name)
            self.ctl.request(self.camera_id, "presets")

    def _done(self, action: str, result: object) -> None:
        if action == "presets" and isinstance(result, list):
            self.presets.clear()
            for token, name in result:
                self.presets.addItem(f"{token} — {name}" if name else str(token), token)


class PtzFeature(QObject):
    """Finds the live grid, follows its selection, steers with keys and the wheel."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        from controlroom.ui.grid import Grid

        self.window = window
        self.ctl = PtzController(window)
        self.ctl.failed.connect(lambda msg: window.statusBar().showMessage(msg, 8000))
        self.panel = PtzPanel(self.ctl)
        self.grid: Grid | None = window.findChild(Grid)
        self._wheel = QTimer(self)
        self._wheel.setSingleShot(True)
        self._wheel.timeout.connect(self.panel.stop)
        self._tile: Tile | None = None
        if self.grid is not None:
            self.grid.selection_changed.connect(self.follow)
            self.grid.maximised_changed.connect(lambda _t: self._relayout())
            self.grid.installEventFilter(self)

    def follow(self, tile: Tile | None) -> None:
        if self._tile is not None:
            self._tile.removeEventFilter(self)
        self._tile = tile
        self.panel.attach(tile)
        if tile is not None:
            tile.installEventFilter(self)

    def _relayout(self) -> None:
        if self._tile is not None and self.panel.camera_id is not None:
            QTimer.singleShot(0, self._corner)

    def _corner(self) -> None:
        if self._tile is not None:
            self.panel.move_to_corner(self._tile)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        if self.panel.camera_id is None:
            return False
        et = event.type()
        if et == QEvent.Type.Resize and obj is self._tile:
            self.panel.move_to_corner(self._tile)
        elif et == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            up = event.angleDelta().y() > 0
            self.panel.begin("zoom_in" if up else "zoom_out")
            self._wheel.start(WHEEL_PULSE_MS)
            return True
        elif et in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and obj is self.grid \
                and isinstance(event, QKeyEvent):
            direction = ARROWS.get(Qt.Key(event.key()))
            if direction is None:
                return False
            if not event.isAutoRepeat():
                if et == QEvent.Type.KeyPress:
                    self.panel.begin(direction)
                else:
                    self.panel.stop()
            return True
        return False

    def retranslate(self) -> None:
        self.panel.retranslate()

    def close(self) -> None:
        self.ctl.close()


def install(window: MainWindow) -> PtzFeature:
    return PtzFeature(window)
