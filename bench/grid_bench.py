"""Live grid benchmark: the app's 16-tile grid beside bare libVLC playing the same relays.

    .venv/bin/python bench/grid_bench.py [--seconds 120] [--tiles 16] [--maximise 8]

What runs (one after the other, same relays, same machine):
1. floor: a bare python-vlc script, one player per relay stream, each in its own libVLC
   window — what decoding and drawing the streams costs with no application around it;
2. app: the real `Grid` (4x4) in a Qt window fed by the same relays, with the app's
   status labels, stall checks and event pump; then it maximises tiles one by one and
   times double-click → first main-stream frame.

The relays are the test relay (`tests/ui/fake_relay.py`: H.264 MPEG-TS, 320x240 sub and
640x360 main at 25 fps, burnt-in labels, `ffmpeg -re -c copy`), the same HTTP MPEG-TS the
recorder's relay serves. CPU is the player process's own user+system time (children
excluded); RSS is sampled each second. Needs Xvfb (started here when $DISPLAY is unset).
The machine may be shared: run it twice and read the numbers side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --- children --------------------------------------------------------------------------

def child_floor(port: int, ids: list[int], seconds: float, warmup: float) -> dict[str, Any]:
    """Bare python-vlc: one player per stream drawing into plain native windows of the
    same size as the app's tiles (so both scale the same number of pixels)."""
    import psutil
    import vlc
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QGridLayout, QWidget

    _app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - must exist
    top = QWidget()
    top.resize(1600, 900)
    grid = QGridLayout(top)
    grid.setSpacing(2)
    cols = 4 if len(ids) > 9 else 3
    surfaces = []
    for k in range(len(ids)):
        w = QWidget()
        w.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        grid.addWidget(w, k // cols, k % cols)
        surfaces.append(w)
    top.show()
    from controlroom.video.player import PREFETCH_ARGS

    # the same read-ahead ring as the app: libVLC's 16 MiB default fills once per stream
    inst = vlc.Instance(["--quiet", "--no-video-title-show", "--no-osd", "--no-xlib",
                         "--avcodec-threads=1", *PREFETCH_ARGS, *_vout_args()])
    players = []
    for cid, surface in zip(ids, surfaces, strict=True):
        mp = inst.media_player_new()
        mp.set_xwindow(int(surface.winId()))
        mp.video_set_mouse_input(False)
        mp.video_set_key_input(False)
        media = inst.media_new(f"http://127.0.0.1:{port}/live/{cid}/sub.ts",
                               ":network-caching=300", ":clock-jitter=0", ":no-audio")
        mp.set_media(media)
        mp.play()
        players.append(mp)

    def wait(sec: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(sec * 1000), loop.quit)
        loop.exec()

    me = psutil.Process()
    wait(warmup)
    c0, r0, t0 = me.cpu_times(), me.memory_info().rss, time.monotonic()
    rss = []
    while time.monotonic() - t0 < seconds:
        wait(1)
        rss.append(me.memory_info().rss)
    c1, t1 = me.cpu_times(), time.monotonic()
    playing = sum(1 for p in players if p.is_playing())
    for p in players:
        p.stop()
    return {"cpu_s": (c1.user + c1.system) - (c0.user + c0.system), "wall_s": t1 - t0,
            "rss_start": r0, "rss_end": rss[-1] if rss else r0, "rss_max": max(rss or [r0]),
            "playing": playing}


def _vout_args() -> list[str]:
    vout = os.environ.get("CONTROLROOM_VLC_VOUT")
    return [f"--vout={vout}"] if vout else []


def child_app(port: int, ids: list[int], seconds: float, warmup: float,
              maximise: int) -> dict[str, Any]:
    import psutil
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from controlroom.ui.grid import Grid
    from controlroom.ui.tile import CameraInfo, CameraStatus

    class Source:
        def live_url(self, camera_id: int, stream: str) -> str:
            return f"http://127.0.0.1:{port}/live/{camera_id}/{stream}.ts"

        def status(self) -> dict[int, CameraStatus]:
            return {}

    app = QApplication.instance() or QApplication(sys.argv)
    grid = Grid(Source())
    grid.resize(1600, 900)
    grid.set_layout("4x4" if len(ids) > 9 else "3x3")
    grid.set_cameras([CameraInfo(i, f"Camera {i}", location="Bench") for i in ids])
    grid.show()
    me = psutil.Process()
    result: dict[str, Any] = {}
    t_start = time.monotonic()

    def wait(sec: float) -> None:
        """Run the event loop for `sec` seconds, idle like the real application."""
        loop = QEventLoop()
        QTimer.singleShot(int(sec * 1000), loop.quit)
        loop.exec()

    wait(warmup)
    result["live_after_warmup"] = sum(t.state_key() == "live" for t in grid.visible_tiles())
    c0, r0, t0 = me.cpu_times(), me.memory_info().rss, time.monotonic()
    rss = []
    next_sample = t0 + 1
    while time.monotonic() - t0 < seconds:
        wait(max(0.01, next_sample - time.monotonic()))
        rss.append(me.memory_info().rss)
        next_sample += 1
    c1, t1 = me.cpu_times(), time.monotonic()
    main_thread = next((t for t in me.threads() if t.id == me.pid), None)
    result["gui_thread_cpu_s"] = (main_thread.user_time + main_thread.system_time
                                  if main_thread else 0.0)
    result.update({"cpu_s": (c1.user + c1.system) - (c0.user + c0.system), "wall_s": t1 - t0,
                   "rss_start": r0, "rss_end": rss[-1] if rss else r0,
                   "rss_max": max(rss or [r0]),
                   "live_at_end": sum(t.state_key() == "live" for t in grid.visible_tiles())})

    # double-click → first main-stream frame
    times: list[float] = []
    for k in range(maximise):
        tile = grid.visible_tiles()[k % len(grid.visible_tiles())]
        got: list[float] = []

        def on_first(t: Any, stream: str, got: list[float] = got) -> None:
            if stream == "main":
                got.append(time.monotonic())

        tile.first_frame.connect(on_first)
        t_click = time.monotonic()
        grid.toggle_maximise(tile)
        deadline = t_click + 10
        while not got and time.monotonic() < deadline:
            wait(0.005)
        tile.first_frame.disconnect(on_first)
        if got:
            times.append(got[0] - t_click)
        grid.restore()
        wait(1.5)
    result["maximise_s"] = times
    futs = grid.shutdown()
    for f in futs:
        f.result(timeout=10)
    result["total_s"] = time.monotonic() - t_start
    QTimer.singleShot(0, app.quit)
    return result


# --- driver ------------------------------------------------------------------------------

def _ensure_display() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    r, w = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1920x1080x24",
                             "-nolisten", "tcp"], pass_fds=(w,))
    os.close(w)
    num = b""
    while not num.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            break
        num += chunk
    os.close(r)
    os.environ["DISPLAY"] = f":{num.decode().strip()}"
    return xvfb


