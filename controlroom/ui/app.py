"""The QApplication: platform choice, fonts, translators, UI preferences and the global
error handler.

Vietnamese is the default language. Every compiled `.qm` in `resources/i18n/vi/` is
loaded (one QTranslator per `ui/` module) so features written by different people only
have to drop their own file there. Qt ships no Vietnamese catalogue of its own, so the
strings of Qt's dialogs, standard buttons and context menus are in `qtbase.ts` (written by
hand), and file dialogs are Qt's own rather than the desktop's. UI preferences (language,
window geometry) live in an INI file in the data home's `config/` directory, never in the
user's real config, so tests and the demo cannot disturb a real installation.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QSettings,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from controlroom import __version__, i18n
from controlroom.errors import UserError
from controlroom.paths import RESOURCES, DataHome

log = logging.getLogger(__name__)

ORGANIZATION = "controlroom"
APPLICATION = "controlroom"
I18N_DIR = RESOURCES / "i18n"
FONTS_DIR = RESOURCES / "fonts"
LANGUAGES = ("vi", "en")
# Families known to cover Vietnamese (Latin Extended Additional), best first.
FONT_FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Arial", "Helvetica Neue")

def prepare_environment() -> None:
    """Pick the X11 platform plugin when an X display exists: libVLC draws into native X
    windows and cannot draw into Wayland surfaces. Must run before QApplication."""
    if sys.platform.startswith("linux") and os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "xcb")


def ui_settings(home: DataHome) -> QSettings:
    """UI preferences of this installation (INI file in the data home's config dir)."""
    home.ensure()
    return QSettings(str(home.config / "ui.ini"), QSettings.Format.IniFormat)


def saved_language(home: DataHome) -> str:
    value = ui_settings(home).value("language", "")
    lang = str(value) if value else i18n.language()
    return lang if lang in LANGUAGES else "vi"


def save_language(home: DataHome, lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    s = ui_settings(home)
    s.setValue("language", lang)
    s.sync()


def _choose_font() -> QFont:
    for path in sorted(FONTS_DIR.glob("*.[ot]tf")):
        QFontDatabase.addApplicationFont(str(path))
    families = set(QFontDatabase.families())
    font = QApplication.font()
    for family in FONT_FAMILIES:
        if family in families:
            font = QFont(family)
            break
    font.setPointSize(max(font.pointSize(), 10))
    return font


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one when a test harness already made it)."""
    prepare_environment()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Control room")
    app.setApplicationVersion(__version__)
    # Qt's own file chooser, so that it speaks the language of the desk (a native dialog
    # would follow the desktop's language; Qt's is translated by resources/i18n/vi/qtbase.ts).
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    app.setFont(_choose_font())
    return app


class Translations:
    """Loads every compiled catalogue of a language; switching replaces them all."""

    def __init__(self) -> None:
        self._loaded: list[QTranslator] = []
        self.language = "en"

    def qm_files(self, lang: str) -> list[Path]:
        return sorted((I18N_DIR / lang).glob("*.qm"))

    def install(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(lang)
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication first")
        for t in self._loaded:
            QCoreApplication.removeTranslator(t)
        self._loaded.clear()
        if lang != "en":
            for qm in self.qm_files(lang):
                t = QTranslator(app)
                if t.load(str(qm)):
                    QCoreApplication.installTranslator(t)
                    self._loaded.append(t)
                else:
                    log.warning("cannot load translation %s", qm)
        self.language = lang
        i18n.set_language(lang)
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
                           if lang == "vi" else QLocale(QLocale.Language.English,
                                                        QLocale.Country.UnitedKingdom))


translations = Translations()


def set_language(home: DataHome, lang: str) -> None:
    """Switch now (open widgets that handle LanguageChange retranslate) and remember."""
    save_language(home, lang)
    translations.install(lang)


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange


_open_boxes: list[QMessageBox] = []


def _keep_open(box: QMessageBox) -> QMessageBox:
    """A parentless box shown with open() would be garbage-collected at once; keep it
    referenced until it is closed."""
    _open_boxes.append(box)
    box.finished.connect(lambda _r: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()
    return box


def error_title() -> str:
    """The title of every box that says an action was refused or failed."""
    return QCoreApplication.translate("ErrorBox", "Cannot do that")


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """A UserError as a message box in the current language (non-blocking)."""
    box = QMessageBox(QMessageBox.Icon.Warning, error_title(), str(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("userErrorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    return _keep_open(box)


def show_unexpected(parent: QWidget | None, log_path: Path | None) -> QMessageBox:
    text = QCoreApplication.translate(
        "ErrorBox", "An unexpected error occurred. The work in progress was not completed. "
        "Details were written to the log file:")
    box = QMessageBox(QMessageBox.Icon.Critical,
                      QCoreApplication.translate("ErrorBox", "Unexpected error"),
                      f"{text}\n{log_path or '-'}", QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("unexpectedErrorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return _keep_open(box)


def _active_parent() -> QWidget | None:
    return QApplication.activeWindow()


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_error_handler(home: DataHome) -> ExceptHook:
    """Exceptions escaping Qt slots reach sys.excepthook. UserErrors become a message box;
    anything else is written to logs/gui-errors.log and reported without a traceback.
    Returns the previous hook."""
    previous = sys.excepthook
    log_path = home.logs / "gui-errors.log"

    def hook(kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if isinstance(exc, UserError):
            show_error(_active_parent(), exc)
            return
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        try:
            home.logs.mkdir(parents=True, exist_ok=True)
            with log_path.open("a", encoding="utf-8") as f:
                f.write("".join(traceback.format_exception(kind, exc, tb)))
        except OSError:
            pass
        log.error("unexpected error", exc_info=(kind, exc, tb))
        show_unexpected(_active_parent(), log_path)

    sys.excepthook = hook
    return previous


def start(home: DataHome, argv: list[str] | None = None) -> QApplication:
    """Everything the GUI needs before the first window: app, language, error handler."""
    app = create_application(argv)
    translations.install(saved_language(home))
    install_error_handler(home)
    return app
