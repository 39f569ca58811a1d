"""Playback's view of the segment index follows the recorder: new files, files still being
written, a file's final end at close; and where playback opens. Frame step's pictures."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import av

from controlroom.paths import DataHome
from controlroom.records import segment_index
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.video.segment_list import (
    SegmentList,
    decode_picture,
    frame_times,
    live_coverage,
    next_frame_time,
    opening_time,
)

T = datetime(2026, 11, 22, 1, 0, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def _file(home: DataHome, name: str, written_until: datetime) -> str:
    p = home.recordings / "CAM-01" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"\0" * 1000)
    os.utime(p, (written_until.timestamp(), written_until.timestamp()))
    return f"CAM-01/{name}"


def _camera(db: Database) -> int:
    with db.session() as s:
        cam = Camera(uid="c1", name="Cổng chợ", code="CAM-01")
        s.add(cam)
        s.flush()
        return cam.id


def _open(db: Database, cam: int, rel: str, start: datetime) -> None:
    with db.session() as s:
        segment_index.open_segment(s, cam, "main", rel, start)


def _close(db: Database, rel: str, end: datetime) -> None:
    with db.session() as s:
        segment_index.close_segment(s, rel, segment_index.SegmentFacts(
            end, (end - T).total_seconds(), 1000, "ab" * 32))


def test_follows_new_and_still_open_segments(db: Database, home: DataHome) -> None:
    cam = _camera(db)
    a = _file(home, "a.mp4", T + timedelta(seconds=60))
    _open(db, cam, a, T)
    _close(db, a, T + timedelta(seconds=60))
    clock = Clock()
    segs = SegmentList(db, home.recordings, cam, clock=clock,
                       now=lambda: T + timedelta(hours=1))
    seg = segs.at(T + timedelta(seconds=10))
    assert seg is not None and seg.path.name == "a.mp4" and segs.reads == 1

    # the recorder starts the next one-minute file while the officer watches
    b = _file(home, "b.mp4", T + timedelta(seconds=75))
    _open(db, cam, b, T + timedelta(seconds=60))
    assert segs.at(T + timedelta(seconds=70)) is None  # read less than a second ago
    clock.t += 2
    seg = segs.at(T + timedelta(seconds=70))
    assert seg is not None and seg.path.name == "b.mp4" and seg.open
    assert seg.end == T + timedelta(seconds=75)  # as far as the file is written
    reads = segs.reads

    # the open file grows: no new read needed to play further into it
    os.utime(home.recordings / b, ((T + timedelta(seconds=100)).timestamp(),) * 2)
    seg = segs.at(T + timedelta(seconds=95))
    assert seg is not None and seg.path.name == "b.mp4" and segs.reads == reads
    assert segs.next_start_after(T + timedelta(seconds=10)) == T + timedelta(seconds=60)

    # across the next file boundary
    _close(db, b, T + timedelta(seconds=120))
    c = _file(home, "c.mp4", T + timedelta(seconds=130))
    _open(db, cam, c, T + timedelta(seconds=120))
    clock.t += 2
    seg = segs.at(T + timedelta(seconds=125))
    assert seg is not None and seg.path.name == "c.mp4"
    assert segs.get(seg.id) == seg
    # the file before a file (frame step back from a file's first picture)
    before = segs.before(seg.start)
    assert before is not None and before.path.name == "b.mp4"
    before = segs.before(before.start)
    assert before is not None and before.path.name == "a.mp4"
    assert segs.before(T) is None


def test_a_real_gap_does_not_query_every_tick(db: Database, home: DataHome) -> None:
    cam = _camera(db)
    a = _file(home, "a.mp4", T + timedelta(seconds=60))
    _open(db, cam, a, T)
    _close(db, a, T + timedelta(seconds=60))
    clock = Clock()
    segs = SegmentList(db, home.recordings, cam, clock=clock)
    for _ in range(20):
        assert segs.at(T + timedelta(seconds=90)) is None
    assert segs.reads == 1


def test_opens_at_the_newest_footage(db: Database, home: DataHome) -> None:
    cam = _camera(db)
    assert opening_time(db, home.recordings, [cam]) is None  # nothing recorded yet
    # a fresh install: the first file has been written for 5 seconds
    a = _file(home, "a.mp4", T + timedelta(seconds=5))
    _open(db, cam, a, T)
    assert opening_time(db, home.recordings, [cam]) == T  # not before any recording
    os.utime(home.recordings / a, ((T + timedelta(seconds=60)).timestamp(),) * 2)
    _close(db, a, T + timedelta(seconds=60))
    b = _file(home, "b.mp4", T + timedelta(seconds=70))
    _open(db, cam, b, T + timedelta(seconds=60))
    assert opening_time(db, home.recordings, [cam]) == T + timedelta(seconds=50)
    assert opening_time(db, home.recordings, []) is None


def test_live_coverage_counts_the_open_file(db: Database, home: DataHome) -> None:
    cam = _camera(db)
    a = _file(home, "a.mp4", T + timedelta(seconds=60))
    _open(db, cam, a, T)
    _close(db, a, T + timedelta(seconds=60))
    b = _file(home, "b.mp4", T + timedelta(seconds=95))
    _open(db, cam, b, T + timedelta(seconds=60))
    spans = live_coverage(db, home.recordings, cam, T - timedelta(minutes=1),
                          T + timedelta(minutes=5))
    assert [(x.kind, x.start, x.end) for x in spans] == [
        ("gap", T - timedelta(minutes=1), T),
        ("recorded", T, T + timedelta(seconds=95)),
        ("gap", T + timedelta(seconds=95), T + timedelta(minutes=5))]


def test_next_frame_time_and_decoded_picture(tmp_path: Path) -> None:
    path = tmp_path / "s.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=160x90:rate=25", "-t", "3", "-c:v", "libx264", "-g", "25",
                    "-bf", "0", "-pix_fmt", "yuv420p", str(path)], check=True, timeout=120)
    times = frame_times(path)
    assert len(times) == 75 and times[:2] == (0.0, 0.04)
    assert next_frame_time(path, 1.0) == 1.04
    assert next_frame_time(path, 1.01) == 1.04  # between pictures: the next one
    assert next_frame_time(path, times[-1]) is None  # the file's end
    pic = decode_picture(path, 1.08)  # two pictures after a keyframe
    assert pic is not None and (pic.width, pic.height) == (160, 90)
    with av.open(str(path)) as c:
        ref = next(f for f in c.decode(video=0) if f.time is not None and f.time >= 1.079)
        rgb = ref.to_ndarray(format="rgb24").tobytes()
    assert pic.rgb == rgb
    assert decode_picture(tmp_path / "missing.mp4", 1.0) is None
