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
