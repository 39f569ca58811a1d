"""SegmentWriter and PacketClock against real RTSP from the simulator."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from controlroom.video.clock import PacketClock
from controlroom.video.recovery import probe
from controlroom.video.segmenter import segment_relpath
from controlroom.video.simulator import Simulator
from tests.video.recording_support import decoded_frames, record_with_segmenter


def test_segment_is_stream_copy_hashed_while_written(tmp_path: Path) -> None:
    with Simulator(1) as sim:
        res = record_with_segmenter(sim.url(1, "sub"), tmp_path, "a/b/seg.mp4", 3.0)
    f = tmp_path / "a/b/seg.mp4"
    assert hashlib.sha256(f.read_bytes()).hexdigest() == res.sha256
    assert f.stat().st_size == res.bytes
    assert res.error is None and res.packets >= 30
    pr = probe(f)
    assert pr is not None and pr.codec == "h264" and pr.width == 640  # no re-encode
    assert decoded_frames(f) == res.packets
    assert 2.5 <= res.duration_s <= 4.5


def test_segment_cut_short_still_plays(tmp_path: Path) -> None:
    """What kill -9 leaves: no trailer, a partial last fragment. Fragments before it play."""
    with Simulator(1) as sim:
        record_with_segmenter(sim.url(1, "sub"), tmp_path, "cut.mp4", 10, kill_at=5.0)
    f = tmp_path / "cut.mp4"
    pr = probe(f)
    assert pr is not None
    assert pr.last_end_s - pr.first_s >= 2.0  # at least the complete GOPs (2 s each)
    assert decoded_frames(f) >= 30


def test_relpath_follows_the_contract() -> None:
    t = datetime(2026, 11, 22, 1, 2, 3, tzinfo=UTC)
    assert segment_relpath("Cổng chợ/1", "main", t) == (
        "Cong_cho_1/2026-11-22/Cong_cho_1-main-20261122T010203Z.mp4")


def test_clock_anchors_drops_and_reanchors() -> None:
    c = PacketClock(Fraction(1, 90000))
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    assert c.accept(None, t0) is None and c.dropped_no_dts == 1
    wall, disc = c.accept(1000, t0) or (None, None)
    assert wall == t0 and disc is False
    wall, _ = c.accept(1000 + 90000, t0 + timedelta(seconds=1.2)) or (None, None)
    assert wall == t0 + timedelta(seconds=1)  # DTS spacing, not arrival jitter
    assert c.accept(1000 + 90000, t0 + timedelta(seconds=1.3)) is None  # not monotonic
    assert c.dropped_non_monotonic == 1
    # A packet earlier than predicted pulls the anchor back (less delayed).
    wall, _ = c.accept(1000 + 180000, t0 + timedelta(seconds=1.9)) or (None, None)
    assert wall == t0 + timedelta(seconds=1.9)
    # A big jump back in DTS (camera rebooted its clock) is a discontinuity.
    acc = c.accept(1000 + 180000 - 90000 * 10, t0 + timedelta(seconds=2.0))
    assert acc is not None and acc[1] is True and acc[0] == t0 + timedelta(seconds=2.0)
    # Lagging far behind the wall clock re-anchors too.
    acc = c.accept(1000 + 180000 - 90000 * 9, t0 + timedelta(seconds=40))
    assert acc is not None and acc[1] is True and acc[0] == t0 + timedelta(seconds=40)


@pytest.mark.parametrize("name", ["x.mp4", "CAM01-main-2026.mp4"])
def test_probe_refuses_non_segments(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    f.write_bytes(b"\x00" * 1000)
    assert probe(f) is None
