"""Users, roles and sign-in (argon2 hashes, lockout after repeated failures)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from controlroom.errors import AuthError, InvalidInput, NotFound, PermissionDenied
from controlroom.records import audit
from controlroom.records.db import Database
from controlroom.records.models import ROLES, User
from controlroom.records.types import nfc
from controlroom.textutil import unusable_chars
from controlroom.timeutil import format_local, utcnow

MIN_PASSWORD = 8
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
_hasher = PasswordHasher()

ROLE_NAMES = {
    "officer": ("Cán bộ trực ban", "Duty officer"),
    "leader": ("Tổ trưởng / Chỉ huy", "Team leader"),
    "admin": ("Quản trị viên", "Administrator"),
}
_RANK = {"officer": 0, "leader": 1, "admin": 2}


@dataclass(frozen=True)
class Identity:
    """Who is signed in; passed to services that need to know."""

    id: int
    username: str
    full_name: str
    role: str

    def at_least(self, role: str) -> bool:
        return _RANK[self.role] >= _RANK[role]

    def require(self, role: str) -> None:
        if not self.at_least(role):
            name_vi, name_en = ROLE_NAMES[role]
            raise PermissionDenied(
                "Việc này cần quyền {r}.", "This needs the {n} role.", r=name_vi, n=name_en
            )


SYSTEM = Identity(0, "system", "system", "admin")


def identity(user: User) -> Identity:
    return Identity(user.id, user.username, user.full_name, user.role)


def normalize_password(password: str) -> str:
    """The form a password is hashed and checked in: NFC. The same word typed on a
    keyboard or input method that sends decomposed accents (macOS, some Vietnamese
    IMEs: "ệ" as e + ◌̣ + ◌̂) must sign in."""
    return unicodedata.normalize("NFC", password)


def validate_password(password: str) -> None:
    pw = normalize_password(password)
    if len(pw) < MIN_PASSWORD:
        raise InvalidInput(
            "Mật khẩu phải có ít nhất {n} ký tự.",
            "The password must have at least {n} characters.",
            n=MIN_PASSWORD,
        )
    if not pw.strip():
        raise InvalidInput("Mật khẩu không được chỉ gồm khoảng trắng.",
                           "The password must not be only spaces.")
    if unusable_chars(pw):
        raise InvalidInput("Mật khẩu không được chứa ký tự điều khiển (Tab, xuống dòng…).",
                           "The password must not contain control characters (tab, "
                           "line break…).")


def _hash(password: str) -> str:
    return _hasher.hash(normalize_password(password))


def _validate_username(username: str) -> str:
    u = (nfc(username) or "").strip()
    if not u or len(u) > 64 or any(c.isspace() for c in u) or unusable_chars(u):
        raise InvalidInput(
            "Tên đăng nhập không hợp lệ (1–64 ký tự, không có khoảng trắng).",
            "Invalid user name (1–64 characters, no spaces).",
        )
    return u


def _validate_role(role: str) -> None:
    if role not in ROLES:
        raise InvalidInput(
            "Vai trò không hợp lệ: {r} (officer, leader, admin).",
            "Invalid role: {r} (officer, leader, admin).",
            r=role,
        )


def get(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == (nfc(username) or "").strip()))
    if user is None:
        raise NotFound("Không có người dùng «{u}».", "No user «{u}».", u=username)
    return user


def create(session: Session, actor: Identity, username: str, password: str, role: str,
           full_name: str = "", rank: str = "", unit: str = "") -> User:
    if actor is not SYSTEM:
        actor.require("admin")
    username = _validate_username(username)
    _validate_role(role)
    validate_password(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidInput("Người dùng «{u}» đã tồn tại.", "User «{u}» already exists.",
                           u=username)
    user = User(username=username, full_name=full_name.strip(), rank=rank, unit=unit,
                role=role, password_hash=_hash(password))
    session.add(user)
    session.flush()
    audit.record(session, actor.username, "user.add", "user", username, role=role,
                 full_name=user.full_name)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def set_disabled(session: Session, actor: Identity, username: str, disabled: bool = True) -> None:
    actor.require("admin")
    user = get(session, username)
    if disabled and user.id == actor.id:
        raise InvalidInput("Không thể tự vô hiệu hóa tài khoản của mình.",
                           "You cannot disable your own account.")
    user.disabled = disabled
    audit.record(session, actor.username, "user.disable" if disabled else "user.enable",
                 "user", username)


def reset_password(session: Session, actor: Identity, username: str, password: str) -> None:
    user = get(session, username)
    if actor.id != user.id:
        actor.require("admin")
    validate_password(password)
    user.password_hash = _hash(password)
    user.failed_attempts = 0
    user.locked_until = None
    audit.record(session, actor.username, "user.reset_password", "user", username)


def check_password(user: User, password: str) -> bool:
    """True when `password` is the user's, in whatever Unicode form it was typed or was
    set (hashes made before passwords were normalised hold the raw form). A match on a
    form other than NFC rehashes it in NFC, so the next sign-in needs one try."""
    nfc_form = normalize_password(password)
    for i, form in enumerate(dict.fromkeys(
            (nfc_form, password, unicodedata.normalize("NFD", password)))):
        try:
            ok = _hasher.verify(user.password_hash, form)
        except (VerificationError, InvalidHashError):
            continue
        if ok and i > 0:
            user.password_hash = _hasher.hash(nfc_form)
        if ok:
            return True
    return False


def authenticate(session: Session, username: str, password: str,
                 now: datetime | None = None) -> Identity:
    """Sign in. Failures, lockouts and successes are audited in this transaction; the
    caller must commit even when this raises (use `sign_in`)."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == nfc(username.strip())))
    if user is None:
        audit.record(session, username[:64] or "?", "auth.failed", "user", username[:64],
                     why="unknown_user")
        raise _bad_credentials()
    if user.disabled:
        audit.record(session, user.username, "auth.failed", "user", user.username,
                     why="disabled")
        raise AuthError("Tài khoản đã bị vô hiệu hóa.", "This account is disabled.")
    if user.locked_until is not None and user.locked_until > now:
        audit.record(session, user.username, "auth.failed", "user", user.username,
                     why="locked")
        raise _locked(user.locked_until)
    if not check_password(user, password):
        user.failed_attempts += 1
        audit.record(session, user.username, "auth.failed", "user", user.username,
                     why="bad_password", attempts=user.failed_attempts)
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            audit.record(session, user.username, "auth.locked", "user", user.username,
                         until=user.locked_until.isoformat())
            raise _locked(user.locked_until)
        raise _bad_credentials()
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hash(password)
    audit.record(session, user.username, "auth.login", "user", user.username)
    return identity(user)


def sign_in(db: Database, username: str, password: str) -> Identity:
    """Authenticate in its own transaction, keeping the audit trail of failures."""
    error: AuthError | None = None
    with db.session() as s:
        try:
            ident = authenticate(s, username, password)
        except AuthError as e:
            error = e
    if error is not None:
        raise error
    return ident


def _bad_credentials() -> AuthError:
    return AuthError("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.")


def _locked(until: datetime) -> AuthError:
    return AuthError(
        "Tài khoản bị khóa tạm thời do đăng nhập sai nhiều lần, đến {t}.",
        "The account is locked after repeated failed sign-ins until {t}.",
        t=format_local(until),
    )
