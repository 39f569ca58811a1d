"""The desk anchors the audit log when a session starts and when it ends."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from controlroom.evidence import keys
from controlroom.paths import DataHome
from controlroom.records import audit_anchor, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.ui.main_window import MainWindow

PW = "matkhau-2026"


def test_session_start_and_sign_out_are_checkpointed(qtbot: QtBot, sqlite_db: Database,
                                                     home: DataHome) -> None:
    with sqlite_db.session() as s:
        users.create(s, users.SYSTEM, "canbo1", PW, "officer", full_name="Lê Đức Thắng")
    keys.signer(sqlite_db, users.SYSTEM, home)  # the post has a signing key
    ident = users.sign_in(sqlite_db, "canbo1", PW)
    w = MainWindow(sqlite_db, ident, home, features=())
    qtbot.addWidget(w)
    first = audit_anchor.latest_checkpoint(home)
    assert first is not None and first["reason"] == "session start canbo1"
    w.sign_out()
    last = audit_anchor.latest_checkpoint(home)
    assert last is not None and last["reason"] == "session end canbo1"
    with sqlite_db.read() as s:
        top = s.scalar(select(func.max(AuditEntry.id)))
        assert last["head_id"] == top
        assert s.get(AuditEntry, top).action == "session.end"  # type: ignore[union-attr]
        assert audit_anchor.verify(s, home).ok


def test_without_a_key_the_desk_opens_and_closes_as_before(qtbot: QtBot, sqlite_db: Database,
                                                           home: DataHome) -> None:
    with sqlite_db.session() as s:
        users.create(s, users.SYSTEM, "canbo1", PW, "officer")
    w = MainWindow(sqlite_db, users.sign_in(sqlite_db, "canbo1", PW), home, features=())
    qtbot.addWidget(w)
    w.close(force=True)
    assert audit_anchor.latest_checkpoint(home) is None
    assert not audit_anchor.checkpoint_file(home).exists()
