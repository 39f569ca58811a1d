"""Helpers for recorder tests: cameras in the database pointing at the simulator, a real
`controlroom record` process, and polling for what it writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import av

from controlroom import secrets
from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.models import Camera, Segment
from controlroom.video.simulator import Simulator

T = TypeVar("T")


def add_camera(db: Database, home: DataHome, sim: Simulator, i: int,
               password: str | None = None, code: str | None = None) -> int:
    """A camera row for simulator camera i; credentials (if any) only in the keyring."""
    uid = str(uuid.uuid4())
    creds = None
    if sim.auth:
        user = sim.username
        creds = (user, password if password is not None else sim.password)
        secrets.store(uid, json.dumps({"username": creds[0], "password": creds[1]}), home)
    with db.session() as s:
        cam = Camera(uid=uid, name=f"Camera {i} – Chợ", code=code or f"CAM{i:02d}",
                     main_url=sim.url(i, "main"), sub_url=sim.url(i, "sub"),
                     has_credentials=creds is not None)
        s.add(cam)
        s.flush()
        return cam.id


class RecorderProcess:
    def __init__(self, home: DataHome, *extra: str, segment_seconds: float = 4) -> None:
        self.home = home
        self.log = home.logs / f"recorder-test-{uuid.uuid4().hex[:6]}.out"
        self.args = [sys.executable, "-m", "controlroom", "record", "--segment-seconds",
                     str(segment_seconds), "--max-backoff-seconds", "2", *extra]
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> RecorderProcess:
        out = open(self.log, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(self.args, stdout=out, stderr=out,
                                     env={**os.environ, "CONTROLROOM_HOME": str(self.home.root)})
        out.close()
        wait_for(self._ready, 30, "recorder.json", self)
        return self

    def _ready(self) -> bool:
        try:
            doc = json.loads((self.home.run / "recorder.json").read_text())
        except (OSError, ValueError):
            return False
        return bool(doc.get("pid") == self.pid and doc.get("port"))

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def port(self) -> int:
        return int(json.loads((self.home.run / "recorder.json").read_text())["port"])

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def __enter__(self) -> RecorderProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_for(fn: Callable[[], T | None], timeout: float, what: str,
             rec: RecorderProcess | None = None) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        if rec is not None and rec.proc is not None and rec.proc.poll() is not None:
            raise AssertionError(f"recorder exited ({rec.proc.returncode}) waiting for "
                                 f"{what}:\n{rec.output()[-3000:]}")
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}"
                         + (f"\n{rec.output()[-3000:]}" if rec else ""))


def segments(db: Database, camera_id: int, states: tuple[str, ...] = ("closed",)
             ) -> list[dict[str, Any]]:
    with db.read() as s:
        rows = s.query(Segment).filter(Segment.camera_id == camera_id,
                                       Segment.state.in_(states)).order_by(Segment.start_utc)
        return [{"path": r.path, "start": r.start_utc, "end": r.end_utc, "bytes": r.bytes,
                 "sha256": r.sha256, "state": r.state, "duration": r.duration_s,
                 "codec": r.codec, "width": r.width} for r in rows]


def decoded_frames(path: Path) -> int:
    with av.open(str(path)) as c:
        return sum(1 for _ in c.decode(video=0))


def record_with_segmenter(url: str, root: Path, relpath: str, seconds: float,
                          kill_at: float | None = None) -> Any:
    """Write one segment straight from an RTSP URL with SegmentWriter (no recorder).
    With kill_at, stop writing after that many seconds WITHOUT closing the muxer (what
    a crash leaves behind) and return None."""
    from controlroom.video.clock import PacketClock
    from controlroom.video.segmenter import SegmentWriter

    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=10) as inp:
        vs = inp.streams.video[0]
        clock = PacketClock(vs.time_base)
        seg = None
        t0 = time.monotonic()
        for p in inp.demux(vs):
            acc = clock.accept(p.dts)
            if acc is None:
                continue
            if seg is None:
                if not p.is_keyframe:
                    continue
                seg = SegmentWriter(root, relpath, vs, acc[0])
            seg.write(p, acc[0], 1 / 15)
            elapsed = time.monotonic() - t0
            if kill_at is not None and elapsed >= kill_at:
                os.close(seg.writer.detach())
                return None
            if elapsed >= seconds:
                break
        assert seg is not None
        res = seg.close()
        os.close(res.fd)
        return res


def av_marks(path: Path) -> tuple[list[tuple[float, float]], list[float]]:
    """The A/V marks of a file recorded from `Simulator(av_marks=True)`: for every
    black→white step of the picture, (last dark frame's time, first white frame's time);
    and the time of every silence→tone onset of the sound (seconds on the file's own
    timeline, where both tracks start)."""
    steps: list[tuple[float, float]] = []
    onsets: list[float] = []
    with av.open(str(path)) as c:
        last_dark: float | None = None
        for f in c.decode(video=0):
            if f.pts is None:
                continue
            t = float(f.pts * f.time_base)
            luma = f.to_ndarray(format="gray").mean()
            if luma < 64:
                last_dark = t
            elif luma > 192 and last_dark is not None:
                steps.append((last_dark, t))
                last_dark = None
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return steps, onsets
        quiet = 0.0
        for f in c.decode(audio=0):
            if f.pts is None:
                continue
            t0 = float(f.pts * f.time_base)
            samples = f.to_ndarray()[0]
            rate = f.sample_rate
            for i, v in enumerate(samples):
                if abs(float(v)) > 0.25:
                    if quiet >= 0.3:
                        onsets.append(t0 + i / rate)
                    quiet = 0.0
                else:
                    quiet += 1 / rate
    return steps, onsets


def av_offsets(path: Path) -> list[float]:
    """Sound onset minus picture step for every mark in the file, each bounded by the
    frame interval: 0 when the onset falls between the last dark and first white frame,
    else the distance to the nearer of them (signed: + sound late)."""
    steps, onsets = av_marks(path)
    out = []
    for onset in onsets:
        dark, white = min(steps, key=lambda s: abs(s[1] - onset), default=(None, None))
        if dark is None or white is None or abs(white - onset) > 0.5:
            continue
        out.append(0.0 if dark <= onset <= white else
                   (onset - white if onset > white else onset - dark))
    return out
