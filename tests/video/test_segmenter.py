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


def test_segment_start_follows_the_clock_back(tmp_path: Path) -> None:
    """The first packets after a connection arrive late by its set-up delay; the packet
    clock moves its anchor back once faster packets follow. The segment's start must be
    the first frame's time by that better estimate, not the opening guess."""
    import av

    from controlroom.video.segmenter import SegmentWriter

    src = tmp_path / "src.ts"
    import subprocess

    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25", "-t", "2", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "25", "-bf", "0", "-f", "mpegts", str(src)],
                   check=True, timeout=60)
    t0 = datetime(2026, 11, 22, 3, 0, tzinfo=UTC).timestamp()
    with av.open(str(src)) as c:
        vs = c.streams.video[0]
        clock = PacketClock(vs.time_base)
        writer: SegmentWriter | None = None
        arrival = t0 + 0.25  # the first packet arrives 0.25 s after it was taken
        for k, pkt in enumerate(p for p in c.demux(vs) if p.dts is not None):
            got = clock.accept_ts(pkt.dts, now=arrival if k == 0 else t0 + k * 0.04 + 0.01)
            assert got is not None
            wall, _ = got
            if writer is None:
                writer = SegmentWriter(tmp_path, "seg.mp4", vs, datetime.fromtimestamp(wall, UTC))
            writer.write_ts(pkt, wall, 0.04)
    assert writer is not None
    res = writer.close()
    import os

    os.close(res.fd)
    # opened at the late guess, closed at the real first-frame time (within the 10 ms
    # the later packets were themselves delayed)
    assert writer.start_utc.timestamp() == pytest.approx(t0 + 0.25, abs=1e-3)
    assert res.start_utc.timestamp() == pytest.approx(t0 + 0.01, abs=0.02)
    assert res.duration_s == pytest.approx(2.0, abs=0.05)


def _moof_count(path: Path) -> int:
    import struct

    data = path.read_bytes()
    off = n = 0
    while off + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[off:off + 8])
        if size < 8:
            break
        n += kind == b"moof"
        off += size
    return n


def test_long_gop_is_cut_into_short_fragments(tmp_path: Path) -> None:
    """A "smart codec" camera sends a keyframe every 10 s. Fragments must still be cut
    every MAX_FRAGMENT_S, or a crash would take up to a whole GOP and every camera would
    hold one in memory; the file must play through and keep every packet."""
    import os
    import subprocess

    import av

    from controlroom.video.segmenter import MAX_FRAGMENT_S, SegmentWriter

    src = tmp_path / "long-gop.ts"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25", "-t", "12", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "250", "-keyint_min", "250",
                    "-sc_threshold", "0", "-bf", "0", "-f", "mpegts", str(src)],
                   check=True, timeout=120)
    t0 = datetime(2026, 11, 22, 3, 0, tzinfo=UTC).timestamp()
    with av.open(str(src)) as c:
        vs = c.streams.video[0]
        writer = SegmentWriter(tmp_path, "seg.mp4", vs, datetime.fromtimestamp(t0, UTC))
        keys = 0
        for k, pkt in enumerate(p for p in c.demux(vs) if p.dts is not None):
            keys += bool(pkt.is_keyframe)
            writer.write_ts(pkt, t0 + k * 0.04, 0.04)
    res = writer.close()
    os.close(res.fd)
    out = tmp_path / "seg.mp4"
    assert keys == 2  # 12 s with a 10 s GOP
    assert _moof_count(out) >= 12 / MAX_FRAGMENT_S - 1
    assert decoded_frames(out) == res.packets == 300
    assert hashlib.sha256(out.read_bytes()).hexdigest() == res.sha256
