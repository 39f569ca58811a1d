"""The recorder process: `controlroom record`.

Runs headless, one per data home (an OS lock in run/). At start-up it recovers the index
from the disk (controlroom.video.recovery), then runs:
- one thread per camera main stream (recorded and relayed), and one per sub stream,
  connected only while a viewer wants it (grid tiles) plus a short linger — so a camera
  sees at most one connection per stream, and no sub connection nobody watches;
- one index-writer thread (the only database writer for segment/gap/health rows);
- one retention thread;
- the control/relay HTTP server on 127.0.0.1.

A GUI crash never stops it; SIGTERM/SIGINT stop it cleanly (segments closed and indexed,
an open "recorder_stopped" gap per camera).

A database that refuses writes does not stop recording: the index writer raises the
database alarm (/status `database`, `alarms`; the GUI's status bar), a marker in run/
keeps it across a restart, and once writes work again it is audited
(`recording.database_alarm`) with a health event per camera; stopping never waits for
such a database, and start-up recovery indexes the footage from the files.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import logging
import logging.handlers
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

import av
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from controlroom.oserror import describe
from controlroom.paths import DataHome
from controlroom.records import audit, segment_index, settings
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.timeutil import utcnow
from controlroom.video import recovery
from controlroom.video.control import ControlServer, RecorderLock, read_runfile, write_runfile
from controlroom.video.health import StreamStatus
from controlroom.video.index_queue import DatabaseAlarm, IndexQueue, refuses_writes
from controlroom.video.native_worker import engine, make_worker
from controlroom.video.relay import RelayHub
from controlroom.video.retention import Retention, RetentionThread
from controlroom.video.source import Source, camera_sources
from controlroom.video.urls import redact
from controlroom.video.worker import RecorderContext, StreamWorker

M_ARENA_MAX = -8  # mallopt() parameter numbers in glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024

log = logging.getLogger("controlroom.recorder")

HEARTBEAT_S = 5.0
CAMERA_REFRESH_S = 15.0
DB_ALARM_FILE = "database-alarm.json"  # in run/: the alarm outlives a restart


@dataclass
class RecorderOptions:
    segment_seconds: float | None = None  # None: the `segment_seconds` setting
    max_backoff_s: float = 30.0
    auth_retry_s: float = 300.0
    retention_interval_s: float = 60.0


class _RedactFilter(logging.Filter):
    """Last line of defence: no log line leaves the process with a credential in it."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = redact(msg, *self.recorder.hidden_secrets())
        if clean != msg:
            record.msg, record.args = clean, None
        return True


