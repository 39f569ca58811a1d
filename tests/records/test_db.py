from __future__ import annotations

import os
import sqlite3

import pytest

from controlroom.errors import DatabaseError
from controlroom.paths import DataHome
from controlroom.records.db import Database, open_database


def test_sqlite_is_wal_with_foreign_keys(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_garbage_file_is_refused_and_not_overwritten(home: DataHome) -> None:
    junk = os.urandom(4096)
    home.database.write_bytes(junk)
    with pytest.raises(DatabaseError, match="không phải cơ sở dữ liệu SQLite"):
        open_database()
    assert home.database.read_bytes() == junk


def test_damaged_pages_are_refused(home: DataHome) -> None:
    db = open_database()
    db.upgrade()
    db.dispose()
    with sqlite3.connect(home.database) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(home.database.read_bytes())
    for i in range(4096, len(data), 4096):  # scribble over the header of every later page
        data[i : i + 64] = os.urandom(64)
    home.database.write_bytes(bytes(data))
    before = home.database.read_bytes()
    with pytest.raises(DatabaseError):
        open_database().state()
    assert home.database.read_bytes() == before


def test_foreign_database_is_not_written(home: DataHome) -> None:
    with sqlite3.connect(home.database) as c:
        c.execute("CREATE TABLE sach (id INTEGER)")
    db = open_database()
    assert db.state() == "foreign"
    with pytest.raises(DatabaseError, match="không thuộc phần mềm"):
        db.upgrade()


def test_a_read_session_refuses_to_write(db: Database) -> None:
    from controlroom.records.models import Setting

    with db.read() as s:
        s.add(Setting(key="post_name", value='"x"', updated_by="t"))
        with pytest.raises(RuntimeError, match="does not write"):
            s.flush()
    with db.read() as s:
        assert s.get(Setting, "post_name") is None


@pytest.mark.postgres
def test_postgres_restart_and_terminated_sessions_cost_the_user_nothing() -> None:
    """No pre-ping round trip, yet a pooled connection the server ended (a restart, an
    administrator's pg_terminate_backend) is replaced at checkout: the first read and the
    first write after it succeed."""
    from sqlalchemy import text

    from controlroom.records import incidents
    from controlroom.records.users import SYSTEM
    from tests.pg_server import PgServer

    server = PgServer()
    try:
        db = open_database(server.new_database())
        db.upgrade()
        with db.read() as s:  # a connection now waits in the pool
            before = s.scalar(text("SELECT pg_backend_pid()"))
        assert db.engine.pool._pre_ping is False  # type: ignore[attr-defined]
        server.restart()
        with db.read() as s:
            assert incidents.list_rows(s) == []
            after = s.scalar(text("SELECT pg_backend_pid()"))
        assert after != before
        admin = open_database(db.url)  # an administrator ends the pooled session
        with admin.engine.connect() as c:
            assert c.scalar(text("SELECT pg_terminate_backend(:p)"), {"p": after})
        admin.dispose()
        with db.session() as s:
            incidents.ensure_categories(s)
            incidents.add(s, SYSTEM, occurred_at=incidents.utcnow(), category="khac",
                          summary="Sau khi máy chủ khởi động lại")
        with db.read() as s:
            assert [r.summary for r in incidents.list_rows(s)] == ["Sau khi máy chủ khởi động lại"]
        db.dispose()
    finally:
        server.stop()
