"""CPU cost of the RTSP camera simulator with every stream being watched.

Run: .venv/bin/python bench/bench_simulator.py [cameras] [seconds] [fps] [sub_fps]
Starts the simulator, opens main + sub of every camera with PyAV (stream copy, no
decode) in threads, waits for the pipelines to warm up, then reads the server
process's CPU time from /proc over the measuring window. 100% = one full core.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import av

from controlroom.video.simulator import Simulator


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    cams = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    fps = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    sub_fps = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    stop = threading.Event()
    counts: dict[str, int] = {}

    with Simulator(cameras=cams, fps=fps, sub_fps=sub_fps) as sim:
        assert sim.pid is not None

        def pull(url: str) -> None:
            with av.open(url, options={"rtsp_transport": "tcp", "timeout": "10000000"}) as c:
                for _ in c.demux(video=0):
                    counts[url] = counts.get(url, 0) + 1
                    if stop.is_set():
                        return

        urls = [sim.url(i, s) for i in range(1, cams + 1) for s in ("main", "sub")]
        threads = [threading.Thread(target=pull, args=(u,), daemon=True) for u in urls]
        for t in threads:
            t.start()
        time.sleep(8)
        c0, t0 = cpu_seconds(sim.pid), time.monotonic()
        n0 = sum(counts.values())
        time.sleep(window)
        c1, t1 = cpu_seconds(sim.pid), time.monotonic()
        n1 = sum(counts.values())
        stop.set()
        print(f"simulator: {cams} cameras x 2 streams at {fps}/{sub_fps} fps, "
              f"{len(counts)} streams delivering, "
              f"{(n1 - n0) / (t1 - t0):.0f} packets/s in total")
        print(f"simulator CPU: {100 * (c1 - c0) / (t1 - t0):.1f}% of one core "
              f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
