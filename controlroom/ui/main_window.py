"""The main window: menus, central area, docks and status bar that features plug into.

The window itself knows no feature. Each module named in `UI_FEATURES` has
`install(window) -> Feature` (`controlroom/ui/feature.py`) and uses `window.menus[...]`,
`window.add_action(...)`, `window.set_center(...)` and the docks (shared through
`window.add_dock_section(...)`); a module that does not
exist is an error. After a language switch the window calls every feature's
`retranslate()`; before widgets die it emits `closing` and calls every feature's `close()`
(libVLC must stop drawing before its window goes away).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QWidget,
)

from controlroom import __version__
from controlroom.errors import UserError
from controlroom.paths import DataHome
from controlroom.records import audit, audit_anchor, settings
from controlroom.records.db import Database
from controlroom.records.users import ROLE_NAMES, Identity
from controlroom.timeutil import DEFAULT_TZ, format_local, utcnow
from controlroom.ui import app as uiapp
from controlroom.ui.feature import Feature, MissingFeatureError
from controlroom.ui.idle_lock import IdleLock

log = logging.getLogger(__name__)

UI_FEATURES: tuple[str, ...] = (
    "controlroom.ui.cameras_dialog",
    "controlroom.ui.live",
    "controlroom.ui.ptz",
    "controlroom.ui.playback",
    "controlroom.ui.extraction",
    "controlroom.ui.custody",
    "controlroom.ui.incidents",
    "controlroom.ui.tips",
    "controlroom.ui.books",
    "controlroom.ui.reports_dialog",
    "controlroom.ui.dashboard",
    "controlroom.ui.recorder_health",
    "controlroom.ui.roster",
)

MENU_KEYS = ("camera", "playback", "export", "roster", "incidents", "tips", "reports", "admin")


class MainWindow(QMainWindow):
    """The desk's window for one signed-in user."""

    closing = Signal()
    """Emitted once, before any child widget is destroyed."""
    sign_out_requested = Signal()

    def __init__(self, db: Database, identity: Identity, home: DataHome, demo: bool = False,
                 features: Sequence[str] | None = None,
                 idle_lock_ms: int | None = None) -> None:
        super().__init__()
        self.db = db
        self.identity = identity
        self.home = home
        self.demo = demo
        self.signed_out = False
        self._closed = False
        self._translated_actions: list[tuple[QAction, Callable[[], str]]] = []
        self.features: dict[str, Feature] = {}
        self.setObjectName("mainWindow")
        with db.read() as s:
            self.post_name: str = str(settings.get(s, "post_name"))
            self.time_zone: str = str(settings.get(s, "time_zone")) or DEFAULT_TZ
            idle_minutes = int(settings.get(s, "idle_lock_minutes"))

        self.menus: dict[str, QMenu] = {}
        for key in MENU_KEYS:
            menu = self.menuBar().addMenu("")
            menu.setObjectName(f"menu_{key}")
            self.menus[key] = menu
        self._build_admin_menu()

        placeholder = QLabel()
        placeholder.setObjectName("centerPlaceholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet("color: #8a8f98; font-size: 15pt; background: #1e2126;")
        placeholder.setAutoFillBackground(True)
        self._placeholder: QLabel | None = placeholder
        self.setCentralWidget(placeholder)

        self.camera_dock = self._dock("cameraDock", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.shift_dock = self._dock("shiftDock", Qt.DockWidgetArea.RightDockWidgetArea)
        self.incident_dock = self._dock("incidentDock", Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock_sections: dict[QDockWidget, list[tuple[int, int, QWidget]]] = {}

        self._build_status_bar()
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self.update_clock)
        self._clock_timer.start()
        self.update_clock()

        timeout = idle_lock_ms if idle_lock_ms is not None else idle_minutes * 60_000
        self.idle_lock = IdleLock(self, timeout)
        self.retranslate()
        self._default_size()
        self.geometry_restored = False
        self.installed_features: list[str] = []
        self.install_features(UI_FEATURES if features is None else features)
        self._fill_empty_menus()
        self._restore_geometry()
        audit_anchor.try_checkpoint(db, home, f"session start {identity.username}")

    # -- building -------------------------------------------------------------------------
    def _dock(self, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        placeholder = QLabel()
        placeholder.setObjectName(f"{name}Placeholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setWordWrap(True)
        placeholder.setStyleSheet("color: #8a8f98;")
        placeholder.setMargin(12)
        placeholder.setMinimumWidth(220)
        dock.setWidget(placeholder)
        self.addDockWidget(area, dock)
        return dock

    def _build_admin_menu(self) -> None:
        m = self.menus["admin"]
        self.settings_action = QAction(self)
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.triggered.connect(self.open_settings)
        self.users_action = QAction(self)
        self.users_action.setObjectName("usersAction")
        self.users_action.triggered.connect(self.open_users)
        if self.identity.at_least("admin"):
            m.addAction(self.settings_action)
            m.addAction(self.users_action)
            m.addSeparator()
        self.password_action = QAction(self)
        self.password_action.setObjectName("changePasswordAction")
        self.password_action.triggered.connect(self.change_own_password)
        m.addAction(self.password_action)
        self.language_menu = m.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang, label in (("vi", "Tiếng Việt"), ("en", "English")):
            a = QAction(label, self, checkable=True)
            a.setChecked(uiapp.translations.language == lang)
            a.triggered.connect(lambda _c=False, lang=lang: self.switch_language(lang))
            group.addAction(a)
            self.language_menu.addAction(a)
            self.language_actions[lang] = a
        m.addSeparator()
        self.lock_action = QAction(self)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(lambda: self.idle_lock.lock("manual"))
        m.addAction(self.lock_action)
        self.addAction(self.lock_action)
        self.sign_out_action = QAction(self)
        self.sign_out_action.setObjectName("signOutAction")
        self.sign_out_action.triggered.connect(self.sign_out)
        m.addAction(self.sign_out_action)
        m.addSeparator()
        self.about_action = QAction(self)
        self.about_action.setObjectName("aboutAction")
        self.about_action.triggered.connect(self.show_about)
        m.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.status_user = QLabel(self.identity.full_name or self.identity.username)
        self.status_user.setObjectName("statusUser")
        self.status_role = QLabel()
        self.status_role.setObjectName("statusRole")
        self.status_post = QLabel(self.post_name)
        self.status_post.setObjectName("statusPost")
        self.status_clock = QLabel()
        self.status_clock.setObjectName("statusClock")
        font = self.status_clock.font()
        font.setBold(True)
        self.status_clock.setFont(font)
        self.status_demo = QLabel("DEMO")
        self.status_demo.setObjectName("statusDemo")
        self.status_demo.setStyleSheet(
            "QLabel { background: #c62828; color: white; font-weight: bold; padding: 1px 8px;"
            " border-radius: 3px; }")
        self.status_demo.setVisible(self.demo)
        for w in (self.status_user, self.status_role, self.status_post, self.status_clock):
            w.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(w)
        bar.addPermanentWidget(self.status_demo)

    def retranslate(self) -> None:
        titles = {
            "camera": self.tr("&Camera"),
            "playback": self.tr("&Playback"),
            "export": self.tr("E&xport"),
            "roster": self.tr("Duty &roster"),
            "incidents": self.tr("&Incident log"),
            "tips": self.tr("&Tips"),
            "reports": self.tr("R&eports"),
            "admin": self.tr("&Administration"),
        }
        for key, title in titles.items():
            self.menus[key].setTitle(title)
        self.settings_action.setText(self.tr("&Settings…"))
        self.users_action.setText(self.tr("&Users…"))
        self.password_action.setText(self.tr("Change my &password…"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.lock_action.setText(self.tr("&Lock screen"))
        self.sign_out_action.setText(self.tr("Sign &out"))
        self.about_action.setText(self.tr("A&bout"))
        self.camera_dock.setWindowTitle(self.tr("Cameras"))
        self.shift_dock.setWindowTitle(self.tr("Shift"))
        self.incident_dock.setWindowTitle(self.tr("Incidents"))
        placeholders = {
            self.camera_dock: self.tr("The camera list is not available."),
            self.shift_dock: self.tr("The shift panel is not available."),
            self.incident_dock: self.tr("The incident panel is not available."),
        }
        for dock, text in placeholders.items():
            w = dock.widget()
            if isinstance(w, QLabel) and w.objectName().endswith("Placeholder"):
                w.setText(text)
        if self._placeholder is not None:
            self._placeholder.setText(self.tr("The live camera grid is not installed."))
        vi, en = ROLE_NAMES.get(self.identity.role, (self.identity.role, self.identity.role))
        self.status_role.setText(vi if uiapp.translations.language == "vi" else en)
        title = self.tr("Security camera monitoring desk")
        # DEMO once: the demo's post name already says it ("… (DEMO)").
        demo_mark = " — DEMO" if self.demo and "DEMO" not in self.post_name.upper() else ""
        self.setWindowTitle(f"{title} — {self.post_name}{demo_mark}")
        for action in getattr(self, "_empty_actions", []):
            action.setText(self.tr("(not available yet)"))
        for action, text in getattr(self, "_translated_actions", []):
            action.setText(text())

    def changeEvent(self, event: QEvent) -> None:
        if uiapp.is_language_change(event):
            self.retranslate()
            for name, feature in getattr(self, "features", {}).items():
                try:
                    feature.retranslate()
                except Exception:
                    log.exception("feature %s failed to retranslate", name)
        super().changeEvent(event)

    def add_action(self, menu_key: str, text: Callable[[], str], slot: Callable[[], Any],
                   *, shortcut: str | QKeySequence | None = None,
                   object_name: str | None = None, separator_before: bool = False,
                   checkable: bool = False) -> QAction:
        """A menu action whose label is `text()` in the current language, re-evaluated by
        the window after every language switch. The shortcut works window-wide."""
        menu = self.menus[menu_key]
        if separator_before and not menu.isEmpty():
            menu.addSeparator()
        action = QAction(text(), self)
        if object_name:
            action.setObjectName(object_name)
        action.setCheckable(checkable)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self._translated_actions.append((action, text))
        return action

    def add_submenu(self, menu_key: str, text: Callable[[], str], *,
                    object_name: str | None = None) -> QMenu:
        """A submenu of `menus[menu_key]` whose title is `text()`, re-evaluated after every
        language switch (like `add_action`)."""
        sub = self.menus[menu_key].addMenu(text())
        if object_name:
            sub.setObjectName(object_name)
        self._translated_actions.append((sub.menuAction(), text))
        return sub

    # -- features ---------------------------------------------------------------------------
    def install_features(self, names: Sequence[str]) -> None:
        """Import each feature module and call its install(window). A missing module is
        an error (a misspelt name must not silently drop a feature), and so is an install()
        that does not return a Feature; a feature that fails with a UserError is reported
        and the desk keeps working without it."""
        for name in names:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as e:
                if e.name == name:
                    raise MissingFeatureError(f"UI feature module {name!r} does not exist") from e
                raise
            try:
                feature = module.install(self)
            except UserError as e:
                log.warning("feature %s not installed: %s", name, e.en)
                self.statusBar().showMessage(str(e), 15000)
                continue
            if not isinstance(feature, Feature):
                raise TypeError(f"UI feature {name}: install() returned {feature!r}, "
                                "not a Feature (retranslate() and close())")
            self.features[name] = feature
            self.installed_features.append(name)

    def _fill_empty_menus(self) -> None:
        self._empty_actions: list[QAction] = []
        for menu in self.menus.values():
            if menu.isEmpty():
                a = menu.addAction("")
                a.setEnabled(False)
                self._empty_actions.append(a)
        self.retranslate()

    def add_dock_section(self, dock: QDockWidget, widget: QWidget, order: int = 0,
                         stretch: int = 1) -> None:
        """Put `widget` into `dock` beside what other features put there. Alone it is the
        dock's widget; with others the sections stack top to bottom by `order` (then by
        installation) in a vertical splitter named `<dock>Sections`, the user dragging the
        boundaries. A feature that owns a dock (the shift panel) uses order 0; features
        that add to it use a higher order."""
        sections = self._dock_sections.setdefault(dock, [])
        sections.append((order, stretch, widget))
        sections.sort(key=lambda x: x[0])  # stable: same order keeps installation order
        if len(sections) == 1:
            dock.setWidget(widget)
            return
        name = f"{dock.objectName()}Sections"
        splitter = dock.widget()
        if not isinstance(splitter, QSplitter) or splitter.objectName() != name:
            splitter = QSplitter(Qt.Orientation.Vertical)
            splitter.setObjectName(name)
            splitter.setChildrenCollapsible(False)
        for i, (_order, factor, w) in enumerate(sections):
            splitter.insertWidget(i, w)
            splitter.setStretchFactor(i, factor)
            w.show()
        if dock.widget() is not splitter:
            dock.setWidget(splitter)

    def set_center(self, widget: QWidget) -> None:
        """Replace the central area (the live grid installs itself here). The previous
        central widget is deleted by Qt."""
        self._placeholder = None
        self.setCentralWidget(widget)
        if self.idle_lock.locked:
            self.idle_lock.raise_overlay()

    # -- status bar -----------------------------------------------------------------------
    def update_clock(self) -> None:
        self.status_clock.setText(format_local(utcnow(), self.time_zone))

    def set_post_name(self, name: str) -> None:
        self.post_name = name
        self.status_post.setText(name)
        self.retranslate()

    # -- admin actions ----------------------------------------------------------------------
    def open_settings(self) -> None:
        from controlroom.ui.settings_dialog import SettingsDialog

        self.identity.require("admin")
        dlg = SettingsDialog(self.db, self.identity, self)
        if dlg.exec():
            with self.db.read() as s:
                self.time_zone = str(settings.get(s, "time_zone"))
                self.set_post_name(str(settings.get(s, "post_name")))
                self.idle_lock.set_timeout(int(settings.get(s, "idle_lock_minutes")) * 60_000)
            self.update_clock()

    def open_users(self) -> None:
        from controlroom.ui.users_dialog import UsersDialog

        self.identity.require("admin")
        UsersDialog(self.db, self.identity, self).exec()

    def change_own_password(self) -> None:
        from controlroom.ui.users_dialog import PasswordDialog

        PasswordDialog(self.db, self.identity, self.identity.username, self,
                       ask_current=True).exec()

    def switch_language(self, lang: str) -> None:
        uiapp.set_language(self.home, lang)
        self.language_actions[lang].setChecked(True)

    def show_about(self) -> None:
        QMessageBox.about(
            self, self.tr("About"),
            self.tr("Security camera monitoring desk, version {v}.\n"
                    "Recording, live view, playback, signed evidence export and the duty "
                    "books of the post.\nData home: {h}").format(v=__version__,
                                                                 h=self.home.root))

    def sign_out(self) -> None:
        """End this user's session; the `gui` command shows the sign-in dialog again."""
        self.signed_out = True
        self.sign_out_requested.emit()
        self.close(force=True)

    # -- geometry and closing ---------------------------------------------------------------
    def _default_size(self) -> None:
        """1280×800, or 90 % of a smaller screen (restoreGeometry later shrinks anything
        that does not fit, so the first size must fit too)."""
        screen = self.screen()
        width, height = 1280, 800
        if screen is not None:
            avail = screen.availableGeometry()
            width = min(width, int(avail.width() * 0.9))
            height = min(height, int(avail.height() * 0.9))
        self.resize(width, height)

    def _restore_geometry(self) -> None:
        s = uiapp.ui_settings(self.home)
        geometry = s.value("main_window/geometry")
        state = s.value("main_window/state")
        self.geometry_restored = geometry is not None and bool(self.restoreGeometry(geometry))
        if state is not None:
            self.restoreState(state)
        for splitter in self._section_splitters():
            sizes = s.value(f"main_window/{splitter.objectName()}")
            if sizes is not None:
                splitter.restoreState(sizes)

    def show_desk(self) -> None:
        """Show the window where it was left (maximised if it was), or maximised the first
        time: a desk application fills its screen. The geometry is set to the screen's
        available area too, so that it fills the screen even without a window manager."""
        if self.geometry_restored:
            self.show()
            return
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.availableGeometry())
        self.showMaximized()

    def _save_geometry(self) -> None:
        s = uiapp.ui_settings(self.home)
        s.setValue("main_window/geometry", self.saveGeometry())
        s.setValue("main_window/state", self.saveState())
        for splitter in self._section_splitters():
            s.setValue(f"main_window/{splitter.objectName()}", splitter.saveState())
        s.sync()

    def _section_splitters(self) -> list[QSplitter]:
        """The splitters `add_dock_section` made: the boundaries the user dragged are kept
        across restarts like the window's geometry."""
        return [w for dock in self._dock_sections
                if isinstance(w := dock.widget(), QSplitter)
                and w.objectName() == f"{dock.objectName()}Sections"]

    def confirm_close(self) -> bool:
        """Ask before the window closes; True to close."""
        if self.demo:
            text = self.tr("End the demo?\n\nThe demo's camera simulator and recorder stop; "
                           "its throw-away data is deleted unless it was started with --home "
                           "or --keep.")
        else:
            text = self.tr("Close the monitoring desk?\n\nThe recorder keeps recording every "
                           "camera after this window is closed. To see or stop it: "
                           "controlroom recorder status / controlroom recorder stop.")
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("closeConfirmBox")
        close_btn = box.addButton(self.tr("Close the window"),
                                  QMessageBox.ButtonRole.AcceptRole)
        close_btn.setObjectName("confirmCloseButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        closing = box.clickedButton() is close_btn
        box.deleteLater()
        return closing

    def close(self, force: bool = False) -> bool:
        """`force` closes even while the screen is locked (sign-out, demo timer)."""
        self._force_close = force
        return super().close()

    def closeEvent(self, event: QCloseEvent) -> None:
        force = getattr(self, "_force_close", False)
        self._force_close = False
        if self.idle_lock.locked and not force:
            event.ignore()
            return
        # The officer closing the window (title-bar button, Alt+F4): say what happens to
        # recording and ask. Programmatic closes (sign-out, Ctrl+C, tests) do not ask.
        if event.spontaneous() and not force and not self._closed and not self.confirm_close():
            event.ignore()
            return
        if not self._closed:
            self._closed = True
            self.closing.emit()
            for name, feature in self.features.items():
                try:
                    feature.close()
                except Exception:
                    log.exception("feature %s failed to close", name)
            self._clock_timer.stop()
            self.idle_lock.stop()
            self._save_geometry()
            try:
                with self.db.session() as s:
                    audit.record(s, self.identity.username, "session.end", "user",
                                 self.identity.username,
                                 how="sign_out" if self.signed_out else "close")
            except UserError as e:
                log.warning("cannot audit session end: %s", e.en)
            audit_anchor.try_checkpoint(self.db, self.home,
                                        f"session end {self.identity.username}")
        super().closeEvent(event)
