"""Every `controlroom audit` subcommand as a real subprocess, clean and tampered."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from controlroom.paths import DataHome
from controlroom.records import audit_anchor


def _init(cli: Any) -> None:
    r = cli("init", "--admin", "quantri", "--full-name", "Trần Văn Quản", "--password-stdin",
            input="quantri-Mk2026\n")
    assert r.returncode == 0, r
    for i in range(6):
        assert cli("settings", "set", "retention_days", str(30 + i)).returncode == 0


def test_audit_list(cli: Any, home: DataHome) -> None:
    """Used to crash with DetachedInstanceError on every call."""
    _init(cli)
    r = cli("audit", "list")
    assert r.returncode == 0, r
    assert "Traceback" not in r.stderr and "setting.change" in r.stdout
    assert "retention_days" in r.stdout
    r = cli("audit", "list", "--limit", "3", "--action", "setting")
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and len(lines) == 2 + 3
    assert all("setting.change" in ln for ln in lines[2:])


def test_audit_checkpoint_and_verify(cli: Any, home: DataHome, tmp_path: Path) -> None:
    _init(cli)
    r = cli("audit", "verify")
    assert r.returncode == 0 and "No audit checkpoint yet" in cli(
        "--lang", "en", "audit", "verify").stdout
    r = cli("--lang", "en", "audit", "checkpoint", "--reason", "giao ca sáng")
    assert r.returncode == 0, r
    assert "Signed audit checkpoint #1" in r.stdout and "SHA256:" in r.stdout
    r = cli("--lang", "en", "audit", "verify")
    assert r.returncode == 0, r
    assert "Newest matching checkpoint: #1" in r.stdout and "RESULT: OK" in r.stdout
    data = json.loads(cli("audit", "verify", "--json").stdout)
    assert data["ok"] and data["latest"]["seq"] == 1 and data["checkpoints"] == 1
    last = data["latest"]["head_id"]

    saved = tmp_path / "checkpoints.jsonl"  # the leader's copy, kept off the machine
    saved.write_bytes(audit_anchor.checkpoint_file(home).read_bytes())
    with sqlite3.connect(home.database) as c:  # the attack from the issue
        c.execute("DELETE FROM audit_log WHERE id > 4")
        c.execute("DELETE FROM audit_head")
    r = cli("--lang", "en", "audit", "verify")
    assert r.returncode == 15, r
    assert "CHECKPOINT CONTRADICTED: checkpoint #1" in r.stdout
    assert f"row {last}" in r.stdout and "tail was cut" in r.stdout
    assert "RESULT: AUDIT LOG TAMPERED" in r.stdout
    data = json.loads(cli("audit", "verify", "--json").stdout)
    assert not data["ok"] and data["contradicted"]["kind"] == "truncated"

    # the next audited action no longer crashes on the missing head
    r = cli("settings", "set", "retention_days", "45")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r
    # wipe everything on the machine: the copy brought back still convicts it
    audit_anchor.checkpoint_file(home).unlink()
    with sqlite3.connect(home.database) as c:
        for t in ("audit_checkpoint", "audit_log", "audit_head"):
            c.execute(f"DELETE FROM {t}")
    assert cli("audit", "verify").returncode == 0
    r = cli("--lang", "en", "audit", "verify", "--checkpoint", str(saved))
    assert r.returncode == 15 and "it was wiped" in r.stdout, r


def test_audit_checkpoint_without_database(cli: Any, home: DataHome) -> None:
    r = cli("audit", "checkpoint")
    assert r.returncode == 3 and "controlroom init" in r.stderr


def test_garbage_in_a_row_is_reported_not_a_traceback(cli: Any, home: DataHome) -> None:
    _init(cli)
    with sqlite3.connect(home.database) as c:
        c.execute("UPDATE audit_log SET ts = 'không phải giờ' WHERE id = 3")
        c.execute("UPDATE audit_log SET prev_hash = 'ổ' WHERE id = 5")
    r = cli("--lang", "en", "audit", "verify")
    assert r.returncode == 15 and "row 3 was altered" in r.stdout, r
    assert "Traceback" not in r.stderr
    r = cli("audit", "list")
    assert r.returncode == 0 and "?'không phải giờ'" in r.stdout, r