class Recorder:
    def __init__(self, home: DataHome, db: Database,
                 options: RecorderOptions | None = None) -> None:
        self.home = home.ensure()
        self.db = db
        self.opts = options or RecorderOptions()
        self.stop_event = threading.Event()
        self.lock = RecorderLock(home)
        self.index = IndexQueue(db, on_alarm=self._database_alarm)
        self.retention = Retention(db, home.recordings)
        self.retention_thread = RetentionThread(self.retention, self.stop_event,
                                                self.opts.retention_interval_s)
        self.hubs: dict[tuple[int, str], RelayHub] = {}
        self.workers: dict[tuple[int, str], StreamWorker] = {}
        self.statuses: dict[tuple[int, str], StreamStatus] = {}
        self.sources: dict[int, dict[str, Source]] = {}
        self.server: ControlServer | None = None
        self.started = utcnow()
        self._hidden: tuple[str, ...] = ()
        self._log_handlers: list[logging.Handler] = []
        self.ctx: RecorderContext | None = None

    # -- public --------------------------------------------------------------------------
    def run(self) -> None:
        """Block until stop() or a signal."""
        tune_malloc()
        self.lock.acquire()
        try:
            self._setup_logging()
            self._install_signals()
            self._start()
            # What start-up loaded (SQLAlchemy, PyAV, the models: ~75 000 objects) lives
            # as long as the process; the cyclic GC need not walk it again and again.
            gc.freeze()
            last_refresh = time.monotonic()
            while not self.stop_event.wait(HEARTBEAT_S):
                write_runfile(self.home, self.server.port if self.server else 0)
                if self.index.alarm is not None:  # its mtime dates the end of the alarm
                    with contextlib.suppress(OSError):
                        (self.home.run / DB_ALARM_FILE).touch()
                if time.monotonic() - last_refresh > CAMERA_REFRESH_S:
                    last_refresh = time.monotonic()
                    try:
                        self._refresh_cameras()
                    except Exception:
                        log.exception("reading the camera list failed")
        finally:
            self._shutdown()
            self.lock.release()
            self._teardown_logging()

    def stop(self) -> None:
        self.stop_event.set()

    def hidden_secrets(self) -> tuple[str, ...]:
        return self._hidden

    def status(self) -> dict[str, Any]:
        with contextlib.suppress(OSError):  # free space as of now, not the last pass
            self.retention.space_ok()
        d = self.retention.disk
        dba = self.index.alarm
        return {
            "pid": os.getpid(),
            "started_utc": self.started.isoformat(),
            "cameras": [self._stream_status(k, st) for k, st in sorted(self.statuses.items())],
            "disk": {"free_bytes": d.free_bytes, "total_bytes": d.total_bytes,
                     "free_percent": round(d.free_percent, 2), "alarm": d.alarm,
                     "alarm_reason": d.alarm_reason},
            "database": {"writable": dba is None,
                         "since": dba.since.isoformat() if dba else None,
                         "error": dba.error if dba else ""},
            "alarms": self.alarms(),
            "index_pending": self.index.pending(),
            "engine": engine(),
        }

    def alarms(self) -> list[dict[str, str]]:
        """What the desk must see now, each in both languages (GUI status bar, CLI)."""
        out = []
        if self.index.alarm is not None:
            out.append({"kind": "database",
                        "vi": "Không ghi được cơ sở dữ liệu: vẫn ghi hình nhưng chưa lập "
                              "chỉ mục. Báo quản trị viên ngay.",
                        "en": "The database refuses writes: recording goes on but is not "
                              "indexed. Tell the administrator now."})
        out += self.retention.alarms()
        return out

    def _stream_status(self, key: tuple[int, str], st: StreamStatus) -> dict[str, Any]:
        d = st.as_dict()
        hub = self.hubs.get(key)
        d["viewers"] = hub.viewer_count if hub is not None else 0
        return d

    def hub_for(self, camera_id: int, stream: str) -> RelayHub | None:
        hub = self.hubs.get((camera_id, stream))
        if hub is None and stream == "sub":  # no sub stream configured: relay main
            hub = self.hubs.get((camera_id, "main"))
        return hub

    # -- start / stop --------------------------------------------------------------------
    def _setup_logging(self) -> None:
        logger = logging.getLogger("controlroom")
        logger.setLevel(logging.INFO)
        fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        fh = logging.handlers.RotatingFileHandler(self.home.logs / "recorder.log",
                                                  maxBytes=5_000_000, backupCount=5,
                                                  encoding="utf-8")
        sh = logging.StreamHandler()
        for h in (fh, sh):
            h.setFormatter(fmt)
            h.addFilter(_RedactFilter(self))
            logger.addHandler(h)
            self._log_handlers.append(h)
        # FFmpeg's own log stays unhooked. PyAV's log callback takes the GIL for every
        # av_log call, trace messages included, from inside av_read_frame: with 16 cameras
        # that GIL traffic cost ~0.15 × ffmpeg's whole CPU (measured, futex-bound).
        # Failures still arrive with their cause: PyAV raises typed errors carrying
        # FFmpeg's message (HTTPUnauthorizedError "401 Unauthorized", ECONNREFUSED, ...).
        av.logging.set_level(None)

    def _teardown_logging(self) -> None:
        for h in self._log_handlers:
            logging.getLogger("controlroom").removeHandler(h)
            h.close()
        self._log_handlers = []

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop_event.set())

    def _segment_seconds(self) -> float:
        if self.opts.segment_seconds:
            return float(self.opts.segment_seconds)
        with self.db.read() as s:
            return float(settings.get(s, "segment_seconds"))

    def _start(self) -> None:
        prev = read_runfile(self.home)
        last_alive = None
        if prev and prev.get("alive_utc"):
            from datetime import datetime

            try:
                last_alive = datetime.fromisoformat(str(prev["alive_utc"]))
            except ValueError:
                last_alive = None
        try:
            rep = recovery.recover(self.db, self.home.recordings, last_alive)
            log.info("recorder starting (pid %d); recovery: %d open segments finished, %d "
                     "orphans indexed, %d missing", os.getpid(), len(rep.finished),
                     len(rep.orphans), len(rep.missing))
            self._audit_previous_database_alarm()
        except DBAPIError as e:
            if not refuses_writes(e):
                raise
            # Record anyway; the next start with a writable database recovers.
            self.index.raise_alarm(str(getattr(e, "orig", e)).strip().splitlines()[0][:200])
        self.index.start()
        self.ctx = RecorderContext(
            recordings=self.home.recordings, index=self.index, stop=self.stop_event,
            segment_seconds=self._segment_seconds(), max_backoff_s=self.opts.max_backoff_s,
            auth_retry_s=self.opts.auth_retry_s, disk_ok=self.retention.space_ok,
            on_disk_full=self.retention_thread.poke)
        with contextlib.suppress(OSError):
            self.retention.space_ok()
        self.retention_thread.start()
        self.server = ControlServer(self.status, self.hub_for, self.stop_event)
        threading.Thread(target=self.server.serve_forever, name="control", daemon=True).start()
        self._refresh_cameras()
        write_runfile(self.home, self.server.port)
        log.info("control channel on 127.0.0.1:%d", self.server.port)
        # anchor the audit log off the recording path: a keyring may be slow or ask to unlock
        threading.Thread(target=self._checkpoint_in_child, name="audit-checkpoint",
                         daemon=True).start()

    def _checkpoint_in_child(self) -> None:
        """The recorder-start audit checkpoint, signed by a short-lived child process:
        signing loads `cryptography` and the keyring, ~10 MB that would otherwise stay
        resident for the months this process runs (docs/benchmarks.md). Its log lines
        come back into this process's log."""
        env = {**os.environ, "CONTROLROOM_HOME": str(self.home.root),
               "CONTROLROOM_DB_URL": self.db.url}
        try:
            done = subprocess.run(
                [sys.executable, "-m", "controlroom.video.recorder", "--audit-checkpoint",
                 "recorder start"], env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        except OSError as e:
            log.warning("audit checkpoint (recorder start) not started: %s", describe(e).en)
            return
        for line in done.stderr.decode(errors="replace").splitlines():
            level, _, msg = line.rstrip().partition(" ")
            if msg:
                log.log(logging.INFO if level == "INFO" else logging.WARNING,
                        "audit checkpoint: %s", msg)
        if done.returncode:
            log.warning("audit checkpoint (recorder start) ended with code %d",
                        done.returncode)

    def _shutdown(self) -> None:
        self.stop_event.set()
        for w in list(self.workers.values()):
            w.wake()
        for w in list(self.workers.values()):
            w.join(15)
        recorded = [cid for (cid, stream) in self.workers if stream == "main"]
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.ctx is not None:
            at = utcnow()
            self.index.submit("shutdown gaps",
                              lambda s: recovery.close_on_shutdown(s, recorded, at))

            def stopped_events(s: Any) -> None:
                for cid in recorded:
                    segment_index.health_event(s, cid, "offline", at, "recorder stopped")

            self.index.submit("health stopped", stopped_events)
            self.index.stop()
            if self.index.alarm is not None:
                with contextlib.suppress(OSError):
                    (self.home.run / DB_ALARM_FILE).touch()
        with contextlib.suppress(OSError):
            (self.home.run / "recorder.json").unlink()
        log.info("recorder stopped")

    # -- cameras -------------------------------------------------------------------------
    def _refresh_cameras(self) -> None:
        assert self.ctx is not None
        wanted: dict[tuple[int, str], Source] = {}
        hidden: set[str] = set(self._hidden)
        with self.db.read() as s:
            for cam in s.scalars(select(Camera).where(Camera.enabled.is_(True))):
                try:
                    srcs = camera_sources(cam, self.home)
                except Exception as e:  # keyring unavailable: say so, keep the others
                    log.error("camera %s: cannot read its credentials: %s", cam.code, e)
                    continue
                self.sources[cam.id] = srcs
                for stream, src in srcs.items():
                    wanted[(cam.id, stream)] = src
                    hidden.update(src.hidden)
        self._hidden = tuple(sorted(hidden))
        for key, w in list(self.workers.items()):
            if key not in wanted or wanted[key].url != w.source.url:
                log.info("camera %s/%s removed or changed; stopping its stream",
                         w.source.camera_code, w.source.stream)
                w.quit.set()
                w.wake()
                w.join(15)
                del self.workers[key]
                if key not in wanted:
                    self.statuses.pop(key, None)
        for key, src in wanted.items():
            if key in self.workers:
                continue
            cam_id, stream = key
            hub = self.hubs.setdefault(key, RelayHub(cam_id, stream))
            record = stream == "main"
            status = StreamStatus(cam_id, src.camera_name, stream, record)
            if record:
                status._on_change = self._health_changed
            self.statuses[key] = status
            w = make_worker(self.ctx, src, status, hub, record=record,
                            on_demand=not record)
            self.workers[key] = w
            w.start()

    # -- database alarm ------------------------------------------------------------------
    def _database_alarm(self, alarm: DatabaseAlarm, raised: bool) -> None:
        """Index writer thread: the alarm was raised or cleared."""
        marker = self.home.run / DB_ALARM_FILE
        if raised:
            with contextlib.suppress(OSError):
                marker.write_text(json.dumps({"since": alarm.since.isoformat(),
                                              "error": alarm.error}))
            return
        until = utcnow()
        states = {k[0]: st.state for k, st in self.statuses.items() if st.record}

        def record(s: Any) -> None:
            _audit_database_alarm(s, alarm.since, until, alarm.error)
            for cam, state in states.items():
                segment_index.health_event(
                    s, cam, state if state in segment_index.HEALTH_STATES else "offline",
                    until, f"database refused writes from {alarm.since.isoformat()}; "
                           "recording went on, index written now")

        self.index.submit("database alarm over", record,
                          before=lambda: marker.unlink(missing_ok=True))

    def _audit_previous_database_alarm(self) -> None:
        """A previous run ended while the database refused writes: say so now."""
        from datetime import UTC, datetime

        marker = self.home.run / DB_ALARM_FILE
        try:
            doc = json.loads(marker.read_text())
            since = datetime.fromisoformat(str(doc["since"]))
            until = datetime.fromtimestamp(marker.stat().st_mtime, UTC)
        except (OSError, ValueError, KeyError, TypeError):
            return
        with self.db.session() as s:
            _audit_database_alarm(s, since, max(until, since), str(doc.get("error", "")),
                                  restarted=True)
        marker.unlink(missing_ok=True)

    def _health_changed(self, st: StreamStatus, state: str, detail: str) -> None:
        at, cam = utcnow(), st.camera_id
        self.index.submit(f"health {state}",
                          lambda s: segment_index.health_event(s, cam, state, at, detail)
                         )


def _audit_database_alarm(s: Any, since: Any, until: Any, error: str, **extra: object) -> None:
    audit.record(s, "recorder", "recording.database_alarm", "database", "",
                 since=since.isoformat(), until=until.isoformat(), error=error,
                 note="recording went on; footage indexed from the files", **extra)


def tune_malloc(arenas: int = 2, mmap_threshold: int = MMAP_THRESHOLD) -> None:
    """Keep the recorder's resident memory flat over months of running.

    - Arenas: glibc gives threads that allocate concurrently their own malloc arena, up
      to 8 per core, and memory freed in an arena stays mapped there. With a thread per
      camera stream that is a dozen arenas each holding its own freed packet buffers.
      Two arenas cost no speed (native loop, 16 cameras: 2 arenas 1.19 x ffmpeg's CPU,
      8 arenas 1.18 x).
    - mmap threshold: glibc raises its threshold for serving a block with mmap() to the
      size of any mmapped block that is freed, up to 32 MiB. FFmpeg frees multi-MiB
      picture buffers after probing each stream at connect, so afterwards every muxer
      fragment buffer (~0.5 MiB at 2 Mbit/s) came from the arenas and stayed there:
      16 cameras, 148 MB → 114 MB with the threshold fixed at 128 KiB (measured,
      `bench/recorder_bench.py`). It has a CPU price: each fragment buffer is then
      mmapped and unmapped (native loop: 1.18 x ffmpeg at 133 MB vs 1.07 x at 177 MB
      with glibc's default; docs/benchmarks.md).

    Must run before the camera threads start; a no-op outside glibc."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(ctypes.c_int(M_ARENA_MAX), ctypes.c_int(arenas))
        libc.mallopt(ctypes.c_int(M_MMAP_THRESHOLD), ctypes.c_int(mmap_threshold))
    except (OSError, AttributeError):
        pass  # not glibc (musl has no arenas to cap)


def main(argv: list[str] | None = None) -> int:
    """Lean entry point (`python -m controlroom.video.recorder`) used when the GUI starts
    the recorder: it does not import the whole CLI (GUI, PDF, export modules), which
    keeps the resident memory of a process that runs for months small. Same options
    and behaviour as `controlroom record`."""
    import argparse

    from controlroom.errors import UserError
    from controlroom.paths import data_home
    from controlroom.records.db import open_database

    ap = argparse.ArgumentParser(prog="controlroom record")
    ap.add_argument("--segment-seconds", type=float, default=None)
    ap.add_argument("--max-backoff-seconds", type=float, default=30.0)
    ap.add_argument("--auth-retry-seconds", type=float, default=300.0)
    ap.add_argument("--retention-interval-seconds", type=float, default=60.0)
    ap.add_argument("--audit-checkpoint", metavar="REASON", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.audit_checkpoint:  # the recorder's own child (Recorder._checkpoint_in_child)
        return _audit_checkpoint(args.audit_checkpoint)
    try:
        db = open_database()
        db.require_current()
        Recorder(data_home(), db, RecorderOptions(
            segment_seconds=args.segment_seconds, max_backoff_s=args.max_backoff_seconds,
            auth_retry_s=args.auth_retry_seconds,
            retention_interval_s=args.retention_interval_seconds)).run()
    except UserError as e:
        print(f"controlroom: {e}", file=sys.stderr)
        return e.exit_code
    return 0


def _audit_checkpoint(reason: str) -> int:
    """Sign one audit checkpoint (`audit_anchor.try_checkpoint`: never raises, never
    creates a key); log lines go to stderr, which the recorder logs."""
    from controlroom.paths import data_home
    from controlroom.records import audit_anchor
    from controlroom.records.db import open_database

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        db = open_database()
    except Exception as e:  # the recorder records on; its own checks report the database
        log.warning("database not open: %s", e)
        return 1
    try:
        audit_anchor.try_checkpoint(db, data_home(), reason)
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
