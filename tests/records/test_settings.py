from __future__ import annotations

import pytest

from controlroom.errors import InvalidInput, PermissionDenied
from controlroom.records import settings, users
from controlroom.records.db import Database


def test_defaults_then_change_is_stored_and_audited(db: Database) -> None:
    with db.read() as s:
        assert settings.get(s, "retention_days") == 30
        assert settings.get(s, "time_zone") == "Asia/Ho_Chi_Minh"
    with db.session() as s:
        settings.set_value(s, users.SYSTEM, "retention_days", "45")
        settings.set_value(s, users.SYSTEM, "post_name", "Công an phường Xương Giang")
    with db.read() as s:
        assert settings.get(s, "retention_days") == 45
        assert settings.get_all(s)["post_name"] == "Công an phường Xương Giang"


@pytest.mark.parametrize(("key", "value"), [("retention_days", "abc"), ("retention_days", 0),
                                            ("time_zone", "Mars/Olympus"), ("post_name", "  ")])
def test_bad_values_rejected(db: Database, key: str, value: object) -> None:
    with db.session() as s, pytest.raises(InvalidInput):
        settings.set_value(s, users.SYSTEM, key, value)


def test_only_admin_changes_settings(db: Database) -> None:
    officer = users.Identity(5, "canbo", "Cán bộ", "officer")
    with db.session() as s, pytest.raises(PermissionDenied):
        settings.set_value(s, officer, "retention_days", 10)
