"""PDF of one incident: Vietnamese text intact, timeline, files and snapshot thumbnails."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from controlroom.evidence.incident_pdf import write_incident_pdf
from controlroom.paths import DataHome
from controlroom.records import incidents
from controlroom.records.db import Database
from controlroom.records.incidents import PersonInput
from controlroom.records.models import Camera, Snapshot
from controlroom.records.users import Identity

OFFICER = Identity(2, "canbo1", "Lê Đức Thắng", "officer")
T0 = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_incident_pdf_has_record_timeline_and_thumbnail(sqlite_db: Database, home: DataHome,
                                                        tmp_path: Path) -> None:
    db = sqlite_db
    png = home.snapshots / "cam" / "a.png"
    png.parent.mkdir(parents=True)
    img = QImage(320, 180, QImage.Format.Format_RGB32)
    img.fill(QColor("#336699"))
    assert img.save(str(png))
    with db.session() as s:
        cam = Camera(uid="c1", name="Cổng chợ Đông", code="C1")
        s.add(cam)
        s.flush()
        code = incidents.add(s, OFFICER, occurred_at=T0, category="cuop_giat",
                             summary="Cướp giật điện thoại trên đường Lê Lợi",
                             area="Thôn Đông", camera_ids=[cam.id],
                             people=[PersonInput("victim", "Nguyễn Thị Đào")]).code
        incidents.add_note(s, OFFICER, code, "Đã trích xuất hình ảnh camera cổng chợ")
        snap = Snapshot(camera_id=cam.id, ts=T0, path="cam/a.png", taken_by="canbo1")
        s.add(snap)
        s.flush()
        snap.incident_id = incidents.get(s, code).id
    out = write_incident_pdf(db, home, code, tmp_path)
    assert out.name == "vu-viec-0001-2026.pdf" and out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    for needle in ("VỤ VIỆC SỐ 0001/2026", "Cướp giật điện thoại trên đường Lê Lợi",
                   "Nguyễn Thị Đào", "Đã trích xuất hình ảnh camera cổng chợ",
                   "Cổng chợ Đông", "Ảnh chụp từ camera"):
        assert needle in text, needle
    assert b"/Subtype /Image" in out.read_bytes()
