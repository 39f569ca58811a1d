"""Control channel between the recorder process and the GUI (and the lock that keeps a
data home to one recorder).

The recorder serves HTTP on 127.0.0.1 only, on a free port written with its pid to
`run/recorder.json`:
- `GET /status` → JSON: every camera stream's state, last error (credentials redacted),
  last packet time, recording flag, viewers; the disk state and alarm;
- `GET /live/<camera id>/<main|sub>.ts` → MPEG-TS of that stream, from a keyframe.

`RecorderClient(home)` is what the GUI uses; `ensure_recorder_running(home)` starts a
detached `controlroom record` when none runs (the GUI calls it at start-up: recording
must not depend on the GUI staying open).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from controlroom.errors import ExitCode, UserError
from controlroom.paths import DataHome
from controlroom.timeutil import utcnow
from controlroom.video.relay import RelayHub, serve_ts

RUNFILE = "recorder.json"
LOCKFILE = "recorder.lock"
_LIVE = re.compile(r"^/live/(\d+)/(main|sub)\.ts$")


class RecorderAlreadyRunning(UserError):
    exit_code = ExitCode.RECORDER_ALREADY_RUNNING


# --- the lock ---------------------------------------------------------------------------

class RecorderLock:
    """An OS file lock in run/: released by the kernel when the process dies, so a stale
    file after kill -9 never blocks a restart."""

    def __init__(self, home: DataHome) -> None:
        self.path = home.run / LOCKFILE
        self._f: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.path, "a+")  # noqa: SIM115 - held for the process lifetime
        try:
            _lock_file(f)
        except OSError:
            f.close()
            pid = _runfile_pid(self.path.parent / RUNFILE)
            raise RecorderAlreadyRunning(
                "Trình ghi hình đã chạy cho thư mục dữ liệu này{p}. Mỗi thư mục dữ liệu chỉ "
                "có một trình ghi hình.",
                "A recorder is already running for this data home{p}. Only one recorder "
                "may run per data home.",
                p=f" (pid {pid})" if pid else "",
            ) from None
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        self._f = f

    def release(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


def _lock_file(f: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _runfile_pid(path: Path) -> int | None:
    try:
        return int(json.loads(path.read_text()).get("pid"))
    except (OSError, ValueError, TypeError):
        return None


def write_runfile(home: DataHome, port: int) -> None:
    """Atomically (re)write run/recorder.json; `alive_utc` doubles as a heartbeat that
    start-up recovery uses to date a crash."""
    doc = {"pid": os.getpid(), "port": port, "host": "127.0.0.1",
           "alive_utc": utcnow().isoformat()}
    tmp = home.run / (RUNFILE + ".tmp")
    tmp.write_text(json.dumps(doc))
    os.replace(tmp, home.run / RUNFILE)


def read_runfile(home: DataHome) -> dict[str, Any] | None:
    try:
        doc = json.loads((home.run / RUNFILE).read_text())
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


# --- the server -------------------------------------------------------------------------

class ControlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, status: Callable[[], dict[str, Any]],
                 hub_for: Callable[[int, str], RelayHub | None], stop: threading.Event) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status_fn = status
        self.hub_for = hub_for
        self.stop_event = stop

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: ControlServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return  # access logs would only add noise

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.client_address[0] not in ("127.0.0.1", "::1"):
            self.send_error(403)
            return
        path = self.path.split("?", 1)[0]
        if path == "/status":
            body = json.dumps(self.server.status_fn(), ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        m = _LIVE.match(path)
        if m:
            hub = self.server.hub_for(int(m[1]), m[2])
            if hub is None:
                self.send_error(404, "no such camera stream")
                return
            self.send_response(200)
            self.send_header("Content-Type", "video/mp2t")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            serve_ts(hub, self.wfile, self.server.stop_event)  # type: ignore[arg-type]
            return
        self.send_error(404)


# --- the client -------------------------------------------------------------------------

class RecorderNotRunning(UserError):
    exit_code = ExitCode.RECORDER_NOT_RUNNING


class RecorderClient:
    """The GUI's view of the recorder. Every call is quick and never raises for a
    recorder that is simply not running (is_running() is False, status() is None)."""

    def __init__(self, home: DataHome, timeout: float = 2.0) -> None:
        self.home = home
        self.timeout = timeout

    def _base(self) -> str | None:
        doc = read_runfile(self.home)
        if not doc or not doc.get("port"):
            return None
        return f"http://127.0.0.1:{int(doc['port'])}"

    def status(self) -> dict[str, Any] | None:
        base = self._base()
        if base is None:
            return None
        try:
            with urllib.request.urlopen(base + "/status", timeout=self.timeout) as r:
                doc = json.loads(r.read().decode())
                return doc if isinstance(doc, dict) else None
        except (OSError, ValueError, urllib.error.URLError):
            return None

    def is_running(self) -> bool:
        return self.status() is not None

    def live_url(self, camera_id: int, stream: str = "sub") -> str:
        """The URL a player opens for a live tile (sub) or a maximised tile (main)."""
        if stream not in ("main", "sub"):
            raise ValueError(stream)
        base = self._base()
        if base is None:
            raise RecorderNotRunning("Trình ghi hình chưa chạy.", "The recorder is not running.")
        return f"{base}/live/{int(camera_id)}/{stream}.ts"

    def camera_status(self, camera_id: int, stream: str = "main") -> dict[str, Any] | None:
        st = self.status()
        if not st:
            return None
        for cam in st.get("cameras", []):
            if cam.get("camera_id") == camera_id and cam.get("stream") == stream:
                return dict(cam)
        return None


def ensure_recorder_running(home: DataHome, wait_s: float = 15.0) -> RecorderClient:
    """Start `controlroom record` detached (own session, output to logs/) unless one runs,
    and wait until it answers. The environment (CONTROLROOM_HOME, DB URL) is inherited;
    no secret is ever put on its command line."""
    client = RecorderClient(home)
    if client.is_running():
        return client
    home.ensure()
    log_path = home.logs / "recorder.out"
    env = {**os.environ, "CONTROLROOM_HOME": str(home.root)}
    kwargs: dict[str, Any] = {}
    if sys.platform == "win32":
        kwargs["creationflags"] = (subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
                                   | subprocess.CREATE_NEW_PROCESS_GROUP)  # type: ignore[attr-defined]
    else:
        kwargs["start_new_session"] = True
    with open(log_path, "ab") as out:
        subprocess.Popen([sys.executable, "-m", "controlroom.video.recorder"],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env,
                         close_fds=True, **kwargs)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if client.is_running():
            return client
        time.sleep(0.2)
    raise RecorderNotRunning(
        "Không khởi động được trình ghi hình; xem {p}.",
        "The recorder did not start; see {p}.", p=log_path)


def stop_recorder(home: DataHome, wait_s: float = 20.0) -> bool:
    """Ask this data home's recorder to stop (SIGTERM: it closes and indexes the open
    segments first) and wait for it. True when no recorder runs afterwards."""
    doc = read_runfile(home) or {}
    pid = doc.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)  # reap it when we are its parent
        if _exited(pid):  # a zombie: finished, its parent (e.g. the desk) reaps it later
            return True
        time.sleep(0.2)
    return False


def _exited(pid: int) -> bool:
    """True when `pid` has finished but is not yet reaped (Linux /proc; elsewhere False)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
