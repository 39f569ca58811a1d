"""The shared dialog pieces: a refused action's box speaks the desk's language, title
included (it said "controlroom" in both languages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from controlroom.errors import PermissionDenied
from controlroom.ui.app import translations
from controlroom.ui.widgets.dialog import warn_refused


@pytest.mark.parametrize(("lang", "title", "text"), [
    ("vi", "Không thực hiện được", "Việc này cần quyền Tổ trưởng."),
    ("en", "Cannot do that", "This needs the Leader role."),
])
def test_refusal_box_title_and_text_in_the_desk_language(qtbot: QtBot, lang: str, title: str,
                                                         text: str) -> None:
    translations.install(lang)
    try:
        parent = QWidget()
        qtbot.addWidget(parent)
        seen: list[tuple[str, str]] = []

        def answer() -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            seen.append((box.windowTitle(), box.text()))
            box.accept()

        QTimer.singleShot(0, answer)
        warn_refused(parent, PermissionDenied("Việc này cần quyền Tổ trưởng.",
                                              "This needs the Leader role."))
        assert seen == [(title, text)]
    finally:
        translations.install("en")
