"""The recorder's fault tests: a database it cannot write, a recordings disk another file
fills. Each guarantee here is listed in docs/guarantees.md."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import threading
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from controlroom.paths import DataHome
from controlroom.records import holds, settings
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, Gap, Segment
from controlroom.records.segment_index import SegmentFacts, add_closed_segment
from controlroom.records.users import SYSTEM
from controlroom.timeutil import utcnow
from controlroom.video.index_queue import DatabaseAlarm, IndexQueue
from controlroom.video.recorder import Recorder
from controlroom.video.recovery import carve_gaps
from controlroom.video.retention import Retention
from controlroom.video.simulator import Simulator
from tests.video.recording_support import RecorderProcess, add_camera, segments, wait_for

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """`chattr +i`: not even root may write (what the probe did to the database)."""
    done = []
    try:
        for p in paths:
            r = subprocess.run(["chattr", "+i", str(p)], capture_output=True, text=True)
            if r.returncode != 0:
                pytest.skip(f"chattr +i unsupported here: {r.stderr.strip()}")
            done.append(p)
        yield
    finally:
        for p in done:
            subprocess.run(["chattr", "-i", str(p)], capture_output=True)


@contextlib.contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()}); needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _camera(db: Database, code: str = "CAM01", days: int | None = None) -> int:
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name=code, code=code, retention_days=days)
        s.add(cam)
        s.flush()
        return cam.id


def _segment(db: Database, root: Path, cam: int, start: datetime, size: int = 1000) -> str:
    rel = f"CAM{cam:02d}/{start:%Y-%m-%d}/CAM{cam:02d}-main-{start:%Y%m%dT%H%M%S}Z.mp4"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(b"\0" * size)
    with db.session() as s:
        add_closed_segment(s, cam, "main", rel, start,
                           SegmentFacts(start + timedelta(minutes=1), 60, size, "x" * 64))
    return rel


def _gaps(db: Database, cam: int) -> list[tuple[datetime, datetime | None, str]]:
    with db.read() as s:
        return [(g.start_utc, g.end_utc, g.reason) for g in s.scalars(
            select(Gap).where(Gap.camera_id == cam).order_by(Gap.start_utc))]


def _overlaps(db: Database, cam: int) -> list[str]:
    """Gaps that claim time some closed segment covers."""
    with db.read() as s:
        segs = [(x.start_utc, x.end_utc, x.path) for x in s.scalars(
            select(Segment).where(Segment.camera_id == cam, Segment.state == "closed"))]
    out = []
    for g0, g1, reason in _gaps(db, cam):
        for s0, s1, path in segs:
            if s0 < (g1 or datetime.max.replace(tzinfo=UTC)) and g0 < s1:
                out.append(f"{reason} gap {g0}..{g1} over {path} {s0}..{s1}")
    return out


# --- a database the recorder cannot write --------------------------------------------------

@pytest.mark.parametrize(("gap", "expected"), [
    ((T0 + timedelta(seconds=10), T0 + timedelta(seconds=20)), []),  # inside: gone
    ((T0 - timedelta(minutes=5), None),  # open across: split, the later part stays open
     [(T0 - timedelta(minutes=5), T0), (T0 + timedelta(minutes=1), None)]),
    ((T0 - timedelta(minutes=5), T0 + timedelta(seconds=30)),
     [(T0 - timedelta(minutes=5), T0)]),  # overlaps the start: trimmed
    ((T0 + timedelta(seconds=30), T0 + timedelta(minutes=5)),
     [(T0 + timedelta(minutes=1), T0 + timedelta(minutes=5))]),  # overlaps the end
    ((T0 + timedelta(minutes=2), None), [(T0 + timedelta(minutes=2), None)]),  # after
])
def test_footage_found_on_disk_wins_over_any_gap(
        sqlite_db: Database, gap: tuple[datetime, datetime | None],
        expected: list[tuple[datetime, datetime | None]]) -> None:
    cam = _camera(sqlite_db)
    with sqlite_db.session() as s:
        s.add(Gap(camera_id=cam, stream="main", start_utc=gap[0], end_utc=gap[1],
                  reason="recorder_stopped"))
    with sqlite_db.session() as s:
        carve_gaps(s, cam, "main", T0, T0 + timedelta(minutes=1))
    assert [(a, b) for a, b, _ in _gaps(sqlite_db, cam)] == expected


def test_index_writer_alarms_and_stops_at_once_on_an_immutable_database(
        sqlite_db: Database, home: DataHome) -> None:
    cam = _camera(sqlite_db)
    sqlite_db.dispose()  # reopen after chattr, as a recorder started then would
    events: list[tuple[DatabaseAlarm, bool]] = []
    q = IndexQueue(sqlite_db, on_alarm=lambda a, up: events.append((a, up)))
    q.start()
    with immutable(home.database):
        q.submit("gap", lambda s: s.add(Gap(camera_id=cam, stream="main", start_utc=T0,
                                             reason="offline")))
        wait_for(lambda: q.alarm, 20, "database alarm")
        assert "readonly" in q.alarm.error and events[0][1] is True
        q.stop(timeout=10)  # gives up at once; recovery redoes it at the next start
        assert not q._thread.is_alive()
        sqlite_db.dispose()
    assert _gaps(sqlite_db, cam) == []

    q2 = IndexQueue(sqlite_db, on_alarm=lambda a, up: events.append((a, up)))
    q2.start()
    with immutable(home.database):
        sqlite_db.dispose()  # an open connection could still append to the WAL file
        q2.submit("gap", lambda s: s.add(Gap(camera_id=cam, stream="main", start_utc=T0,
                                              reason="offline")))
        wait_for(lambda: q2.alarm, 20, "database alarm")
        sqlite_db.dispose()
    assert q2.wait_idle(30)  # writable again: the queued row lands, the alarm clears
    q2.stop()
    assert q2.alarm is None and events[-1][1] is False
    assert len(_gaps(sqlite_db, cam)) == 1


def test_retention_deletes_nothing_while_the_database_refuses_it(
        sqlite_db: Database, home: DataHome) -> None:
    cam = _camera(sqlite_db)
    old = _segment(sqlite_db, home.recordings, cam, utcnow() - timedelta(days=40))
    sqlite_db.dispose()
    with immutable(home.database), pytest.raises(DBAPIError):
        Retention(sqlite_db, home.recordings).run_once()
    sqlite_db.dispose()
    assert (home.recordings / old).exists()  # no file vanishes under a row still there
    assert Retention(sqlite_db, home.recordings).run_once().deleted_age == [old]


@pytest.mark.slow
def test_recorder_with_an_immutable_database(sqlite_db: Database, home: DataHome) -> None:
    """Records anyway with a visible alarm, stops promptly without a traceback; the next
    start indexes the footage and no gap claims its time; the alarm is audited."""
    with Simulator(1) as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        with RecorderProcess(home, segment_seconds=2) as rec:
            wait_for(lambda: segments(sqlite_db, cam), 60, "first footage", rec)
        indexed = {x["path"] for x in segments(sqlite_db, cam)}
        sqlite_db.dispose()
        with immutable(home.database):
            rec = RecorderProcess(home, "--retention-interval-seconds", "1",
                                  segment_seconds=2).start()
            try:
                url = f"http://127.0.0.1:{rec.port()}/status"

                def alarm() -> dict | None:
                    doc = json.loads(urllib.request.urlopen(url).read())
                    return doc if not doc["database"]["writable"] else None

                st = wait_for(alarm, 60, "database alarm in /status", rec)
                wait_for(lambda: len({p.relative_to(home.recordings).as_posix() for p in
                                      home.recordings.rglob("*.mp4")} - indexed) >= 2, 60,
                         "footage recorded while the database refuses writes", rec)
            finally:
                rc = rec.stop(timeout=20)  # killed (rc -9) if it hangs as it did (~30 s)
        assert rc == 0
        assert "Traceback" not in rec.output()
        assert [a["kind"] for a in st["alarms"]] == ["database"]
        assert "Không ghi được cơ sở dữ liệu" in st["alarms"][0]["vi"]
        unindexed = {p.relative_to(home.recordings).as_posix()
                     for p in home.recordings.rglob("*.mp4")} - indexed

        with RecorderProcess(home, segment_seconds=2) as rec:
            wait_for(lambda: {x["path"] for x in segments(sqlite_db, cam)} >= unindexed, 30,
                     "recovery indexes the footage", rec)
            n = len(segments(sqlite_db, cam))
            wait_for(lambda: len(segments(sqlite_db, cam)) > n, 60, "new footage", rec)
    assert _overlaps(sqlite_db, cam) == []
    with sqlite_db.read() as s:
        audits = [json.loads(a.detail) for a in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "recording.database_alarm"))]
    assert len(audits) == 1 and "readonly" in audits[0]["error"]
    since, until = (datetime.fromisoformat(audits[0][k]) for k in ("since", "until"))
    assert until > since  # dated by the run's last heartbeat
    assert not (home.run / "database-alarm.json").exists()


# --- a recordings disk another file fills ---------------------------------------------------

def test_deleting_footage_inside_its_retention_period_is_an_alarm(
        sqlite_db: Database, home: DataHome) -> None:
    with small_disk(home.recordings, "2m"):
        cam = _camera(sqlite_db, days=30)
        now = utcnow()
        held = _segment(sqlite_db, home.recordings, cam, now - timedelta(hours=3), 400_000)
        young = _segment(sqlite_db, home.recordings, cam, now - timedelta(hours=2), 400_000)
        with sqlite_db.session() as s:
            holds.add_hold(s, SYSTEM, cam, now - timedelta(hours=3),
                           now - timedelta(hours=3) + timedelta(seconds=30), "incident", "1")
            settings.set_value(s, SYSTEM, "min_free_percent", 20)
        ret = Retention(sqlite_db, home.recordings)
        assert ret.run_once().deleted_space == [] and ret.alarms() == []
        ballast = home.recordings / "ballast.bin"  # another program fills the disk
        ballast.write_bytes(b"\0" * 900_000)
        rep = ret.run_once()
        assert rep.deleted_space == [young] and rep.deleted_young == [young]
        assert (home.recordings / held).exists()
        kinds = [a["kind"] for a in ret.alarms()]
        assert "retention_shortfall" in kinds
        assert "chưa hết hạn lưu giữ" in ret.alarms()[-1]["vi"]
        with sqlite_db.read() as s:
            rows = [json.loads(e.detail) for e in s.scalars(select(AuditEntry).where(
                AuditEntry.action == "recording.retention_shortfall"))]
        assert len(rows) == 1 and rows[0]["paths"] == [young]
        # A day later the alarm has done its job (the audit row stays).
        assert ret.alarms(utcnow() + timedelta(days=1, minutes=1)) == \
            [a for a in ret.alarms() if a["kind"] != "retention_shortfall"]


def test_status_shows_free_space_as_it_is_now(sqlite_db: Database, home: DataHome) -> None:
    with small_disk(home.recordings, "4m"):
        rec = Recorder(home, sqlite_db)
        before = rec.status()["disk"]
        (home.recordings / "other.bin").write_bytes(b"\1" * 3_000_000)
        after = rec.status()["disk"]
    assert before["total_bytes"] == after["total_bytes"] > 0
    assert before["free_bytes"] - after["free_bytes"] >= 2_900_000
    assert after["free_percent"] < 30


def test_status_last_error_clears_when_recording_resumes() -> None:
    from controlroom.video.health import StreamStatus

    st = StreamStatus(1, "Cổng", "main", True)
    st.set_state("offline", "[Errno 111] Connection refused")
    assert st.as_dict()["last_error"]
    st.set_state("online")
    st.set_state("recording")
    d = st.as_dict()
    assert d["last_error"] == "" and d["last_error_text"] == {"vi": "", "en": ""}


def test_a_stuck_index_never_blocks_status(sqlite_db: Database, home: DataHome) -> None:
    """/status is answered from memory even while the database refuses writes."""
    rec = Recorder(home, sqlite_db)
    rec.index.raise_alarm("attempt to write a readonly database")
    done = threading.Event()
    threading.Thread(target=lambda: (rec.status(), done.set()), daemon=True).start()
    assert done.wait(10)
    doc = rec.status()
    assert doc["database"] == {"writable": False, "since": doc["database"]["since"],
                               "error": "attempt to write a readonly database"}
    assert [a["kind"] for a in doc["alarms"]] == ["database"]
    shutil.rmtree(home.run, ignore_errors=True)


@pytest.mark.slow
def test_recorder_status_speaks_the_desks_language(sqlite_db: Database, home: DataHome,
                                                   cli: Any) -> None:
    """`controlroom recorder status` shows the alarm and the camera's 401 in words, not
    FFmpeg's English."""
    with Simulator(1, auth="agent:dung-mat-khau") as sim:
        add_camera(sqlite_db, home, sim, 1, password="sai-mat-khau-123")
        sqlite_db.dispose()
        with immutable(home.database):
            rec = RecorderProcess(home).start()
            try:
                url = f"http://127.0.0.1:{rec.port()}/status"

                def ready() -> bool:
                    doc = json.loads(urllib.request.urlopen(url).read())
                    return bool(doc["alarms"]) and any(
                        c["state"] == "auth_failed" for c in doc["cameras"])

                wait_for(ready, 60, "database alarm and auth_failed", rec)
                vi = cli("recorder", "status").stdout
                en = cli("--lang", "en", "recorder", "status").stdout
            finally:
                assert rec.stop(timeout=20) == 0
    assert "BÁO ĐỘNG: Không ghi được cơ sở dữ liệu" in vi
    assert "Camera từ chối tên đăng nhập/mật khẩu (401)" in vi and "Unauthorized" not in vi
    assert "ALARM: The database refuses writes" in en
    assert "refused the user name/password (401)" in en and "Unauthorized" not in en


