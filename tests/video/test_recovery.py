"""Start-up recovery: kill -9 mid-segment, orphan files, vanished files."""

from __future__ import annotations

import hashlib
import shutil
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Gap, Segment
from controlroom.records.segment_index import SegmentFacts, add_closed_segment
from controlroom.timeutil import utcnow
from controlroom.video.recovery import recover
from controlroom.video.simulator import Simulator
from tests.video.recording_support import (
    RecorderProcess,
    add_camera,
    decoded_frames,
    record_with_segmenter,
    segments,
    wait_for,
)


@pytest.mark.slow
def test_kill9_mid_segment_then_restart(sqlite_db: Database, home: DataHome) -> None:
    with Simulator(1) as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        rec = RecorderProcess(home, segment_seconds=8).start()
        first = wait_for(lambda: segments(sqlite_db, cam), 60, "a closed segment", rec)
        before = {s["path"]: s["sha256"] for s in first}
        # Let the next segment grow a few seconds, then pull the plug.
        open_row = wait_for(lambda: segments(sqlite_db, cam, ("open",)), 20, "open row", rec)[0]
        f = home.recordings / open_row["path"]
        wait_for(lambda: f.exists() and f.stat().st_size > 0, 30, "data in open file")
        time.sleep(max(0.0, 5 - (utcnow() - open_row["start"]).total_seconds()))
        rec.kill9()
        assert segments(sqlite_db, cam, ("open",))  # the crash left the row open

        rec2 = RecorderProcess(home, segment_seconds=8).start()
        try:
            # Recovery runs before recording: the row is finished from the file.
            part = next(s for s in segments(sqlite_db, cam) if s["path"] == open_row["path"])
            resumed = wait_for(lambda: [s for s in segments(sqlite_db, cam)
                                        if s["start"] > part["end"]], 60, "new footage", rec2)
        finally:
            assert rec2.stop() == 0
    assert hashlib.sha256(f.read_bytes()).hexdigest() == part["sha256"]
    assert f.stat().st_size == part["bytes"]
    assert part["duration"] >= 2.0 and decoded_frames(f) >= 30
    for path, digest in before.items():  # nothing earlier lost or changed
        assert hashlib.sha256((home.recordings / path).read_bytes()).hexdigest() == digest
    with sqlite_db.read() as s:
        gaps = [(g.start_utc, g.end_utc, g.reason) for g in s.scalars(
            select(Gap).where(Gap.camera_id == cam).order_by(Gap.start_utc))]
        actions = [a.action for a in s.scalars(select(AuditEntry))]
    stopped = [g for g in gaps if g[2] == "recorder_stopped" and g[1] is not None]
    assert stopped and stopped[0][0] == part["end"]
    assert stopped[0][1] <= resumed[0]["start"]
    assert "recording.recover" in actions


def test_orphan_and_missing_files(db: Database, home: DataHome) -> None:
    with Simulator(1) as sim:
        cam = add_camera(db, home, sim, 1)
        t = datetime(2026, 11, 20, 3, 0, 0, tzinfo=UTC)
        rel = "CAM01/2026-11-20/CAM01-main-20261120T030000Z.mp4"
        res = record_with_segmenter(sim.url(1, "sub"), home.recordings, rel, 2.5)
    # An orphan: a file whose row never got committed.
    orphan = "CAM01/2026-11-20/CAM01-main-20261120T031000Z.mp4"
    shutil.copy(home.recordings / rel, home.recordings / orphan)
    # A closed row whose file vanished; and a stray file of no known camera.
    with db.session() as s:
        add_closed_segment(s, cam, "main", rel, t, SegmentFacts(t, 2.5, res.bytes, res.sha256))
        add_closed_segment(s, cam, "main", "CAM01/2026-11-19/gone.mp4", t,
                           SegmentFacts(t, 60, 1, "0" * 64))
    stray = home.recordings / "NOBODY/2026-11-20/NOBODY-main-20261120T030000Z.mp4"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")

    rep = recover(db, home.recordings)
    assert rep.orphans == [orphan]
    assert rep.missing == ["CAM01/2026-11-19/gone.mp4"]
    assert rep.unknown_files == ["NOBODY/2026-11-20/NOBODY-main-20261120T030000Z.mp4"]
    with db.read() as s:
        rows = {g.path: (g.state, g.sha256, g.start_utc, g.duration_s)
                for g in s.scalars(select(Segment))}
    state, digest, start, duration = rows[orphan]
    assert state == "closed" and digest == res.sha256
    assert start == datetime(2026, 11, 20, 3, 10, 0, tzinfo=UTC)  # from the file name
    assert 2.0 <= duration <= 4.0
    assert rows["CAM01/2026-11-19/gone.mp4"][0] == "missing"
    assert rows[rel][0] == "closed"
    # A second pass finds nothing new to do.
    again = recover(db, home.recordings)
    assert not again.changed()
