from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from controlroom.errors import AuthError, InvalidInput, PermissionDenied
from controlroom.records import audit, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.timeutil import utcnow

PW = "matkhau-123"


@pytest.fixture
def officer(db: Database) -> users.Identity:
    with db.session() as s:
        users.create(s, users.SYSTEM, "quantri", "quantri-123", "admin")
        u = users.create(s, users.SYSTEM, "canbo1", PW, "officer",
                         full_name="Nguyễn Thị Hồng Nhung " * 5, rank="Thượng úy")
        return users.identity(u)


def test_password_is_an_argon2_hash(db: Database, officer: users.Identity) -> None:
    with db.read() as s:
        u = users.get(s, "canbo1")
        assert u.password_hash.startswith("$argon2") and PW not in u.password_hash


def test_sign_in_succeeds_and_is_audited(db: Database, officer: users.Identity) -> None:
    ident = users.sign_in(db, "canbo1", PW)
    assert ident.role == "officer"
    with db.read() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry))]
    assert "auth.login" in actions


def test_five_failures_lock_for_five_minutes(db: Database, officer: users.Identity) -> None:
    for _ in range(4):
        with pytest.raises(AuthError, match="Sai tên đăng nhập"):
            users.sign_in(db, "canbo1", "wrong-pass")
    with pytest.raises(AuthError, match="bị khóa"):
        users.sign_in(db, "canbo1", "wrong-pass")
    # even the right password is refused while locked
    with pytest.raises(AuthError, match="bị khóa"):
        users.sign_in(db, "canbo1", PW)
    with db.session() as s:
        later = utcnow() + timedelta(minutes=5, seconds=1)
        assert users.authenticate(s, "canbo1", PW, now=later).username == "canbo1"
    with db.read() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions.count("auth.failed") == 6 and actions.count("auth.locked") == 1
        assert audit.verify(s).ok


def test_disabled_account_cannot_sign_in(db: Database, officer: users.Identity) -> None:
    admin = users.sign_in(db, "quantri", "quantri-123")
    with db.session() as s:
        users.set_disabled(s, admin, "canbo1")
    with pytest.raises(AuthError, match="vô hiệu hóa"):
        users.sign_in(db, "canbo1", PW)


def test_short_password_and_bad_role_rejected(db: Database) -> None:
    with db.session() as s, pytest.raises(InvalidInput, match="ít nhất 8"):
        users.create(s, users.SYSTEM, "x", "short", "officer")
    with db.session() as s, pytest.raises(InvalidInput, match="Vai trò"):
        users.create(s, users.SYSTEM, "x", "long-enough", "chief")


def test_officer_cannot_add_users(db: Database, officer: users.Identity) -> None:
    with db.session() as s, pytest.raises(PermissionDenied):
        users.create(s, officer, "khac", "long-enough", "officer")


def test_unicode_username_normalised(db: Database) -> None:
    import unicodedata

    with db.session() as s:
        users.create(s, users.SYSTEM, unicodedata.normalize("NFD", "hùng"), PW, "officer")
    assert users.sign_in(db, unicodedata.normalize("NFC", "hùng"), PW).username == "hùng"
