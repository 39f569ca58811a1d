"""Screen lock after a period without input (sessions that time out: 724/QĐ-BTTTT).

The video must keep playing and stay visible while locked — the desk is watched even
when nobody touches it — so this is not a modal dialog that hides the window. Instead:
- an application-wide event filter swallows every keyboard, mouse and shortcut event
  that is not meant for the unlock panel (this is the real guard: libVLC tiles are native
  X windows that a translucent Qt overlay cannot cover);
- menus and docks are disabled, and a translucent overlay dims them (not the central
  live area: the cameras stay in full view, only control is locked);
- a small native panel (native so it stacks above the video windows) asks for the
  signed-in user's password; `users.sign_in` audits failures and applies the lockout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.records import audit, users
from controlroom.ui import app as uiapp

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
    QEvent.Type.ContextMenu,
})
SHORTCUT_EVENTS = frozenset({QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride})


class DimOverlay(QWidget):
    """Translucent cover over the window's Qt-painted parts."""

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(10, 14, 20, 120))


class UnlockPanel(QFrame):
    """The password prompt shown while locked."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, full_name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#unlockPanel { background: #f4f5f7; border: 2px solid #37474f; "
            "border-radius: 6px; } #unlockMessage { color: #b00020; }")
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.who = QLabel(full_name)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._submit)
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self._submit)
        self.sign_out_button = QPushButton()
        self.sign_out_button.setObjectName("lockSignOutButton")
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setFixedWidth(440)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Screen locked — recording and live view continue"))
        self.password.setPlaceholderText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.sign_out_button.setText(self.tr("Sign out (change shift)"))

    def changeEvent(self, event: QEvent) -> None:
        if uiapp.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _submit(self) -> None:
        pw = self.password.text()
        self.password.clear()
        self.unlock_requested.emit(pw)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.adjustSize()


class IdleLock(QObject):
    """Locks `window` after `timeout_ms` without input; Ctrl+L locks at once."""

    locked_changed = Signal(bool)

    def __init__(self, window: MainWindow, timeout_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.lock("idle"))
        self.overlay = DimOverlay(window)
        self.overlay.hide()
        self.panel = UnlockPanel(window.identity.full_name or window.identity.username, window)
        self.panel.hide()
        self.panel.unlock_requested.connect(self.try_unlock)
        self.panel.sign_out_requested.connect(window.sign_out)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_timeout(timeout_ms)

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, timeout_ms))
        if not self.locked:
            self._timer.start()

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _for_panel(self, obj: QObject) -> bool:
        return isinstance(obj, QWidget) and (obj is self.panel or self.panel.isAncestorOf(obj))

    def _guards(self, obj: QObject) -> bool:
        """True for objects of this window or of windows opened from it (another main
        window in the same process, e.g. after a sign-out, has its own lock)."""
        if not isinstance(obj, QWidget):
            parent = obj.parent()
            return isinstance(parent, QWidget) and self._guards(parent)
        top: QWidget | None = obj.window()
        while top is not None:
            if top is self.window:
                return True
            above = top.parentWidget()
            top = above.window() if above is not None else None
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if obj is self.window and kind == QEvent.Type.Resize and self.locked:
            self.raise_overlay()
        if not self.locked:
            if kind in INPUT_EVENTS:
                self._timer.start()
            return False
        if kind in SHORTCUT_EVENTS or (kind in INPUT_EVENTS and isinstance(obj, QWidget)):
            return self._guards(obj) and not self._for_panel(obj)
        return False

    def raise_overlay(self) -> None:
        self.overlay.setGeometry(self.window.rect())
        # The cameras stay in view while locked (the lock is about control): the dimming
        # leaves the central live area out (it used to paint the video tiles black).
        region = QRegion(self.window.rect())
        central = self.window.centralWidget()
        if central is not None:
            region -= QRegion(central.geometry())
        self.overlay.setMask(region)
        self.overlay.raise_()
        self.panel.adjustSize()
        x = (self.window.width() - self.panel.width()) // 2
        y = self.window.menuBar().height() + 24
        self.panel.move(max(0, x), y)
        self.panel.raise_()

    def _controls(self) -> list[QWidget]:
        return [self.window.menuBar(), self.window.camera_dock, self.window.shift_dock,
                self.window.incident_dock]

    def lock(self, reason: str = "manual") -> None:
        if self.locked:
            return
        self._timer.stop()
        # A modal dialog would keep the unlock panel from receiving input; what was
        # typed in it is abandoned, as on any session timeout.
        for _ in range(10):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self.window:
                break
            modal.close()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        self.locked = True
        for w in self._controls():
            w.setEnabled(False)
        self.panel.show_message("")
        self.overlay.show()
        self.panel.show()
        self.raise_overlay()
        self.panel.password.setFocus()
        self._audit("session.lock", reason=reason)
        self.locked_changed.emit(True)

    def try_unlock(self, password: str) -> bool:
        ident = self.window.identity
        try:
            users.sign_in(self.window.db, ident.username, password)
        except UserError as e:
            self.panel.show_message(str(e))
            self.panel.password.setFocus()
            return False
        self.unlock()
        return True

    def unlock(self) -> None:
        if not self.locked:
            return
        self.locked = False
        self.overlay.hide()
        self.panel.hide()
        self.panel.show_message("")
        for w in self._controls():
            w.setEnabled(True)
        self._audit("session.unlock")
        self._timer.start()
        self.locked_changed.emit(False)

    def _audit(self, action: str, **detail: str) -> None:
        ident = self.window.identity
        with self.window.db.session() as s:
            audit.record(s, ident.username, action, "user", ident.username, **detail)
