"""Evidence export benchmark: our run_export against the plain tools doing the same work
in the same run (`cp` of the segments, `ffmpeg -c copy` of the clip, `sha256sum` of
everything written).

    .venv/bin/python bench/export_bench.py [--quick]

Scenarios: one 4 Mb/s 720p camera for 1 hour; 4 cameras for 15 minutes each. A 60 s
segment is encoded once with ffmpeg and cached under bench/out/; each recorded minute is a
copy of it (stream copy and hashing cost the same whatever the pictures are). Our export
also fsyncs, drops the page cache and re-reads everything, which the baseline does not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
T0 = datetime(2026, 11, 22, 1, 0, 0, tzinfo=UTC)


def segment() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    p = OUT / "seg60_720p_4M.mp4"
    if not p.exists():
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc2=size=1280x720:rate=25", "-c:v", "libx264", "-preset",
                        "ultrafast", "-g", "25", "-b:v", "4M", "-maxrate", "4M", "-bufsize",
                        "8M", "-movflags", "+frag_keyframe+empty_moov+default_base_moof",
                        "-t", "60", str(p)], check=True)
    return p


def setup(root: Path, cams: int, minutes: int) -> tuple[object, object, list[list[Path]]]:
    os.environ["CONTROLROOM_HOME"] = str(root / "home")
    os.environ["CONTROLROOM_KEYRING"] = "demo"
    from controlroom.paths import data_home
    from controlroom.records import users
    from controlroom.records.db import open_database
    from controlroom.records.models import Camera, Segment

    home = data_home().ensure()
    db = open_database()
    db.upgrade()
    src = segment()
    data = src.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    files: list[list[Path]] = []
    with db.session() as s:
        for c in range(cams):
            cam = Camera(uid=f"u{c}", name=f"Camera {c + 1}", code=f"CAM-{c + 1:02d}")
            s.add(cam)
            s.flush()
            cam_files = []
            for m in range(minutes):
                start = T0 + timedelta(minutes=m)
                rel = f"{cam.code}/{cam.code}-main-{start:%Y%m%dT%H%M%SZ}.mp4"
                dst = home.recordings / rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
                cam_files.append(dst)
                s.add(Segment(camera_id=cam.id, start_utc=start,
                              end_utc=start + timedelta(seconds=60), duration_s=60,
                              bytes=len(data), path=rel, sha256=sha, state="closed"))
            files.append(cam_files)
        users.create(s, users.SYSTEM, "bench", "bench-password", "leader")
    return db, home, files


def ours(db: object, home: object, cams: int, minutes: int, dest: Path) -> float:
    from controlroom.evidence.export import run_export
    from controlroom.records import exports, users

    ident = users.sign_in(db, "bench", "bench-password")  # type: ignore[arg-type]
    with db.session() as s:  # type: ignore[attr-defined]
        from controlroom.records.models import Camera

        ids = [c.id for c in s.query(Camera).order_by(Camera.id)][:cams]
        e = exports.create_request(s, ident, exports.ExportRequest(
            tuple(ids), T0 + timedelta(seconds=5), T0 + timedelta(minutes=minutes, seconds=-5),
            "BENCH", "benchmark"))
        exports.approve(s, ident, e.id)
        eid = e.id
    t = time.perf_counter()
    run_export(db, ident, eid, dest, home)  # type: ignore[arg-type]
    return time.perf_counter() - t


def baseline(files: list[list[Path]], minutes: int, dest: Path) -> float:
    t = time.perf_counter()
    for i, cam_files in enumerate(files):
        d = dest / f"cam{i}"
        (d / "master").mkdir(parents=True)
        subprocess.run(["cp", *map(str, cam_files), str(d / "master")], check=True)
        lst = d / "list.txt"
        lst.write_text("".join(f"file '{f}'\n" for f in cam_files))
        subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i",
                        str(lst), "-ss", "5", "-to", str(minutes * 60 - 5), "-c", "copy",
                        str(d / "clip.mp4")], check=True)
        outs = sorted(str(p) for p in d.rglob("*.mp4"))
        subprocess.run(["sha256sum", *outs], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["sync"], check=True)
    return time.perf_counter() - t


def scenario(name: str, cams: int, minutes: int) -> tuple[str, float, float, int]:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        root = Path(tmp)
        db, home, files = setup(root, cams, minutes)
        size = sum(f.stat().st_size for fs in files for f in fs)
        a, b = root / "ours", root / "base"
        a.mkdir()
        b.mkdir()
        base = baseline(files, minutes, b)
        mine = ours(db, home, cams, minutes, a)
        db.dispose()  # type: ignore[attr-defined]
    return name, mine, base, size


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="2 minutes instead of 60/15")
    args = ap.parse_args()
    runs = [("1 camera x 60 min", 1, 2 if args.quick else 60),
            ("4 cameras x 15 min", 4, 2 if args.quick else 15)]
    print(f"# Evidence export — {platform.node()}, {os.cpu_count()} CPUs, "
          f"{datetime.now():%Y-%m-%d %H:%M}, Python {sys.version.split()[0]}")
    print("| scenario | recorded data | ours (s) | cp+ffmpeg+sha256sum (s) | ratio |")
    print("|---|---|---|---|---|")
    for name, cams, minutes in runs:
        n, mine, base, size = scenario(name, cams, minutes)
        print(f"| {n} | {size / 1e9:.2f} GB | {mine:.1f} | {base:.1f} | {mine / base:.2f}x |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
