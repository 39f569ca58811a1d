"""An export of what the recorder wrote from an H.265 + G.711 camera: the clip and the
masters carry the sound, the manifest and the biên bản name the codecs and the camera's
clock offset, and the plain sha256sum / openssl checks and `controlroom verify` pass."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from controlroom.evidence.export import run_export
from controlroom.paths import DataHome
from controlroom.records import exports, users
from controlroom.records.db import Database
from controlroom.records.models import CameraDevice
from controlroom.records.users import SYSTEM
from controlroom.timeutil import utcnow
from controlroom.video.simulator import Simulator
from tests.evidence.fixtures import run
from tests.video.recording_support import RecorderProcess, add_camera, segments, wait_for

pytestmark = pytest.mark.slow


def _streams(path: Path) -> set[tuple[str, str]]:
    out = subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_entries",
                          "stream=codec_type,codec_name", str(path)],
                         capture_output=True, text=True, check=True)
    return {(s["codec_type"], s["codec_name"]) for s in json.loads(out.stdout)["streams"]}


def test_hevc_g711_recording_exports_with_sound(sqlite_db: Database, home: DataHome,
                                                tmp_path: Path, cli: Any) -> None:
    db = sqlite_db
    with Simulator(1, codec="h265", audio="pcma") as sim:
        cam = add_camera(db, home, sim, 1)
        with RecorderProcess(home, segment_seconds=3) as rec:
            segs = wait_for(lambda: len(segments(db, cam)) >= 3 and segments(db, cam), 90,
                            "three segments", rec)
            assert rec.stop() == 0
    checked = utcnow()
    with db.session() as s:
        s.add(CameraDevice(camera_id=cam, manufacturer="Hikvision", model="DS-2CD1023G0E-I",
                           serial="DS-2CD1023G0E-I20231102AAWRF12345678", firmware="V5.7.3",
                           clock_offset_s=-73.4, clock_checked_utc=checked))
        o = users.create(s, SYSTEM, "duc", "canbo-Mk2026!", "officer",
                         full_name="Nguyễn Văn Đức", rank="Thượng úy", unit="Công an xã")
        le = users.create(s, SYSTEM, "hang", "totruong-Mk2026!", "leader",
                          full_name="Trần Thị Hằng", rank="Trung tá", unit="Công an xã")
        s.flush()
        officer, leader = users.identity(o), users.identity(le)
        start = segs[0]["start"] + timedelta(seconds=0.5)
        end = segs[2]["end"] - timedelta(seconds=0.5)
        req = exports.ExportRequest(
            camera_ids=(cam,), start_utc=start, end_utc=end, request_ref="CV 21/CAX",
            reason="Xác minh tiếng kêu cứu tại cổng chợ", agency="Công an huyện",
            witness="Lê Thị Mận", camera_owner="Hộ ông Phạm Văn Đồng",
            medium="USB 32 GB", seal_number="NP-0043")
        exp = exports.create_request(s, officer, req)
        exports.approve(s, leader, exp.id)
        eid = exp.id
    dest = tmp_path / "usb"
    dest.mkdir()
    res = run_export(db, officer, eid, dest, home)
    folder = res.folder

    # The plain checks, unchanged.
    assert run(["sha256sum", "--strict", "-c", "SHA256SUMS"], folder).returncode == 0
    ver = run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "public_key.pem",
               "-rawin", "-in", "SHA256SUMS", "-sigfile", "SHA256SUMS.sig"], folder)
    assert "Signature Verified Successfully" in ver.stdout
    assert cli("verify", str(folder)).returncode == 0

    m = json.loads((folder / "manifest.json").read_text())
    c = m["cameras"][0]
    assert c["audio_codec"] == "aac"
    assert [(x["codec"], x["audio_codec"]) for x in c["clips"]] == [("hevc", "aac")]
    assert c["device"]["camera_clock_offset_s"] == -73.4
    assert c["device"]["model"] == "DS-2CD1023G0E-I"
    # Masters and the clip hold both tracks; the video of the masters is what was recorded.
    for doc in c["segments"]:
        assert _streams(folder / doc["file"]) == {("video", "hevc"), ("audio", "aac")}
    assert _streams(folder / c["clips"][0]["file"]) == {("video", "hevc"), ("audio", "aac")}

    text = subprocess.run(["pdftotext", "-layout", "bien_ban.pdf", "-"], cwd=folder,
                          capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "âm thanh: AAC" in flat and "Hình H.265" in flat
    assert "Độ lệch đồng hồ camera" in flat and "-73.4 giây" in flat