def _run_child(kind: str, args: argparse.Namespace, port: int, ids: list[int]) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--port", str(port), "--ids",
           ",".join(map(str, ids)), "--seconds", str(args.seconds), "--warmup",
           str(args.warmup), "--maximise", str(args.maximise)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.seconds * 3 + 300)
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--warmup", type=float, default=8)
    ap.add_argument("--tiles", type=int, default=16)
    ap.add_argument("--maximise", type=int, default=8)
    ap.add_argument("--child", choices=("floor", "app"))
    ap.add_argument("--port", type=int)
    ap.add_argument("--ids")
    args = ap.parse_args()
    if args.child:
        ids = [int(x) for x in args.ids.split(",")]
        res = (child_floor(args.port, ids, args.seconds, args.warmup) if args.child == "floor"
               else child_app(args.port, ids, args.seconds, args.warmup, args.maximise))
        print(json.dumps(res))
        return

    from tests.ui.fake_relay import FakeRelay

    xvfb = _ensure_display()
    ids = list(range(1, args.tiles + 1))
    try:
        with tempfile.TemporaryDirectory() as tmp, FakeRelay(Path(tmp), ids) as relay:
            floor = _run_child("floor", args, relay.port, ids)
            app = _run_child("app", args, relay.port, ids)
    finally:
        if xvfb is not None:
            xvfb.terminate()
    mib = 1024 * 1024
    f_pct = floor["cpu_s"] / floor["wall_s"] * 100
    a_pct = app["cpu_s"] / app["wall_s"] * 100
    growth = (app["rss_end"] - app["rss_start"]) / app["rss_start"] * 100
    mx = app["maximise_s"]
    print(f"# Live grid benchmark — {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()}, "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{args.tiles} tiles, 320x240 H.264 25 fps sub streams over HTTP MPEG-TS, "
          f"{args.seconds:.0f} s measured after {args.warmup:.0f} s warm-up")
    print("| run | CPU (% of one core) | RSS start → end (MiB) | streams playing |")
    print("|---|---|---|---|")
    print(f"| bare python-vlc (floor, same read-ahead) | {f_pct:.1f} | "
          f"{floor['rss_start'] / mib:.0f} → "
          f"{floor['rss_end'] / mib:.0f} | {floor['playing']}/{args.tiles} |")
    print(f"| controlroom grid | {a_pct:.1f} | {app['rss_start'] / mib:.0f} → "
          f"{app['rss_end'] / mib:.0f} | {app['live_at_end']}/{args.tiles} live |")
    print(f"overhead over the floor: {(a_pct - f_pct) / f_pct * 100:+.1f}% CPU "
          f"(target <= 15%); RSS growth {growth:+.1f}% over {args.seconds:.0f} s "
          f"(target <= 5% over 600 s)")
    print(f"app GUI thread (Qt + Python, whole run incl. warm-up): "
          f"{app['gui_thread_cpu_s']:.1f} CPU s of {app['cpu_s']:.1f} measured")
    if mx:
        print(f"double-click → first main-stream frame: median {statistics.median(mx):.2f} s, "
              f"max {max(mx):.2f} s over {len(mx)} (target median <= 1 s)")
    else:
        print("double-click → first main-stream frame: no main-stream frame seen")


if __name__ == "__main__":
    main()
