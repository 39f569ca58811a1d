"""Recorder CPU and memory beside ffmpeg stream copy, the way Frigate records.

Records N simulated cameras (main stream) for S seconds with our recorder
(`controlroom record`) and, at the same time on the same RTSP streams, one
`ffmpeg -rtsp_transport tcp -i URL -c copy -f segment -segment_time 60 …` per camera.
Reports CPU seconds (user+sys) over the measured window and peak RSS, ours vs. the sum
over the ffmpeg processes. The recorder's start-up (Python imports, recovery, connects)
is excluded: the window opens `--warmup` seconds after its /status shows a segment being
written for every camera; the time that took and the start-up RSS peak are reported
apart (`recorder_ready_s`, `startup_peak_rss_mb`).

Targets: CPU <= 1.2 × ffmpeg total; RSS <= 60 MB + 5 MB per camera.

    python -m bench recorder_bench --cameras 16 --seconds 60 [--bitrate 2] [--audio pcma]

`--audio pcma` (or `aac`) gives every simulated camera a microphone (G.711 A-law 8 kHz,
or AAC 16 kHz); our recorder then records the sound too (G.711 transcoded to AAC,
docs/recorder.md) and each ffmpeg does the same job: `-c:v copy -c:a aac -b:a 24k`
for G.711, `-c copy` for AAC.

By default every main stream is a looped 2 Mbit/s 720p clip (a camera's bitrate, several
RTP packets per frame); `--bitrate 0` uses the live-encoded simulator instead (solid
colour + clock, ~0.12 Mbit/s, one RTP packet per frame). Our recorder also hashes every
byte with SHA-256 while writing, which ffmpeg does not; at 2 Mbit/s × 16 that is about
4 MB/s of hashing (≈ 4 ms of CPU per second with SHA-NI), counted in our figure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psutil


def _cpu(procs: list[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass
    return total


def _rss(procs: list[psutil.Process]) -> int:
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def camera_clip(work: Path, mbit: float, fps: int) -> Path:
    """20 s of 1280x720 H.264 at a camera's bitrate (moving pattern + sensor-like noise,
    constant 2 s GOP, baseline, access unit delimiters), for the simulator to loop. A
    real 720p camera sends 1-4 Mbit/s; the live-encoded simulator's solid colour sends
    ~0.12 Mbit/s, one RTP packet per frame, which overstates per-packet costs."""
    path = work / f"clip-{mbit:g}M-{fps}fps.h264"
    rate = f"{int(mbit * 1000)}k"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc2=size=1280x720:rate={fps},noise=alls=12:allf=t", "-t", "20",
         "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "baseline", "-b:v", rate,
         "-maxrate", rate, "-bufsize", rate, "-g", str(2 * fps),
         "-x264-params", "repeat-headers=1:aud=1:scenecut=0",
         "-bsf:v", "h264_mp4toannexb", "-f", "h264", str(path)],
        check=True, timeout=300)
    return path


def _wait_recording(home: Any, cameras: int, ours: list[psutil.Process],
                    rec: subprocess.Popen[bytes], timeout: float) -> tuple[float | None, int]:
    """Wait until the recorder writes a segment for every camera (its /status), so the
    measured window starts after its start-up: imports, recovery and 16 connects. On a
    loaded machine that start-up took 4-14 s and carries a ~75 MB, few-second RSS peak
    (16 RTSP connects at once); a fixed 8 s warm-up let it land in the window. Returns
    the seconds it took (None: not all cameras within `timeout`) and the RSS peak seen."""
    from controlroom.video.control import RecorderClient

    client = RecorderClient(home, timeout=1.0)
    t0, peak = time.monotonic(), 0
    while time.monotonic() - t0 < timeout and rec.poll() is None:
        peak = max(peak, _rss(ours))
        st = client.status() or {}
        recording = sum(1 for c in st.get("cameras", [])
                        if c.get("stream") == "main" and c.get("segment"))
        if recording >= cameras:
            return round(time.monotonic() - t0, 1), peak
        time.sleep(0.25)
    return None, peak


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench recorder_bench")
    ap.add_argument("--cameras", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=8,
                    help="seconds to settle after every camera is recording")
    ap.add_argument("--ready-timeout", type=float, default=90,
                    help="longest wait for every camera to be recording")
    ap.add_argument("--fps", type=int, default=15)
    ap.add_argument("--bitrate", type=float, default=2.0,
                    help="main-stream Mbit/s of a looped camera-like clip; 0 = the live-"
                         "encoded simulator (solid colour + clock, ~0.12 Mbit/s)")
    ap.add_argument("--audio", choices=("none", "pcma", "aac"), default="none",
                    help="the cameras' microphone (recorded by both sides)")
    args = ap.parse_args(argv)
    audio = None if args.audio == "none" else args.audio
    if audio == "pcma":  # the same job as our recorder: video copied, G.711 made AAC
        ff_codecs = ["-c:v", "copy", "-c:a", "aac", "-b:a", "24k"]
    elif audio == "aac":
        ff_codecs = ["-c", "copy"]
    else:
        ff_codecs = ["-an", "-c", "copy"]
    if not shutil.which("ffmpeg"):
        print("ffmpeg is needed for the comparison", file=sys.stderr)
        return 2

    from controlroom.paths import DataHome
    from controlroom.records.db import open_database
    from controlroom.records.models import Camera
    from controlroom.video.simulator import Simulator

    work = Path(tempfile.mkdtemp(prefix="recbench-"))
    home = DataHome(work / "home").ensure()
    env = {**os.environ, "CONTROLROOM_HOME": str(home.root), "CONTROLROOM_KEYRING": "demo"}
    env.pop("CONTROLROOM_DB_URL", None)
    os.environ.update({"CONTROLROOM_HOME": str(home.root), "CONTROLROOM_KEYRING": "demo"})
    db = open_database(f"sqlite:///{home.database}", home)
    db.upgrade()
    ff_dir = work / "ffmpeg"
    ff_dir.mkdir()
    clip = camera_clip(work, args.bitrate, args.fps) if args.bitrate > 0 else None
    with Simulator(args.cameras, fps=args.fps, main_clip=clip, audio=audio) as sim:
        with db.session() as s:
            for i in range(1, args.cameras + 1):
                s.add(Camera(uid=str(uuid.uuid4()), name=f"Bench {i}", code=f"B{i:02d}",
                             main_url=sim.url(i, "main"), sub_url=sim.url(i, "sub")))
        db.dispose()
        rec = subprocess.Popen([sys.executable, "-m", "controlroom.video.recorder"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ffs = [subprocess.Popen(
            ["ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp",
             "-i", sim.url(i, "main"), *ff_codecs, "-f", "segment", "-segment_time", "60",
             "-reset_timestamps", "1", "-strftime", "1",
             str(ff_dir / f"cam{i}-%Y%m%d%H%M%S.mp4")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for i in range(1, args.cameras + 1)]
        try:
            ours = [psutil.Process(rec.pid)]
            theirs = [psutil.Process(p.pid) for p in ffs]
            ready_s, start_peak = _wait_recording(home, args.cameras, ours, rec,
                                                  args.ready_timeout)
            t_settle = time.monotonic() + args.warmup
            while time.monotonic() < t_settle:
                start_peak = max(start_peak, _rss(ours))
                time.sleep(0.25)
            c0_ours, c0_ff = _cpu(ours), _cpu(theirs)
            peak_ours = peak_ff = 0
            sim_proc = psutil.Process(sim.pid) if sim.pid else None
            s0_sim = _cpu([sim_proc]) if sim_proc else 0.0
            t0 = time.monotonic()
            while time.monotonic() - t0 < args.seconds:
                peak_ours = max(peak_ours, _rss(ours))
                peak_ff = max(peak_ff, _rss(theirs))
                time.sleep(0.5)
            wall = time.monotonic() - t0
            cpu_ours, cpu_ff = _cpu(ours) - c0_ours, _cpu(theirs) - c0_ff
            cpu_sim = (_cpu([sim_proc]) - s0_sim) if sim_proc else 0.0
            alive_ff = sum(1 for p in ffs if p.poll() is None)
            alive_ours = rec.poll() is None
        finally:
            rec.send_signal(signal.SIGTERM)
            for p in ffs:
                p.send_signal(signal.SIGINT)
            rec.wait(30)
            for p in ffs:
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
    ours_bytes = sum(f.stat().st_size for f in home.recordings.rglob("*.mp4"))
    ff_bytes = sum(f.stat().st_size for f in ff_dir.rglob("*.mp4"))
    shutil.rmtree(work, ignore_errors=True)
    target_rss = (60 + 5 * args.cameras) * 1e6
    result = {
        "machine": f"{platform.node()} {platform.processor() or platform.machine()} "
                   f"{os.cpu_count()} cores, {platform.platform()}",
        "date": time.strftime("%Y-%m-%d"),
        "cameras": args.cameras, "fps": args.fps, "window_s": round(wall, 1),
        "main_stream": f"looped clip {args.bitrate:g} Mbit/s" if clip else
                       "live-encoded simulator (~0.12 Mbit/s)",
        "audio": args.audio,
        "ours": {"cpu_s": round(cpu_ours, 2), "cpu_pct_core": round(100 * cpu_ours / wall, 1),
                 "peak_rss_mb": round(peak_ours / 1e6, 1), "bytes": ours_bytes,
                 "alive": alive_ours},
        "ffmpeg": {"cpu_s": round(cpu_ff, 2), "cpu_pct_core": round(100 * cpu_ff / wall, 1),
                   "peak_rss_mb": round(peak_ff / 1e6, 1), "bytes": ff_bytes,
                   "alive": alive_ff},
        "recorder_ready_s": ready_s,
        "startup_peak_rss_mb": round(start_peak / 1e6, 1),
        "simulator_cpu_s": round(cpu_sim, 2),
        "cpu_ratio": round(cpu_ours / cpu_ff, 2) if cpu_ff else None,
        "cpu_target_met": bool(cpu_ff and cpu_ours <= 1.2 * cpu_ff),
        "rss_target_mb": round(target_rss / 1e6),
        "rss_target_met": peak_ours <= target_rss,
    }
    print(json.dumps(result, indent=2))
    return 0
