"""The recorder's single database writer.

Camera threads never touch the database: a slow or locked database (a backup, another
desk writing, PostgreSQL restarting) must not stall packet reading, or footage is lost
at the camera. They queue small operations here; one thread applies them in order, each
in its own short transaction, retrying while the database is unavailable.

Closing a segment is queued as "fsync the file, close it, fsync its directory, then
commit the row" so the index never claims bytes that are not on disk.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from controlroom.records.db import Database

log = logging.getLogger("controlroom.recorder.index")

Op = Callable[[Session], object]


@dataclass
class _Item:
    label: str
    before: Callable[[], None] | None
    op: Op | None


class IndexQueue:
    def __init__(self, db: Database, max_retry_s: float = 30.0) -> None:
        self.db = db
        self.max_retry_s = max_retry_s
        self._q: queue.Queue[_Item | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="index-writer", daemon=True)
        self._stopping = False
        self.applied = 0
        self.failed = 0

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
        self._thread.join(timeout)

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
                return
            except (OperationalError, DBAPIError) as e:
                if not _transient(e):
                    self.failed += 1
                    log.error("index: %s refused by the database: %s", item.label,
                              str(getattr(e, "orig", e)).splitlines()[0][:200])
                    return
                if self._stopping:
                    deadline = deadline or time.monotonic() + self.max_retry_s
                    if time.monotonic() > deadline:
                        self.failed += 1
                        log.error("index: gave up on %s at shutdown (recovery will redo it)",
                                  item.label)
                        return
                log.warning("index: database unavailable (%s); retrying",
                            str(getattr(e, "orig", e)).splitlines()[0][:200])
                time.sleep(delay)
                delay = min(delay * 2, 10.0)
            except Exception:
                self.failed += 1
                log.exception("index: %s failed", item.label)
                return


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
