"""Consistent copies of the SQLite database while the app runs (online backup API)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from controlroom.errors import DatabaseError, InvalidInput
from controlroom.oserror import describe
from controlroom.records.db import Database, _check_sqlite_file, open_database
from controlroom.timeutil import utcnow


def _require_sqlite(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise InvalidInput(
            "Sao lưu PostgreSQL dùng pg_dump / pg_restore của máy chủ cơ sở dữ liệu.",
            "Back up PostgreSQL with the server's pg_dump / pg_restore.",
        )
    return path


def _copy(src: Path, dest: Path) -> None:
    s = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=15)
    d = sqlite3.connect(dest, timeout=15)
    try:
        s.backup(d, pages=1024)
    finally:
        d.close()
        s.close()
    with dest.open("rb") as f:
        os.fsync(f.fileno())


def backup(db: Database, dest: Path) -> Path:
    src = _require_sqlite(db)
    dest = dest.expanduser()
    if dest.is_dir():
        dest = dest / f"controlroom-{utcnow():%Y%m%dT%H%M%SZ}.sqlite3"
    if dest.exists():
        raise InvalidInput("Tệp {p} đã tồn tại; không ghi đè.", "{p} exists; not overwritten.",
                           p=dest)
    tmp = dest.with_name(dest.name + ".part")
    try:
        _copy(src, tmp)
        tmp.rename(dest)
    except (OSError, sqlite3.Error) as e:
        tmp.unlink(missing_ok=True)
        raise DatabaseError("Sao lưu thất bại: {e}", "Backup failed: {e}",
                            e=describe(e) if isinstance(e, OSError) else e) from None
    return dest


def restore(db: Database, source: Path) -> Path:
    """Replace the live database's content with `source`. Keeps a copy of the current
    database beside it first and returns that path."""
    live = _require_sqlite(db)
    source = source.expanduser()
    if not source.is_file():
        raise InvalidInput("Không tìm thấy tệp sao lưu {p}.", "Backup file {p} not found.",
                           p=source)
    _check_sqlite_file(source)
    candidate = open_database(f"sqlite:///{source}")
    try:
        state = candidate.state()
    finally:
        candidate.dispose()
    if state in ("newer", "empty", "foreign"):
        raise DatabaseError(
            "Tệp {p} không phải bản sao lưu dùng được (trạng thái: {s}).",
            "{p} is not a usable backup (state: {s}).", p=source, s=state)
    keep = live.with_name(f"{live.stem}.before-restore-{utcnow():%Y%m%dT%H%M%SZ}.sqlite3")
    _copy(live, keep)
    db.dispose()
    s = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=15)
    d = sqlite3.connect(live, timeout=15)
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()
    return keep
