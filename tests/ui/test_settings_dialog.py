"""Settings dialog generated from SETTINGS: type-aware editors, validation beside the
field, audited save, admins only."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.errors import PermissionDenied
from controlroom.records import settings, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.records.users import Identity
from controlroom.ui.settings_dialog import SettingsDialog

PW = "matkhau-2026"


def _admin(db: Database, role: str = "admin") -> Identity:
    with db.session() as s:
        users.create(s, users.SYSTEM, "quantri", PW, role, full_name="Nguyễn Văn Quảng")
    return users.sign_in(db, "quantri", PW)


def _dialog(qtbot: QtBot, db: Database, ident: Identity) -> SettingsDialog:
    dlg = SettingsDialog(db, ident)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_one_typed_editor_per_setting(qtbot: QtBot, sqlite_db: Database, vi: None) -> None:
    dlg = _dialog(qtbot, sqlite_db, _admin(sqlite_db))
    assert set(dlg.editors) == set(settings.SETTINGS)
    retention = dlg.editors["retention_days"]
    assert isinstance(retention, QSpinBox)
    assert (retention.minimum(), retention.maximum(), retention.value()) == (1, 3650, 30)
    assert isinstance(dlg.editors["min_free_percent"], QDoubleSpinBox)
    assert isinstance(dlg.editors["post_name"], QLineEdit)
    assert dlg.help_labels["idle_lock_minutes"].text() == (
        "Số phút không thao tác thì khóa màn hình điều khiển.")
    assert dlg.windowTitle() == "Thiết lập"
    save = dlg.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None and save.text() == "Lưu"  # Qt's own text, translated in app.ts


def test_invalid_values_are_shown_and_nothing_is_saved(qtbot: QtBot, db: Database,
                                                       vi: None) -> None:
    dlg = _dialog(qtbot, db, _admin(db))
    tz = dlg.editors["time_zone"]
    post = dlg.editors["post_name"]
    assert isinstance(tz, QLineEdit) and isinstance(post, QLineEdit)
    tz.setText("Sao Hỏa/Olympus")
    post.setText("   ")
    dlg.editors["retention_days"].setValue(90)  # type: ignore[union-attr]
    assert dlg.save() is False
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.errors["time_zone"].isVisible()
    assert dlg.errors["time_zone"].text() == "Múi giờ không tồn tại: Sao Hỏa/Olympus"
    assert dlg.errors["post_name"].text() == "Tên đơn vị không được để trống."
    assert not dlg.errors["retention_days"].isVisible()
    with db.read() as s:
        assert settings.get(s, "retention_days") == 30  # nothing written when any is bad
        assert settings.get(s, "time_zone") == "Asia/Ho_Chi_Minh"


def test_valid_changes_are_saved_and_audited(qtbot: QtBot, db: Database, vi: None) -> None:
    dlg = _dialog(qtbot, db, _admin(db))
    post = dlg.editors["post_name"]
    assert isinstance(post, QLineEdit)
    post.setText("Công an phường Trần Phú")
    dlg.editors["idle_lock_minutes"].setValue(5)  # type: ignore[union-attr]
    assert dlg.save() is True
    assert dlg.result() == QDialog.DialogCode.Accepted
    with db.read() as s:
        assert settings.get(s, "post_name") == "Công an phường Trần Phú"
        assert settings.get(s, "idle_lock_minutes") == 5
        changed = list(s.scalars(select(AuditEntry.object_id)
                                 .where(AuditEntry.action == "setting.change")))
    assert sorted(changed) == ["idle_lock_minutes", "post_name"]


def test_officers_cannot_open_it(qtbot: QtBot, sqlite_db: Database, vi: None) -> None:
    officer = _admin(sqlite_db, role="officer")
    with pytest.raises(PermissionDenied):
        SettingsDialog(sqlite_db, officer)
