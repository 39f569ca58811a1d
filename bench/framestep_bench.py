"""Frame step benchmark: what one step of playback's next/previous frame costs in
decoding, before (`segment_list.decode_picture`: decode from the keyframe on every step,
the way forward step worked until now and a naive back step would) and after
(`video.framestep.FrameStepper`: decoder kept open, the last pictures kept), measured in
the same run, beside `ffmpeg` decoding the same file (per picture).

    .venv/bin/python -m bench framestep [--steps 30]

Files: 10 s of H.265 at 12 fps with a keyframe every 2 s (a camera's main stream),
fragmented MP4 like the recorder's, at 640x360 and 1920x1080, cached under bench/out/.
30 steps forward from the keyframe at 2 s; 30 steps back from the picture before the
keyframe at 8 s (each crosses GOPs); then the same as a held key (a step every 1/30 s)
with the GOP before decoded ahead on the worker as playback does. Times include the RGB
conversion of the picture shown, not Qt's drawing.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from controlroom.video.framestep import FrameStepper
from controlroom.video.segment_list import (
    decode_picture,
    frame_times,
    keyframes,
    next_frame_time,
    previous_frame_time,
)

OUT = Path(__file__).resolve().parent / "out"
FRAG = "+frag_keyframe+empty_moov+default_base_moof"


def clip(w: int, h: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    p = OUT / f"step_{w}x{h}_h265.mp4"
    if not p.exists():
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=size={w}x{h}:rate=12", "-t", "10", "-c:v", "libx265",
                        "-preset", "ultrafast", "-x265-params",
                        "keyint=24:min-keyint=24:scenecut=0:bframes=0:log-level=error",
                        "-pix_fmt", "yuv420p", "-movflags", FRAG, str(p)], check=True)
    return p


def run(path: Path, start: float, steps: int, back: bool, stepper: FrameStepper | None,
        repeat_s: float = 0.0) -> list[float]:
    """Per-step costs; with `repeat_s`, steps come that far apart (a held key) and each
    step back has the GOP before decoded ahead, as playback does."""
    move = previous_frame_time if back else next_frame_time
    t, costs = start, []
    for _ in range(steps):
        t0 = time.perf_counter()
        nt = move(path, t)
        assert nt is not None
        pic = stepper.picture(path, nt) if stepper else decode_picture(path, nt)
        if repeat_s and back and stepper is not None:
            first = stepper.run_start()
            before = previous_frame_time(path, first[1]) if first else None
            if before is not None:
                stepper.prefetch(path, before)
        costs.append(time.perf_counter() - t0)
        assert pic is not None
        t = nt
        if repeat_s:
            time.sleep(max(0.0, repeat_s - (time.perf_counter() - t0)))
    return costs


def ffmpeg_per_picture(path: Path) -> float:
    n = len(frame_times(path))
    t0 = time.perf_counter()
    subprocess.run(["ffmpeg", "-loglevel", "error", "-threads", "1", "-i", str(path),
                    "-f", "null", "-"], check=True)
    return (time.perf_counter() - t0) / n


def _ms(costs: list[float]) -> str:
    return f"{1000 * sum(costs) / len(costs):.1f} / {1000 * max(costs):.1f} ms"


def _held(costs: list[float]) -> str:
    rest = costs[1:]
    return (f"{1000 * sum(costs) / len(costs):.1f} ms / {1000 * costs[0]:.1f} ms / "
            f"{1000 * max(rest):.1f} ms")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench framestep")
    ap.add_argument("--steps", type=int, default=30)
    args = ap.parse_args(argv)
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"{platform.platform()}")
    print("| picture | steps | before: mean / max per step | after: mean / max per step "
          "| after: opens, pictures decoded "
          "| held key (30/s), look-ahead: mean / first / max of the rest "
          "| ffmpeg per picture |")
    print("|---|---|---|---|---|---|---|")
    for w, h in ((640, 360), (1920, 1080)):
        path = clip(w, h)
        kfs = keyframes(path)
        frame_times(path)  # the file's picture index is read once per file in both
        fwd_start = min(kfs, key=lambda k: abs(k - 2.0))
        back_start = min(kfs, key=lambda k: abs(k - 8.0))
        ff = ffmpeg_per_picture(path)
        for back, start in ((False, fwd_start), (True, back_start)):
            before = run(path, start, args.steps, back, None)
            st = FrameStepper()
            after = run(path, start, args.steps, back, st)
            st.close()
            held_st = FrameStepper()
            held = run(path, start, args.steps, back, held_st, repeat_s=1 / 30)
            held_st.close()
            print(f"| {w}x{h} H.265 | {args.steps} {'back' if back else 'forward'} "
                  f"| {_ms(before)} | {_ms(after)} | {st.opens}, {st.decoded} "
                  f"| {_held(held)} | {1000 * ff:.1f} ms |")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
