"""Errors a user can meet. Each carries a Vietnamese and an English message and is
shown as such by the CLI and the GUI, never as a traceback."""

from __future__ import annotations

from controlroom.i18n import Text, language


class UserError(Exception):
    """An expected failure with a message for the person at the desk."""

    exit_code = 1

    def __init__(self, vi: str, en: str, /, **kw: object) -> None:
        self.text = Text(vi.format(**kw) if kw else vi, en.format(**kw) if kw else en)
        super().__init__(str(self.text))

    @property
    def vi(self) -> str:
        return self.text.vi

    @property
    def en(self) -> str:
        return self.text.en

    def __str__(self) -> str:
        return self.text.vi if language() == "vi" else self.text.en


class DatabaseError(UserError):
    """The database cannot be opened or is not in a state we can use."""

    exit_code = 3


class AuthError(UserError):
    """Sign-in refused: wrong password, locked or disabled account."""

    exit_code = 4


class PermissionDenied(UserError):
    """The signed-in user's role does not allow the action."""

    exit_code = 5


class NotFound(UserError):
    exit_code = 6


class InvalidInput(UserError):
    exit_code = 2


class SecretStoreUnavailable(UserError):
    """No secure OS keyring is available."""

    exit_code = 7
