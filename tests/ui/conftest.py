"""GUI tests share one QApplication: whatever language a test installs is undone after
it, so each test starts with the English source strings unless it asks for Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def vi(qapp: object) -> None:
    """Run the test in Vietnamese, the default language of the product."""
    from controlroom.ui.app import translations

    translations.install("vi")


@pytest.fixture(autouse=True)
def _english_ui_after_each_test() -> Iterator[None]:
    yield
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        from controlroom.ui.app import translations

        translations.install("en")
