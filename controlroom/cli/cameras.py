"""`controlroom camera …` (the camera registry) and `controlroom simulate` (the RTSP
camera simulator for tests, demos and training)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from controlroom.errors import UserError
from controlroom.i18n import Text

SIMULATE_HELP = Text(
    "Lệnh trên stdin: offline N | online N | status | quit",
    "Commands on stdin: offline N | online N | status | quit",
)


def _simulate(args: argparse.Namespace) -> int:
    from controlroom.video.simulator import Simulator

    names = [n.strip() for n in args.names.split(",")] if args.names else None
    stop = threading.Event()

    def on_signal(_sig: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    with Simulator(cameras=args.cameras, port=args.port, auth=args.auth, names=names,
                   fps=args.fps, sub_fps=args.sub_fps) as sim:
        print(Text("Trình mô phỏng {n} camera đang chạy trên cổng {p}.",
                   "Simulating {n} cameras on port {p}.").format(n=sim.cameras, p=sim.port))
        for i in range(1, sim.cameras + 1):
            print(f"  {i:>2}  {sim.names[i - 1]}")
            for stream in ("main", "sub"):
                print(f"      {stream:<4} {sim.masked_url(i, stream)}")
        print(SIMULATE_HELP, flush=True)

        def commands() -> None:
            for raw in sys.stdin:
                parts = raw.split()
                if not parts:
                    continue
                try:
                    if parts[0] in ("quit", "exit", "thoat"):
                        stop.set()
                        return
                    if parts[0] in ("offline", "online") and len(parts) == 2:
                        sim.set_offline(int(parts[1]), parts[0] == "offline")
                        print(f"OK {parts[0]} {parts[1]}", flush=True)
                    elif parts[0] == "status":
                        off = ",".join(str(i) for i in sorted(sim.offline)) or "-"
                        print(f"OK clients={sim.clients()} offline={off}", flush=True)
                    else:
                        print(f"ERR {SIMULATE_HELP}", flush=True)
                except ValueError:
                    print(f"ERR {SIMULATE_HELP}", flush=True)
                except UserError as e:
                    print(f"ERR {e}", flush=True)
            # End of stdin (e.g. started with </dev/null): keep serving until a signal.

        threading.Thread(target=commands, daemon=True).start()
        try:
            while not stop.wait(0.5):
                if not sim.running:
                    print(Text("Trình mô phỏng đã dừng bất ngờ.",
                               "The simulator stopped unexpectedly."), file=sys.stderr)
                    return 1
        except KeyboardInterrupt:
            pass
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("simulate", help="mô phỏng camera RTSP / simulate RTSP cameras",
                       description=f"{SIMULATE_HELP.vi}\n{SIMULATE_HELP.en}")
    s.add_argument("--cameras", type=int, default=4)
    s.add_argument("--port", type=int, default=8554)
    s.add_argument("--auth", metavar="USER:PASS", default=None)
    s.add_argument("--names", default="", help="tên, cách nhau bởi dấu phẩy / comma-separated")
    s.add_argument("--fps", type=int, default=12, help="main stream fps")
    s.add_argument("--sub-fps", type=int, default=10)
    s.set_defaults(func=_simulate)
