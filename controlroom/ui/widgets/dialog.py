"""Small pieces every dialog of the desk builds the same way.

Texts stay with the dialogs (their `self.tr` keeps each string in its own translation
context); these helpers only make widgets and lay them out:

    self.status = wrapped_label("revealStatus")
    self.buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Close)
    lay.addLayout(button_row([self.erase_btn], [self.buttons]))
    fit_to_texts(lay, (self.prompt, self.status), 480)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.ui.app import error_title

_W = TypeVar("_W", bound=QWidget)


def named(w: _W, name: str) -> _W:
    """The widget with its object name set (tests and screenshots find it by name)."""
    w.setObjectName(name)
    return w


def show_modeless(w: _W) -> _W:
    """Show `w` without blocking; Qt deletes it once it is closed. Returns it."""
    w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    w.show()
    return w


def wrapped_label(name: str = "") -> QLabel:
    """An empty label that wraps its text, with `name` as object name when given."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    return label


def dialog_buttons(dialog: QDialog,
                   buttons: QDialogButtonBox.StandardButton) -> QDialogButtonBox:
    """Standard buttons (Save | Cancel, Ok | Cancel, Close…) wired to the dialog: an
    accepting button calls its accept(), a rejecting one its reject()."""
    box = QDialogButtonBox(buttons)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def button_row(left: Iterable[QWidget], right: Iterable[QWidget] = ()) -> QHBoxLayout:
    """A row of buttons: the dialog's actions on the left, then a stretch, then `right`
    (the buttons that close it, or paging) against the right edge."""
    row = QHBoxLayout()
    for w in left:
        row.addWidget(w)
    row.addStretch(1)
    for w in right:
        row.addWidget(w)
    return row


def fit_to_texts(layout: QLayout, labels: Iterable[QLabel], width: int) -> None:
    """Wrapped labels of one fixed width and a dialog sized by its layout: the dialog
    grows when a text does (a long error, a box that appears) instead of squeezing it."""
    for label in labels:
        label.setFixedWidth(width)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)


def warn_refused(parent: QWidget | None, e: UserError) -> None:
    """A refused action's message, in the desk's language and under the same translated
    title as `ui.app.show_error`, in a warning box that waits for Ok (incidents and tips;
    `show_error` is the non-blocking box)."""
    QMessageBox.warning(parent, error_title(), str(e))
