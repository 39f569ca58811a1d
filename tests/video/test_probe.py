"""probe() against the real simulator and real network failure modes."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from controlroom.video.probe import ProbeError, probe
from controlroom.video.simulator import Simulator

PW = "Pr0be-S3cret"


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(cameras=2, auth=f"admin:{PW}") as s:
        yield s


def no_secret(e: ProbeError) -> None:
    for text in (e.vi, e.en, str(e), repr(e.args)):
        assert PW not in text


def test_success_main_and_sub(sim: Simulator) -> None:
    r = probe(sim.url(1, "main"), timeout=10, username="admin", password=PW)
    assert (r.codec, r.width, r.height) == ("h264", 1280, 720)
    assert r.fps is not None and 8 <= r.fps <= 16  # simulator sends 12 fps
    assert r.bitrate_kbps is not None and r.bitrate_kbps > 0
    assert r.first_frame_s > 0
    assert r.url == f"rtsp://admin:***@127.0.0.1:{sim.port}/cam1/main"
    sub = probe(sim.url(1, "sub", credentials=True), timeout=10)  # credentials in the URL
    assert (sub.width, sub.height) == (640, 360)
    assert PW not in sub.url


def test_wrong_password(sim: Simulator) -> None:
    with pytest.raises(ProbeError) as e:
        probe(sim.url(1), timeout=5, username="admin", password="wrong-" + PW)
    assert e.value.kind == "auth" and "401" in e.value.en
    assert "wrong-" not in e.value.en
    no_secret(e.value)


def test_wrong_path(sim: Simulator) -> None:
    with pytest.raises(ProbeError) as e:
        probe(sim.url(1).replace("cam1", "cam7"), timeout=5, username="admin", password=PW)
    assert e.value.kind == "not_found" and "404" in e.value.en
    no_secret(e.value)


def test_connection_refused_on_closed_port() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with pytest.raises(ProbeError) as e:
        probe(f"rtsp://admin:{PW}@127.0.0.1:{port}/x", timeout=3)
    assert e.value.kind == "refused"
    no_secret(e.value)


def test_silent_server_times_out() -> None:
    """A host that accepts TCP but never answers RTSP (a hung camera)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    try:
        with pytest.raises(ProbeError) as e:
            probe(f"rtsp://admin:{PW}@127.0.0.1:{srv.getsockname()[1]}/x", timeout=1.5)
    finally:
        srv.close()
    assert e.value.kind == "timeout"
    no_secret(e.value)


def test_no_route_is_unreachable() -> None:
    # 2001:db8::/32 is the documentation prefix: never routed.
    with pytest.raises(ProbeError) as e:
        probe(f"rtsp://admin:{PW}@[2001:db8::1]:554/x", timeout=2)
    assert e.value.kind in ("unreachable", "timeout")
    no_secret(e.value)


def test_not_rtsp_service() -> None:
    """Something else on the port (e.g. the camera's web page) answers at once."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)

    def answer() -> None:
        conn, _ = srv.accept()
        conn.recv(1000)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
        conn.close()

    t = threading.Thread(target=answer, daemon=True)
    t.start()
    try:
        with pytest.raises(ProbeError) as e:
            probe(f"rtsp://127.0.0.1:{srv.getsockname()[1]}/x", timeout=5)
    finally:
        srv.close()
    assert e.value.kind == "not_rtsp"


def test_unsupported_codec() -> None:
    with Simulator(cameras=1, codec="mjpeg") as s, pytest.raises(ProbeError) as e:
        probe(s.url(1, "sub"), timeout=10)
    assert e.value.kind == "codec" and "mjpeg" in e.value.en


def test_bad_url_is_invalid_input() -> None:
    from controlroom.errors import InvalidInput

    with pytest.raises(InvalidInput):
        probe(f"http://admin:{PW}@127.0.0.1/x")


def test_unknown_host_name() -> None:
    with pytest.raises(ProbeError) as e:
        probe(f"rtsp://admin:{PW}@camera-khong-co.invalid/x", timeout=3)
    assert e.value.kind in ("dns", "timeout", "unreachable")
    no_secret(e.value)


def test_audio_codec_is_reported() -> None:
    """`camera test` says what sound a camera sends (issue 14): G.711 is recorded as AAC,
    AAC as it comes, H.265 main streams are accepted, a camera without a microphone has
    "no audio"."""
    with Simulator(3, codec=["h265", "h264", "h264"], audio=["pcma", "aac", None]) as s:
        g711 = probe(s.url(1, "main"), timeout=10)
        aac = probe(s.url(2, "main"), timeout=10)
        mute = probe(s.url(3, "sub"), timeout=10)
    assert (g711.codec, g711.audio_codec, g711.audio_rate) == ("hevc", "pcm_alaw", 8000)
    assert g711.audio_recorded_as == "aac"
    assert g711.audio_text.en == "audio G.711 A-law 8 kHz (recorded as AAC)"
    assert g711.audio_text.vi == "âm thanh G.711 A-law 8 kHz (ghi thành AAC)"
    assert (aac.audio_codec, aac.audio_rate) == ("aac", 16000)
    assert aac.audio_text.en == "audio AAC 16 kHz"
    assert mute.audio_codec == "" and mute.audio_text.en == "no audio"
