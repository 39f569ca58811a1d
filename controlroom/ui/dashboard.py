"""The dashboard: the post at a glance, as a dock for everyone.

Decision (issue 13): the central area belongs to the live grid (`window.set_center` is the
grid's), so the dashboard is a dock ("dashboardDock") on the right, tabbed with the
incident dock. For a leader it is the raised tab on first start (what a leader looks at
first); for an officer the incident dock stays in front. Qt remembers where the user moves
it. Each item opens its book. The figures are computed by `records.dashboard.snapshot`
on a thread-pool worker every minute, so the grid never waits for the database; the same
worker first turns long outages into suggested faults (`maintenance.suggest`), so an
officer finds them waiting in the maintenance book without asking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.paths import DataHome
from controlroom.records import dashboard, maintenance
from controlroom.records.db import Database
from controlroom.records.users import SYSTEM
from controlroom.timeutil import format_local, to_local
from controlroom.ui.widgets.dialog import named

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow

REFRESH_MS = 60_000
ITEMS = ("incidents", "tips", "cameras", "shift", "patrols", "meetings", "faults", "disk")


class _Signals(QObject):
    done = Signal(object)


class _Snapshot(QRunnable):
    def __init__(self, db: Database, home: DataHome) -> None:
        super().__init__()
        self.db, self.home = db, home
        self.signals = _Signals()

    def run(self) -> None:
        try:
            with self.db.session() as s:  # outages become suggested faults by themselves
                maintenance.suggest(s, SYSTEM)
            result: object = dashboard.snapshot(self.db, self.home)
        except UserError as e:
            result = e
        self.signals.done.emit(result)


class Card(QLabel):
    """One dashboard item: wrapped text in a frame; a click opens its book."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(120)
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Each line elided to the card's width (the whole text is the tooltip): wrapped
        labels do not size well inside a scroll area."""
        self._full = text
        self.setToolTip(text)
        self._elide()

    def _elide(self) -> None:
        fm = QFontMetrics(self.font())
        width = max(self.contentsRect().width() - 14, 60)
        super().setText("\n".join(fm.elidedText(x, Qt.TextElideMode.ElideRight, width)
                                  for x in self._full.split("\n")))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class DashboardPanel(QWidget):
    """The cards; `show_data` fills them from a snapshot (GUI thread only)."""

    item_clicked = Signal(str)

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPanel")
        self.zone = zone
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        self.cards: dict[str, Card] = {}
        for key in ITEMS:
            b = named(Card(), f"dashboard_{key}")
            b.clicked.connect(lambda k=key: self.item_clicked.emit(k))
            lay.addWidget(b)
            self.cards[key] = b
        self.updated = named(QLabel(), "dashboardUpdated")
        self.updated.setStyleSheet("color: #8a8f98;")
        lay.addWidget(self.updated)
        lay.addStretch(1)
        self.data: dashboard.Dashboard | None = None
        self.retranslate()

    def _set(self, key: str, text: str, warn: bool = False) -> None:
        b = self.cards[key]
        b.setText(text)
        colours = "background: #fdecea; color: #b71c1c;" if warn else "background: palette(base);"
        b.setStyleSheet("QLabel { padding: 6px; border: 1px solid #c8ccd2; border-radius: 4px; "
                        + colours + " }")

    def retranslate(self) -> None:
        if self.data is None:
            for key in ITEMS:
                self._set(key, "…")
            self.updated.setText(self.tr("Loading…"))
        else:
            self.show_data(self.data)

    def show_data(self, d: dashboard.Dashboard) -> None:
        self.data = d
        inc = self.tr("Incidents today: {0}").format(d.incidents_today)
        if d.latest_incidents:
            inc += "\n" + "\n".join(f"  {to_local(t, self.zone):%H:%M} {code} {summary}"
                                    for code, t, summary in d.latest_incidents[:3])
        self._set("incidents", inc)
        self._set("tips", self.tr("Open tips: {0} (overdue: {1})").format(
            d.tips_open, d.tips_overdue), warn=d.tips_overdue > 0)
        cams = self.tr("Cameras offline now: {0} of {1}").format(len(d.offline), d.cameras)
        if d.offline:
            cams += "\n" + "\n".join(f"  {code} {name}" for code, name, _ in d.offline[:4])
        cams += "\n" + self.tr("Last 24 h: {0} gaps, {1} min").format(
            d.gaps_24h, round(d.gap_minutes_24h))
        self._set("cameras", cams, warn=bool(d.offline))
        if d.shift is None:
            self._set("shift", self.tr("No shift planned now"), warn=True)
        else:
            lines = [self.tr("Current shift:"), f"  {d.shift}"]
            flags = {"late": self.tr("late"), "missing": self.tr("not checked in")}
            for who, at, flag in d.shift_seats:
                mark = flags.get(flag) or (f"✓ {to_local(at, self.zone):%H:%M}" if at
                                           else self.tr("not yet"))
                lines.append(f"  {who}: {mark}")
            self._set("shift", "\n".join(lines),
                      warn=any(flag for _, _, flag in d.shift_seats))
        self._set("patrols", self.tr("Patrols this week: {0} of {1}").format(
            d.patrols_week, d.patrol_target), warn=d.patrols_week < d.patrol_target)
        meet = self.tr("Open decisions: {0} (overdue: {1})").format(d.decisions_open,
                                                                    d.decisions_overdue)
        if d.meeting_due is not None and not d.meeting_due.held:
            meet += "\n" + self.tr("Monthly meeting due {0}").format(
                d.meeting_due.due.strftime("%d/%m/%Y"))
        self._set("meetings", meet, warn=d.decisions_overdue > 0)
        self._set("faults", self.tr("Camera faults open: {0}, suggested: {1}").format(
            d.faults_open, d.faults_suggested), warn=d.faults_suggested > 0)
        if d.forecast is None:
            disk = self.tr("Free disk: unknown")
        else:
            gb = d.forecast.free_bytes / 1024 ** 3
            disk = self.tr("Free disk: {0} GB").format(f"{gb:.1f}".replace(".", ","))
            if d.forecast.days_left is not None:
                disk += "\n" + self.tr("About {0} days of recording left").format(
                    round(d.forecast.days_left))
        self._set("disk", disk, warn=d.forecast is not None and d.forecast.days_left is not None
                  and d.forecast.days_left < 3)
        self.updated.setText(self.tr("Updated {0}").format(format_local(d.at, self.zone)))


class DashboardFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = DashboardPanel(window.time_zone)
        self.panel.item_clicked.connect(self.open_item)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(290)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.panel)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("dashboardDock")
        self.dock.setWidget(scroll)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.incident_dock, self.dock)
        if window.identity.at_least("leader"):
            self.dock.raise_()
        else:
            window.incident_dock.raise_()
        self.toggle = self.dock.toggleViewAction()
        self.toggle.setObjectName("dashboardToggleAction")
        window.menus["reports"].addAction(self.toggle)
        self._task: _Snapshot | None = None
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        if self._task is not None or self._closed:
            return
        task = _Snapshot(self.window.db, self.window.home)
        task.signals.done.connect(self._done)
        self._task = task
        QThreadPool.globalInstance().start(task)

    def _done(self, result: object) -> None:
        self._task = None
        if self._closed:
            return
        if isinstance(result, dashboard.Dashboard):
            self.panel.show_data(result)
        elif isinstance(result, UserError):
            self.panel.updated.setText(str(result))

    def _trigger(self, menu: str, object_name: str) -> bool:
        """Run another feature's menu entry (its book), found by its object name."""
        for a in self.window.menus[menu].actions():
            if a.objectName() == object_name and a.isEnabled():
                a.trigger()
                return True
        return False

    def open_item(self, key: str) -> None:
        from controlroom.ui.books import BooksFeature

        books = self.window.features.get("controlroom.ui.books")
        if key == "incidents":
            self._trigger("incidents", "incidentBookAction")
        elif key == "tips":
            self._trigger("tips", "tipRegisterAction")
        elif key == "shift":
            self._trigger("roster", "rosterAction")
        elif isinstance(books, BooksFeature):
            if key in ("cameras", "faults"):
                books.open_maintenance()
            elif key == "patrols":
                books.open_patrols()
            elif key == "meetings":
                books.open_meetings()

    def retranslate(self) -> None:
        self.dock.setWindowTitle(self.tr("Dashboard"))
        self.toggle.setText(self.tr("Dashboard"))
        self.panel.retranslate()

    def close(self) -> None:
        self._closed = True
        self.timer.stop()


def install(window: MainWindow) -> DashboardFeature:
    return DashboardFeature(window)
