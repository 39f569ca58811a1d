"""Audit anchoring cost: how long `audit verify` (chain + checkpoints) takes on a large
log, what one checkpoint costs, and how the chain walk compares with `sha256sum` hashing
the same bytes (the floor: the chain is SHA-256 over each row's canonical JSON).

    python -m bench audit_bench [--rows 100000] [--checkpoints 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="audit_bench")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--checkpoints", type=int, default=200)
    args = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    os.environ["CONTROLROOM_HOME"] = str(root)
    os.environ["CONTROLROOM_KEYRING"] = "demo"
    os.environ.pop("CONTROLROOM_DB_URL", None)
    from controlroom.paths import DataHome
    from controlroom.records import audit, audit_anchor
    from controlroom.records.db import open_database

    home = DataHome(root).ensure()
    db = open_database()
    db.upgrade()
    try:
        every = max(args.rows // args.checkpoints, 1)
        t_cp: list[float] = []
        t0 = time.perf_counter()
        done = 0
        while done < args.rows:
            with db.session() as s:
                for i in range(min(every, args.rows - done)):
                    audit.record(s, "canbo1", "test.event", "camera", done + i,
                                 note="Xem lại camera Cổng chợ Đông — trộm cắp xe máy")
            done += every
            t = time.perf_counter()
            audit_anchor.checkpoint(db, home, "bench", create_key=True)
            t_cp.append(time.perf_counter() - t)
        fill = time.perf_counter() - t0
        t = time.perf_counter()
        with db.read() as s:
            chain = audit.verify(s)
        t_chain = time.perf_counter() - t
        t = time.perf_counter()
        with db.read() as s:
            rep = audit_anchor.verify(s, home)
        t_all = time.perf_counter() - t
        assert chain.ok and rep.ok, [str(f.text) for f in rep.findings]
        dump = root / "rows.txt"
        with db.read() as s, dump.open("w", encoding="utf-8") as f:
            for row in s.execute(audit._ROWS):
                f.write(repr(tuple(row)) + "\n")
        t = time.perf_counter()
        subprocess.run(["sha256sum", str(dump)], check=True, capture_output=True)
        t_sum = time.perf_counter() - t
        t_cp.sort()
        print(f"rows {args.rows}, checkpoints {len(t_cp)} (fill {fill:.1f} s)")
        print(f"  one checkpoint: median {t_cp[len(t_cp) // 2] * 1000:.1f} ms, "
              f"max {t_cp[-1] * 1000:.1f} ms")
        print(f"  audit.verify (chain only): {t_chain:.2f} s")
        print(f"  audit_anchor.verify (chain + {rep.checkpoints} checkpoints): {t_all:.2f} s")
        print(f"  sha256sum over the same rows as text ({dump.stat().st_size / 1e6:.1f} MB): "
              f"{t_sum:.2f} s")
    finally:
        db.dispose()
        shutil.rmtree(root, ignore_errors=True)
    return 0
