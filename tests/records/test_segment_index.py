"""Segment index writes, gaps, health events and uptime (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from controlroom.records import segment_index as si
from controlroom.records.db import Database
from controlroom.records.models import Camera, Gap, Segment
from controlroom.records.recordings import coverage

T0 = datetime(2026, 11, 22, 0, 0, tzinfo=UTC)


def _cam(db: Database) -> int:
    with db.session() as s:
        c = Camera(uid=str(uuid.uuid4()), name="Ngã ba", code="NGABA")
        s.add(c)
        s.flush()
        return c.id


def test_open_then_close_segment_and_gaps(db: Database) -> None:
    cam = _cam(db)
    with db.session() as s:
        si.open_segment(s, cam, "main", "a.mp4", T0, "h264", 1280, 720)
        # a second open gap for the same stream is not created: the older one stays
        g1 = si.open_gap(s, cam, "main", T0 + timedelta(seconds=60), "offline", "timeout")
        g2 = si.open_gap(s, cam, "main", T0 + timedelta(seconds=70), "auth_failed")
        assert g1.id == g2.id
    with db.session() as s:
        assert si.close_segment(s, "a.mp4", si.SegmentFacts(
            T0 + timedelta(seconds=60), 60.0, 1234, "f" * 64))
        assert not si.close_segment(s, "nope.mp4", si.SegmentFacts(T0, 0, 0, ""))
        assert si.close_gaps(s, cam, "main", T0 + timedelta(seconds=80)) == 1
        si.open_segment(s, cam, "main", "b.mp4", T0 + timedelta(seconds=80))
        si.close_segment(s, "b.mp4", si.SegmentFacts(T0 + timedelta(seconds=140), 60, 1, "e" * 64))
    with db.read() as s:
        seg = s.query(Segment).filter_by(path="a.mp4").one()
        assert (seg.state, seg.bytes, seg.sha256, seg.end_utc) == (
            "closed", 1234, "f" * 64, T0 + timedelta(seconds=60))
        assert si.last_segment_end(s, cam) == T0 + timedelta(seconds=140)
        spans = coverage(s, cam, T0, T0 + timedelta(seconds=140))
        gap_end = s.query(Gap).one().end_utc
    assert [(sp.kind, sp.reason) for sp in spans] == [
        ("recorded", ""), ("gap", "offline"), ("recorded", "")]
    assert gap_end == T0 + timedelta(seconds=80)
    with db.session() as s, pytest.raises(ValueError):
        si.open_gap(s, cam, "main", T0, "aliens")


def test_mark_missing_and_drop(db: Database) -> None:
    cam = _cam(db)
    with db.session() as s:
        for i in range(3):
            si.add_closed_segment(s, cam, "main", f"{i}.mp4", T0, si.SegmentFacts(T0, 1, 5, "a"))
        si.open_segment(s, cam, "main", "stub.mp4", T0)
    with db.session() as s:
        assert si.mark_missing(s, ["0.mp4", "2.mp4"]) == 2
        si.drop_segment(s, "stub.mp4")
        si.drop_segment(s, "1.mp4")  # has bytes: never dropped
    with db.read() as s:
        states = {g.path: g.state for g in s.query(Segment)}
    assert states == {"0.mp4": "missing", "1.mp4": "closed", "2.mp4": "missing"}


def test_uptime_from_health_events(db: Database) -> None:
    cam = _cam(db)
    with db.session() as s:
        si.health_event(s, cam, "connecting", T0 - timedelta(minutes=10))
        si.health_event(s, cam, "recording", T0 - timedelta(minutes=9))
        si.health_event(s, cam, "offline", T0 + timedelta(minutes=30))
        si.health_event(s, cam, "online", T0 + timedelta(minutes=45))
        si.health_event(s, cam, "recording", T0 + timedelta(minutes=46))
        with pytest.raises(ValueError):
            si.health_event(s, cam, "sleepy", T0)
    with db.read() as s:
        u = si.uptime(s, cam, T0, T0 + timedelta(hours=1))
        before = si.uptime(s, cam, T0 - timedelta(hours=1), T0 - timedelta(minutes=10))
        empty = si.uptime(s, cam, T0, T0)
    assert u.total_s == 3600 and u.up_s == 3600 - 15 * 60
    assert u.by_state == {"recording": 1800.0 + 14 * 60, "offline": 900.0, "online": 60.0}
    assert abs(u.fraction - 0.75) < 1e-9
    assert before.up_s == 0 and before.by_state == {"unknown": 3000.0}
    assert empty.fraction == 0.0


def test_close_moves_a_late_start_back_over_the_gap_only(db: Database) -> None:
    """The recorder learns after opening a file that its first frame came earlier than
    first estimated (connection set-up delay). Closing moves the start back and the gap
    before it ends there too; it never overlaps the footage before that gap."""
    cam = _cam(db)
    t_reconnect = T0 + timedelta(seconds=90)
    with db.session() as s:
        si.open_segment(s, cam, "main", "a.mp4", T0)
        si.close_segment(s, "a.mp4", si.SegmentFacts(T0 + timedelta(seconds=60), 60, 1, "a"))
        si.open_gap(s, cam, "main", T0 + timedelta(seconds=60), "offline")
        si.close_gaps(s, cam, "main", t_reconnect)
        si.open_segment(s, cam, "main", "b.mp4", t_reconnect)
        early = t_reconnect - timedelta(seconds=0.25)
        si.close_segment(s, "b.mp4", si.SegmentFacts(
            t_reconnect + timedelta(seconds=10), 10.25, 1, "b", start_utc=early))
        # a continuous segment whose estimate would reach into the one before: clamped
        si.open_segment(s, cam, "main", "c.mp4", t_reconnect + timedelta(seconds=10))
        si.close_segment(s, "c.mp4", si.SegmentFacts(
            t_reconnect + timedelta(seconds=20), 10, 1, "c",
            start_utc=t_reconnect + timedelta(seconds=9)))
        # a later estimate is ignored: the start only ever moves back
        si.open_segment(s, cam, "main", "d.mp4", t_reconnect + timedelta(seconds=20))
        si.close_segment(s, "d.mp4", si.SegmentFacts(
            t_reconnect + timedelta(seconds=30), 10, 1, "d",
            start_utc=t_reconnect + timedelta(seconds=21)))
    with db.read() as s:
        starts = {seg.path: seg.start_utc for seg in s.query(Segment)}
        gap_end = s.query(Gap).one().end_utc
        spans = coverage(s, cam, T0, t_reconnect + timedelta(seconds=30))
    assert starts["b.mp4"] == early
    assert gap_end == early
    assert starts["c.mp4"] == t_reconnect + timedelta(seconds=10)
    assert starts["d.mp4"] == t_reconnect + timedelta(seconds=20)
    assert [sp.kind for sp in spans] == ["recorded", "gap", "recorded"]
