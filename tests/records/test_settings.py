from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

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


@pytest.mark.parametrize(("key", "value"), [("min_free_percent", "nan"),
                                            ("min_free_percent", "NaN"),
                                            ("roster_min_rest_hours", "-nan"),
                                            ("export_four_eyes", "maybe"),
                                            ("retention_days", "1e400")])
def test_values_that_pass_every_bound_are_refused(key: str, value: str) -> None:
    """NaN compares false with any bound: as min_free_percent it made every retention
    pass delete all footage."""
    with pytest.raises(InvalidInput):
        settings.coerce(key, value)


@hsettings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(settings.SETTINGS)),
       st.one_of(st.text(max_size=30), st.floats().map(str), st.integers().map(str)))
def test_any_typed_value_is_in_range_or_refused(key: str, text: str) -> None:
    d = settings.declared(key)
    try:
        v = settings.coerce(key, text)
    except InvalidInput:
        return
    assert isinstance(v, d.type)
    if isinstance(v, float):
        assert math.isfinite(v)
    if isinstance(v, int | float) and not isinstance(v, bool):
        assert (d.minimum is None or v >= d.minimum) and (d.maximum is None or v <= d.maximum)


def test_recent_settings_see_this_process_at_once_and_other_desks_within_seconds(
        db: Database) -> None:
    from controlroom.records.db import open_database

    with db.read() as s:
        assert settings.get_all_recent(s)["tip_reminder_hours"] == 6
    with db.session() as s:  # this desk: seen at once, even by a read made before commit
        settings.set_value(s, users.SYSTEM, "tip_reminder_hours", 9)
        with db.read() as r:
            assert settings.get_all_recent(r)["tip_reminder_hours"] == 6  # not committed
    with db.read() as s:
        assert settings.get_all_recent(s)["tip_reminder_hours"] == 9
    other = open_database(db.url)  # another desk (its own process and pool)
    with other.session() as s:
        settings.set_value(s, users.SYSTEM, "tip_reminder_hours", 12)
    other.dispose()
    with db.read() as s:
        assert settings.get_all_recent(s)["tip_reminder_hours"] == 9  # up to RECENT_SECONDS
        assert settings.get_all_recent(s, max_age=0)["tip_reminder_hours"] == 12
        assert settings.get_all(s)["tip_reminder_hours"] == 12


def test_automatic_check_in_is_a_yes_no_setting(db: Database) -> None:
    with db.read() as s:
        assert settings.get(s, "roster_auto_checkin") is True
    assert settings.coerce("roster_auto_checkin", "false") is False
    assert settings.coerce("roster_auto_checkin", "không") is False
    with db.session() as s:
        settings.set_value(s, users.SYSTEM, "roster_auto_checkin", "false")
    with db.read() as s:
        assert settings.get(s, "roster_auto_checkin") is False
