"""Real recorded segments for export tests: fragmented MP4 files made by ffmpeg exactly
as the recorder writes them, indexed with their real size and SHA-256. Import the
fixtures into a test module (or conftest) to use them."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from controlroom.paths import DataHome
from controlroom.records import exports, users
from controlroom.records.db import Database
from controlroom.records.models import Camera, Segment
from controlroom.records.users import SYSTEM, Identity

SEG_SECONDS = 10
T0 = datetime(2026, 11, 22, 1, 0, 0, tzinfo=UTC)  # 08:00 Vietnam time
OFFICER_PW = "canbo-Mk2026!"
LEADER_PW = "totruong-Mk2026!"
ADMIN_PW = "quantri-Mk2026!"


def make_segment(path: Path, index: int, seconds: int = SEG_SECONDS,
                 size: str = "640x360") -> None:
    """One fragmented-MP4 segment (H.264 + AAC, 1 s GOP); content differs per index."""
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc2=size={size}:rate=25", "-f", "lavfi", "-i",
         f"sine=frequency={440 + 110 * index}:sample_rate=16000", "-c:v", "libx264",
         "-preset", "veryfast", "-g", "25", "-b:v", "1M", "-c:a", "aac",
         "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-t", str(seconds),
         str(path)], check=True)


@pytest.fixture(scope="session")
def segment_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("segments")
    files = []
    for i in range(4):
        p = d / f"seg{i}.mp4"
        make_segment(p, i)
        files.append(p)
    return files


@dataclass
class Recorded:
    db: Database
    home: DataHome
    camera: Camera
    camera2: Camera
    officer: Identity
    leader: Identity
    segments: list[Segment]
    admin: Identity

    def approved(self, start: datetime, end: datetime, cams: tuple[int, ...] | None = None,
                 **kw: str) -> int:
        """An export request approved by the leader; returns its id."""
        req = exports.ExportRequest(
            camera_ids=cams or (self.camera.id,), start_utc=start, end_utc=end,
            request_ref=kw.pop("request_ref", "CV 15/CAX-ĐTHS"),
            reason=kw.pop("reason", "Phục vụ điều tra vụ trộm cắp xe máy tại chợ Đông"),
            agency=kw.pop("agency", "Công an huyện Đông Anh"),
            witness=kw.pop("witness", "Lê Thị Mận"),
            camera_owner=kw.pop("camera_owner", "Hộ ông Phạm Văn Đồng"),
            medium=kw.pop("medium", "USB Kingston 32 GB"), seal_number=kw.pop("seal", "NP-0042"))
        with self.db.session() as s:
            exp = exports.create_request(s, self.officer, req)
            exports.approve(s, self.leader, exp.id)
            return exp.id


def _add_segment(s: object, home: DataHome, cam: Camera, src: Path, start: datetime) -> Segment:
    day = start.strftime("%Y-%m-%d")
    rel = f"{cam.code}/{day}/{cam.code}-main-{start.strftime('%Y%m%dT%H%M%SZ')}.mp4"
    dst = home.recordings / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    data = dst.read_bytes()
    seg = Segment(camera_id=cam.id, stream="main", start_utc=start,
                  end_utc=start + timedelta(seconds=SEG_SECONDS), duration_s=SEG_SECONDS,
                  bytes=len(data), codec="h264", width=640, height=360, path=rel,
                  sha256=hashlib.sha256(data).hexdigest(), state="closed")
    s.add(seg)  # type: ignore[attr-defined]
    return seg


@pytest.fixture
def recorded(db: Database, home: DataHome, segment_files: list[Path]) -> Recorded:
    """Camera 1: segments at T0+0, +10, (gap) +30 s; camera 2: one segment at T0+0."""
    with db.session() as s:
        cam = Camera(uid="c1", name="Cổng chợ Đông", code="CAM-01",
                     location="Thôn Đông, xã Xuân Nộn", owner_name="Hộ ông Phạm Văn Đồng")
        cam2 = Camera(uid="c2", name="Ngã tư Ủy ban", code="CAM-02", location="Trụ sở UBND")
        s.add_all([cam, cam2])
        s.flush()
        segs = [_add_segment(s, home, cam, segment_files[0], T0),
                _add_segment(s, home, cam, segment_files[1], T0 + timedelta(seconds=10)),
                _add_segment(s, home, cam, segment_files[2], T0 + timedelta(seconds=30)),
                _add_segment(s, home, cam2, segment_files[3], T0)]
        o = users.create(s, SYSTEM, "duc", OFFICER_PW, "officer", full_name="Nguyễn Văn Đức",
                         rank="Thượng úy", unit="Công an xã Xuân Nộn")
        le = users.create(s, SYSTEM, "hang", LEADER_PW, "leader",
                          full_name="Trần Thị Hằng", rank="Trung tá", unit="Công an xã Xuân Nộn")
        ad = users.create(s, SYSTEM, "lan", ADMIN_PW, "admin", full_name="Phạm Thị Lan",
                          rank="Đại úy", unit="Công an xã Xuân Nộn")
        s.flush()
        officer, leader, admin = users.identity(o), users.identity(le), users.identity(ad)
    return Recorded(db, home, cam, cam2, officer, leader, segs, admin)


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


Factory = Callable[..., int]
