"""The recorder's single database writer.

Camera threads never touch the database: a slow or locked database (a backup, another
desk writing, PostgreSQL restarting) must not stall packet reading, or footage is lost
at the camera. They queue small operations here; one thread applies them in order, each
in its own short transaction, retrying while the database is unavailable.

Closing a segment is queued as "fsync the file, close it, fsync its directory, then
commit the row" so the index never claims bytes that are not on disk.

A database that refuses writes for good (read-only file, `chattr +i`, a PostgreSQL
standby, a full disk under the database) is not "unavailable for a moment": the queue
raises an alarm (`alarm`, shown in /status and by the GUI), keeps retrying in the
background while recording goes on, and at shutdown gives up at once — start-up recovery
indexes from the files what could not be written (orphan segments, open rows).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from controlroom.records.db import Database
from controlroom.timeutil import utcnow

log = logging.getLogger("controlroom.recorder.index")

Op = Callable[[Session], object]


@dataclass(frozen=True)
class DatabaseAlarm:
    """The database refuses the recorder's writes since `since` (UTC)."""

    since: datetime
    error: str


@dataclass
class _Item:
    label: str
    before: Callable[[], None] | None
    op: Op | None


class IndexQueue:
    def __init__(self, db: Database, max_retry_s: float = 30.0,
                 on_alarm: Callable[[DatabaseAlarm, bool], None] | None = None) -> None:
        self.db = db
        self.max_retry_s = max_retry_s
        self._q: queue.Queue[_Item | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="index-writer", daemon=True)
        self._stopping = False
        self._wake = threading.Event()
        self.applied = 0
        self.failed = 0
        self.alarm: DatabaseAlarm | None = None
        # Called on the writer thread: (alarm, True) when raised, (alarm, False) when the
        # database takes writes again.
        self.on_alarm = on_alarm

    def start(self) -> None:
        self._thread.start()

    def submit(self, label: str, op: Op | None, before: Callable[[], None] | None = None) -> None:
        self._q.put(_Item(label, before, op))

    def pending(self) -> int:
        return self._q.qsize()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until everything queued so far is applied (tests, shutdown)."""
        done = threading.Event()
        self.submit("barrier", None, done.set)
        return done.wait(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        self._stopping = True
        self._q.put(None)
        self._wake.set()
        self._thread.join(timeout)

    def raise_alarm(self, error: str) -> None:
        if self.alarm is not None:
            return
        self.alarm = DatabaseAlarm(utcnow(), error)
        log.error("DATABASE ALARM: the database refuses writes (%s); recording goes on, "
                  "the index is kept in memory and written when it can be (or rebuilt "
                  "from the files at the next start)", error)
        if self.on_alarm is not None:
            self.on_alarm(self.alarm, True)

    def _clear(self) -> None:
        alarm, self.alarm = self.alarm, None
        if alarm is None:
            return
        log.info("database alarm cleared: writes work again (refused since %s)",
                 alarm.since.isoformat(timespec="seconds"))
        if self.on_alarm is not None:
            self.on_alarm(alarm, False)

    def _run(self) -> None:
        while True:
            item = self._q.get()
            if item is None:
                return
            if item.before is not None:
                try:
                    item.before()
                except Exception:
                    log.exception("index: preparing %s failed", item.label)
            if item.op is not None:
                self._apply(item)

    def _apply(self, item: _Item) -> None:
        delay, deadline = 0.5, None
        while True:
            try:
                with self.db.session() as s:
                    assert item.op is not None
                    item.op(s)
                self.applied += 1
                self._clear()
                return
            except (OperationalError, DBAPIError) as e:
                why = _first_line(e)
                refused = refuses_writes(e)
                if refused:
                    self.raise_alarm(why)
                    # SQLite opened a read-only file read-only and stays so: only a new
                    # connection notices that the file was made writable again.
                    self.db.engine.dispose()
                elif not _transient(e):
                    self.failed += 1
                    log.error("index: %s refused by the database: %s", item.label, why)
                    return
                if self._stopping:
                    deadline = deadline or time.monotonic() + (0 if refused
                                                                else self.max_retry_s)
                    if time.monotonic() >= deadline:
                        self.failed += 1
                        log.error("index: gave up on %s at shutdown (recovery will redo it)",
                                  item.label)
                        return
                if not refused:
                    log.warning("index: database unavailable (%s); retrying", why)
                self._wake.wait(delay)
                delay = min(delay * 2, 10.0)
            except Exception:
                self.failed += 1
                log.exception("index: %s failed", item.label)
                return


def _first_line(e: BaseException) -> str:
    lines = str(getattr(e, "orig", e)).strip().splitlines()
    return lines[0][:200] if lines else type(e).__name__


_REFUSED = ("readonly", "read-only", "read only", "disk is full", "disk full",
            "disk i/o error", "no space left", "permission denied")


def refuses_writes(e: BaseException) -> bool:
    """The database will not take writes until someone acts (read-only file or mount,
    immutable file, a standby server, a full disk), as opposed to busy or restarting."""
    text = _first_line(e).lower()
    return any(w in text for w in _REFUSED) or type(
        getattr(e, "orig", e)).__name__ == "ReadOnlySqlTransaction"


def _transient(e: DBAPIError) -> bool:
    if isinstance(e, OperationalError):
        return True
    return bool(getattr(e, "connection_invalidated", False))


def durable_close(fd: int, path: Path) -> None:
    """fsync the file, close it, fsync its directory (and the day directory's parent,
    which may be new too)."""
    try:
        os.fsync(fd)
    except OSError as e:
        log.error("fsync %s failed: %s", path.name, e.strerror)
    finally:
        os.close(fd)
    from controlroom.video.segmenter import fsync_dir

    fsync_dir(path.parent)
    fsync_dir(path.parent.parent)
