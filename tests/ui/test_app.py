"""Application setup: platform, fonts, translators, language preference, error handler,
and the completeness of every Vietnamese catalogue."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from controlroom import i18n
from controlroom.errors import InvalidInput
from controlroom.paths import REPO_ROOT, DataHome
from controlroom.ui import app as uiapp

sys.path.insert(0, str(REPO_ROOT / "tools"))
import translations  # noqa: E402

CATALOGUES = sorted(translations.sources())


@pytest.fixture
def vi(qapp: object, home: DataHome) -> Iterator[None]:
    uiapp.translations.install("vi")
    yield
    uiapp.translations.install("vi")


@pytest.mark.parametrize("module", CATALOGUES)
def test_catalogue_is_complete_and_compiled(module: str) -> None:
    """A string added to a ui module without a Vietnamese translation, or a .ts edited
    without `make translations`, fails here."""
    problems = translations.check([module])
    assert problems.ok, problems.report()


def test_check_catches_an_untranslated_string(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ui = tmp_path / "ui"
    ui.mkdir()
    (ui / "widget.py").write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "class W(QWidget):\n"
        "    def f(self):\n"
        "        return self.tr('Brand new text')\n")
    monkeypatch.setattr(translations, "UI", ui)
    monkeypatch.setattr(translations, "I18N", tmp_path / "i18n")
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    assert translations.check(["widget"]).missing_ts == ["i18n/vi/widget.ts"]
    translations.update(["widget"])
    problems = translations.check(["widget"])
    assert problems.untranslated == ["widget.ts: [W] 'Brand new text'"]
    assert problems.stale_qm == ["i18n/vi/widget.qm"]
    ts = tmp_path / "i18n" / "vi" / "widget.ts"
    ts.write_text(ts.read_text().replace('<translation type="unfinished"></translation>',
                                         "<translation>Chữ mới</translation>"))
    translations.compile_all(force=True)
    assert translations.check(["widget"]).ok
    ts.write_text(ts.read_text().replace("Chữ mới", "Chữ mới hơn"))
    assert translations.check(["widget"]).stale_qm == ["i18n/vi/widget.qm"]


def test_translators_switch_language(vi: None, home: DataHome) -> None:
    loaded = {p.stem for p in uiapp.translations.qm_files("vi")}
    assert {"app", "signin", "main_window", "idle_lock", "settings_dialog",
            "users_dialog"} <= loaded
    assert QCoreApplication.translate("MainWindow", "&Playback") == "&Xem lại"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert i18n.language() == "vi"
    uiapp.set_language(home, "en")
    assert QCoreApplication.translate("MainWindow", "&Playback") == "&Playback"
    assert i18n.language() == "en"
    assert uiapp.saved_language(home) == "en"
    # Kept in the data home, not in the user's real configuration.
    assert "language=en" in (home.config / "ui.ini").read_text()


def test_font_has_vietnamese_glyphs(qapp: QApplication) -> None:
    app = uiapp.create_application()
    metrics = QFontMetrics(app.font())
    for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ":
        assert metrics.inFontUcs4(ord(ch)), (app.font().family(), ch)
    assert app.applicationName() == "controlroom"


def test_xcb_is_chosen_when_x_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    uiapp.prepare_environment()
    import os
    assert os.environ["QT_QPA_PLATFORM"] == "xcb"
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    uiapp.prepare_environment()
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


def _visible_boxes(name: str) -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]


def test_user_error_from_a_slot_becomes_a_message_box(qtbot: QtBot, vi: None,
                                                      home: DataHome) -> None:
    previous = uiapp.install_error_handler(home)
    try:
        def slot() -> None:
            raise InvalidInput("Ổ USB đã đầy.", "The USB drive is full.")

        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: bool(_visible_boxes("userErrorBox")))
        box = _visible_boxes("userErrorBox")[-1]
        assert box.text() == "Ổ USB đã đầy."
        assert box.windowTitle() == "Không thực hiện được"
        box.close()
    finally:
        sys.excepthook = previous


def test_unexpected_error_is_logged_not_shown(qtbot: QtBot, vi: None,
                                              home: DataHome) -> None:
    previous = uiapp.install_error_handler(home)
    try:
        def slot() -> None:
            raise ZeroDivisionError("secret detail")

        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: bool(_visible_boxes("unexpectedErrorBox")))
        box = _visible_boxes("unexpectedErrorBox")[-1]
        assert "Traceback" not in box.text() and "secret detail" not in box.text()
        assert str(home.logs / "gui-errors.log") in box.text()
        logged = (home.logs / "gui-errors.log").read_text()
        assert "Traceback" in logged and "ZeroDivisionError: secret detail" in logged
        box.close()
    finally:
        sys.excepthook = previous
