"""The foundation's CLI commands, run as real subprocesses."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from controlroom.errors import ExitCode
from controlroom.paths import DataHome

PW = "quantri-Mk2026\n"


def _init(cli: Any) -> None:
    r = cli("init", "--admin", "quantri", "--full-name", "Trần Văn Quản", "--password-stdin",
            input=PW)
    assert r.returncode == 0, r


def test_init_twice_keeps_data(cli: Any, home: DataHome) -> None:
    _init(cli)
    assert cli("user", "add", "canbo1", "--role", "officer", "--full-name", "Lê Thị Hoa",
               "--password-stdin", input="canbo-123\n").returncode == 0
    r = cli("init", "--admin", "khac", "--password-stdin", input="khac-12345\n")
    assert r.returncode == 0 and "không thay đổi" in r.stdout
    users = json.loads(cli("user", "list", "--json").stdout)
    assert sorted(u["username"] for u in users) == ["canbo1", "quantri"]
    assert {u["full_name"] for u in users} == {"Lê Thị Hoa", "Trần Văn Quản"}


def test_user_commands(cli: Any, home: DataHome) -> None:
    _init(cli)
    r = cli("user", "add", "ngan", "--role", "leader", "--password-stdin", input="ngan\n")
    assert r.returncode == 2 and "ít nhất 8" in r.stderr and "Traceback" not in r.stderr
    assert cli("user", "add", "ngan", "--role", "leader", "--password-stdin",
               input="ngan-12345\n").returncode == 0
    assert cli("user", "disable", "ngan").returncode == 0
    assert json.loads(cli("user", "list", "--json").stdout)[0]["disabled"] is True
    assert cli("user", "reset-password", "ngan", "--password-stdin",
               input="moi-mat-khau\n").returncode == 0
    r = cli("user", "disable", "khongco")
    assert r.returncode != 0 and "Không có người dùng" in r.stderr
    r = cli("--lang", "en", "user", "disable", "khongco")
    assert "No user" in r.stderr


def test_audit_verify_names_the_tampered_row(cli: Any, home: DataHome) -> None:
    _init(cli)
    for i in range(3):
        cli("settings", "set", "retention_days", str(30 + i))
    assert cli("audit", "verify").returncode == 0
    with sqlite3.connect(home.database) as c:
        c.execute("UPDATE audit_log SET detail = '{}' WHERE id = 3")
    r = cli("audit", "verify")
    assert r.returncode == ExitCode.NOT_VERIFIED and "dòng 3" in r.stdout


def test_backup_while_open_and_restore(cli: Any, home: DataHome, tmp_path: Any) -> None:
    _init(cli)
    holder = sqlite3.connect(home.database)  # the app is running: a reader holds the db
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM user_account").fetchone()
    dest = tmp_path / "backup.sqlite3"
    r = cli("db", "backup", str(dest))
    assert r.returncode == 0, r
    holder.rollback()
    holder.close()
    assert cli("user", "add", "sau", "--role", "officer", "--password-stdin",
               input="sau-123456\n").returncode == 0
    # no terminal, no --yes: refuses
    assert cli("db", "restore", str(dest)).returncode == ExitCode.CANCELLED
    r = cli("db", "restore", str(dest), "--yes")
    assert r.returncode == 0, r
    names = [u["username"] for u in json.loads(cli("user", "list", "--json").stdout)]
    assert names == ["quantri"]
    assert cli("audit", "verify").returncode == 0


def test_bad_database_file_gives_a_message_not_a_traceback(cli: Any, home: DataHome) -> None:
    home.database.write_bytes(b"this is not a database at all" * 100)
    r = cli("user", "list")
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert "không phải cơ sở dữ liệu SQLite" in r.stderr


def test_commands_before_init_explain_what_to_do(cli: Any, home: DataHome) -> None:
    r = cli("user", "list")
    assert r.returncode == 3 and "controlroom init" in r.stderr


def test_settings_validation(cli: Any, home: DataHome) -> None:
    _init(cli)
    r = cli("settings", "set", "time_zone", "Asia/Nowhere")
    assert r.returncode == 2 and "Múi giờ" in r.stderr
    assert cli("settings", "set", "post_name", "Công an xã Tịnh Châu").returncode == 0
    assert cli("settings", "get", "post_name").stdout.strip() == "Công an xã Tịnh Châu"


def test_init_and_users_on_both_backends(cli: Any, db_url: str) -> None:
    """CONTROLROOM_DB_URL (set by the fixture for PostgreSQL) switches the backend."""
    _init(cli)
    assert cli("user", "add", "canbo1", "--role", "officer", "--password-stdin",
               input="canbo-123\n").returncode == 0
    assert cli("audit", "verify").returncode == 0
    status = cli("db", "status").stdout
    assert ("postgresql" in status) == db_url.startswith("postgresql")
    assert "state: current" in status
