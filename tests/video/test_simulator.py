"""The RTSP camera simulator, checked with real clients (PyAV and ffprobe)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import av
import av.error
import pytest

from controlroom.errors import InvalidInput
from controlroom.video.simulator import Simulator

OPTS = {"rtsp_transport": "tcp", "timeout": "5000000"}


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    names = ["Cổng chợ Tịnh Châu", 'Ngã ba "Đông Hòa" & thôn 3']
    with Simulator(cameras=3, auth="admin:Mk-2026!", names=names) as s:
        yield s


def first_frame(url: str) -> av.VideoFrame:
    with av.open(url, options=OPTS) as c:
        for frame in c.decode(video=0):
            return frame
    raise AssertionError("no frame")


@pytest.mark.parametrize(("stream", "size"), [("main", (1280, 720)), ("sub", (640, 360))])
def test_frames_arrive_with_right_size(sim: Simulator, stream: str,
                                       size: tuple[int, int]) -> None:
    with av.open(sim.url(2, stream, credentials=True), options=OPTS) as c:
        vs = c.streams.video[0]
        assert vs.codec_context.name == "h264"
        frame = next(iter(c.decode(vs)))
        assert (frame.width, frame.height) == size


def test_urls_follow_the_contract(sim: Simulator) -> None:
    assert sim.url(1, "main") == f"rtsp://127.0.0.1:{sim.port}/cam1/main"
    assert sim.url(3, "sub") == f"rtsp://127.0.0.1:{sim.port}/cam3/sub"
    assert "Mk-2026" not in sim.masked_url(1)
    assert sim.masked_url(1).startswith("rtsp://admin:***@127.0.0.1:")
    # Special characters in a password are percent-encoded, not broken into the host.
    assert sim.url(1, credentials=True).startswith("rtsp://admin:Mk-2026%21@127.0.0.1:")
    with pytest.raises(InvalidInput):
        sim.url(4)
    with pytest.raises(InvalidInput):
        sim.url(1, "third")


def test_wrong_password_is_401_and_missing_is_401(sim: Simulator) -> None:
    bad = sim.url(1, credentials=True).replace("Mk-2026%21", "wrong")
    with pytest.raises(av.error.HTTPUnauthorizedError):
        av.open(bad, options=OPTS)
    with pytest.raises(av.error.HTTPUnauthorizedError):
        av.open(sim.url(1), options=OPTS)


def test_unknown_path_is_404(sim: Simulator) -> None:
    url = sim.url(1, credentials=True).replace("/cam1/", "/cam9/")
    with pytest.raises(av.error.HTTPNotFoundError):
        av.open(url, options=OPTS)


@pytest.mark.skipif(not shutil.which("ffprobe"), reason="ffprobe not installed")
def test_ffprobe_sees_h264(sim: Simulator) -> None:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-of", "json",
         "-show_entries", "stream=codec_name,width,height", sim.url(3, "sub", True)],
        capture_output=True, text=True, timeout=30, check=True)
    streams = json.loads(out.stdout)["streams"]
    assert streams == [{"codec_name": "h264", "width": 640, "height": 360}]


def test_offline_drops_clients_and_refuses_then_comes_back() -> None:
    with Simulator(cameras=2) as s:
        with av.open(s.url(1), options=OPTS) as c:
            for packets, _p in enumerate(c.demux(video=0), start=1):
                if packets == 5:
                    assert s.clients() == 1
                    s.set_offline(1, True)
                if packets > 2000:  # ~2 min of video: the stream never ended
                    pytest.fail("the client kept receiving after the camera went offline")
        assert s.clients() == 0
        with pytest.raises(av.error.HTTPNotFoundError):
            av.open(s.url(1, "sub"), options=OPTS)
        # The other camera is unaffected.
        assert first_frame(s.url(2, "sub")).width == 640
        s.set_offline(1, False)
        assert first_frame(s.url(1)).height == 720


def test_stop_ends_the_server_process() -> None:
    s = Simulator(cameras=1).start()
    pid = s.pid
    assert pid is not None and s.running
    s.stop()
    assert not s.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_busy_port_is_a_user_error() -> None:
    from controlroom.video.simulator import SimulatorError

    with Simulator(cameras=1) as a, pytest.raises(SimulatorError) as e:
        Simulator(cameras=1, port=a.port).start()
    assert str(a.port) in str(e.value)


@pytest.mark.parametrize("kw", [{"cameras": 0}, {"cameras": 65}, {"auth": "nocolon"},
                                {"auth": ":pw"}, {"port": 70000}, {"fps": 0},
                                {"sub_fps": 31}, {"auth_method": "ntlm"}])
def test_bad_arguments(kw: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        Simulator(**kw)  # type: ignore[arg-type]


def test_main_stream_can_loop_a_camera_like_clip(tmp_path: Path) -> None:
    """The benchmark's camera-like streams: a pre-encoded clip looped at its frame rate,
    with rising timestamps across the loop, at the clip's bitrate."""
    import time as _time

    import av

    from bench.recorder_bench import camera_clip

    clip = camera_clip(tmp_path, 2.0, 15)
    with (Simulator(1, fps=15, main_clip=clip) as sim,
          av.open(sim.url(1, "main"), options={"rtsp_transport": "tcp"}) as c):
        vs = c.streams.video[0]
        assert (vs.codec_context.width, vs.codec_context.height) == (1280, 720)
        t0, n, size, keys, last, backwards = _time.monotonic(), 0, 0, 0, -1, 0
        for p in c.demux(vs):
            if p.dts is None:
                continue
            n, size, keys = n + 1, size + p.size, keys + bool(p.is_keyframe)
            backwards += p.dts <= last
            last = p.dts
            if n == 15:  # past the frames queued while the client set up
                t0 = _time.monotonic()
            if n == 75:  # 4 s later
                break
        wall = _time.monotonic() - t0
    assert backwards == 0
    assert keys >= 2
    assert 3.2 < wall < 6  # paced like a camera, not as fast as the file reads
    assert size * 8 / (n / 15) > 1.2e6  # well above the live simulator's ~0.12 Mbit/s
