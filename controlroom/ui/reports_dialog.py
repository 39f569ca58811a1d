"""The periodic report dialog: choose the period, write the leader's assessment, preview,
save the PDF and the CSV. Figures are built on a worker thread (a year over a large book
takes a moment) and the preview shows exactly the `Report` the files are made from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.oserror import cannot_write
from controlroom.paths import DataHome
from controlroom.records import audit, periods, reports, settings
from controlroom.records.db import Database
from controlroom.records.periods import Period
from controlroom.records.users import Identity
from controlroom.textutil import safe_filename
from controlroom.timeutil import utcnow
from controlroom.ui.app import show_error
from controlroom.ui.widgets.dialog import named, show_modeless

if TYPE_CHECKING:
    from controlroom.ui.main_window import MainWindow


def recent_periods(start_day: int, zone: str, count: int = 12) -> list[Period]:
    """The current and previous periods of each kind, newest first within a kind."""
    now = utcnow()
    out: list[Period] = []
    for kind, n in (("month", count), ("quarter", 6), ("half", 4), ("year", 3)):
        p = periods.containing(now, kind, start_day, zone)
        out += [p.shifted(-i) for i in range(n)]
    return out


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Build(QRunnable):
    def __init__(self, db: Database, home: DataHome, period: Period, number: str, text: str,
                 signer: str) -> None:
        super().__init__()
        self.db, self.home, self.period = db, home, period
        self.number, self.text, self.signer = number, text, signer
        self.signals = _Signals()

    def run(self) -> None:
        try:
            with self.db.read() as s:
                r = reports.build(s, self.period, number=self.number, leader_text=self.text,
                                  signer=self.signer, home=self.home)
        except UserError as e:
            self.signals.failed.emit(e)
            return
        self.signals.done.emit(r)


class ReportDialog(QDialog):
    built = Signal()

    def __init__(self, db: Database, identity: Identity, home: DataHome,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.identity, self.home = db, identity, home
        self.setObjectName("reportDialog")
        self.setWindowTitle(self.tr("Periodic report"))
        self.resize(1000, 700)
        with db.read() as s:
            start_day = int(settings.get(s, "report_period_start_day"))
            self.zone = str(settings.get(s, "time_zone"))
        self.period = named(QComboBox(), "reportPeriod")
        for p in recent_periods(start_day, self.zone):
            self.period.addItem(f"{p.title_vi()} — {p.range_text()}", p)
        # a finished month is the usual choice: the previous one
        self.period.setCurrentIndex(1)
        self.number = named(QLineEdit(), "reportNumber")
        self.number.setPlaceholderText("…/BC-CAX")
        self.signer = named(QLineEdit(identity.full_name), "reportSigner")
        self.text = named(QPlainTextEdit(), "reportLeaderText")
        self.text.setPlaceholderText(self.tr("Assessment and proposals written by the leader "
                                             "before signing"))
        self.preview_button = named(QPushButton(self.tr("Preview")), "reportPreview")
        self.preview_button.clicked.connect(self.build)
        self.pdf_button = named(QPushButton(self.tr("Save PDF…")), "reportSavePdf")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.csv_button = named(QPushButton(self.tr("Save CSV…")), "reportSaveCsv")
        self.csv_button.clicked.connect(lambda: self.save_csv())
        self.status = named(QLabel(), "reportStatus")
        self.browser = named(QTextBrowser(), "reportBrowser")
        form = QFormLayout()
        form.addRow(self.tr("Period"), self.period)
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Signed by"), self.signer)
        form.addRow(self.tr("Leader's assessment"), self.text)
        side = QWidget()
        sv = QVBoxLayout(side)
        sv.addLayout(form)
        row = QHBoxLayout()
        for b in (self.preview_button, self.pdf_button, self.csv_button):
            row.addWidget(b)
        sv.addLayout(row)
        sv.addWidget(self.status)
        sv.addStretch(1)
        side.setMaximumWidth(380)
        lay = QHBoxLayout(self)
        lay.addWidget(side)
        lay.addWidget(self.browser, 1)
        self.report: reports.Report | None = None
        self._task: _Build | None = None
        self.period.currentIndexChanged.connect(lambda _i: self._invalidate())
        self._set_buttons()

    def _invalidate(self) -> None:
        self.report = None
        self._set_buttons()

    def _set_buttons(self) -> None:
        busy = self._task is not None
        self.preview_button.setEnabled(not busy)
        self.pdf_button.setEnabled(not busy)
        self.csv_button.setEnabled(not busy)

    def selected_period(self) -> Period:
        p = self.period.currentData()
        assert isinstance(p, Period)
        return p

    def build(self) -> None:
        if self._task is not None:
            return
        task = _Build(self.db, self.home, self.selected_period(), self.number.text().strip(),
                      self.text.toPlainText(), self.signer.text().strip())
        task.signals.done.connect(self._built)
        task.signals.failed.connect(self._failed)
        self._task = task
        self.status.setText(self.tr("Computing the figures…"))
        self._set_buttons()
        QThreadPool.globalInstance().start(task)

    def _built(self, r: reports.Report) -> None:
        from controlroom.reporting import html

        self._task = None
        self.report = r
        self.browser.setHtml(html.render(r))
        self.status.setText(self.tr("Figures of {0}.").format(r.period.range_text()))
        self._set_buttons()
        self.built.emit()

    def _failed(self, e: UserError) -> None:
        self._task = None
        self.status.setText("")
        self._set_buttons()
        show_error(self, e)

    def _current(self) -> reports.Report | None:
        """The previewed report, with the latest number, signer and text."""
        r = self.report
        if r is None:
            return None
        r.number, r.signer = self.number.text().strip(), self.signer.text().strip()
        r.leader_text = self.text.toPlainText()
        return r

    def _ask(self, suffix: str, pattern: str) -> str:
        p = self.selected_period()
        name = safe_filename(f"bao_cao_{p.code.replace(':', '_')}") + suffix
        path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(),
                                              str(Path.home() / name), pattern)
        return path

    def save_pdf(self, path: str | None = None) -> Path | None:
        from controlroom.reporting.pdf import write_report

        def write(r: reports.Report, out: Path) -> None:
            write_report(r, out)
            with self.db.session() as s:
                audit.record(s, self.identity.username, "report.generate", "report",
                             r.period.code, number=r.number, file=str(out),
                             sha256=hashlib.sha256(out.read_bytes()).hexdigest())

        return self._save(path, ".pdf", "PDF (*.pdf)", write)

    def save_csv(self, path: str | None = None) -> Path | None:
        from controlroom.reporting import csvfile

        return self._save(path, ".csv", "CSV (*.csv)", csvfile.write)

    def _save(self, path: str | None, suffix: str, pattern: str,
              write: Callable[[reports.Report, Path], None]) -> Path | None:
        """Write the previewed report to `path` (asked for when None); None if there is
        nothing to write, the user cancels or the file cannot be written (said)."""
        r = self._current()
        if r is None:
            self.status.setText(self.tr("Preview the report first."))
            return None
        path = path or self._ask(suffix, pattern)
        if not path:
            return None
        try:
            write(r, Path(path))
        except OSError as e:
            show_error(self, cannot_write(e))
            return None
        self.status.setText(self.tr("Saved {0}.").format(path))
        return Path(path)


class ReportsFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.add_action("reports", lambda: self.tr("Periodic report…"), self.open_report,
                          object_name="periodicReportAction")

    def open_report(self) -> ReportDialog:
        w = self.window
        dlg = ReportDialog(w.db, w.identity, w.home, w)
        show_modeless(dlg)
        dlg.build()
        return dlg

    def retranslate(self) -> None:
        """Dialogs are made in the language of the moment; menu entries are the window's."""

    def close(self) -> None:
        """A report being built finishes on its own; nothing to stop."""


def install(window: MainWindow) -> ReportsFeature:
    return ReportsFeature(window)

