from __future__ import annotations

import unicodedata
from datetime import timedelta
from unittest.mock import patch

import pytest
from argon2 import PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from controlroom.errors import AuthError, InvalidInput, PermissionDenied
from controlroom.records import audit, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, User
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


VIET = "Mật khẩu Đồng Tháp ệ"  # precomposed (NFC) as most keyboards send it


def test_password_typed_in_another_unicode_form_signs_in(db: Database) -> None:
    nfd = unicodedata.normalize("NFD", VIET)
    assert nfd != VIET
    with db.session() as s:
        users.create(s, users.SYSTEM, "nfc", VIET, "officer")
        users.create(s, users.SYSTEM, "nfd", nfd, "officer")  # set from a macOS keyboard
    assert users.sign_in(db, "nfc", nfd).username == "nfc"
    assert users.sign_in(db, "nfd", VIET).username == "nfd"
    assert users.sign_in(db, "nfd", nfd).username == "nfd"


def test_an_old_hash_of_a_decomposed_password_still_works_and_is_rehashed(
        db: Database) -> None:
    nfd = unicodedata.normalize("NFD", VIET)
    with db.session() as s:
        u = users.create(s, users.SYSTEM, "cu", "tam-thoi-123", "officer")
        u.password_hash = PasswordHasher().hash(nfd)  # as stored before normalising
    assert users.sign_in(db, "cu", VIET).username == "cu"
    with db.read() as s:
        assert PasswordHasher().verify(users.get(s, "cu").password_hash, VIET)


@pytest.mark.parametrize("bad", [" " * 10, "\u3000" * 8, "\t" * 9, "mat\nkhau-123",
                                 "e\u0301" * 4])
def test_blank_short_or_control_passwords_are_refused(db: Database, bad: str) -> None:
    with db.session() as s, pytest.raises(InvalidInput):
        users.create(s, users.SYSTEM, "trong", bad, "officer")


CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "aAeEoOuUdDđĐ ăâêôơư\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b1-\t\u3000"),
    max_size=14))
def test_any_password_is_refused_or_signs_in_in_every_canonical_form(pw: str) -> None:
    try:
        users.validate_password(pw)
    except InvalidInput:
        assert len(unicodedata.normalize("NFC", pw)) < users.MIN_PASSWORD \
            or not pw.strip() or "\t" in pw
        return
    with patch.object(users, "_hasher", CHEAP):
        user = User(username="x", password_hash=users._hash(pw))
        for form in ("NFC", "NFD"):
            assert users.check_password(user, unicodedata.normalize(form, pw))
        assert not users.check_password(user, pw + "x")
