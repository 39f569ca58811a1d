"""User administration (list, add, disable/enable, reset password) and the dialog in
which a user changes their own password. Rules and auditing live in `records.users`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from controlroom.errors import InvalidInput, UserError
from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.users import ROLE_NAMES, Identity
from controlroom.timeutil import format_local
from controlroom.ui import app as uiapp
from controlroom.ui.widgets.dialog import button_row


def role_name(role: str) -> str:
    vi, en = ROLE_NAMES.get(role, (role, role))
    return vi if uiapp.translations.language == "vi" else en


class _ErrorLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dialogError")
        self.setStyleSheet("color: #b00020;")
        self.setWordWrap(True)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def _password_edit(name: str) -> QLineEdit:
    e = QLineEdit()
    e.setObjectName(name)
    e.setEchoMode(QLineEdit.EchoMode.Password)
    return e


class AddUserDialog(QDialog):
    """New account: user name, full name, rank, unit, role and a first password."""

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.identity = identity
        self.setObjectName("addUserDialog")
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("newFullName")
        self.rank = QLineEdit()
        self.rank.setObjectName("newRank")
        self.unit = QLineEdit()
        self.unit.setObjectName("newUnit")
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        for role in ("officer", "leader", "admin"):
            self.role.addItem(role_name(role), role)
        self.password = _password_edit("newPassword")
        self.repeat = _password_edit("newPasswordRepeat")
        self.error = _ErrorLabel()
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(7)]
        for label, field in zip(self.labels, (self.username, self.full_name, self.rank,
                                              self.unit, self.role, self.password,
                                              self.repeat), strict=True):
            self.form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Add user"))
        for label, text in zip(self.labels, (
                self.tr("User name:"), self.tr("Full name:"), self.tr("Rank:"),
                self.tr("Unit:"), self.tr("Role:"), self.tr("Password:"),
                self.tr("Repeat password:")), strict=True):
            label.setText(text)

    def save(self) -> bool:
        try:
            if self.password.text() != self.repeat.text():
                raise InvalidInput("Hai lần nhập mật khẩu không khớp.",
                                   "The passwords do not match.")
            with self.db.session() as s:
                users.create(s, self.identity, self.username.text(), self.password.text(),
                             str(self.role.currentData()), full_name=self.full_name.text(),
                             rank=self.rank.text().strip(), unit=self.unit.text().strip())
        except UserError as e:
            self.error.show_text(str(e))
            return False
        self.accept()
        return True


class PasswordDialog(QDialog):
    """Set a new password: an administrator for anyone, or a user for themself (then the
    current password is asked first, through the audited sign-in check)."""

    def __init__(self, db: Database, identity: Identity, username: str,
                 parent: QWidget | None = None, ask_current: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.identity = identity
        self.username = username
        self.setObjectName("passwordDialog")
        self.current = _password_edit("currentPassword")
        self.password = _password_edit("newPassword")
        self.repeat = _password_edit("newPasswordRepeat")
        self.error = _ErrorLabel()
        form = QFormLayout()
        if ask_current:
            form.addRow(self.tr("Current password:"), self.current)
        else:
            self.current.hide()
        form.addRow(self.tr("New password:"), self.password)
        form.addRow(self.tr("Repeat password:"), self.repeat)
        self.ask_current = ask_current
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Account: {u}").format(u=username)))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Set password"))

    def save(self) -> bool:
        try:
            if self.password.text() != self.repeat.text():
                raise InvalidInput("Hai lần nhập mật khẩu không khớp.",
                                   "The passwords do not match.")
            users.validate_password(self.password.text())
            if self.ask_current:
                users.sign_in(self.db, self.username, self.current.text())
            with self.db.session() as s:
                users.reset_password(s, self.identity, self.username, self.password.text())
        except UserError as e:
            self.current.clear()
            self.error.show_text(str(e))
            return False
        self.accept()
        return True


class UsersDialog(QDialog):
    """Accounts of this post. Administrators only."""

    COLUMNS = 7

    def __init__(self, db: Database, identity: Identity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        identity.require("admin")
        self.db = db
        self.identity = identity
        self.setObjectName("usersDialog")
        self.resize(900, 420)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("usersTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addUserButton")
        self.add_button.clicked.connect(self.add_user)
        self.disable_button = QPushButton()
        self.disable_button.setObjectName("disableUserButton")
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetPasswordButton")
        self.reset_button.clicked.connect(self.reset_password)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        buttons = button_row((self.add_button, self.disable_button, self.reset_button),
                             (self.close_button,))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Users"))
        self.table.setHorizontalHeaderLabels([
            self.tr("User name"), self.tr("Full name"), self.tr("Rank"), self.tr("Unit"),
            self.tr("Role"), self.tr("Status"), self.tr("Last sign-in")])
        self.add_button.setText(self.tr("Add…"))
        self.reset_button.setText(self.tr("Reset password…"))
        self.close_button.setText(self.tr("Close"))
        self._selection_changed()

    def changeEvent(self, event: QEvent) -> None:
        if uiapp.is_language_change(event):
            self.retranslate()
            self.reload()
        super().changeEvent(event)

    def reload(self) -> None:
        selected = self.selected_username()
        with self.db.read() as s:
            rows = [(u.username, u.full_name, u.rank, u.unit, role_name(u.role),
                     self.tr("Disabled") if u.disabled else self.tr("Active"),
                     format_local(u.last_login_at), u.disabled)
                    for u in users.list_users(s)]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c in range(self.COLUMNS):
                item = QTableWidgetItem(str(row[c]))
                item.setData(Qt.ItemDataRole.UserRole, row[0])
                item.setData(Qt.ItemDataRole.UserRole + 1, row[7])
                self.table.setItem(r, c, item)
            if row[0] == selected:
                self.table.selectRow(r)
        self._selection_changed()

    def selected_username(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def select(self, username: str) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.text() == username:
                self.table.selectRow(r)
                return
        raise KeyError(username)

    def _selected_disabled(self) -> bool:
        items = self.table.selectedItems()
        return bool(items and items[0].data(Qt.ItemDataRole.UserRole + 1))

    def _selection_changed(self) -> None:
        has = self.selected_username() is not None
        self.disable_button.setEnabled(has)
        self.reset_button.setEnabled(has)
        self.disable_button.setText(self.tr("Enable") if self._selected_disabled()
                                    else self.tr("Disable"))

    def add_user(self) -> None:
        if AddUserDialog(self.db, self.identity, self).exec():
            self.reload()

    def toggle_disabled(self) -> bool:
        name = self.selected_username()
        if name is None:
            return False
        try:
            with self.db.session() as s:
                users.set_disabled(s, self.identity, name, not self._selected_disabled())
        except UserError as e:
            uiapp.show_error(self, e)
            return False
        self.reload()
        return True

    def reset_password(self) -> None:
        name = self.selected_username()
        if name is not None and PasswordDialog(self.db, self.identity, name, self).exec():
            QMessageBox.information(self, self.tr("Users"),
                                    self.tr("The password of {u} was reset.").format(u=name))
