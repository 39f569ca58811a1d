"""Demo hook: start this demo home's recorder once the demo cameras are registered, and
stop it when the demo closes (a throw-away home must not leave a recorder behind)."""

from __future__ import annotations

from collections.abc import Callable

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.video.control import ensure_recorder_running, stop_recorder


def seed(db: Database, home: DataHome) -> Callable[[], bool]:
    ensure_recorder_running(home, wait_s=30.0)
    return lambda: stop_recorder(home)
