"""ensure_recorder_running: the GUI starts a detached recorder when none runs."""

from __future__ import annotations

import os
import signal

import pytest

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.video.control import RecorderClient, ensure_recorder_running, read_runfile
from tests.video.recording_support import wait_for


@pytest.mark.slow
def test_ensure_recorder_running_spawns_once(sqlite_db: Database, home: DataHome) -> None:
    client = ensure_recorder_running(home)
    doc = read_runfile(home)
    assert doc is not None
    pid = int(doc["pid"])
    try:
        assert client.is_running()
        # Already running: no second process.
        ensure_recorder_running(home)
        assert read_runfile(home)["pid"] == pid  # type: ignore[index]
        assert os.getsid(pid) != os.getsid(0)  # detached from our session
        st = client.status()
        assert st is not None and st["pid"] == pid and st["cameras"] == []
    finally:
        os.kill(pid, signal.SIGTERM)
    wait_for(lambda: read_runfile(home) is None, 30, "run file removed at clean stop")
    assert not RecorderClient(home).is_running()
