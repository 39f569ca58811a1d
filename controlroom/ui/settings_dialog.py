"""Settings dialog generated from `records.settings.SETTINGS`.

Settings are declared once (type, default, bounds, help) below the UI; this dialog builds
an editor for each, so a new setting appears here without touching the UI. Values are
validated by `settings.coerce` and written together by `settings.set_value`, which
checks the admin role and audits each change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.records import settings
from controlroom.records.db import Database
from controlroom.records.users import Identity
from controlroom.ui import app as uiapp

Editor = QLineEdit | QSpinBox | QDoubleSpinBox | QCheckBox


def _make_editor(d: settings.Declared) -> Editor:
    if d.type is bool:
        return QCheckBox()
    if d.type is int:
        spin = QSpinBox()
        spin.setRange(int(d.minimum) if d.minimum is not None else -2_000_000_000,
                      int(d.maximum) if d.maximum is not None else 2_000_000_000)
        return spin
    if d.type is float:
        dspin = QDoubleSpinBox()
        dspin.setDecimals(2)
        dspin.setRange(d.minimum if d.minimum is not None else -1e12,
                       d.maximum if d.maximum is not None else 1e12)
        return dspin
    return QLineEdit()


def _set_value(editor: Editor, value: Any) -> None:
    if isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QDoubleSpinBox):
        editor.setValue(float(value))
    else:
        editor.setText(str(value))


def _get_value(editor: Editor) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    return editor.text()


class SettingsDialog(QDialog):
    """Edit every declared setting; errors are shown beside the field at fault."""

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        identity.require("admin")
        self.db = db
        self.identity = identity
        self.setObjectName("settingsDialog")
        self.setMinimumWidth(640)
        with db.read() as s:
            self.original = settings.get_all(s)
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.help_labels: dict[str, QLabel] = {}

        grid = QGridLayout()
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        row = 0
        for key, d in settings.SETTINGS.items():
            help_label = QLabel()
            help_label.setWordWrap(True)
            help_label.setToolTip(key)
            editor = _make_editor(d)
            editor.setObjectName(f"setting_{key}")
            editor.setToolTip(key)
            _set_value(editor, self.original[key])
            error = QLabel()
            error.setObjectName(f"error_{key}")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(help_label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(error, row + 1, 0, 1, 2)
            row += 2
            self.editors[key] = editor
            self.errors[key] = error
            self.help_labels[key] = help_label
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.note.setText(self.tr("Changes are recorded in the audit log. Recording "
                                  "settings take effect when the recorder restarts."))
        for key, label in self.help_labels.items():
            label.setText(str(settings.SETTINGS[key].help))

    def changeEvent(self, event: QEvent) -> None:
        if uiapp.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def changed_values(self) -> dict[str, Any]:
        return {k: _get_value(e) for k, e in self.editors.items()
                if _get_value(e) != self.original[k]}

    def validate(self) -> dict[str, Any]:
        """Coerce every changed value; show errors beside their fields. Returns the
        valid values, or raises nothing and leaves errors visible."""
        good: dict[str, Any] = {}
        for label in self.errors.values():
            label.hide()
        for key, value in self.changed_values().items():
            try:
                good[key] = settings.coerce(key, value)
            except UserError as e:
                self.errors[key].setText(str(e))
                self.errors[key].show()
        return good

    @property
    def has_errors(self) -> bool:
        return any(not label.isHidden() for label in self.errors.values())

    def save(self) -> bool:
        values = self.validate()
        if self.has_errors:
            return False
        try:
            with self.db.session() as s:
                for key, value in values.items():
                    settings.set_value(s, self.identity, key, value)
        except UserError as e:
            uiapp.show_error(self, e)
            return False
        self.accept()
        return True
