"""Retention: age, free space, holds, disk alarm; and a really full disk under the
recorder."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from controlroom.paths import DataHome
from controlroom.records import holds
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, Gap, Segment
from controlroom.records.segment_index import SegmentFacts, add_closed_segment
from controlroom.records.users import SYSTEM
from controlroom.timeutil import utcnow
from controlroom.video.retention import Retention
from controlroom.video.simulator import Simulator
from tests.video.recording_support import RecorderProcess, add_camera, segments, wait_for


def _camera(db: Database, code: str = "CAM01", days: int | None = None) -> int:
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name=code, code=code, retention_days=days)
        s.add(cam)
        s.flush()
        return cam.id


def _segment(db: Database, root: Path, cam: int, age_h: float, size: int = 1000) -> str:
    start = utcnow() - timedelta(hours=age_h)
    rel = f"CAM{cam:02d}/{start:%Y-%m-%d}/CAM{cam:02d}-main-{start:%Y%m%dT%H%M%S}Z-{age_h}.mp4"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(b"\0" * size)
    with db.session() as s:
        add_closed_segment(s, cam, "main", rel, start,
                           SegmentFacts(start + timedelta(minutes=1), 60, size, "x" * 64))
    return rel


def test_age_retention_keeps_held_footage(db: Database, home: DataHome) -> None:
    cam = _camera(db)
    short = _camera(db, "CAM02", days=1)
    old = _segment(db, home.recordings, cam, 24 * 40)  # past the 30-day default
    held = _segment(db, home.recordings, cam, 24 * 35)
    recent = _segment(db, home.recordings, cam, 24 * 2)
    short_old = _segment(db, home.recordings, short, 30)  # past its 1-day override
    with db.session() as s:
        seg = s.scalar(select(Segment).where(Segment.path == held))
        assert seg is not None
        holds.add_hold(s, SYSTEM, cam, seg.start_utc + timedelta(seconds=10),
                       seg.start_utc + timedelta(seconds=20), "export", "EX-1", "vụ việc")
        s.add(Gap(camera_id=cam, stream="main", start_utc=utcnow() - timedelta(days=50),
                  end_utc=utcnow() - timedelta(days=49), reason="offline"))

    rep = Retention(db, home.recordings).run_once()

    assert sorted(rep.deleted_age) == sorted([old, short_old])
    assert rep.held_kept >= 1
    assert not (home.recordings / old).exists() and (home.recordings / held).exists()
    assert (home.recordings / recent).exists()
    with db.read() as s:
        paths = set(s.scalars(select(Segment.path)))
        audits = list(s.scalars(select(AuditEntry).where(
            AuditEntry.action == "recording.delete")))
        old_gaps = s.scalar(select(func.count()).select_from(Gap))
        details = [json.loads(a.detail) for a in audits]
    assert paths == {held, recent}
    assert sum(d["count"] for d in details) == 2 and all(d["reason"] == "age" for d in details)
    assert {p for d in details for p in d["paths"]} == {old, short_old}
    assert old_gaps == 0
    # Released: the next pass deletes it.
    with db.session() as s:
        h = holds.active_holds(s, cam)[0]
        holds.release_hold(s, SYSTEM, h.id, "đã xong")
    assert Retention(db, home.recordings).run_once().deleted_age == [held]


@contextlib.contextmanager
def _tmpfs(path: Path, size: str) -> object:
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()}); needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_space_retention_and_alarm(db: Database, home: DataHome) -> None:
    with _tmpfs(home.recordings, "2m"):
        cam = _camera(db)
        a = _segment(db, home.recordings, cam, 5, 600_000)
        b = _segment(db, home.recordings, cam, 4, 600_000)
        _segment(db, home.recordings, cam, 3, 600_000)
        with db.session() as s:
            seg = s.scalar(select(Segment).where(Segment.path == a))
            assert seg is not None
            holds.add_hold(s, SYSTEM, cam, seg.start_utc, seg.end_utc, "incident", "1")
        ret = Retention(db, home.recordings)
        with db.session() as s:
            from controlroom.records import settings

            settings.set_value(s, SYSTEM, "min_free_percent", 20)
        rep = ret.run_once()
        # Oldest unheld first (b), then c if still short; the held one stays.
        assert rep.deleted_space[0] == b and (home.recordings / a).exists()
        assert ret.disk.free_percent >= 20 and not ret.disk.alarm
        # Fill the disk with something retention may not touch: alarm, no crash.
        _fill(home.recordings / "ballast")
        rep = ret.run_once()
        assert rep.alarm and ret.disk.alarm
        assert (home.recordings / a).exists()  # held footage survives even now
        (home.recordings / "ballast").unlink()
        ret.run_once()
        assert not ret.disk.alarm
        with db.read() as s:
            actions = [x.action for x in s.scalars(select(AuditEntry))]
        assert "recording.disk_alarm" in actions and "recording.disk_ok" in actions


@pytest.mark.slow
def test_recorder_on_a_full_disk(sqlite_db: Database, home: DataHome) -> None:
    """A 3 MB recordings disk nearly full of a foreign file, all footage on hold (so
    retention may delete nothing): the write hits ENOSPC → the segment is closed as far
    as it went, a disk_full gap, the alarm; the recorder never crashes and resumes by
    itself when space returns."""
    with _tmpfs(home.recordings, "3m"), Simulator(1) as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        with sqlite_db.session() as s:
            holds.add_hold(s, SYSTEM, cam, utcnow() - timedelta(hours=1),
                           utcnow() + timedelta(hours=1), "incident", "7", "giữ hết")
        ballast = home.recordings / "ballast"
        ballast.write_bytes(b"\0" * 2_500_000)  # leaves ~500 kB
        with RecorderProcess(home, "--retention-interval-seconds", "2",
                             segment_seconds=2) as rec:
            url = f"http://127.0.0.1:{rec.port()}/status"

            def alarm() -> dict | None:
                doc = json.loads(urllib.request.urlopen(url).read())
                return doc if doc["disk"]["alarm"] else None

            wait_for(lambda: _gap_reasons(sqlite_db, cam).count("disk_full"), 90,
                     "disk_full gap", rec)
            st = wait_for(alarm, 30, "disk alarm in status", rec)
            assert rec.proc is not None and rec.proc.poll() is None  # still running
            ballast.unlink()  # space returns
            n = len(segments(sqlite_db, cam))
            wait_for(lambda: len(segments(sqlite_db, cam)) > n + 1, 60, "recording resumes",
                     rec)
            time.sleep(1)
        assert rec.stop() == 0
        with sqlite_db.read() as s:
            rows = list(s.scalars(select(Segment).where(Segment.camera_id == cam)))
            states = {r.state for r in rows}
            on_disk = {p.relative_to(home.recordings).as_posix()
                       for p in home.recordings.rglob("*.mp4")}
            indexed = {r.path for r in rows if r.state == "closed"}
            closed_gap = s.scalar(select(Gap).where(Gap.reason == "disk_full",
                                                    Gap.end_utc.is_not(None)))
    assert st["disk"]["alarm_reason"]
    assert states <= {"closed"}  # consistent: nothing left open, nothing corrupt
    assert indexed == on_disk  # every file indexed, every closed row has its file
    assert closed_gap is not None


def _fill(path: Path) -> None:
    """Write until the file system is full."""
    with path.open("wb") as f:
        try:
            while True:
                f.write(b"\0" * 16384)
                f.flush()
        except OSError:
            pass


def _gap_reasons(db: Database, cam: int) -> list[str]:
    with db.read() as s:
        return [g.reason for g in s.scalars(select(Gap).where(Gap.camera_id == cam))]
