"""Errors a user can meet. Each carries a Vietnamese and an English message and is
shown as such by the CLI and the GUI, never as a traceback."""

from __future__ import annotations

from enum import IntEnum, unique

from controlroom.i18n import Text, language


@unique
class ExitCode(IntEnum):
    """Every exit status of `controlroom` and `controlroom-record`, one meaning per code.

    This is the only place a number is chosen: errors and commands name a member
    (`exit_code = ExitCode.NOT_FOUND`, `return ExitCode.NOT_VERIFIED`). Add new codes at
    the end of the numbered block; `tests/test_errors.py` fails if two meanings share
    a code or a module picks a bare number."""

    OK = 0
    FAILED = 1  # a UserError with no more specific code; the message says why
    INVALID_INPUT = 2  # a value or option the user gave is wrong (also argparse usage)
    DATABASE = 3  # the database cannot be opened or is not in a usable state
    AUTH = 4  # sign-in refused
    PERMISSION_DENIED = 5  # the role does not allow the action
    NOT_FOUND = 6  # a named camera, user, segment... does not exist
    SECRET_STORE_UNAVAILABLE = 7  # no secure OS keyring
    EXPORT_FAILED = 8  # an export could not be written (nothing complete left behind)
    CAMERA_UNREACHABLE = 9  # a camera did not answer, refused us, or answered unusably
    # (stream probe, `camera test`, ONVIF)
    SEGMENT_CHANGED = 10  # a recorded segment no longer matches its stored hash
    CANCELLED = 11  # the user cancelled (export, restore confirmation...)
    RECORDER_ALREADY_RUNNING = 12
    RECORDER_NOT_RUNNING = 13
    SIMULATOR_FAILED = 14  # the camera simulator could not start or did not answer
    NOT_VERIFIED = 15  # a check ran and found a problem (verify, audit/recordings verify)
    # 16: unused (was reserved for storage; free for a new meaning)
    RECORDER_STOP_FAILED = 17  # `recorder stop`: the recorder did not stop in time
    ROSTER_LOCKED = 20  # the roster month is published: changes need a reason / repair
    ROSTER_CONFLICT = 21  # a roster change would break a hard rule (rest, double booking…)
    ROSTER_INCOMPLETE = 22  # `roster check` found gaps or rule violations
    HANDOVER_FROZEN = 23  # an acknowledged handover cannot be edited, only amended
    INTERRUPTED = 130  # Ctrl+C (128 + SIGINT)


class UserError(Exception):
    """An expected failure with a message for the person at the desk."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, vi: str, en: str, /, **kw: object) -> None:
        # A bilingual argument (e.g. oserror.describe(e)) goes into each language's text.
        vi_kw = {k: v.vi if isinstance(v, Text) else v for k, v in kw.items()}
        en_kw = {k: v.en if isinstance(v, Text) else v for k, v in kw.items()}
        self.text = Text(vi.format(**vi_kw) if kw else vi, en.format(**en_kw) if kw else en)
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

    exit_code = ExitCode.DATABASE


class AuthError(UserError):
    """Sign-in refused: wrong password, locked or disabled account."""

    exit_code = ExitCode.AUTH


class PermissionDenied(UserError):
    """The signed-in user's role does not allow the action."""

    exit_code = ExitCode.PERMISSION_DENIED


class NotFound(UserError):
    exit_code = ExitCode.NOT_FOUND


class InvalidInput(UserError):
    exit_code = ExitCode.INVALID_INPUT


class SecretStoreUnavailable(UserError):
    """No secure OS keyring is available."""

    exit_code = ExitCode.SECRET_STORE_UNAVAILABLE
