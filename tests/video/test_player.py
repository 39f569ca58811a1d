"""The libVLC wrapper on its own: events forwarded from libVLC threads, playback into a
native window, keyframe snapshot, stop/release off the calling thread, a bad file."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from controlroom.video.player import FILE_OPTIONS, Engine, Player, PlayerEvent

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clip") / "clip.mp4"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25", "-t", "4", "-c:v", "libx264", "-preset",
                    "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-movflags",
                    "+frag_keyframe+empty_moov+default_base_moof", str(path)],
                   check=True, timeout=60)
    return path


def window(qtbot: QtBot) -> QWidget:
    w = QWidget()
    w.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    w.resize(320, 240)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_plays_forwards_events_and_releases_off_thread(qtbot: QtBot, clip: Path,
                                                       tmp_path: Path) -> None:
    events: list[tuple[PlayerEvent, str]] = []
    p = Player(lambda _p, ev: events.append((ev, threading.current_thread().name)))
    w = window(qtbot)
    p.set_window(int(w.winId()))
    p.play(str(clip), FILE_OPTIONS)
    qtbot.waitUntil(lambda: any(e == PlayerEvent.VIDEO for e, _t in events), timeout=8000)
    assert p.url == str(clip)
    assert tuple(e for e, _t in events if e == PlayerEvent.PLAYING) >= (PlayerEvent.PLAYING, )
    # callbacks ran on libVLC's threads, never on ours
    assert all(t != threading.current_thread().name for _e, t in events)
    qtbot.waitUntil(lambda: p.decoded_frames() > 10, timeout=8000)
    info = p.video_info()
    assert info is not None and (info.width, info.height) == (320, 240)
    assert p.snapshot(tmp_path / "s.png")
    assert (tmp_path / "s.png").read_bytes()[:4] == b"\x89PNG"
    qtbot.waitUntil(lambda: any(e == PlayerEvent.END for e, _t in events), timeout=10000)
    n = len(events)
    fut = p.release_async()
    fut.result(timeout=10)
    assert len(events) == n  # nothing forwarded after stop was asked for
    assert Engine.shared() is p.engine  # one libVLC instance per process


def test_a_broken_file_reports_an_error_or_end(qtbot: QtBot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video" * 100)
    events: list[PlayerEvent] = []
    p = Player(lambda _p, ev: events.append(ev))
    w = window(qtbot)
    p.set_window(int(w.winId()))
    p.play(str(bad), FILE_OPTIONS)
    qtbot.waitUntil(lambda: PlayerEvent.ERROR in events or PlayerEvent.END in events,
                    timeout=8000)
    assert PlayerEvent.VIDEO not in events
    p.release_async().result(timeout=10)


CHILD = r"""
import sys, time
from controlroom.video.player import Engine, Player, LIVE_OPTIONS
engine = Engine(("--no-quiet", "--verbose=2", "--vout=dummy"))
p = Player(lambda _p, _ev: None, engine)
p.play(sys.argv[1], LIVE_OPTIONS)
deadline = time.monotonic() + 15
while time.monotonic() < deadline and not p.is_playing():
    time.sleep(0.1)
time.sleep(1)
print("playing" if p.is_playing() else "not playing", flush=True)
"""


def test_live_http_read_ahead_is_bounded(tmp_path: Path) -> None:
    """libVLC's prefetch ring defaults to 16 MiB per HTTP input and an endless live stream
    fills it: a 16-tile grid grew by 243 MiB in 10 minutes. The engine must ask for the
    small ring, and libVLC must really use it (the option's unit is KiB, not bytes)."""
    import sys

    from controlroom.video.player import PREFETCH_KIB

    assert PREFETCH_KIB <= 1024  # 16 tiles x 1 MiB at most
    from tests.ui.fake_relay import FakeRelay

    with FakeRelay(tmp_path, [1]) as relay:
        out = subprocess.run([sys.executable, "-c", CHILD,
                              f"http://127.0.0.1:{relay.port}/live/1/sub.ts"],
                             capture_output=True, text=True, timeout=60)
    assert "playing" in out.stdout.splitlines(), out.stderr[-2000:]
    rings = [line for line in out.stderr.splitlines() if "prefetch stream debug: using" in line]
    assert rings, out.stderr[-2000:]
    assert all(f"using {PREFETCH_KIB * 1024} bytes buffer" in line for line in rings), rings
