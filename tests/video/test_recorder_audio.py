"""Cameras as they come: H.265 + G.711 and H.264 + AAC, recorded with their sound through
segment boundaries, a reconnect and kill -9, by both per-camera loops."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import urllib.request
from pathlib import Path

import av
import pytest

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.models import Camera, Segment
from controlroom.video.control import RecorderClient
from controlroom.video.simulator import Simulator
from tests.video.recording_support import (
    RecorderProcess,
    add_camera,
    av_offsets,
    segments,
    wait_for,
)

pytestmark = pytest.mark.slow


def ffprobe_streams(path: Path) -> list[dict[str, object]]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_entries",
         "stream=codec_type,codec_name,sample_rate", str(path)],
        capture_output=True, text=True, timeout=30, check=True)
    return list(json.loads(out.stdout)["streams"])


def _audio_rows(db: Database, cam: int) -> list[tuple[str, str, str]]:
    with db.read() as s:
        return [(r.path, r.codec, r.audio_codec) for r in
                s.query(Segment).filter(Segment.camera_id == cam)]


@pytest.mark.parametrize("native", ["1", "0"], ids=["native", "pyav"])
def test_hevc_g711_and_h264_aac_through_reconnect_and_kill9(
        sqlite_db: Database, home: DataHome, native: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTROLROOM_NATIVE", native)
    with Simulator(2, codec=["h265", "h264"], audio=["pcma", "aac"], av_marks=True,
                   fps=12) as sim:
        hevc = add_camera(sqlite_db, home, sim, 1)
        avc = add_camera(sqlite_db, home, sim, 2)
        rec = RecorderProcess(home, segment_seconds=3).start()
        try:
            for cam in (hevc, avc):
                wait_for(lambda c=cam: len(segments(sqlite_db, c)) >= 2, 90,
                         "two segments", rec)
            # A reconnect: the camera drops off the network and comes back.
            n = len(segments(sqlite_db, hevc))
            sim.set_offline(1, True)
            wait_for(lambda: len(segments(sqlite_db, hevc)) > n, 30, "segment closed", rec)
            sim.set_offline(1, False)
            n = len(segments(sqlite_db, hevc))
            wait_for(lambda: len(segments(sqlite_db, hevc)) >= n + 2, 90,
                     "recording again", rec)
            # kill -9 in the middle of a segment: the recovered file keeps both tracks.
            rec.kill9()
        finally:
            rec.stop()
        with RecorderProcess(home, segment_seconds=3) as rec2:
            n = len(segments(sqlite_db, hevc))
            wait_for(lambda: len(segments(sqlite_db, hevc)) >= n + 2, 90,
                     "recording after the crash", rec2)
            assert rec2.stop() == 0, rec2.output()[-2000:]

    checked = 0
    for cam, vcodec in ((hevc, "hevc"), (avc, "h264")):
        rows = _audio_rows(sqlite_db, cam)
        assert rows and all(r[1] == vcodec and r[2] == "aac" for r in rows), rows
        for seg in segments(sqlite_db, cam):
            f = home.recordings / seg["path"]
            assert hashlib.sha256(f.read_bytes()).hexdigest() == seg["sha256"]
            streams = ffprobe_streams(f)
            kinds = {(s["codec_type"], s["codec_name"]) for s in streams}
            assert kinds == {("video", vcodec), ("audio", "aac")}, (seg["path"], streams)
            offsets = av_offsets(f)
            if seg["duration"] >= 2.5:
                assert offsets, seg["path"]
            assert all(abs(o) < 0.1 for o in offsets), (seg["path"], offsets)
            checked += len(offsets)
    assert checked >= 10


def test_audio_off_records_video_only(sqlite_db: Database, home: DataHome) -> None:
    """A post that must not record sound turns it off per camera."""
    with Simulator(1, audio="pcma") as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        with sqlite_db.session() as s:
            row = s.get(Camera, cam)
            assert row is not None and row.record_audio is True  # default on
            row.record_audio = False
        with RecorderProcess(home, segment_seconds=3) as rec:
            segs = wait_for(lambda: segments(sqlite_db, cam) or None, 60, "a segment", rec)
            rec.stop()
    streams = ffprobe_streams(home.recordings / segs[0]["path"])
    assert [s["codec_type"] for s in streams] == ["video"]
    assert all(r[2] == "" for r in _audio_rows(sqlite_db, cam))


@pytest.mark.parametrize("native", ["1", "0"], ids=["native", "pyav"])
def test_live_relay_carries_the_sound_in_step(sqlite_db: Database, home: DataHome,
                                              native: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The main stream's relay (a maximised tile) carries the recorded AAC beside the
    pictures, on the same clock: the marks' offset in what a viewer receives is < 100 ms."""
    monkeypatch.setenv("CONTROLROOM_NATIVE", native)
    with Simulator(1, audio="pcma", av_marks=True) as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        client = RecorderClient(home)
        with RecorderProcess(home) as rec:
            wait_for(lambda: (client.camera_status(cam, "main") or {}).get("recording"),
                     60, "recording", rec)
            dump = tmp_path / "relay.ts"
            with av.open(client.live_url(cam, "main"), timeout=15) as c:
                kinds = sorted(s.type for s in c.streams)
                assert kinds == ["audio", "video"], kinds
                assert c.streams.audio[0].codec_context.name == "aac"
            # What a viewer receives over 5 s, kept as it came, then measured.
            with urllib.request.urlopen(client.live_url(cam, "main"), timeout=15) as r, \
                    dump.open("wb") as out:
                t0 = time.monotonic()
                while time.monotonic() - t0 < 5:
                    out.write(r.read(65536))
            rec.stop()
    offsets = av_offsets(dump)
    assert len(offsets) >= 3, offsets
    assert all(abs(o) < 0.1 for o in offsets), offsets
