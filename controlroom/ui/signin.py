"""Sign-in dialog: user name, password and the language of the whole application.

The check itself is `users.sign_in`, which audits every failure and applies the lockout
(5 failures → 5 minutes, Decision 724/QĐ-BTTTT); the dialog only shows its message.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import UserError
from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.users import Identity
from controlroom.ui import app as uiapp


class SignInDialog(QDialog):
    """Modal sign-in. After `exec()` returns Accepted, `identity` is the signed-in user."""

    def __init__(self, db: Database, home: DataHome, post_name: str = "",
                 parent: QWidget | None = None, hint: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.home = home
        self.identity: Identity | None = None
        self.setObjectName("signInDialog")
        self.setMinimumWidth(420)

        self.heading = QLabel(post_name)
        self.heading.setObjectName("signInHeading")
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setVisible(bool(post_name))

        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(hint)  # the demo lists its accounts here
        self.hint.setObjectName("signInHint")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setStyleSheet("color: #5f6368;")
        self.hint.setVisible(bool(hint))

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if uiapp.translations.language == "vi" else 1)
        self.language.currentIndexChanged.connect(self._language_changed)

        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        self.sign_in_button = QPushButton()
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.try_sign_in)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.reject)

        self.form = QFormLayout()
        # Real labels (addRow("") makes none in Qt 6), each the buddy of its box.
        self.labels: list[QLabel] = []
        for name, field in (("usernameLabel", self.username), ("passwordLabel", self.password),
                            ("languageLabel", self.language)):
            label = QLabel()
            label.setObjectName(name)
            label.setBuddy(field)
            self.labels.append(label)
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()
        self.username.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in"))
        self.subtitle.setText(self.tr("Security camera monitoring desk"))
        for label, text in zip(self.labels, (self.tr("&User name:"), self.tr("&Password:"),
                                             self.tr("&Language:")), strict=True):
            label.setText(text)
        self.sign_in_button.setText(self.tr("Sign in"))
        self.quit_button.setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if uiapp.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _language_changed(self, _index: int) -> None:
        lang = str(self.language.currentData())
        if lang != uiapp.translations.language:
            uiapp.set_language(self.home, lang)
            self.message.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def try_sign_in(self) -> bool:
        name = self.username.text().strip()
        if not name or not self.password.text():
            self.show_message(self.tr("Enter your user name and password."))
            return False
        try:
            self.identity = users.sign_in(self.db, name, self.password.text())
        except UserError as e:
            self.password.clear()
            self.password.setFocus()
            self.show_message(str(e))
            return False
        finally:
            if self.identity is None:
                self.password.clear()
        self.password.clear()
        self.accept()
        return True