@pytest.mark.slow
def test_another_file_filling_the_disk_under_the_recorder(sqlite_db: Database,
                                                          home: DataHome) -> None:
    """A real recorder on a small disk; another program writes a big file: footage
    younger than its retention period is deleted to keep recording, and /status says so
    with the free space as it is."""
    with small_disk(home.recordings, "8m"), Simulator(1) as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        with RecorderProcess(home, "--retention-interval-seconds", "1",
                             segment_seconds=2) as rec:
            wait_for(lambda: len(segments(sqlite_db, cam)) >= 3, 60, "footage", rec)
            url = f"http://127.0.0.1:{rec.port()}/status"
            free = shutil.disk_usage(home.recordings).free
            (home.recordings / "other-program.bin").write_bytes(b"\0" * int(free * 0.97))

            def shortfall() -> dict | None:
                doc = json.loads(urllib.request.urlopen(url).read())
                kinds = [a["kind"] for a in doc["alarms"]]
                return doc if "retention_shortfall" in kinds else None

            doc = wait_for(shortfall, 60, "retention shortfall alarm", rec)
            real = shutil.disk_usage(home.recordings)
        assert rec.stop() == 0
    assert abs(doc["disk"]["free_bytes"] - real.free) < 0.05 * real.total  # not lagging
    with sqlite_db.read() as s:
        rows = [json.loads(e.detail) for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "recording.retention_shortfall"))]
    assert rows and rows[0]["count"] >= 1
