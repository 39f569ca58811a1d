"""`controlroom recorder status|stop`: the recorder keeps running after the window
closes, so an officer (or the README) needs a way to see and stop it."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from sqlalchemy import select

from controlroom.errors import ExitCode
from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry
from controlroom.video.control import RecorderClient, ensure_recorder_running, read_runfile


def test_status_when_not_running(cli: Any, sqlite_db: Database, home: DataHome) -> None:
    r = cli("recorder", "status")
    assert r.returncode == ExitCode.RECORDER_NOT_RUNNING, r
    assert "không chạy" in r.stdout
    r = cli("--lang", "en", "recorder", "status", "--json")
    assert json.loads(r.stdout)["running"] is False
    r = cli("recorder", "stop", "--yes")
    assert r.returncode == ExitCode.RECORDER_NOT_RUNNING, r


@pytest.mark.slow
def test_status_then_stop(cli: Any, sqlite_db: Database, home: DataHome) -> None:
    ensure_recorder_running(home)
    pid = int(read_runfile(home)["pid"])  # type: ignore[index]
    try:
        r = cli("recorder", "status")
        assert r.returncode == 0, r
        assert f"pid {pid}" in r.stdout and "đang chạy" in r.stdout
        r = cli("--lang", "en", "recorder", "status", "--json")
        doc = json.loads(r.stdout)
        assert doc["running"] is True and doc["pid"] == pid and doc["cameras"] == []
        r = cli("recorder", "stop")  # no terminal to confirm: nothing stopped
        assert r.returncode == ExitCode.CANCELLED, r
        assert RecorderClient(home).is_running()
        r = cli("--lang", "en", "recorder", "stop", "--yes")
        assert r.returncode == 0, r
        assert f"The recorder (pid {pid}) stopped" in r.stdout
        assert not RecorderClient(home).is_running()
    finally:
        import os
        import signal
        if RecorderClient(home).is_running():
            os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)  # it was started from this process
    with sqlite_db.read() as s:
        assert s.scalar(select(AuditEntry.action).where(
            AuditEntry.action == "recorder.stop")) == "recorder.stop"


def test_help_says_recording_continues(cli: Any) -> None:
    r = cli("recorder", "--help")
    assert r.returncode == 0 and "keeps recording after the" in " ".join(r.stdout.split())
