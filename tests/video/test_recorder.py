"""The recorder as a real process against the real RTSP simulator."""

from __future__ import annotations

import hashlib
import json
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from controlroom.errors import ExitCode
from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.models import Gap, HealthEvent
from controlroom.records.segment_index import uptime
from controlroom.timeutil import utcnow
from controlroom.video.simulator import Simulator
from tests.video.recording_support import (
    RecorderProcess,
    add_camera,
    decoded_frames,
    segments,
    wait_for,
)

pytestmark = pytest.mark.slow
PASSWORD = "Bi-mat_9xQz!"


def _proc_tree_cmdlines(pid: int) -> list[bytes]:
    out = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if int(p.name) == pid or ppid == pid:
                out.append((p / "cmdline").read_bytes())
        except (OSError, ValueError, IndexError):
            continue
    return out


@pytest.mark.parametrize("native", ["1", "0"], ids=["native", "pyav"])
def test_records_indexes_plays_and_keeps_password_secret(sqlite_db: Database, home: DataHome,
                                                         native: str,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Both per-camera loops: the compiled one (default) and PyAV's (where it is not
    built, or CONTROLROOM_NATIVE=0)."""
    monkeypatch.setenv("CONTROLROOM_NATIVE", native)
    with Simulator(1, auth=f"agent:{PASSWORD}") as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        with RecorderProcess(home) as rec:
            segs = wait_for(lambda: len(segments(sqlite_db, cam)) >= 3 and
                            segments(sqlite_db, cam), 60, "3 closed segments", rec)
            cmdlines = _proc_tree_cmdlines(rec.pid)
            with urllib.request.urlopen(f"http://127.0.0.1:{rec.port()}/status") as r:
                status_text = r.read().decode()
            code = rec.stop()
        assert code == 0, rec.output()[-2000:]
    assert json.loads(status_text)["engine"].startswith("native" if native == "1" else "pyav")

    # Files play, hashes match the index, the times chain up without holes.
    for seg in segs:
        f = home.recordings / seg["path"]
        assert hashlib.sha256(f.read_bytes()).hexdigest() == seg["sha256"]
        assert f.stat().st_size == seg["bytes"]
        assert decoded_frames(f) >= 15  # ≥ 1 s at 15 fps
        assert seg["codec"] == "h264" and seg["width"] == 1280
        assert 3.0 <= seg["duration"] <= 8.0
        assert seg["path"].startswith("CAM01/") and "-main-" in seg["path"]
    for a, b in zip(segs, segs[1:], strict=False):
        assert abs((b["start"] - a["end"]).total_seconds()) < 0.5
    # Times are wall clock: the newest segment ended moments ago, not at 1970 or in a day.
    assert abs((utcnow() - segs[-1]["end"]).total_seconds()) < 60

    # A clean stop closes every segment and opens a "recorder_stopped" gap.
    assert not segments(sqlite_db, cam, ("open",))
    with sqlite_db.read() as s:
        open_gaps = [g.reason for g in s.scalars(select(Gap).where(Gap.camera_id == cam))
                     if g.end_utc is None]
        states = [e.state for e in s.scalars(select(HealthEvent).where(
            HealthEvent.camera_id == cam).order_by(HealthEvent.ts))]
        # The first frame was taken before the connection's health events were stamped
        # (they are stamped on arrival; the segment start is the capture time, ~0.25 s
        # earlier over RTSP set-up), so the window starts just after it.
        up = uptime(s, cam, segs[0]["start"] + timedelta(seconds=1), segs[-1]["end"])
    assert open_gaps == ["recorder_stopped"]
    assert states[:3] == ["connecting", "online", "recording"]
    assert up.fraction > 0.99

    # The password is nowhere: not in the database, the logs, status, or command lines.
    secret = PASSWORD.encode()
    assert secret not in home.database.read_bytes()
    for f in list(home.logs.iterdir()):
        assert secret not in f.read_bytes(), f
    assert PASSWORD not in status_text
    assert cmdlines and all(secret not in c for c in cmdlines)
    wal = home.database.with_name(home.database.name + "-wal")
    if wal.exists():
        assert secret not in wal.read_bytes()


def test_offline_camera_leaves_a_gap_and_recording_resumes(sqlite_db: Database,
                                                          home: DataHome) -> None:
    with Simulator(1) as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        with RecorderProcess(home) as rec:
            wait_for(lambda: segments(sqlite_db, cam), 60, "first segment", rec)
            sim.set_offline(1, True)
            t_off = utcnow()
            wait_for(lambda: _gaps(sqlite_db, cam, "offline"), 30, "offline gap", rec)
            # ~20 s offline
            time.sleep(max(0.0, 20 - (utcnow() - t_off).total_seconds()))
            sim.set_offline(1, False)
            t_on = utcnow()
            gap = wait_for(lambda: [g for g in _gaps(sqlite_db, cam, "offline") if g[1]],
                           40, "gap closed", rec)[0]
            after = wait_for(lambda: [s for s in segments(sqlite_db, cam)
                                      if s["start"] >= gap[1]], 40, "recording resumed", rec)
            status = json.loads(urllib.request.urlopen(
                f"http://127.0.0.1:{rec.port()}/status").read())
    start, end, _reason = gap
    length = (end - start).total_seconds()
    assert 17 <= length <= 30, (length, t_off, t_on)
    assert decoded_frames(home.recordings / after[0]["path"]) > 0
    main = next(c for c in status["cameras"] if c["stream"] == "main")
    assert main["state"] == "recording" and main["attempts"] >= 2


def _gaps(db: Database, cam: int, reason: str) -> list[tuple]:
    with db.read() as s:
        return [(g.start_utc, g.end_utc, g.reason) for g in s.scalars(
            select(Gap).where(Gap.camera_id == cam, Gap.reason == reason)
            .order_by(Gap.start_utc))]


def test_wrong_password_is_auth_failed_without_a_retry_loop(sqlite_db: Database,
                                                           home: DataHome) -> None:
    wrong = "sai-mat-khau-123"
    with Simulator(1, auth=f"agent:{PASSWORD}") as sim:
        cam = add_camera(sqlite_db, home, sim, 1, password=wrong)
        with RecorderProcess(home) as rec:
            url = f"http://127.0.0.1:{rec.port()}/status"

            def main_state() -> dict | None:
                doc = json.loads(urllib.request.urlopen(url).read())
                m = next(c for c in doc["cameras"] if c["stream"] == "main")
                return m if m["state"] == "auth_failed" else None

            st = wait_for(main_state, 30, "auth_failed", rec)
            time.sleep(10)  # a tight loop would make dozens of attempts here
            st = main_state()
            assert st is not None
            out = rec.output()
    assert st["attempts"] == 1
    assert "401" in st["last_error"] or "nauthorized" in st["last_error"]
    assert wrong not in st["last_error"] and wrong not in out
    assert "refused the credentials" in out
    assert _gaps(sqlite_db, cam, "auth_failed")
    with sqlite_db.read() as s:
        assert "auth_failed" in [e.state for e in s.scalars(
            select(HealthEvent).where(HealthEvent.camera_id == cam))]


def test_second_recorder_is_refused(sqlite_db: Database, home: DataHome, cli) -> None:
    with Simulator(1) as sim:
        add_camera(sqlite_db, home, sim, 1)
        with RecorderProcess(home):
            r = cli("record")
    assert r.returncode == ExitCode.RECORDER_ALREADY_RUNNING
    assert "đã chạy" in r.stderr and "Traceback" not in r.stderr


def test_ffmpeg_log_is_not_hooked_into_python(sqlite_db: Database, home: DataHome) -> None:
    """PyAV's log hook takes the GIL for every av_log call, trace messages included, from
    inside av_read_frame; with 16 cameras that GIL traffic cost ~0.15 × ffmpeg's CPU. The
    recorder must leave it off even when something in the process turned it on."""
    import av.logging

    from controlroom.video.recorder import Recorder

    av.logging.set_level(av.logging.ERROR)
    rec = Recorder(home, sqlite_db)
    try:
        rec._setup_logging()
        assert av.logging.get_level() is None
    finally:
        av.logging.set_level(None)
        rec._teardown_logging()
