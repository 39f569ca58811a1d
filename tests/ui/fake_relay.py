"""A stand-in for the recorder's live relay, for grid tests and the benchmark.

It serves `GET /live/<camera id>/<main|sub>.ts` exactly like the relay (MPEG-TS from a
keyframe, endless) by running `ffmpeg -re -stream_loop -1 -c copy` over a short clip
with the camera's name burnt in, and `GET /status` as JSON. `set_offline(id, True)`
drops the camera's connections and refuses new ones, like a camera losing power.
"""

from __future__ import annotations

import json
import subprocess
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from controlroom.timeutil import utcnow
from controlroom.ui.tile import CameraStatus

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIZES = {"sub": (320, 240), "main": (640, 360)}


def make_clip(path: Path, label: str, stream: str, seconds: int = 6) -> Path:
    """An H.264 MPEG-TS clip of moving test pattern with `label` and the time burnt in."""
    if path.exists():
        return path
    w, h = SIZES[stream]
    text = label.replace(":", r"\:").replace("'", "")
    vf = (f"drawtext=fontfile={FONT}:text='{text} {stream}':fontsize={h // 10}:"
          f"fontcolor=white:box=1:boxcolor=black:x=8:y=8,"
          f"drawtext=fontfile={FONT}:text='%{{pts\\:hms}}':fontsize={h // 10}:"
          f"fontcolor=yellow:box=1:boxcolor=black:x=8:y={h // 2}")
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={w}x{h}:rate=25", "-t", str(seconds), "-vf", vf,
                    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                    "-g", "25", "-pix_fmt", "yuv420p", "-f", "mpegts", str(path)],
                   check=True, timeout=60)
    return path


class FakeRelay:
    """Context manager; cameras are ids 1..n unless given."""

    def __init__(self, clip_dir: Path, camera_ids: list[int], recording: bool = True) -> None:
        self.clip_dir = clip_dir
        self.camera_ids = camera_ids
        self.offline: dict[int, datetime] = {}
        self.auth_failed: set[int] = set()
        self.recording = recording
        self.requests: list[str] = []
        self._procs: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        clip_dir.mkdir(parents=True, exist_ok=True)
        self.clips = {(cid, s): make_clip(clip_dir / f"cam{cid}-{s}.ts", f"CAM {cid}", s)
                      for cid in camera_ids for s in ("sub", "main")}
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                relay._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeRelay:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        with self._lock:
            procs = list(self._procs)
        for p in procs:
            p.kill()
        self.server.server_close()

    # --- the LiveSource side ------------------------------------------------------------

    def live_url(self, camera_id: int, stream: str) -> str:
        return f"http://127.0.0.1:{self.port}/live/{camera_id}/{stream}.ts"

    def status(self) -> dict[int, CameraStatus]:
        out = {}
        for cid in self.camera_ids:
            if cid in self.auth_failed:
                out[cid] = CameraStatus("auth_failed", None)
            elif cid in self.offline:
                out[cid] = CameraStatus("offline", self.offline[cid])
            else:
                out[cid] = CameraStatus("recording" if self.recording else "online", None,
                                        self.recording)
        return out

    def set_offline(self, camera_id: int, offline: bool) -> None:
        if offline:
            self.offline.setdefault(camera_id, utcnow())
        else:
            self.offline.pop(camera_id, None)

    # --- HTTP -----------------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        self.requests.append(h.path)
        if h.path == "/status":
            doc = {str(k): {"state": v.state, "since": v.since.isoformat() if v.since else None,
                            "recording": v.recording} for k, v in self.status().items()}
            body = json.dumps({"cameras": doc}).encode()
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return
        parts = h.path.strip("/").split("/")
        try:
            cid, stream = int(parts[1]), parts[2].removesuffix(".ts")
            clip = self.clips[(cid, stream)]
        except (IndexError, ValueError, KeyError):
            h.send_error(404)
            return
        if cid in self.offline or cid in self.auth_failed:
            h.send_error(503)
            return
        h.send_response(200)
        h.send_header("Content-Type", "video/mp2t")
        h.end_headers()
        proc = subprocess.Popen(["ffmpeg", "-loglevel", "quiet", "-re", "-stream_loop", "-1",
                                 "-i", str(clip), "-c", "copy", "-f", "mpegts", "-"],
                                stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        with self._lock:
            self._procs.add(proc)
        try:
            assert proc.stdout is not None
            while cid not in self.offline:
                chunk = proc.stdout.read1(65536)
                if not chunk:
                    break
                h.wfile.write(chunk)
        except OSError:
            pass
        finally:
            proc.kill()
            proc.wait()
            with self._lock:
                self._procs.discard(proc)
