"""The compiled per-camera loop (controlroom/video/_native.c) against the real simulator."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest

from controlroom.video.clock import PacketClock
from controlroom.video.native_worker import NativeSegment, native_module
from controlroom.video.recovery import probe
from controlroom.video.simulator import Simulator
from controlroom.video.worker import rtsp_options
from tests.video.recording_support import decoded_frames


@pytest.fixture
def native() -> ModuleType:
    mod = native_module()
    # make test installs the headers (installer/ensure-deps.sh): not built is a failure.
    assert mod is not None, "controlroom.video._native is not built (pip install -e .)"
    return mod


def _open(native: ModuleType, url: str) -> object:
    feed = native.Input()
    feed.open(url, rtsp_options(url))
    return feed


def test_clock_matches_the_python_packet_clock(native: ModuleType) -> None:
    """Same algorithm in both places: the same cases give the same answers."""
    t0 = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    cases = [(None, 0.0), (1000, 0.0), (91000, 1.2), (91000, 1.3), (181000, 1.9),
             (181000 - 900000, 2.0), (181000 - 810000, 40.0), (181000 - 810000 + 3000, 40.0),
             (10**12, 41.0), (10**12 + 3600, 41.04)]
    py = PacketClock(Fraction(1, 90000))
    c = native.Input()
    c.set_clock(1, 90000)
    for dts, at in cases:
        a = py.accept_ts(dts, t0 + at)
        b = c.clock_accept(dts, t0 + at)
        if a is None:
            assert b is None, (dts, at)
        else:
            assert b is not None and b[1] == a[1] and b[0] == pytest.approx(a[0], abs=1e-6)
    assert c.counters == {"dropped_no_dts": py.dropped_no_dts,
                          "dropped_non_monotonic": py.dropped_non_monotonic,
                          "discontinuities": py.discontinuities}


def _record(native: ModuleType, url: str, root: Path, seconds: float) -> tuple:
    feed = _open(native, url)
    info = feed.info()  # type: ignore[attr-defined]
    seg = None
    events: list[int] = []
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            event, wall, payload = feed.read(0.25, 60.0, 1 / 15, True)  # type: ignore
            events.append(event)
            assert event not in (native.END, native.WRITE_ERROR), payload
            if event == native.SEGMENT and seg is None:
                seg = NativeSegment(feed, root, "x/seg.mp4",
                                    datetime.fromtimestamp(wall, UTC), info)
        assert seg is not None
        return seg.close(), info, events
    finally:
        feed.close()  # type: ignore[attr-defined]


def test_segment_is_stream_copy_hashed_and_timed(native: ModuleType, tmp_path: Path) -> None:
    with Simulator(1) as sim:
        t_start = time.time()
        res, info, events = _record(native, sim.url(1, "sub"), tmp_path, 4.0)
    os.close(res.fd)
    f = tmp_path / "x/seg.mp4"
    assert hashlib.sha256(f.read_bytes()).hexdigest() == res.sha256
    assert f.stat().st_size == res.bytes and res.error is None
    assert info["codec"] == "h264" and info["width"] == 640 and info["height"] == 360
    pr = probe(f)
    assert pr is not None and pr.codec == "h264" and pr.width == 640  # no re-encode
    assert decoded_frames(f) == res.packets >= 30
    assert res.duration_s == pytest.approx(res.packets / info["frame_rate"], abs=0.3)
    assert abs(res.start_utc.timestamp() - t_start) < 3
    assert events.count(native.TICK) >= 8  # Python hears from it a few times a second
    assert native.PACKET not in events  # and never per packet while nobody watches


def test_relay_subscription_starts_with_a_decodable_keyframe(native: ModuleType) -> None:
    import av

    with Simulator(1) as sim:
        feed = _open(native, sim.url(1, "sub"))
        try:
            while feed.read(0.25, 60.0, 1 / 15, False)[0] != native.TICK:  # type: ignore
                pass
            time.sleep(0.1)
            gop = feed.subscribe()  # type: ignore[attr-defined]
            delivered = []
            while len(delivered) < 10:
                event, _, payload = feed.read(0.25, 60.0, 1 / 15, False)  # type: ignore
                if event == native.PACKET:
                    delivered.append(payload)
            feed.unsubscribe()  # type: ignore[attr-defined]
            for _ in range(5):
                assert feed.read(0.25, 60.0, 1 / 15, False)[0] != native.PACKET  # type: ignore
        finally:
            feed.close()  # type: ignore[attr-defined]
    assert gop and gop[0][3] == 1
    packets = gop + delivered
    dts = [p[1] for p in packets]
    assert dts == sorted(dts) and len(set(dts)) == len(dts)  # nothing lost or repeated
    # The keyframe carries SPS/PPS in-band: a decoder with no extradata shows it.
    codec = av.CodecContext.create("h264", "r")
    frames = []
    for data, *_ in packets:
        frames += codec.decode(av.Packet(data))
    assert frames and frames[0].width == 640


def test_interrupt_aborts_a_blocking_connect(native: ModuleType) -> None:
    """Stop must not wait out a camera that accepts TCP and never answers."""
    import socket

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    url = f"rtsp://127.0.0.1:{srv.getsockname()[1]}/x"
    feed = native.Input()
    errors: list[BaseException] = []

    def connect() -> None:
        try:
            feed.open(url, rtsp_options(url))
        except native.Error as e:
            errors.append(e)

    t = threading.Thread(target=connect)
    t.start()
    time.sleep(1.0)
    started = time.monotonic()
    feed.interrupt()
    t.join(5)
    srv.close()
    assert not t.is_alive() and time.monotonic() - started < 2
    assert errors and isinstance(errors[0].code, int)  # type: ignore[attr-defined]


def test_wrong_password_is_reported_as_401(native: ModuleType) -> None:
    with Simulator(1, auth="agent:Đúng-mật-khẩu") as sim:
        url = sim.url(1, "sub").replace("://", "://agent:sai-mat-khau@", 1)
        with pytest.raises(native.Error) as info:
            _open(native, url)
        _open(native, sim.url(1, "sub", credentials=True)).close()  # type: ignore
    assert "401" in str(info.value)
    assert "sai-mat-khau" not in str(info.value)


def test_segment_on_a_full_disk_names_the_errno(native: ModuleType, tmp_path: Path) -> None:
    with Simulator(1) as sim:
        feed = _open(native, sim.url(1, "sub"))
        try:
            fd = os.open("/dev/full", os.O_WRONLY)
            with pytest.raises(OSError) as e:
                feed.start_segment(fd, time.time(), {"movflags": "+frag_keyframe+empty_moov"})  # type: ignore
            os.close(fd)
        finally:
            feed.close()  # type: ignore[attr-defined]
    assert e.value.errno == 28  # ENOSPC


def test_segment_start_time_is_close_to_now(native: ModuleType, tmp_path: Path) -> None:
    with Simulator(1) as sim:
        res, _, _ = _record(native, sim.url(1, "sub"), tmp_path, 2.5)
    os.close(res.fd)
    assert datetime.now(UTC) - res.end_utc < timedelta(seconds=3)
